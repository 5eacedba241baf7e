package io.edarts.epiphany.cache;

/**
 * Local-memory bytes one core spends on code, for the 32 KB budget check (epiphany-facts.md,
 * "local memory ... shared by runtime, code, data, stack"). The runtime's own code, including the
 * cache manager and the DC loader, is the runtime's to count.
 *
 * @param localCode        {@code LOCAL} objects, resident
 * @param plt              16 bytes per {@code CACHED} object (cachemanager.S PLT entry)
 * @param cacheTable       the cache table (rows x 16 bytes)
 * @param cacheRegion      the cache's code space
 * @param policyState      the eviction policy's per-object words
 * @param dynamicJumpTable 24 bytes per {@code DYNAMIC} object (coprthr2-paper.txt 3.4)
 * @param dynamicRegion    the region dynamic calls are copied into
 */
public record ResidentFootprint(int localCode, int plt, int cacheTable, int cacheRegion, int policyState,
                                int dynamicJumpTable, int dynamicRegion) {
    public int total() {
        return localCode + plt + cacheTable + cacheRegion + policyState + dynamicJumpTable + dynamicRegion;
    }
}
