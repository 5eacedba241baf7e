package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.EsdkCosts.UNLOAD_STOP;
import static io.edarts.epiphany.cache.EsdkCosts.UNLOAD_STOP_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.UNLOAD_VISIT;

/**
 * The eSDK's rule (cachemanager.S {@code .unload}): walk the table once and evict every row whose
 * reference count is 0, whether or not one eviction would have been enough. Keeps no state, so it
 * adds nothing to the hit path. The walk revisits a row after clearing it because the next row has
 * moved into it ({@code .unloadnextentry}).
 */
final class FlushUnreferencedPolicy implements EvictionPolicy {
    @Override
    public String name() {
        return EvictionPolicies.FLUSH_UNREFERENCED;
    }

    @Override
    public Costs costs() {
        return Costs.NONE;
    }

    @Override
    public void onLoad(int codeId, int bytes, long copyCycles, long now) { }

    @Override
    public void onHit(int codeId, long now) { }

    @Override
    public void onEvict(int codeId) { }

    @Override
    public void makeRoom(ResidentTable table, int bytes) {
        int i = 0;
        while (i < table.size()) {
            table.charge(UNLOAD_VISIT, 0);
            if (table.referenceCount(i) == 0) {
                table.evict(i);
            } else {
                table.charge(0, 1); // bne .unloadloop
                i++;
            }
        }
        table.charge(UNLOAD_STOP, UNLOAD_STOP_TAKEN);
    }
}
