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
 *                   for every code object); every other key must name a code object of the program's
 *                   root procedure, which the run checks before it starts
 * @param verify     whether to check the schedule against the codelet model after the run (see
 *                   {@link #withVerify}); it costs memory and time, never a byte of the result
 */
public record RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress,
                         Map<String, Placement> placements, boolean verify) {
    public RunOptions {
        Policies.byName(policy);
        placements = Map.copyOf(placements);
    }

    public RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress,
                      Map<String, Placement> placements) {
        this(policy, seed, trace, progress, placements, false);
    }

    public RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress) {
        this(policy, seed, trace, progress, Map.of());
    }

    public static RunOptions defaults() {
        return new RunOptions(Policies.DEFAULT, 1, null, null, Map.of(), false);
    }

    /**
     * These options with the run's schedule checked after it ends, independently of the scheduler:
     * every firing started no earlier than the arrival of each signal that enabled it, and no codelet
     * instance fired concurrently with itself. A violation fails the run naming both firings; a run
     * that passes reports exactly what it would without the check.
     */
    public RunOptions withVerify(boolean v) {
        return new RunOptions(policy, seed, trace, progress, placements, v);
    }

    public RunOptions withPolicy(String p) {
        return new RunOptions(p, seed, trace, progress, placements, verify);
    }

    /** These options with the trace written to {@code file} in {@code format}. */
    public RunOptions withTrace(Path file, TraceFormat format) {
        return withTrace(new TraceOutput(file, format));
    }

    /** These options with the trace written to {@code t}, or none for {@code null}. */
    public RunOptions withTrace(TraceOutput t) {
        return new RunOptions(policy, seed, t, progress, placements, verify);
    }

    public RunOptions withProgress(LongConsumer p) {
        return new RunOptions(policy, seed, trace, p, placements, verify);
    }

    public RunOptions withPlacements(Map<String, Placement> p) {
        return new RunOptions(policy, seed, trace, progress, p, verify);
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
