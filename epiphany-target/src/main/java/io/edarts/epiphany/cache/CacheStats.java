package io.edarts.epiphany.cache;

/**
 * Per-core code-cache counts, a snapshot.
 *
 * @param hits              calls that went through {@code countedcall}
 * @param misses            calls that copied the code in
 * @param evictions         entries removed
 * @param bytesCopied       bytes the copy loop moved (whole words)
 * @param inPlaceExecutions calls that fell back to executing from the code's home
 * @param pltPatches        PLT entries switched to {@code countedcall}
 * @param pltRestores       PLT entries switched back to {@code cacheman}
 * @param unloads           times the miss path had to make room
 * @param copyStallCycles   cycles the copies waited for remote data ({@link CopyCost})
 * @param instructions      instructions executed by the PLT and the cache manager
 * @param cycles            all cycles spent in the PLT and the cache manager, stalls included
 */
public record CacheStats(long hits, long misses, long evictions, long bytesCopied, long inPlaceExecutions,
                         long pltPatches, long pltRestores, long unloads, long copyStallCycles,
                         long instructions, long cycles) {
    public static final CacheStats ZERO = new CacheStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Sum of two snapshots, for machine-wide totals. */
    public CacheStats plus(CacheStats o) {
        return new CacheStats(hits + o.hits, misses + o.misses, evictions + o.evictions,
                bytesCopied + o.bytesCopied, inPlaceExecutions + o.inPlaceExecutions,
                pltPatches + o.pltPatches, pltRestores + o.pltRestores, unloads + o.unloads,
                copyStallCycles + o.copyStallCycles, instructions + o.instructions, cycles + o.cycles);
    }
}
