package io.edarts.scheduler;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small programs for the scheduler and report tests (shared as the scheduler's test jar), each computing a checked value. */
public final class Programs {
    private Programs() {}

    /** A graph with its own bookkeeping so tests can compute bounds. */
    public record Graph(Program<long[]> program, long work, long criticalPath, int n) {}

    /** Each task adds its own index to the sum of its predecessors' values. */
    public static Graph random(int n, long seed, int maxPreds) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] cost = new long[n];
        List<int[]> preds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cost[i] = 1 + rnd.nextInt(500);
            int k = i == 0 ? 0 : rnd.nextInt(Math.min(i, maxPreds) + 1);
            int[] p = new int[k];
            for (int j = 0; j < k; j++) {
                p[j] = rnd.nextInt(i);
            }
            preds.add(java.util.Arrays.stream(p).distinct().toArray());
        }
        long[] expect = new long[n];
        long[] finish = new long[n];
        long work = 0;
        long cp = 0;
        for (int i = 0; i < n; i++) {
            long v = i;
            long start = 0;
            for (int p : preds.get(i)) {
                v += expect[p];
                start = Math.max(start, finish[p]);
            }
            expect[i] = v % 1_000_003;
            finish[i] = start + cost[i];
            work += cost[i];
            cp = Math.max(cp, finish[i]);
        }
        Dag.Builder<long[]> g = Dag.builder("random");
        CodeletHandle[] h = new CodeletHandle[n];
        for (int i = 0; i < n; i++) {
            final int me = i;
            final int[] ps = preds.get(i);
            h[i] = g.task("t" + i, ctx -> {
                long v = me;
                for (int p : ps) {
                    v += ctx.frame()[p];
                }
                ctx.frame()[me] = v % 1_000_003;
            }).cycles(cost[i]);
        }
        for (int i = 0; i < n; i++) {
            for (int p : preds.get(i)) {
                h[p].precede(h[i]);
            }
        }
        Program<long[]> prog = g.build(() -> new long[n],
                f -> java.util.Arrays.equals(f, expect) ? CheckResult.passed("all " + n + " values match")
                        : CheckResult.failed("values differ"));
        return new Graph(prog, work, cp, n);
    }
}
