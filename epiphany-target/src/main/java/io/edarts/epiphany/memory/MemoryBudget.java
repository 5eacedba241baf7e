package io.edarts.epiphany.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The memory plan of a whole mesh: every core's local memory and the external DRAM window, with
 * allocation and free.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>One space per core.</b> A core's local memory reserves the runtime at the bottom of bank
 *       0 and the stack at the top of the last bank ({@link RegionBudget}); everything between is
 *       one space that code and data share (epiphany-facts.md, "local memory": runtime, code, data
 *       and stack share 32 KB), so code placed on a core shrinks the largest buffer that fits there.
 *       A bank-placed allocation must lie inside its bank; a core-placed one may span banks (their
 *       addresses are contiguous, ARCH 6.1.2).</li>
 *   <li><b>Allocator.</b> First fit over an address-ordered free list per core and one for the DRAM
 *       window, coalescing on {@link #free}; every block doubleword aligned (ARCH 4.4). Lowest
 *       address first makes the layout a function of the order of calls alone.</li>
 *   <li><b>Partitions.</b> {@link #partition} gives a scheduling unit its own copy, open only on its
 *       own cores and on one slice of the free DRAM, so that concurrent SUs never share one.</li>
 * </ul>
 * Refusals are {@link BudgetExceededException}s naming core (row, col), region or bank, and sizes.
 * Not thread-safe: one owner allocates.
 */
public final class MemoryBudget {
    private static final int ALIGN = 8;

    private final MeshGeometry geometry;
    private final RegionBudget budget;
    private final int lo;
    private final int hi;
    /** Per core: free ranges, start offset -> end offset (exclusive). */
    private final List<TreeMap<Long, Long>> free;
    private final int[][] regionUsed;
    private final int[] peakData;
    private final boolean[] open;
    /** Free DRAM ranges, offset in the window -> end. */
    private final TreeMap<Long, Long> dramFree;
    private long dramUsed;
    private long dramPeak;
    private final Map<Long, Allocation> live;

    /**
     * @throws IllegalArgumentException if the reserved runtime and stack exceed a core's local memory
     */
    public MemoryBudget(MeshGeometry geometry, RegionBudget budget) {
        if (geometry == null || budget == null) {
            throw new IllegalArgumentException("geometry and budget must not be null");
        }
        if (budget.totalBytes() > geometry.localMemoryBytes()) {
            throw new IllegalArgumentException(budget + " totals " + budget.totalBytes()
                    + " bytes, more than epiphany.local-memory-bytes = " + geometry.localMemoryBytes());
        }
        this.geometry = geometry;
        this.budget = budget;
        this.lo = roundUp(budget.runtimeBytes());
        this.hi = (geometry.localMemoryBytes() - budget.stackBytes()) & -ALIGN;
        int n = geometry.coreCount();
        this.free = new ArrayList<>(n);
        this.regionUsed = new int[n][Region.values().length];
        this.peakData = new int[n];
        this.open = new boolean[n];
        for (int c = 0; c < n; c++) {
            TreeMap<Long, Long> f = new TreeMap<>();
            if (hi > lo) {
                f.put((long) lo, (long) hi);
            }
            free.add(f);
            regionUsed[c][Region.RUNTIME.ordinal()] = budget.runtimeBytes();
            regionUsed[c][Region.STACK.ordinal()] = budget.stackBytes();
            open[c] = true;
        }
        this.dramFree = new TreeMap<>();
        dramFree.put(0L, geometry.dramBytes());
        this.live = new HashMap<>();
    }

    private MemoryBudget(MemoryBudget b, boolean[] open, long dramLo, long dramHi) {
        this.geometry = b.geometry;
        this.budget = b.budget;
        this.lo = b.lo;
        this.hi = b.hi;
        this.free = new ArrayList<>(b.free.size());
        for (TreeMap<Long, Long> f : b.free) {
            free.add(new TreeMap<>(f));
        }
        this.regionUsed = new int[b.regionUsed.length][];
        for (int c = 0; c < regionUsed.length; c++) {
            regionUsed[c] = b.regionUsed[c].clone();
        }
        this.peakData = b.peakData.clone();
        this.open = open.clone();
        this.dramFree = new TreeMap<>();
        for (Map.Entry<Long, Long> e : b.dramFree.entrySet()) {
            long s = Math.max(e.getKey(), dramLo);
            long t = Math.min(e.getValue(), dramHi);
            if (s < t) {
                dramFree.put(s, t);
            }
        }
        this.dramUsed = b.dramUsed;
        this.dramPeak = b.dramUsed;
        this.live = new HashMap<>(b.live);
    }

    /**
     * A copy of this plan with every allocation so far, that may allocate only on the cores
     * {@code open} marks and in DRAM only in {@code [dramLo, dramHi)} (offsets in the window).
     *
     * @throws IllegalArgumentException for a mark array of the wrong length or a bad DRAM range
     */
    public MemoryBudget partition(boolean[] openCores, long dramLo, long dramHi) {
        if (openCores == null || openCores.length != geometry.coreCount()) {
            throw new IllegalArgumentException("expected one mark per core (" + geometry.coreCount() + ")");
        }
        if (dramLo < 0 || dramHi < dramLo || dramHi > geometry.dramBytes()) {
            throw new IllegalArgumentException("DRAM range [" + dramLo + ", " + dramHi + ") is not in the "
                    + geometry.dramBytes() + " B window");
        }
        return new MemoryBudget(this, openCores, dramLo, dramHi);
    }

    /**
     * Allocates {@code bytes} for {@code name} in {@code place}, charged to {@code region}.
     *
     * @return the allocation with its global address
     * @throws IllegalArgumentException on a bad name, size, core or bank, or a core this partition
     *                                  may not allocate on
     * @throws BudgetExceededException  if it does not fit what is free in the bank, the core or DRAM
     */
    public Allocation allocate(Place place, Region region, String name, int bytes) {
        check(place, region, name, bytes);
        int size = roundUp(bytes);
        if (place.isDram()) {
            Long at = firstFit(dramFree, 0, Long.MAX_VALUE, size);
            if (at == null) {
                long freeBytes = geometry.dramBytes() - dramUsed;
                throw new BudgetExceededException("DRAM: '" + name + "' (" + region + ") needs " + bytes + " B but "
                        + (largestIn(dramFree, 0, Long.MAX_VALUE) < freeBytes ? "the largest free range is " + largestIn(dramFree, 0, Long.MAX_VALUE)
                        + " B of " : "only ") + freeBytes + " of " + geometry.dramBytes() + " B free",
                        -1, region, "DRAM", bytes, largestIn(dramFree, 0, Long.MAX_VALUE));
            }
            take(dramFree, at, size);
            dramUsed += size;
            dramPeak = Math.max(dramPeak, dramUsed);
            return record(new Allocation(name, place, region, geometry.dramAddress(at), bytes));
        }
        int core = place.core();
        checkOpen(core, name);
        int from = lo;
        int to = hi;
        String where = where(core);
        if (!place.isAnyBank()) {
            from = Math.max(lo, place.bank() * geometry.bankBytes());
            to = Math.min(hi, (place.bank() + 1) * geometry.bankBytes());
            where += " bank " + place.bank();
        }
        TreeMap<Long, Long> f = free.get(core);
        Long at = firstFit(f, from, to, size);
        if (at == null) {
            long inRange = freeIn(f, from, to);
            long largest = largestIn(f, from, to);
            throw new BudgetExceededException(where + ": '" + name + "' (" + region + ") needs " + bytes + " B but "
                    + (largest < inRange ? "the largest free range is " + largest + " B of " : "only ") + inRange
                    + " B free" + usage(core), core, region, where, bytes, largest);
        }
        return commit(core, (int) (long) at, size, region, name, place, bytes);
    }

    /**
     * Allocates {@code bytes} at local {@code offset} of {@code core} (a region the runtime lays out
     * at a fixed place, such as the code cache).
     *
     * @throws BudgetExceededException if that range is not free
     */
    public Allocation allocateAt(int core, int offset, Region region, String name, int bytes) {
        check(Place.core(core), region, name, bytes);
        checkOpen(core, name);
        int size = roundUp(bytes);
        TreeMap<Long, Long> f = free.get(core);
        Map.Entry<Long, Long> e = f.floorEntry((long) offset);
        if (offset % ALIGN != 0 || e == null || e.getValue() < offset + size) {
            throw new BudgetExceededException(where(core) + ": '" + name + "' (" + region + ") needs " + bytes
                    + " B at local 0x" + Integer.toHexString(offset) + ", which is not free" + usage(core),
                    core, region, where(core), bytes, freeIn(f, lo, hi));
        }
        return commit(core, offset, size, region, name, Place.core(core), bytes);
    }

    /**
     * Allocates {@code bytes} at one local offset on every core of {@code cores} (a global in each
     * core's image): the lowest offset free on all of them.
     *
     * @return one allocation per core, in the order given
     * @throws BudgetExceededException naming the first core whose memory has no room at any offset
     *                                 the others share
     */
    public List<Allocation> allocateOnEvery(int[] cores, Region region, String name, int bytes) {
        if (cores == null || cores.length == 0) {
            throw new IllegalArgumentException("'" + name + "': no cores to allocate on");
        }
        for (int c : cores) {
            check(Place.core(c), region, name, bytes);
            checkOpen(c, name);
        }
        int size = roundUp(bytes);
        int at = lo;
        boolean moved = true;
        while (moved && at + size <= hi) {
            moved = false;
            for (int c : cores) {
                Long next = firstFit(free.get(c), at, hi, size);
                if (next == null) {
                    at = hi;
                    break;
                }
                if (next != at) {
                    at = (int) (long) next;
                    moved = true;
                }
            }
        }
        if (at + size > hi) {
            int worst = cores[0];
            for (int c : cores) {
                if (largestIn(free.get(c), lo, hi) < largestIn(free.get(worst), lo, hi)) {
                    worst = c;
                }
            }
            TreeMap<Long, Long> f = free.get(worst);
            throw new BudgetExceededException(where(worst) + ": '" + name + "' (" + region + ", one copy on each of "
                    + cores.length + " cores at the same local offset) needs " + bytes + " B but the largest free range"
                    + (cores.length > 1 ? " the cores share" : "") + " is smaller (this core: " + largestIn(f, lo, hi)
                    + " B of " + freeIn(f, lo, hi) + " B free" + usage(worst) + ")", worst, region, where(worst),
                    bytes, largestIn(f, lo, hi));
        }
        List<Allocation> out = new ArrayList<>(cores.length);
        for (int c : cores) {
            out.add(commit(c, at, size, region, name, Place.core(c), bytes));
        }
        return out;
    }

    private Allocation commit(int core, int at, int size, Region region, String name, Place place, int bytes) {
        take(free.get(core), at, size);
        regionUsed[core][region.ordinal()] += size;
        peakData[core] = Math.max(peakData[core], regionUsed[core][Region.DATA.ordinal()]);
        return record(new Allocation(name, place, region, geometry.globalAddress(core, at), bytes));
    }

    private Allocation record(Allocation a) {
        live.put(a.address(), a);
        return a;
    }

    /**
     * Returns {@code a} to free space.
     *
     * @throws IllegalArgumentException if {@code a} is not live in this plan
     */
    public void free(Allocation a) {
        if (a == null || !a.equals(live.get(a.address()))) {
            throw new IllegalArgumentException("'" + (a == null ? null : a.name()) + "' is not allocated here");
        }
        live.remove(a.address());
        int size = roundUp(a.bytes());
        if (a.place().isDram()) {
            long off = a.address() - geometry.dramBase();
            give(dramFree, off, off + size);
            dramUsed -= size;
            return;
        }
        int core = a.place().core();
        int off = (int) (a.address() & (MeshGeometry.NODE_SPACE_BYTES - 1));
        give(free.get(core), off, off + size);
        regionUsed[core][a.region().ordinal()] -= size;
    }

    /** Bytes of {@code region} used on {@code core} now (after alignment; the reserved sizes for runtime and stack). */
    public int used(int core, Region region) {
        checkCore(core);
        return regionUsed[core][region.ordinal()];
    }

    /** The most data {@code core} held at once. */
    public int peakData(int core) {
        checkCore(core);
        return peakData[core];
    }

    /** Bytes code and data may still use on {@code core}, over all its free ranges. */
    public int remaining(int core) {
        checkCore(core);
        return (int) freeIn(free.get(core), lo, hi);
    }

    /** The largest allocation {@code core}'s memory (any bank) could take now. */
    public int largestFree(int core) {
        checkCore(core);
        return (int) largestIn(free.get(core), lo, hi);
    }

    /** Bytes used in bank {@code bank} of {@code core}, the reserved runtime and stack included. */
    public int bankUsed(int core, int bank) {
        checkCore(core);
        int from = bank * geometry.bankBytes();
        int to = from + geometry.bankBytes();
        return geometry.bankBytes() - (int) freeIn(free.get(core), from, to);
    }

    /** The local offsets code and data share: {@code [sharedStart, sharedEnd)}. */
    public int sharedStart() { return lo; }

    public int sharedEnd() { return hi; }

    public long dramUsed() {
        return dramUsed;
    }

    public long dramPeak() {
        return dramPeak;
    }

    /** Bytes of DRAM still free to this plan (its slice, for a partition). */
    public long dramFree() {
        long n = 0;
        for (Map.Entry<Long, Long> e : dramFree.entrySet()) {
            n += e.getValue() - e.getKey();
        }
        return n;
    }

    /** The lowest free DRAM offset of this plan, or the window size when none is free. */
    public long dramFreeStart() {
        return dramFree.isEmpty() ? geometry.dramBytes() : dramFree.firstKey();
    }

    public RegionBudget budget() {
        return budget;
    }

    public MeshGeometry geometry() {
        return geometry;
    }

    /** Every live allocation, by address. */
    public List<Allocation> allocations() {
        List<Allocation> all = new ArrayList<>(live.values());
        all.sort((a, b) -> Long.compareUnsigned(a.address(), b.address()));
        return Collections.unmodifiableList(all);
    }

    /** Frees everything allocated on {@code core} (its DRAM allocations stay). */
    public void reset(int core) {
        checkCore(core);
        free.get(core).clear();
        if (hi > lo) {
            free.get(core).put((long) lo, (long) hi);
        }
        Arrays.fill(regionUsed[core], 0);
        regionUsed[core][Region.RUNTIME.ordinal()] = budget.runtimeBytes();
        regionUsed[core][Region.STACK.ordinal()] = budget.stackBytes();
        live.values().removeIf(a -> a.place().core() == core);
    }

    private void check(Place place, Region region, String name, int bytes) {
        if (place == null || region == null) {
            throw new IllegalArgumentException("place and region must not be null");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an allocation needs a name, got '" + name + "'");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("'" + name + "': bytes must be > 0, got " + bytes);
        }
        if (region == Region.RUNTIME || region == Region.STACK) {
            throw new IllegalArgumentException("'" + name + "': " + region + " is reserved, not allocated");
        }
        if (!place.isDram()) {
            if (place.core() >= geometry.coreCount()) {
                throw new IllegalArgumentException("'" + name + "': core " + place.core() + " is not on the "
                        + geometry.rows() + "x" + geometry.cols() + " mesh");
            }
            if (place.bank() >= geometry.banks()) {
                throw new IllegalArgumentException("'" + name + "': bank " + place.bank() + " does not exist (a core has "
                        + geometry.banks() + " banks)");
            }
        }
    }

    private void checkOpen(int core, String name) {
        if (!open[core]) {
            throw new IllegalArgumentException("'" + name + "': " + where(core) + " belongs to another cluster,"
                    + " whose scheduling unit alone allocates in its memory during a run");
        }
    }

    private String usage(int core) {
        int[] u = regionUsed[core];
        return " (" + geometry.localMemoryBytes() + " B local memory: runtime " + u[Region.RUNTIME.ordinal()]
                + ", stack " + u[Region.STACK.ordinal()] + ", code " + u[Region.CODE.ordinal()] + ", data "
                + u[Region.DATA.ordinal()] + " B; the runtime and stack reserves are the machine keys"
                + " epiphany.budget.runtime-bytes and stack-bytes)";
    }

    private String where(int core) {
        return "core " + core + " (row " + geometry.row(core) + ", col " + geometry.col(core) + ")";
    }

    private void checkCore(int core) {
        if (core < 0 || core >= geometry.coreCount()) {
            throw new IllegalArgumentException("core " + core + " is not on the mesh");
        }
    }

    /*
     * Free space as disjoint [start, end) ranges by start, for a core's local offsets and for the
     * DRAM window alike.
     */

    /** The lowest doubleword-aligned start of {@code size} free bytes within {@code [from, to)}, or null. */
    private static Long firstFit(TreeMap<Long, Long> f, long from, long to, long size) {
        for (Map.Entry<Long, Long> e : f.entrySet()) {
            long s = Math.max(e.getKey(), from);
            long t = Math.min(e.getValue(), to);
            if (s >= to) {
                break;
            }
            s = (s + ALIGN - 1) & -ALIGN;
            if (t - s >= size) {
                return s;
            }
        }
        return null;
    }

    /** Free bytes within {@code [from, to)}. */
    private static long freeIn(TreeMap<Long, Long> f, long from, long to) {
        long n = 0;
        for (Map.Entry<Long, Long> e : f.entrySet()) {
            n += Math.max(0, Math.min(e.getValue(), to) - Math.max(e.getKey(), from));
        }
        return n;
    }

    /** The largest free range within {@code [from, to)}. */
    private static long largestIn(TreeMap<Long, Long> f, long from, long to) {
        long n = 0;
        for (Map.Entry<Long, Long> e : f.entrySet()) {
            n = Math.max(n, Math.min(e.getValue(), to) - Math.max(e.getKey(), from));
        }
        return n;
    }

    /** Removes {@code [at, at + size)}, which lies inside one free range. */
    private static void take(TreeMap<Long, Long> f, long at, long size) {
        Map.Entry<Long, Long> e = f.floorEntry(at);
        long s = e.getKey();
        long t = e.getValue();
        f.remove(s);
        if (s < at) {
            f.put(s, at);
        }
        if (at + size < t) {
            f.put(at + size, t);
        }
    }

    /** Returns {@code [s, t)} to free space, merged with the free ranges it touches. */
    private static void give(TreeMap<Long, Long> f, long s, long t) {
        Map.Entry<Long, Long> below = f.floorEntry(s);
        if (below != null && below.getValue() == s) {
            s = below.getKey();
            f.remove(below.getKey());
        }
        Long above = f.get(t);
        if (above != null) {
            f.remove(t);
            t = above;
        }
        f.put(s, t);
    }

    private static int roundUp(int bytes) {
        return (bytes + ALIGN - 1) & -ALIGN;
    }
}
