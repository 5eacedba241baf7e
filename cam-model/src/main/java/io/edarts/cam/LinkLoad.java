package io.edarts.cam;

/**
 * The load on one directed link over a run: from node {@code from} to its neighbour {@code to}
 * ({@link Traffic#DRAM} for the off-chip link's far end), on mesh {@code mesh} ("cmesh", "rmesh" or
 * "xmesh"), the bytes that crossed it and the cycles it was busy carrying them.
 */
public record LinkLoad(int from, int to, String mesh, long bytes, long busyCycles) {}
