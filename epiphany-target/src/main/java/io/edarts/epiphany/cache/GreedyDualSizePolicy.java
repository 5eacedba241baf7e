package io.edarts.epiphany.cache;

/**
 * GreedyDual-Size (Cao and Irani, "Cost-Aware WWW Proxy Caching Algorithms", USENIX USITS 1997).
 * Each resident object has a value H = L + cost / size, set when it is loaded and refreshed on every
 * call; the victim is the unreferenced row with the lowest H, and L rises to that H, so objects not
 * called for a while age out.
 *
 * <p>Why it fits a code cache on the Epiphany: objects differ widely in size in one small region
 * where first-fit fragments, and their miss cost differs widely with the source (the measured
 * read rate from DRAM is tens of times below that from another core's SRAM, epiphany-facts.md
 * "Measured on a Parallella"). GDS charges both: cost is the cycles the object's last copy took
 * (what a re-miss would cost again), size the bytes it occupies. Large objects copied from a near
 * core go first, which frees large gaps cheaply; small objects copied from DRAM stay.
 *
 * <p>H is kept as a double here; an eCore version would use single-precision floats (the FPU has
 * no divide, so the miss computes 1/size by Newton-Raphson); only the order of H matters.
 */
final class GreedyDualSizePolicy extends ScoredVictimPolicy {
    /**
     * Hit: mov/movt H base, mov/movt PLT base, sub, lsr #2 (6); mov/movt + ldr L (3); mov/movt +
     * ldr cost/size (3); fadd; str H. Load adds: float size, float cost, reciprocal (mov/movt
     * seed constant, sub, mov/movt 2.0, two Newton-Raphson steps of fmsub + fmul), fmul, str ratio
     * (13). Two 4-byte words per code object (H and cost/size).
     */
    private static final Costs COSTS = new Costs(14, 27, 8);
    /** str L at an eviction. */
    private static final int INFLATE = 1;

    private final double[] h;
    private final double[] costPerByte;
    private double inflation;

    GreedyDualSizePolicy(int codeObjects) {
        h = new double[codeObjects];
        costPerByte = new double[codeObjects];
    }

    @Override
    public String name() {
        return EvictionPolicies.GREEDY_DUAL_SIZE;
    }

    @Override
    public Costs costs() {
        return COSTS;
    }

    @Override
    public void onLoad(int codeId, int bytes, long copyCycles, long now) {
        costPerByte[codeId] = (double) copyCycles / bytes;
        h[codeId] = inflation + costPerByte[codeId];
    }

    @Override
    public void onHit(int codeId, long now) {
        h[codeId] = inflation + costPerByte[codeId];
    }

    @Override
    public void onEvict(int codeId) { }

    @Override
    boolean before(int a, int b) {
        return h[a] < h[b];
    }

    @Override
    void choosing(ResidentTable table, int codeId) {
        inflation = h[codeId];
        table.charge(INFLATE, 0);
    }

    /** Current value of {@code codeId}, for tests. */
    double value(int codeId) {
        return h[codeId];
    }

    double inflation() {
        return inflation;
    }
}
