package io.edarts.cli;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.scheduler.InstanceStream;

/** {@code edarts run}'s {@code --stream N}, {@code --in-flight K} and {@code --arrival-interval CYCLES}, checked. */
record StreamOptions(int count, int inFlight, long interval) {
    /** {@code --in-flight} when not given: enough to overlap instances on a 16-core chip, few enough to queue. */
    static final int DEFAULT_IN_FLIGHT = 4;

    /**
     * The stream the options ask for, or null without {@code --stream}.
     *
     * @throws IllegalArgumentException naming the option and value: a count or bound below 1, a
     *                                  negative interval, {@code --in-flight} or
     *                                  {@code --arrival-interval} without {@code --stream}, an example
     *                                  that cannot stream, or cannon's layout comparison
     */
    static StreamOptions check(Integer stream, Integer inFlight, Long interval, String example, boolean compareLayouts) {
        if (stream == null) {
            if (inFlight != null || interval != null) {
                throw new IllegalArgumentException((inFlight != null ? "--in-flight" : "--arrival-interval")
                        + " applies to --stream N, which is not given");
            }
            return null;
        }
        if (stream < 1) {
            throw new IllegalArgumentException("--stream " + stream + ": expected 1 or more instances");
        }
        int k = inFlight == null ? DEFAULT_IN_FLIGHT : inFlight;
        if (k < 1) {
            throw new IllegalArgumentException("--in-flight " + k + ": expected 1 or more instances in the machine at once");
        }
        long gap = interval == null ? 0 : interval;
        if (gap < 0) {
            throw new IllegalArgumentException("--arrival-interval " + gap + ": expected 0 or more cycles between arrivals");
        }
        if (compareLayouts) {
            throw new IllegalArgumentException("--stream applies to one program; cannon --layout all compares four");
        }
        StreamInstances.check(example);
        try {
            InstanceStream.fixedInterval(stream, gap, k, i -> null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stream " + stream + " --arrival-interval " + gap + ": " + e.getMessage(), e);
        }
        return new StreamOptions(stream, k, gap);
    }

    /** The stream of {@code example} (null for a --graph file: every instance is the graph) built as {@code program}. */
    InstanceStream of(String example, Program<?> program, Examples.Params p, Machine m) {
        return InstanceStream.fixedInterval(count, interval, inFlight, StreamInstances.builder(example, program, p, m));
    }
}
