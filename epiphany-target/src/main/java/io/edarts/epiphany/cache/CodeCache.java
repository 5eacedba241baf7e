package io.edarts.epiphany.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.edarts.epiphany.cache.EsdkCosts.CACHEMAN_PROLOGUE;
import static io.edarts.epiphany.cache.EsdkCosts.COPY_EXIT;
import static io.edarts.epiphany.cache.EsdkCosts.COPY_EXIT_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.COPY_PER_WORD;
import static io.edarts.epiphany.cache.EsdkCosts.COPY_PER_WORD_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.COPY_SETUP;
import static io.edarts.epiphany.cache.EsdkCosts.COUNTEDCALL_CALL;
import static io.edarts.epiphany.cache.EsdkCosts.COUNTEDCALL_CALL_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.COUNTEDCALL_PROLOGUE;
import static io.edarts.epiphany.cache.EsdkCosts.END_OF_TABLE_FAIL;
import static io.edarts.epiphany.cache.EsdkCosts.END_OF_TABLE_FAIL_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.END_OF_TABLE_UNLOAD;
import static io.edarts.epiphany.cache.EsdkCosts.END_OF_TABLE_UNLOAD_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.FAIL_CALL;
import static io.edarts.epiphany.cache.EsdkCosts.FAIL_CALL_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.FAIL_RETURN;
import static io.edarts.epiphany.cache.EsdkCosts.FAIL_RETURN_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.GAP_FITS;
import static io.edarts.epiphany.cache.EsdkCosts.GAP_FITS_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.GAP_TOO_SMALL;
import static io.edarts.epiphany.cache.EsdkCosts.INSERT_SETUP;
import static io.edarts.epiphany.cache.EsdkCosts.INSERT_STOP;
import static io.edarts.epiphany.cache.EsdkCosts.INSERT_STOP_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.INSERT_SWAP;
import static io.edarts.epiphany.cache.EsdkCosts.INSERT_SWAP_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.OVERSIZE_GUARD;
import static io.edarts.epiphany.cache.EsdkCosts.OVERSIZE_GUARD_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.PATCH_PLT_AND_CALL;
import static io.edarts.epiphany.cache.EsdkCosts.PATCH_PLT_AND_CALL_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.PLT;
import static io.edarts.epiphany.cache.EsdkCosts.PLT_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.REMOVE_NEXT;
import static io.edarts.epiphany.cache.EsdkCosts.REMOVE_NEXT_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.REMOVE_SETUP;
import static io.edarts.epiphany.cache.EsdkCosts.REMOVE_STOP;
import static io.edarts.epiphany.cache.EsdkCosts.REMOVE_STOP_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.REMOVE_SWAP;
import static io.edarts.epiphany.cache.EsdkCosts.REMOVE_SWAP_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.RESTORE_PLT;
import static io.edarts.epiphany.cache.EsdkCosts.RETURN_EPILOGUE;
import static io.edarts.epiphany.cache.EsdkCosts.RETURN_EPILOGUE_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.RETURN_PROLOGUE;
import static io.edarts.epiphany.cache.EsdkCosts.SCAN_PER_ROW;
import static io.edarts.epiphany.cache.EsdkCosts.SCAN_START;
import static io.edarts.epiphany.cache.EsdkCosts.TABLE_FULL;
import static io.edarts.epiphany.cache.EsdkCosts.TABLE_FULL_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.UNLOAD_FINISH;
import static io.edarts.epiphany.cache.EsdkCosts.UNLOAD_FINISH_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.UNLOAD_SETUP;

import io.edarts.cam.Placement;
import java.util.Arrays;

/**
 * One core's software code cache, modelled on the eSDK's (newlib {@code cachemanager.S}).
 *
 * <h2>Design note</h2>
 *
 * <p><b>Sources.</b> adapteva/epiphany-newlib {@code libgloss/epiphany/cachemanager.S} (commit
 * 9427963c), read for its data layout, algorithm and instruction counts (see {@link EsdkCosts});
 * epiphany-facts.md "Software cache"; edarts-codelet-model.txt, "Software caching". Nothing is
 * copied from the assembly; this is a model of it.
 *
 * <p><b>Layout.</b> Every call to a cached object goes through its 16-byte PLT entry, whose second
 * word is {@code bl cacheman} until the object is loaded and {@code bl countedcall} after. The table
 * has {@link CacheSpec#tableEntries()} rows of (start, end, reference count, PLT pointer), 20 in the
 * eSDK, sorted by start; row 0 is a sentinel (start = end = code-space start) and free rows hold
 * (END, END) where END is the end of the code space. So at most {@code tableEntries - 1} objects are
 * resident. The arrays below are exactly those rows, so the table positions that drive the scan
 * costs are the real ones.
 *
 * <p><b>Miss ({@code cacheman}).</b> If the last row is in use the table is full; otherwise the gaps
 * between consecutive rows are tried in address order and the first big enough wins (first fit, so
 * holes appear and are reused). The object is copied word by word from its source, so it occupies
 * its size rounded up to a word; the new row gets count 1, is written into the last row and bubbled
 * down into place, and the PLT word is patched. Failing that: make room (the policy), retry once,
 * then call the object in place from its home ({@link CallOutcome#IN_PLACE_FALLBACK}); its PLT is
 * not patched, so the next call misses again, as on the hardware.
 *
 * <p><b>Hit ({@code countedcall}).</b> Scan from row 1 for the PLT pointer, increment, call; on
 * return scan again and decrement. The count is the number of activations on the call stack, so
 * nested calls and recursion are safe: a row with a non-zero count is never evicted
 * ({@link ResidentTable#evict} refuses it). Calls and returns must nest: {@link #exit} checks it
 * against the cache stack ({@code __cache_stack}).
 *
 * <p><b>Eviction.</b> Behind {@link EvictionPolicy}; the eSDK's rule (evict every unreferenced row
 * at once, restore their PLT words) is the default. Removing a row bubbles the cleared row to the
 * end of the table as {@code .unloadsort} does, at that cost.
 *
 * <p><b>Cost.</b> Each operation is charged the instructions the assembly would run on that path,
 * plus the taken-branch penalty, plus the copy's memory stalls from the injected {@link CopyCost}.
 * A hit on the row at position k costs 17 + 3k instructions in, 13 + 3k out.
 *
 * <p><b>Deviations.</b> (1) An object larger than the whole code space goes straight to the
 * in-place path ({@link EsdkCosts#OVERSIZE_GUARD}); the assembly would first flush every
 * unreferenced row for nothing. (2) With every one of the 19 rows referenced, {@code .unloadloop}
 * would read past the table into code; we stop at the table's end.
 *
 * <p><b>Threading and allocation.</b> Owned by one core's thread, no locks. The hit path and
 * {@link #exit} allocate nothing (the cache stack grows only when a deeper nesting than ever before
 * is reached).
 */
public final class CodeCache {
    private final CacheSpec spec;
    private final int rows;
    private final int spaceLow;
    private final int spaceEnd;
    private final int[] start;
    private final int[] end;
    private final int[] refs;
    private final int[] ids;
    /**
     * Table row of each code id, 0 when it has none: where {@link #scan} finds it, kept by
     * {@link #insert} and {@link #remove}, so the scan's cost is charged without walking the rows.
     */
    private final int[] rowOfId;
    private int used;

    private final CodeImage[] plt;
    private final boolean[] patched;

    private final EvictionPolicy policy;
    private final EvictionPolicy.Costs policyCosts;
    private final CopyCost copyCost;
    private final CopySourcePolicy sources;
    private final CacheEvents events;
    private final Table table = new Table();

    // the operation in progress
    private long opNow;
    private long instructions;
    private long taken;
    private long stall;
    private long lastCycles;
    private final List<CodeImage> evictedNow = new ArrayList<>(4);
    private final List<CodeImage> evictedView = Collections.unmodifiableList(evictedNow);
    private long lastInstructions;

    // cache stack: one frame per active call
    private int[] frameIds = new int[16];
    private boolean[] frameInPlace = new boolean[16];
    private int depth;

    private long hits;
    private long misses;
    private long evictions;
    private long bytesCopied;
    private long inPlace;
    private long pltPatches;
    private long pltRestores;
    private long unloads;
    private long copyStallCycles;
    private long totalInstructions;
    private long totalCycles;

    private CodeCache(Builder b) {
        spec = b.spec;
        rows = spec.tableEntries();
        spaceLow = spec.regionBase();
        spaceEnd = spec.regionEnd();
        start = new int[rows];
        end = new int[rows];
        refs = new int[rows];
        ids = new int[rows];
        Arrays.fill(start, spaceEnd);
        Arrays.fill(end, spaceEnd);
        Arrays.fill(ids, -1);
        start[0] = spaceLow;
        end[0] = spaceLow;
        plt = new CodeImage[b.codeObjects];
        rowOfId = new int[b.codeObjects];
        patched = new boolean[b.codeObjects];
        policy = b.policy != null ? b.policy : EvictionPolicies.create(b.policyName, b.codeObjects);
        policyCosts = policy.costs();
        copyCost = b.copyCost;
        sources = b.sources;
        events = b.events;
    }

    /**
     * @param spec        geometry of the table and code space
     * @param codeObjects PLT entries: ids {@code 0..codeObjects-1} may be called
     * @throws IllegalArgumentException if spec is null or codeObjects is negative
     */
    public static Builder builder(CacheSpec spec, int codeObjects) {
        return new Builder(spec, codeObjects);
    }

    /**
     * Calls {@code code} through its PLT entry at simulated cycle {@code now}. Afterwards
     * {@link #lastCycles()} holds the cycles spent before the body starts. Every successful enter
     * must be matched by an {@link #exit} of the same object, innermost first.
     *
     * @return {@link CallOutcome#CACHE_HIT}, {@link CallOutcome#CACHE_MISS} or
     *         {@link CallOutcome#IN_PLACE_FALLBACK}
     * @throws IllegalArgumentException if the object is not {@code CACHED}, its id has no PLT entry,
     *                                  the id is bound to another object, or {@code now < 0}
     */
    public CallOutcome enter(CodeImage code, long now) {
        return enter(code, now, null);
    }

    /**
     * Calls {@code code} at {@code now}, as {@link #enter(CodeImage, long)}; a miss asks the copy-source
     * policy where to copy from, offering {@code hint}, a node the caller believes holds a copy (or null).
     * The objects evicted to make room are in {@link #lastEvicted()}.
     */
    public CallOutcome enter(CodeImage code, long now, CodeSource hint) {
        int id = bind(code, now);
        begin(now);
        CallOutcome outcome = patched[id] ? hit(id) : miss(code, hint);
        push(id, outcome == CallOutcome.IN_PLACE_FALLBACK);
        finish();
        return outcome;
    }

    /**
     * Returns from {@code code}, the innermost active call: the return half of {@code countedcall}
     * (scan, decrement) or of {@code .cachefail}.
     *
     * @return cycles spent after the body's own return (also in {@link #lastCycles()})
     * @throws IllegalStateException if {@code code} is not the innermost active call
     */
    public long exit(CodeImage code, long now) {
        if (code == null) {
            throw new IllegalArgumentException("code must not be null");
        }
        checkNow(now);
        if (depth == 0) {
            throw new IllegalStateException("exit of '" + code.name() + "' with no active call");
        }
        int id = frameIds[depth - 1];
        if (id != code.id()) {
            throw new IllegalStateException("exit of '" + code.name() + "' (id " + code.id()
                    + ") but the innermost active call is '" + plt[id].name() + "' (id " + id + ")");
        }
        begin(now);
        if (frameInPlace[depth - 1]) {
            charge(FAIL_RETURN, FAIL_RETURN_TAKEN);
        } else {
            charge(RETURN_PROLOGUE, 0);
            refs[scan(id)]--;
            charge(RETURN_EPILOGUE, RETURN_EPILOGUE_TAKEN);
        }
        depth--;
        finish();
        return lastCycles;
    }

    /**
     * The code objects the last {@link #enter} or {@link #exit} evicted, in eviction order; a view
     * valid until the next call.
     */
    public List<CodeImage> lastEvicted() {
        return evictedView;
    }

    /**
     * Cycles the cache manager's copy loop spends per 4-byte word besides the word's remote read
     * ({@code .copyloop}: five instructions, one taken branch; {@code EsdkCosts}): what a scheduler's
     * estimate of a miss adds to the reads.
     */
    public static long copyLoopCyclesPerWord() {
        return EsdkCosts.cycles(EsdkCosts.COPY_PER_WORD, EsdkCosts.COPY_PER_WORD_TAKEN);
    }

    /** Cycles of the last {@link #enter} or {@link #exit}. */
    public long lastCycles() {
        return lastCycles;
    }

    /** Instructions of the last {@link #enter} or {@link #exit} (for the core's instruction counters). */
    public long lastInstructions() {
        return lastInstructions;
    }

    public boolean isCached(int codeId) {
        return row(codeId) > 0;
    }

    /** Local address of the cached copy, or -1. */
    public int cachedAddress(int codeId) {
        int r = row(codeId);
        return r > 0 ? start[r] : -1;
    }

    /** Activations of {@code codeId} on the call stack that hold its row (0 when not cached). */
    public int referenceCount(int codeId) {
        int r = row(codeId);
        return r > 0 ? refs[r] : 0;
    }

    /** Whether the PLT entry calls {@code countedcall} (true) or {@code cacheman} (false). */
    public boolean isPltPatched(int codeId) {
        checkId(codeId);
        return patched[codeId];
    }

    /** Occupied rows, sentinel excluded. */
    public int residentCount() {
        return used;
    }

    /** Bytes of the code space not occupied, whether or not contiguous. */
    public int freeBytes() {
        int occupied = 0;
        for (int r = 1; r <= used; r++) {
            occupied += end[r] - start[r];
        }
        return spec.regionBytes() - occupied;
    }

    /** Active calls on the cache stack. */
    public int callDepth() {
        return depth;
    }

    public CacheSpec spec() {
        return spec;
    }

    public String policyName() {
        return policy.name();
    }

    /** What the policy adds to the hit and miss paths and to local memory. */
    public EvictionPolicy.Costs policyCosts() {
        return policyCosts;
    }

    public CacheStats stats() {
        return new CacheStats(hits, misses, evictions, bytesCopied, inPlace, pltPatches, pltRestores,
                unloads, copyStallCycles, totalInstructions, totalCycles);
    }

    // ---- paths ----

    private CallOutcome hit(int id) {
        charge(PLT, PLT_TAKEN);
        charge(COUNTEDCALL_PROLOGUE, 0);
        refs[scan(id)]++;
        charge(COUNTEDCALL_CALL + policyCosts.hitInstructions(), COUNTEDCALL_CALL_TAKEN);
        policy.onHit(id, opNow);
        hits++;
        return CallOutcome.CACHE_HIT;
    }

    private CallOutcome miss(CodeImage code, CodeSource hint) {
        charge(PLT, PLT_TAKEN);
        charge(CACHEMAN_PROLOGUE, 0);
        int need = roundUpToWord(code.bytes());
        if (need > spec.regionBytes()) {
            charge(OVERSIZE_GUARD, OVERSIZE_GUARD_TAKEN);
            return fallback(code);
        }
        int gap = findGap(need);
        if (gap < 0) {
            charge(END_OF_TABLE_UNLOAD, END_OF_TABLE_UNLOAD_TAKEN);
            charge(UNLOAD_SETUP, 0);
            unloads++;
            policy.makeRoom(table, need);
            charge(UNLOAD_FINISH, UNLOAD_FINISH_TAKEN);
            gap = findGap(need);
            if (gap < 0) {
                charge(END_OF_TABLE_FAIL, END_OF_TABLE_FAIL_TAKEN);
                return fallback(code);
            }
        }
        load(code, gap, need, hint);
        return CallOutcome.CACHE_MISS;
    }

    private CallOutcome fallback(CodeImage code) {
        charge(FAIL_CALL, FAIL_CALL_TAKEN);
        inPlace++;
        events.inPlace(code, opNow + cycles());
        return CallOutcome.IN_PLACE_FALLBACK;
    }

    private void load(CodeImage code, int gap, int need, CodeSource hint) {
        int id = code.id();
        CodeSource from = sources.sourceFor(code, opNow, hint);
        if (from == null) {
            throw new IllegalStateException("copy source policy returned null for '" + code.name() + "'");
        }
        charge(COPY_SETUP, 0);
        long copyStart = opNow + cycles();
        int address = end[gap - 1];
        events.miss(code, from, address, copyStart);
        long s = copyCost.cycles(need, from, copyStart);
        if (s < 0) {
            throw new IllegalStateException("copy cost returned " + s + " cycles for '" + code.name() + "'");
        }
        int words = need / 4;
        charge((long) COPY_PER_WORD * words, (long) COPY_PER_WORD_TAKEN * words);
        charge(COPY_EXIT, COPY_EXIT_TAKEN);
        stall += s;
        long copyCycles = opNow + cycles() - copyStart;
        insert(gap, address, address + need, id);
        charge(PATCH_PLT_AND_CALL + policyCosts.loadInstructions(), PATCH_PLT_AND_CALL_TAKEN);
        patched[id] = true;
        pltPatches++;
        policy.onLoad(id, need, copyCycles, opNow);
        misses++;
        bytesCopied += need;
        copyStallCycles += s;
    }

    // ---- table operations, charged as cachemanager.S runs them ----

    /**
     * Row of {@code id}, charged as the linear scan from row 1 that finds it there
     * ({@code .countedcallscanloop}).
     */
    private int scan(int id) {
        int r = rowOfId[id];
        if (r <= 0) {
            throw new IllegalStateException("code object " + id + " has a patched PLT entry but no table row");
        }
        charge((long) SCAN_PER_ROW * r, r - 1);
        return r;
    }

    /** First-fit search ({@code .cachebegin}, {@code .checkloop}): the row index the object goes to, or -1. */
    private int findGap(int need) {
        if (used == rows - 1) {
            charge(TABLE_FULL, TABLE_FULL_TAKEN);
            return -1;
        }
        charge(SCAN_START, 0);
        for (int g = 1; g < rows; g++) {
            if (start[g] - end[g - 1] >= need) {
                charge(GAP_FITS, GAP_FITS_TAKEN);
                return g;
            }
            charge(GAP_TOO_SMALL, g < rows - 1 ? 1 : 0);
        }
        return -1;
    }

    /** New row at index g with count 1; written into the last row and bubbled down ({@code .copysortloop}). */
    private void insert(int g, int from, int to, int id) {
        int shift = used - g + 1;
        System.arraycopy(start, g, start, g + 1, shift);
        System.arraycopy(end, g, end, g + 1, shift);
        System.arraycopy(refs, g, refs, g + 1, shift);
        System.arraycopy(ids, g, ids, g + 1, shift);
        start[g] = from;
        end[g] = to;
        refs[g] = 1;
        ids[g] = id;
        used++;
        for (int r = g; r <= used; r++) {
            rowOfId[ids[r]] = r;
        }
        int swaps = rows - 1 - g;
        charge(INSERT_SETUP + (long) INSERT_SWAP * swaps + INSERT_STOP,
                (long) INSERT_SWAP_TAKEN * swaps + INSERT_STOP_TAKEN);
    }

    /** Clears row r, bubbles it to the end ({@code .unloadsort}) and restores the PLT word. */
    private void remove(int r) {
        int id = ids[r];
        int address = start[r];
        int shift = used - r;
        System.arraycopy(start, r + 1, start, r, shift);
        System.arraycopy(end, r + 1, end, r, shift);
        System.arraycopy(refs, r + 1, refs, r, shift);
        System.arraycopy(ids, r + 1, ids, r, shift);
        start[used] = spaceEnd;
        end[used] = spaceEnd;
        refs[used] = 0;
        ids[used] = -1;
        used--;
        rowOfId[id] = 0;
        for (int rr = r; rr <= used; rr++) {
            rowOfId[ids[rr]] = rr;
        }
        int swaps = rows - 1 - r;
        charge(REMOVE_SETUP + (long) REMOVE_SWAP * swaps + REMOVE_STOP + RESTORE_PLT + REMOVE_NEXT,
                (long) REMOVE_SWAP_TAKEN * swaps + REMOVE_STOP_TAKEN + REMOVE_NEXT_TAKEN);
        patched[id] = false;
        pltRestores++;
        evictions++;
        policy.onEvict(id);
        evictedNow.add(plt[id]);
        events.eviction(plt[id], address, opNow + cycles());
    }

    // ---- bookkeeping ----

    private int bind(CodeImage code, long now) {
        if (code == null) {
            throw new IllegalArgumentException("code must not be null");
        }
        checkNow(now);
        int known = code.id();
        if (known < plt.length && plt[known] == code) {
            return known; // this very image was checked when it was bound
        }
        if (code.placement() != Placement.CACHED) {
            throw new IllegalArgumentException("code object '" + code.name() + "' is " + code.placement()
                    + ", the code cache only serves CACHED objects");
        }
        int id = code.id();
        checkId(id);
        CodeImage bound = plt[id];
        if (bound == null) {
            plt[id] = code;
        } else if (bound != code && !bound.equals(code)) {
            throw new IllegalArgumentException("code id " + id + " is bound to " + bound + ", not " + code);
        }
        return id;
    }

    private void checkId(int id) {
        if (id < 0 || id >= plt.length) {
            throw new IllegalArgumentException("code id " + id + " has no PLT entry; this cache has "
                    + plt.length + " (ids 0.." + (plt.length - 1) + ")");
        }
    }

    private static void checkNow(long now) {
        if (now < 0) {
            throw new IllegalArgumentException("now must be >= 0, got " + now);
        }
    }

    private int row(int codeId) {
        checkId(codeId);
        int r = rowOfId[codeId];
        return patched[codeId] && r > 0 ? r : -1;
    }

    private void push(int id, boolean inPlaceCall) {
        if (depth == frameIds.length) {
            frameIds = Arrays.copyOf(frameIds, depth * 2);
            frameInPlace = Arrays.copyOf(frameInPlace, depth * 2);
        }
        frameIds[depth] = id;
        frameInPlace[depth] = inPlaceCall;
        depth++;
    }

    private void begin(long now) {
        opNow = now;
        if (!evictedNow.isEmpty()) {
            evictedNow.clear();
        }
        instructions = 0;
        taken = 0;
        stall = 0;
    }

    private void finish() {
        lastInstructions = instructions;
        lastCycles = cycles();
        totalInstructions += instructions;
        totalCycles += lastCycles;
    }

    private void charge(long instr, long takenBranches) {
        instructions += instr;
        taken += takenBranches;
    }

    private long cycles() {
        return EsdkCosts.cycles(instructions, taken) + stall;
    }

    static int roundUpToWord(int bytes) {
        return (bytes + 3) & ~3;
    }

    /** The policy's view of the rows; index i is table row i + 1. */
    private final class Table implements ResidentTable {
        @Override
        public int size() {
            return used;
        }

        @Override
        public int codeId(int index) {
            return ids[rowOf(index)];
        }

        @Override
        public int referenceCount(int index) {
            return refs[rowOf(index)];
        }

        @Override
        public int bytes(int index) {
            int r = rowOf(index);
            return end[r] - start[r];
        }

        @Override
        public int start(int index) {
            return start[rowOf(index)];
        }

        @Override
        public boolean fits(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("bytes must be > 0, got " + bytes);
            }
            return findGap(roundUpToWord(bytes)) > 0;
        }

        @Override
        public void evict(int index) {
            int r = rowOf(index);
            if (refs[r] != 0) {
                throw new IllegalStateException("cannot evict '" + plt[ids[r]].name() + "': it is on the call stack "
                        + refs[r] + " time(s)");
            }
            remove(r);
        }

        @Override
        public void charge(int instr, int takenBranches) {
            if (instr < 0 || takenBranches < 0) {
                throw new IllegalArgumentException("charge must be >= 0, got instructions=" + instr
                        + " taken=" + takenBranches);
            }
            CodeCache.this.charge(instr, takenBranches);
        }

        private int rowOf(int index) {
            if (index < 0 || index >= used) {
                throw new IndexOutOfBoundsException("row index " + index + " not in [0, " + used + ")");
            }
            return index + 1;
        }
    }

    /** Configures one core's cache; {@link #copyCost} is required. */
    public static final class Builder {
        private final CacheSpec spec;
        private final int codeObjects;
        private String policyName = EvictionPolicies.DEFAULT;
        private EvictionPolicy policy;
        private CopyCost copyCost;
        private CopySourcePolicy sources = CopySourcePolicy.home();
        private CacheEvents events = CacheEvents.NONE;

        private Builder(CacheSpec spec, int codeObjects) {
            if (spec == null) {
                throw new IllegalArgumentException("spec must not be null");
            }
            if (codeObjects < 0) {
                throw new IllegalArgumentException("codeObjects must be >= 0, got " + codeObjects);
            }
            this.spec = spec;
            this.codeObjects = codeObjects;
        }

        /**
         * A policy from {@link EvictionPolicies} by name (default {@value EvictionPolicies#DEFAULT}).
         *
         * @throws IllegalArgumentException on an unknown name, listing the valid ones
         */
        public Builder policy(String name) {
            EvictionPolicies.create(name, 0); // validates the name now, where the caller can see it
            this.policyName = name;
            this.policy = null;
            return this;
        }

        /** A policy instance of one's own, sized for this cache's code objects, used by this cache only. */
        public Builder policy(EvictionPolicy policy) {
            if (policy == null) {
                throw new IllegalArgumentException("policy must not be null");
            }
            this.policy = policy;
            return this;
        }

        public Builder copyCost(CopyCost copyCost) {
            if (copyCost == null) {
                throw new IllegalArgumentException("copyCost must not be null");
            }
            this.copyCost = copyCost;
            return this;
        }

        /** Where misses copy from (default: the object's home). */
        public Builder copySource(CopySourcePolicy sources) {
            if (sources == null) {
                throw new IllegalArgumentException("copy source policy must not be null");
            }
            this.sources = sources;
            return this;
        }

        public Builder events(CacheEvents events) {
            if (events == null) {
                throw new IllegalArgumentException("events must not be null (use CacheEvents.NONE)");
            }
            this.events = events;
            return this;
        }

        /** @throws IllegalStateException if no copy cost was given */
        public CodeCache build() {
            if (copyCost == null) {
                throw new IllegalStateException("a CopyCost is required: the cache cannot price a miss without it");
            }
            return new CodeCache(this);
        }
    }
}
