package io.edarts.epiphany.cache;

import io.edarts.cam.Placement;
import java.util.Arrays;

/**
 * COPRTHR-2 dynamic calls on one core (coprthr2-paper.txt, section 3.4 and Figure 3): a function
 * marked {@code __dynamic_call} lives in global memory and has a 24-byte entry in a jump table.
 * The entry starts as {@code b (next)}; {@code mov ip, #n}; {@code b _dc_loader}. On the first call
 * the loader looks up the function's global address and size, copies it into a region set aside for
 * dynamic calls and patches the entry's first branch to jump to the copy; later calls cost that one
 * branch. {@link #reset()} invalidates every entry and frees the region.
 *
 * <p><b>Allocation.</b> The paper gives no per-call invalidation, only the reset, so the region is
 * a bump allocator: copies are placed one after the other and never freed singly.
 *
 * <p><b>Region full</b> (not specified by the paper; our choice, tested): the loader does not evict
 * anything. It leaves the entry unpatched and branches to the function's global address, so the
 * call runs in place ({@link CallOutcome#IN_PLACE_FALLBACK}) and the next call tries again, until a
 * {@link #reset()} frees the region. An object larger than the whole region always runs in place.
 *
 * <p><b>Cost.</b> COPRTHR-2 is not open source, so the loader's code is not known. Its steps are
 * charged like the matching cachemanager.S routines (see the constants); the entry and the one
 * branch of a later call are from the paper's Figure 3.
 */
public final class DynamicCallTable {
    /** Jump-table bytes per dynamic function (coprthr2-paper.txt 3.4: "24 bytes of local core memory"). */
    public static final int JUMP_TABLE_ENTRY_BYTES = 24;

    /** Unpatched entry (Figure 3): b (next) taken, mov ip, b _dc_loader taken. */
    static final int ENTRY_UNPATCHED = 3;
    static final int ENTRY_UNPATCHED_TAKEN = 2;
    /** Patched entry: "the only cost for being a dynamic call is a single branch indirection". */
    static final int ENTRY_PATCHED = 1;
    static final int ENTRY_PATCHED_TAKEN = 1;
    /** Loader lookup by call number: mov/movt table base, lsl ip, add, ldrd (address, size). Assumed. */
    static final int LOADER_LOOKUP = 5;
    /** Bump allocation: mov/movt pointer address, ldr, add end, sub (vs region end), bgt (taken when full). Assumed. */
    static final int LOADER_ALLOC = 6;
    /** Commit: str new pointer, the branch patch of cachemanager.S {@code .editplt} (sub, sub, add, lsr, lsl, mov, orr, str), jr to the copy. */
    static final int LOADER_COMMIT = 10;
    static final int LOADER_COMMIT_TAKEN = 1;
    /** Region full: the alloc branch (taken) then jr to the global address (taken). */
    static final int LOADER_FULL = 1;
    static final int LOADER_FULL_TAKEN = 2;

    private final int regionBase;
    private final int regionBytes;
    private final CopyCost copyCost;
    private final CacheEvents events;
    private final int[] address;
    private final CodeImage[] bound;
    private int next;

    private long instructions;
    private long taken;
    private long stall;
    private long lastCycles;
    private long lastInstructions;

    private long firstCalls;
    private long calls;
    private long fallbacks;
    private long bytesCopied;
    private long resets;

    private DynamicCallTable(Builder b) {
        regionBase = b.regionBase;
        regionBytes = b.regionBytes;
        copyCost = b.copyCost;
        events = b.events;
        address = new int[b.codeObjects];
        bound = new CodeImage[b.codeObjects];
        Arrays.fill(address, -1);
        next = regionBase;
    }

    /**
     * @param regionBase  local address of the dynamic-call region, word aligned
     * @param regionBytes its size, a positive multiple of 4
     * @param codeObjects jump-table entries: ids {@code 0..codeObjects-1}
     * @throws IllegalArgumentException naming the offending value
     */
    public static Builder builder(int regionBase, int regionBytes, int codeObjects) {
        return new Builder(regionBase, regionBytes, codeObjects);
    }

    /**
     * Calls a {@code DYNAMIC} object through its jump-table entry at cycle {@code now}; the cycles
     * before the body starts are then in {@link #lastCycles()}. A dynamic function returns straight
     * to its caller, so there is no exit cost.
     *
     * @return {@link CallOutcome#DYNAMIC_FIRST_CALL}, {@link CallOutcome#DYNAMIC_CALL} or
     *         {@link CallOutcome#IN_PLACE_FALLBACK} (region full)
     * @throws IllegalArgumentException if the object is not {@code DYNAMIC}, has no entry, or now < 0
     */
    public CallOutcome call(CodeImage code, long now) {
        int id = bind(code, now);
        instructions = 0;
        taken = 0;
        stall = 0;
        CallOutcome outcome;
        if (address[id] >= 0) {
            charge(ENTRY_PATCHED, ENTRY_PATCHED_TAKEN);
            calls++;
            outcome = CallOutcome.DYNAMIC_CALL;
        } else {
            charge(ENTRY_UNPATCHED, ENTRY_UNPATCHED_TAKEN);
            charge(LOADER_LOOKUP, 0);
            charge(LOADER_ALLOC, 0);
            int need = CodeCache.roundUpToWord(code.bytes());
            if ((long) next + need > (long) regionBase + regionBytes) {
                charge(LOADER_FULL, LOADER_FULL_TAKEN);
                fallbacks++;
                events.inPlace(code, now + cycles());
                outcome = CallOutcome.IN_PLACE_FALLBACK;
            } else {
                load(code, need, now);
                outcome = CallOutcome.DYNAMIC_FIRST_CALL;
            }
        }
        lastInstructions = instructions;
        lastCycles = cycles();
        return outcome;
    }

    private void load(CodeImage code, int need, long now) {
        // the copy loop as cachemanager.S .copy/.copyloop, assumed the same word by word
        charge(EsdkCosts.COPY_SETUP, 0);
        long copyStart = now + cycles();
        events.miss(code, code.home(), next, copyStart);
        long s = copyCost.cycles(need, code.home(), copyStart);
        if (s < 0) {
            throw new IllegalStateException("copy cost returned " + s + " cycles for '" + code.name() + "'");
        }
        int words = need / 4;
        charge((long) EsdkCosts.COPY_PER_WORD * words, (long) EsdkCosts.COPY_PER_WORD_TAKEN * words);
        charge(EsdkCosts.COPY_EXIT, EsdkCosts.COPY_EXIT_TAKEN);
        stall += s;
        charge(LOADER_COMMIT, LOADER_COMMIT_TAKEN);
        address[code.id()] = next;
        next += need;
        firstCalls++;
        bytesCopied += need;
    }

    /** Invalidates every entry (back to the loader branch) and frees the whole region. */
    public void reset() {
        Arrays.fill(address, -1);
        next = regionBase;
        resets++;
    }

    public boolean isLoaded(int codeId) {
        checkId(codeId);
        return address[codeId] >= 0;
    }

    /** Local address of the loaded copy, or -1. */
    public int loadedAddress(int codeId) {
        checkId(codeId);
        return address[codeId];
    }

    /** Bytes of the region in use since the last reset. */
    public int usedBytes() {
        return next - regionBase;
    }

    public int regionBase() {
        return regionBase;
    }

    public int regionBytes() {
        return regionBytes;
    }

    public long lastCycles() {
        return lastCycles;
    }

    public long lastInstructions() {
        return lastInstructions;
    }

    public DynamicCallStats stats() {
        return new DynamicCallStats(firstCalls, calls, fallbacks, bytesCopied, resets);
    }

    private int bind(CodeImage code, long now) {
        if (code == null) {
            throw new IllegalArgumentException("code must not be null");
        }
        if (now < 0) {
            throw new IllegalArgumentException("now must be >= 0, got " + now);
        }
        if (code.placement() != Placement.DYNAMIC) {
            throw new IllegalArgumentException("code object '" + code.name() + "' is " + code.placement()
                    + ", the dynamic-call table only serves DYNAMIC objects");
        }
        int id = code.id();
        checkId(id);
        if (bound[id] == null) {
            bound[id] = code;
        } else if (bound[id] != code && !bound[id].equals(code)) {
            throw new IllegalArgumentException("code id " + id + " is bound to " + bound[id] + ", not " + code);
        }
        return id;
    }

    private void checkId(int id) {
        if (id < 0 || id >= address.length) {
            throw new IllegalArgumentException("code id " + id + " has no jump-table entry; this table has "
                    + address.length + " (ids 0.." + (address.length - 1) + ")");
        }
    }

    private void charge(long instr, long takenBranches) {
        instructions += instr;
        taken += takenBranches;
    }

    private long cycles() {
        return EsdkCosts.cycles(instructions, taken) + stall;
    }

    /** Configures one core's dynamic-call table; {@link #copyCost} is required. */
    public static final class Builder {
        private final int regionBase;
        private final int regionBytes;
        private final int codeObjects;
        private CopyCost copyCost;
        private CacheEvents events = CacheEvents.NONE;

        private Builder(int regionBase, int regionBytes, int codeObjects) {
            if (regionBase < 0 || regionBase % 4 != 0) {
                throw new IllegalArgumentException("regionBase must be >= 0 and word aligned, got " + regionBase);
            }
            if (regionBytes <= 0 || regionBytes % 4 != 0) {
                throw new IllegalArgumentException("regionBytes must be a positive multiple of 4, got " + regionBytes);
            }
            if ((long) regionBase + regionBytes > CacheSpec.LOCAL_ADDRESS_SPACE) {
                throw new IllegalArgumentException("dynamic-call region [" + regionBase + ", "
                        + ((long) regionBase + regionBytes) + ") exceeds the local address space of "
                        + CacheSpec.LOCAL_ADDRESS_SPACE + " bytes");
            }
            if (codeObjects < 0) {
                throw new IllegalArgumentException("codeObjects must be >= 0, got " + codeObjects);
            }
            this.regionBase = regionBase;
            this.regionBytes = regionBytes;
            this.codeObjects = codeObjects;
        }

        public Builder copyCost(CopyCost copyCost) {
            if (copyCost == null) {
                throw new IllegalArgumentException("copyCost must not be null");
            }
            this.copyCost = copyCost;
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
        public DynamicCallTable build() {
            if (copyCost == null) {
                throw new IllegalStateException("a CopyCost is required: the loader cannot price a copy without it");
            }
            return new DynamicCallTable(this);
        }
    }
}
