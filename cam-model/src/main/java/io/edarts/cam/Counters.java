package io.edarts.cam;

/**
 * Per-core event counts like the eCore's CTIMER modes (epiphany-facts.md, "timers"): clock, idle,
 * IALU and FPU instructions, dual issue, load and register-dependency stalls, external fetch and
 * load stalls, and bytes the core put on the mesh. Owned by one core model; not thread-safe.
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
    }

    public Counters copy() {
        Counters c = new Counters();
        c.add(this);
        return c;
    }
}
