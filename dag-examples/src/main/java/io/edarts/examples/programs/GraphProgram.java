package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.cam.CodeObject;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.cam.Placement;
import io.edarts.api.Program;
import io.edarts.examples.graph.TaskGraph;
import java.util.Map;

/**
 * Turns a static task graph (a random DAG, or a file) into a codelet program whose bodies compute
 * real values: task {@code t} stores {@link #value} of its id and its predecessors' values, and the
 * check recomputes every value in topological order on the host. Each task's declared cost is its
 * processing time in cycles; tasks without a code object share one of {@link #KERNELS} cached
 * kernels, chosen by id, so the code cache has real work to do.
 */
public final class GraphProgram {
    /** Number of distinct kernels tasks without a code object are spread over. */
    public static final int KERNELS = 8;
    /** Size of each of those kernels in bytes. */
    public static final int KERNEL_BYTES = 512;

    private GraphProgram() {}

    /** The value task {@code t} computes from the sum of its predecessors' values (SplitMix64's finalizer). */
    public static long value(int t, long predecessorSum) {
        long z = predecessorSum + 0x9E3779B97F4A7C15L * (t + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The reference answer: every task's value, computed sequentially. */
    public static long[] reference(TaskGraph g) {
        long[] v = new long[g.size()];
        for (int t : g.topologicalOrder()) {
            long sum = 0;
            for (int p : g.predecessors(t)) {
                sum += v[p];
            }
            v[t] = value(t, sum);
        }
        return v;
    }

    /** The codelet program of {@code g}, named {@code name}. */
    public static Program<long[]> of(String name, TaskGraph g, Map<String, String> parameters) {
        int n = g.size();
        CodeObject[] kernels = new CodeObject[KERNELS];
        for (int k = 0; k < KERNELS; k++) {
            kernels[k] = new CodeObject("kernel" + k, KERNEL_BYTES, Placement.CACHED);
        }
        Dag.Builder<long[]> b = Dag.builder(name);
        CodeletHandle[] h = new CodeletHandle[n];
        for (int t = 0; t < n; t++) {
            final int me = t;
            final int[] preds = g.predecessors(t);
            h[t] = b.task(g.name(t), ctx -> {
                long[] v = ctx.frame();
                long sum = 0;
                for (int p : preds) {
                    sum += v[p];
                }
                v[me] = value(me, sum);
            }).cycles(g.cycles(t));
            var code = g.code(t);
            if (code.isPresent()) {
                h[t].code(code.get());
            } else {
                h[t].code(kernels[t % KERNELS]);
            }
            var aff = g.affinity(t);
            if (aff.isPresent()) {
                h[t].affinity(aff.getAsInt());
            }
        }
        for (int t = 0; t < n; t++) {
            for (int s : g.successors(t)) {
                h[t].precede(h[s]);
            }
        }
        return b.build(() -> new long[n], v -> check(g, v), parameters);
    }

    private static CheckResult check(TaskGraph g, long[] got) {
        long[] ref = reference(g);
        for (int t = 0; t < ref.length; t++) {
            if (ref[t] != got[t]) {
                return CheckResult.failed("task " + g.name(t) + " computed " + got[t] + ", reference " + ref[t]);
            }
        }
        return CheckResult.passed("all " + ref.length + " task values match the sequential reference");
    }
}
