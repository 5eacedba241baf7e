package io.edarts.epiphany.cache;

/**
 * Least recently used: evicts the unreferenced row called longest ago, one at a time, until the
 * object fits. A call on the stack refreshes its stamp when it is entered.
 *
 * <p>On the eCore the stamp would be CTIMER0 in clock mode (it counts down, epiphany-facts.md
 * "timers"); we use an increasing per-cache counter, which gives the same order without ties.
 */
final class LruPolicy extends ScoredVictimPolicy {
    /**
     * Stamp store on every countedcall and load: movfs CTIMER0, mov/movt stamp base, mov/movt PLT
     * base, sub, lsr #2, str [base, index]. One 4-byte stamp per code object.
     */
    private static final Costs COSTS = new Costs(8, 8, 4);

    private final long[] stamp;
    private long clock;

    LruPolicy(int codeObjects) {
        stamp = new long[codeObjects];
    }

    @Override
    public String name() {
        return EvictionPolicies.LRU;
    }

    @Override
    public Costs costs() {
        return COSTS;
    }

    @Override
    public void onLoad(int codeId, int bytes, long copyCycles, long now) {
        stamp[codeId] = ++clock;
    }

    @Override
    public void onHit(int codeId, long now) {
        stamp[codeId] = ++clock;
    }

    @Override
    public void onEvict(int codeId) { }

    @Override
    boolean before(int a, int b) {
        return stamp[a] < stamp[b];
    }
}
