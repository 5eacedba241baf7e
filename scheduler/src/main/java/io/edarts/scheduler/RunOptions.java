package io.edarts.scheduler;

import io.edarts.cam.Placement;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Options of one run.
 *
 * @param policy     placement policy name ({@link Policies})
 * @param seed       the run's seed (reported; policies that draw use it)
 * @param trace      where and how to write the trace, or {@code null} for none
 * @param progress   receives the number of codelets fired so far (host-side progress), or {@code null}
 * @param placements code placements to use instead of the program's, by code-object name ({@code "*"}
 *                   for every code object)
 */
public record RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress,
                         Map<String, Placement> placements) {
    public RunOptions {
        Policies.byName(policy);
        placements = Map.copyOf(placements);
    }

    public RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress) {
        this(policy, seed, trace, progress, Map.of());
    }

    public static RunOptions defaults() {
        return new RunOptions(Policies.DEFAULT, 1, null, null, Map.of());
    }

    public RunOptions withPolicy(String p) {
        return new RunOptions(p, seed, trace, progress, placements);
    }

    /** These options with the trace written to {@code file} in {@code format}. */
    public RunOptions withTrace(Path file, TraceFormat format) {
        return withTrace(new TraceOutput(file, format));
    }

    /** These options with the trace written to {@code t}, or none for {@code null}. */
    public RunOptions withTrace(TraceOutput t) {
        return new RunOptions(policy, seed, t, progress, placements);
    }

    public RunOptions withProgress(LongConsumer p) {
        return new RunOptions(policy, seed, trace, p, placements);
    }

    public RunOptions withPlacements(Map<String, Placement> p) {
        return new RunOptions(policy, seed, trace, progress, p);
    }

    /** The placement a code object runs with in this run. */
    public Placement placementOf(io.edarts.cam.CodeObject code) {
        if (placements.isEmpty()) {
            return code.placement();
        }
        Placement p = placements.get(code.name());
        return p != null ? p : placements.getOrDefault("*", code.placement());
    }
}
