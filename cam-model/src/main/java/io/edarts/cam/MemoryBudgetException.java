package io.edarts.cam;

/**
 * An allocation a target's {@link MemoryPlan} refused: it does not fit what is left where it was
 * asked for. The message names the core (row, col) or the external memory, the region or bank, and
 * the sizes; the parts are kept for programs that handle it.
 */
public class MemoryBudgetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int core;
    private final String region;
    private final long requested;
    private final long available;

    /**
     * @param core      the core whose memory was short, or -1 for external memory
     * @param region    the region or bank that was short, as the target names it
     * @param requested bytes asked for
     * @param available bytes that were still free there
     */
    public MemoryBudgetException(String message, int core, String region, long requested, long available) {
        super(message);
        this.core = core;
        this.region = region;
        this.requested = requested;
        this.available = available;
    }

    /** The core whose memory was short, or -1 for external memory. */
    public int core() { return core; }

    /** The region or bank that was short, as the target names it. */
    public String region() { return region; }

    public long requested() { return requested; }

    /** Bytes that were still free where the allocation was refused. */
    public long available() { return available; }
}
