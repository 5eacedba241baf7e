package io.edarts.epiphany.memory;

/**
 * An allocation that does not fit: over its region's budget on that core, or larger than what is
 * left in the bank or the DRAM window. The message names the core, region, bank and sizes.
 */
public final class BudgetExceededException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int core;
    private final Region region;
    private final long requested;
    private final long available;

    BudgetExceededException(String message, int core, Region region, long requested, long available) {
        super(message);
        this.core = core;
        this.region = region;
        this.requested = requested;
        this.available = available;
    }

    /** The core whose memory was short, or -1 for DRAM. */
    public int core() { return core; }

    public Region region() { return region; }

    public long requested() { return requested; }

    /** Bytes that were still free where the allocation was refused. */
    public long available() { return available; }
}
