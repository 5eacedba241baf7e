package io.edarts.cam;

/**
 * Per-core event counts, the kinds a core's hardware timers count: clock, idle, integer and
 * floating-point instructions, cycles that issued two instructions, load and register-dependency
 * stalls, stalls fetching instructions and loading data from other memories, and bytes the core put
 * on the network. A target fills the counts its hardware has and leaves the rest zero; the runtime
 * fills {@link #meshWait}. Owned by one core model; not thread-safe.
 */
public final class Counters {
    public long clock;
    public long idle;
    public long ialu;
    public long fpu;
    public long dualIssue;
    public long loadStalls;
    public long regDepStalls;
    public long extFetchStalls;
    public long extLoadStalls;
    public long meshBytes;
    /**
     * Cycles this core's firings took beyond their charged cost because they shared the machine's
     * interconnect with other traffic (0 when the target models no contention).
     */
    public long meshWait;
    /** DMA transfers this core's engine completed (filled by the runtime). */
    public long dmaTransfers;
    /** Bytes they moved. */
    public long dmaBytes;
    /** Cycles its channels were busy, summed over channels (two busy channels count twice). */
    public long dmaBusy;
    /** Cycles transfers waited in the engine's queue for a free channel. */
    public long dmaQueueWait;
    /** Cycles codelets that need a free channel waited for one before they could fire. */
    public long dmaFireWait;

    public void add(Counters o) {
        clock += o.clock;
        idle += o.idle;
        ialu += o.ialu;
        fpu += o.fpu;
        dualIssue += o.dualIssue;
        loadStalls += o.loadStalls;
        regDepStalls += o.regDepStalls;
        extFetchStalls += o.extFetchStalls;
        extLoadStalls += o.extLoadStalls;
        meshBytes += o.meshBytes;
        meshWait += o.meshWait;
        dmaTransfers += o.dmaTransfers;
        dmaBytes += o.dmaBytes;
        dmaBusy += o.dmaBusy;
        dmaQueueWait += o.dmaQueueWait;
        dmaFireWait += o.dmaFireWait;
    }

    public Counters copy() {
        Counters c = new Counters();
        c.add(this);
        return c;
    }
}
