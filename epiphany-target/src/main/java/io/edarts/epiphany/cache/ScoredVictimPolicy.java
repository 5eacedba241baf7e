package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.EsdkCosts.UNLOAD_STOP;
import static io.edarts.epiphany.cache.EsdkCosts.UNLOAD_STOP_TAKEN;
import static io.edarts.epiphany.cache.EsdkCosts.UNLOAD_VISIT;

/**
 * Shared shape of the policies that evict one victim at a time: walk the table as
 * {@code .unloadloop} does, keep the unreferenced row with the lowest score (ties: lowest address),
 * evict it, and repeat until the object fits. Only unreferenced rows are candidates, so a function
 * on the call stack is never chosen.
 *
 * <p>Costs are those of a hypothetical eCore implementation written like cachemanager.S, with the
 * policy's per-object words in an array indexed like the PLT (16-byte entries, so word offset =
 * (PLT pointer - PLT base) / 4).
 */
abstract class ScoredVictimPolicy implements EvictionPolicy {
    /** Once per walk: mov/movt PLT base, mov/movt score base, mov/movt "no victim yet". */
    static final int WALK_SETUP = 6;
    /**
     * Per unreferenced row, after the {@code .unloadloop} visit: sub (PLT pointer - base), lsr #2,
     * ldr score, sub/fsub compare, movlt, movlt (keep best), b to the next row (taken).
     */
    static final int SCORE_COMPARE = 7;
    static final int SCORE_COMPARE_TAKEN = 1;

    /** True when {@code a} should be evicted before {@code b}. */
    abstract boolean before(int a, int b);

    /** Called just before {@code codeId} is evicted by this policy. */
    void choosing(ResidentTable table, int codeId) { }

    @Override
    public final void makeRoom(ResidentTable table, int bytes) {
        do {
            table.charge(WALK_SETUP, 0);
            int victim = -1;
            for (int i = 0; i < table.size(); i++) {
                table.charge(UNLOAD_VISIT, 0);
                if (table.referenceCount(i) != 0) {
                    table.charge(0, 1); // bne: skip a row on the call stack
                    continue;
                }
                table.charge(SCORE_COMPARE, SCORE_COMPARE_TAKEN);
                if (victim < 0 || before(table.codeId(i), table.codeId(victim))) {
                    victim = i;
                }
            }
            table.charge(UNLOAD_STOP, UNLOAD_STOP_TAKEN);
            if (victim < 0) {
                return;
            }
            choosing(table, table.codeId(victim));
            table.evict(victim);
        } while (!table.fits(bytes));
    }
}
