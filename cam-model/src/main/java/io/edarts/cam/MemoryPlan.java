package io.edarts.cam;

import java.util.List;

/**
 * A target's plan of its memories for one run: code and data allocated where a program asks, and
 * refused, with a {@link MemoryBudgetException}, when they do not fit. The runtime fills one plan
 * with the program's static data and code before the run ({@link Target#newMemoryPlan}); each
 * scheduling unit then allocates and frees its instances' data in a {@link #forCluster partition}
 * of its own, so what a run allocates never depends on the order host threads run in.
 *
 * <p>Not thread-safe: one owner allocates. {@link #address} is a pure function of the allocation
 * and may be called from any thread.
 */
public interface MemoryPlan {
    /**
     * Allocates {@code bytes} of {@code kind} for {@code name} at {@code place}; for
     * {@link BufferPlace.Kind#FIRING_CORE} the same local range on every CU of the machine.
     *
     * @throws MemoryBudgetException    if it does not fit, naming the core (row, col) or the external
     *                                  memory, the region or bank, and the sizes
     * @throws IllegalArgumentException for a blank name, a size below one byte or a place off the machine
     */
    MemoryAllocation allocate(String name, MemoryKind kind, BufferPlace place, long bytes);

    /**
     * Makes what {@code code} needs resident on {@code core} when that core runs it (a local code
     * object's bytes, a code cache's region), once per core and code object: later calls for the
     * same pair do nothing. A target without code in its memories does nothing.
     *
     * @throws MemoryBudgetException if it does not fit what is left on the core
     */
    default void placeCode(int core, CodeObject code) {
    }

    /**
     * Core {@code core} makes host call {@code number}: the first call of a core takes the host-call
     * service's fixed room, and each call number its entry in the jump table, once per core. Nothing
     * by default, for targets without a budget.
     *
     * @throws MemoryBudgetException if the core has no room left for them, naming the core and sizes
     */
    default void placeHostCall(int core, int number) {
    }

    /**
     * Returns an allocation of this plan (or of the plan it was partitioned from) to free space.
     *
     * @throws IllegalArgumentException if it is not live here
     */
    void free(MemoryAllocation allocation);

    /**
     * The machine address of byte {@code offset} of {@code allocation} as core {@code core} reaches it:
     * for a {@link BufferPlace.Kind#FIRING_CORE} buffer, that core's own copy; otherwise the one copy
     * (the core does not matter). This is the address a data access or a DMA descriptor uses.
     *
     * @throws IllegalArgumentException for an offset outside the allocation or a core off the machine
     */
    long address(MemoryAllocation allocation, int core, long offset);

    /**
     * A plan for the scheduling unit of cluster {@code cluster}: it keeps every allocation made so
     * far; it may allocate local memory only of that cluster's cores, and external memory only from
     * its own share of what is free (the free external memory split in equal slices, one per
     * cluster, in cluster order), so clusters never compete for the same bytes. With one cluster,
     * a copy of this plan.
     *
     * @throws IllegalArgumentException for a cluster the machine lacks
     */
    MemoryPlan forCluster(int cluster);

    /** Whether this plan enforces a budget (false: it never refuses, and reports no capacity). */
    boolean budgeted();

    /** What core {@code core}'s local memory held over the plan's life. */
    CoreMemory use(int core);

    /** Every core's use, in core order. */
    default List<CoreMemory> use() {
        int n = machineCores();
        java.util.List<CoreMemory> out = new java.util.ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            out.add(use(c));
        }
        return out;
    }

    /** Cores the plan covers. */
    int machineCores();

    /** Bytes of external memory allocated before the partition (static) and the most held at once since. */
    long externalPeakBytes();

    /** A plan that never refuses, for targets without a memory budget ({@code ideal}, {@code simple-mesh}). */
    static MemoryPlan unlimited(Machine machine) {
        return new UnlimitedMemoryPlan(machine);
    }
}
