package io.edarts.cam;

/**
 * The load on one directed link over a run: from node {@code from} to its neighbour {@code to}
 * ({@link Traffic#DRAM} for the off-chip link's far end), on mesh {@code mesh} ("cmesh", "rmesh" or
 * "xmesh"), the bytes that crossed it, the cycles it was busy carrying them, and the cycles transfers
 * waited for it (measured by an {@link Interconnect}; 0 from a closed form).
 */
public record LinkLoad(int from, int to, String mesh, long bytes, long busyCycles, long waitCycles) {
    /** A load computed without contention: nobody waited. */
    public LinkLoad(int from, int to, String mesh, long bytes, long busyCycles) {
        this(from, to, mesh, bytes, busyCycles, 0);
    }
}
