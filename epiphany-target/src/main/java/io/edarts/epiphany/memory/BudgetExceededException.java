package io.edarts.epiphany.memory;

/**
 * An allocation that does not fit what is left in the core's shared memory, the bank, or the DRAM
 * window. The message names the core, region, bank and sizes.
 */
public final class BudgetExceededException extends io.edarts.cam.MemoryBudgetException {
    private static final long serialVersionUID = 1L;

    private final Region kind;

    BudgetExceededException(String message, int core, Region region, String where, long requested, long available) {
        super(message, core, where, requested, available);
        this.kind = region;
    }

    /** What the allocation was for. */
    public Region kind() { return kind; }
}
