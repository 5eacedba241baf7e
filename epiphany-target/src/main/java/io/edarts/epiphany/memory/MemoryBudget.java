package io.edarts.epiphany.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The memory plan of a whole mesh: every core's 32 KB split by {@link RegionBudget} and cut into
 * banks, plus the external DRAM window. {@link #allocate} places a named object in a core's bank or
 * in DRAM and refuses, with a {@link BudgetExceededException} naming core, region and sizes, anything
 * that exceeds the region's budget on that core or the space left in the bank (or in DRAM).
 * Allocations are bump-allocated, doubleword aligned (ARCH 4.4: doubleword accesses must be 8-byte
 * aligned), and never freed one by one; {@link #reset(int)} clears one core. Not thread-safe: one
 * owner builds the plan.
 */
public final class MemoryBudget {
    private static final int ALIGN = 8;

    private final MeshGeometry geometry;
    private final RegionBudget budget;
    private final int[][] regionUsed;
    private final int[][] bankUsed;
    private long dramUsed;
    private final List<Allocation> allocations = new ArrayList<>();

    /**
     * @throws IllegalArgumentException if the budget is larger than a core's local memory
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
        this.regionUsed = new int[geometry.coreCount()][Region.values().length];
        this.bankUsed = new int[geometry.coreCount()][geometry.banks()];
    }

    /**
     * Allocates {@code bytes} for {@code name} in {@code place}, charged to {@code region}.
     *
     * @return the allocation with its global address
     * @throws IllegalArgumentException  on a bad name, size, core or bank
     * @throws BudgetExceededException   if it does not fit the core's region budget, the bank, or DRAM
     */
    public Allocation allocate(Place place, Region region, String name, int bytes) {
        if (place == null || region == null) {
            throw new IllegalArgumentException("place and region must not be null");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an allocation needs a name, got '" + name + "'");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("'" + name + "': bytes must be > 0, got " + bytes);
        }
        int size = roundUp(bytes);
        Allocation a;
        if (place.isDram()) {
            long free = geometry.dramBytes() - dramUsed;
            if (size > free) {
                throw new BudgetExceededException("DRAM: '" + name + "' (" + region + ") needs " + bytes
                        + " B but only " + free + " of " + geometry.dramBytes() + " B are free", -1, region, bytes, free);
            }
            a = new Allocation(name, place, region, geometry.dramAddress(dramUsed), bytes);
            dramUsed += size;
        } else {
            int core = place.core();
            if (core >= geometry.coreCount()) {
                throw new IllegalArgumentException("'" + name + "': core " + core + " is not on the "
                        + geometry.rows() + "x" + geometry.cols() + " mesh");
            }
            if (place.bank() >= geometry.banks()) {
                throw new IllegalArgumentException("'" + name + "': bank " + place.bank() + " does not exist (a core has "
                        + geometry.banks() + " banks)");
            }
            int limit = budget.bytes(region);
            int used = regionUsed[core][region.ordinal()];
            if ((long) used + size > limit) {
                throw new BudgetExceededException(where(core) + ": " + region + " region over budget: '" + name
                        + "' needs " + bytes + " B but " + used + " of " + limit + " B are already used",
                        core, region, bytes, limit - used);
            }
            int inBank = bankUsed[core][place.bank()];
            int bankFree = geometry.bankBytes() - inBank;
            if (size > bankFree) {
                throw new BudgetExceededException(where(core) + " bank " + place.bank() + ": '" + name + "' (" + region
                        + ") needs " + bytes + " B but only " + bankFree + " of " + geometry.bankBytes() + " B are free",
                        core, region, bytes, bankFree);
            }
            long offset = (long) place.bank() * geometry.bankBytes() + inBank;
            a = new Allocation(name, place, region, geometry.globalAddress(core, offset), bytes);
            regionUsed[core][region.ordinal()] = used + size;
            bankUsed[core][place.bank()] = inBank + size;
        }
        allocations.add(a);
        return a;
    }

    /** Bytes of {@code region} used on {@code core} (after alignment). */
    public int used(int core, Region region) {
        checkCore(core);
        return regionUsed[core][region.ordinal()];
    }

    /** Bytes of {@code region} still allowed on {@code core}. */
    public int remaining(int core, Region region) {
        return budget.bytes(region) - used(core, region);
    }

    /** Bytes used in bank {@code bank} of {@code core}. */
    public int bankUsed(int core, int bank) {
        checkCore(core);
        return bankUsed[core][bank];
    }

    public long dramUsed() {
        return dramUsed;
    }

    public RegionBudget budget() {
        return budget;
    }

    /** Every allocation so far, in order. */
    public List<Allocation> allocations() {
        return Collections.unmodifiableList(allocations);
    }

    /** Frees everything allocated on {@code core} (its DRAM allocations stay). */
    public void reset(int core) {
        checkCore(core);
        java.util.Arrays.fill(regionUsed[core], 0);
        java.util.Arrays.fill(bankUsed[core], 0);
        allocations.removeIf(a -> a.place().core() == core);
    }

    private String where(int core) {
        return "core " + core + " (row " + geometry.row(core) + ", col " + geometry.col(core) + ")";
    }

    private void checkCore(int core) {
        if (core < 0 || core >= geometry.coreCount()) {
            throw new IllegalArgumentException("core " + core + " is not on the mesh");
        }
    }

    private static int roundUp(int bytes) {
        return (bytes + ALIGN - 1) & -ALIGN;
    }
}
