package io.edarts.scheduler;

import java.nio.file.Path;

/**
 * Options of one run.
 *
 * @param policy     placement policy name ({@link Policies})
 * @param seed       the run's seed (reported; policies that draw use it)
 * @param tracePath  where to write the Chrome trace, or {@code null} for none
 * @param progress   receives the number of codelets fired so far (host-side progress), or {@code null}
 */
public record RunOptions(String policy, long seed, Path tracePath, java.util.function.LongConsumer progress) {
    public RunOptions {
        Policies.byName(policy);
    }

    public static RunOptions defaults() {
        return new RunOptions(Policies.DEFAULT, 1, null, null);
    }

    public RunOptions withPolicy(String p) {
        return new RunOptions(p, seed, tracePath, progress);
    }

    public RunOptions withTrace(Path p) {
        return new RunOptions(policy, seed, p, progress);
    }

    public RunOptions withProgress(java.util.function.LongConsumer p) {
        return new RunOptions(policy, seed, tracePath, p);
    }
}
