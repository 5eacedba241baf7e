package io.edarts.cam;

/**
 * What moving code cost one core: software-cache hits, misses and evictions, bytes copied in, PLT
 * patches and restores, dynamic calls, and executions in place from another core's memory or DRAM.
 * Owned by one core model; not thread-safe.
 */
public final class CodeStats {
    public long hits;
    public long misses;
    public long evictions;
    public long bytesCopied;
    public long inPlace;
    public long pltPatches;
    public long pltRestores;
    public long dynamicFirstCalls;
    public long dynamicCalls;
    /** Cycles spent getting code to the core (cache manager, copies, loader). */
    public long cycles;

    public void add(CodeStats o) {
        hits += o.hits;
        misses += o.misses;
        evictions += o.evictions;
        bytesCopied += o.bytesCopied;
        inPlace += o.inPlace;
        pltPatches += o.pltPatches;
        pltRestores += o.pltRestores;
        dynamicFirstCalls += o.dynamicFirstCalls;
        dynamicCalls += o.dynamicCalls;
        cycles += o.cycles;
    }

    public CodeStats copy() {
        CodeStats c = new CodeStats();
        c.add(this);
        return c;
    }
}
