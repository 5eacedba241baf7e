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
 * processing time in cycles, or {@code scale} cycles per unit; tasks without a code object share
 * kernels chosen by id ({@link Code}: by default {@link #KERNELS} cached ones, so the code cache has
 * real work to do; local ones move no code).
 */
public final class GraphProgram {
    /** Number of distinct kernels tasks without a code object are spread over. */
    public static final int KERNELS = 8;
    /** Size of each of those kernels in bytes. */
    public static final int KERNEL_BYTES = 512;

    private GraphProgram() {}

    /** The most kernels {@link Code} accepts (a task graph's tasks are spread over them by id). */
    public static final int MAX_KERNELS = 4096;

    /**
     * The code tasks without a code object of their own run: {@code kernels} kernels of
     * {@link #KERNEL_BYTES} each, task {@code t} running kernel {@code t mod kernels}, either
     * {@link Placement#LOCAL} (resident in every CU's memory from the start: no code moves) or
     * {@link Placement#CACHED} (in DRAM, copied into a core's software cache on a miss).
     */
    public record Code(Placement placement, int kernels) {
        /** What graphs run unless told: {@link #KERNELS} cached kernels. */
        public static final Code DEFAULT = new Code(Placement.CACHED, KERNELS);

        /** @throws IllegalArgumentException for a placement other than local or cached, or kernels outside 1..MAX_KERNELS */
        public Code {
            if (placement != Placement.LOCAL && placement != Placement.CACHED) {
                throw new IllegalArgumentException("graph code: " + placement + ": expected local or cached");
            }
            if (kernels < 1 || kernels > MAX_KERNELS) {
                throw new IllegalArgumentException("graph code: " + kernels + " kernels: expected 1.." + MAX_KERNELS);
            }
        }

        /**
         * Parses {@code local}, {@code local:N}, {@code cached} or {@code cached:N} (N kernels; without
         * it, {@link #KERNELS}).
         *
         * @throws IllegalArgumentException naming the text and what is expected
         */
        public static Code parse(String text) {
            String expected = "expected local, local:N, cached or cached:N (N kernels, 1.." + MAX_KERNELS + ")";
            int colon = text.indexOf(':');
            String kind = colon < 0 ? text : text.substring(0, colon);
            Placement p = switch (kind) {
                case "local" -> Placement.LOCAL;
                case "cached" -> Placement.CACHED;
                default -> throw new IllegalArgumentException("'" + text + "': " + expected);
            };
            if (colon < 0) {
                return new Code(p, KERNELS);
            }
            String n = text.substring(colon + 1);
            int kernels;
            try {
                kernels = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': '" + n + "' is not a number of kernels; " + expected, e);
            }
            if (kernels < 1 || kernels > MAX_KERNELS) {
                throw new IllegalArgumentException("'" + text + "': " + kernels + " kernels; " + expected);
            }
            return new Code(p, kernels);
        }

        /** As {@link #parse} reads it. */
        @Override
        public String toString() {
            return placement.name().toLowerCase(java.util.Locale.ROOT) + ":" + kernels;
        }
    }

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
            for (int k = 0, preds = g.predecessorCount(t); k < preds; k++) { // no copy of each task's list
                sum += v[g.predecessor(t, k)];
            }
            v[t] = value(t, sum);
        }
        return v;
    }

    /** The codelet program of {@code g}, named {@code name}: one unit of processing time a cycle, {@link Code#DEFAULT}. */
    public static Program<long[]> of(String name, TaskGraph g, Map<String, String> parameters) {
        return of(name, g, parameters, 1, Code.DEFAULT);
    }

    /**
     * The codelet program of {@code g}, named {@code name}, each unit of a task's processing time
     * {@code scale} cycles (a Standard Task Graph's times are in abstract units), tasks without a code
     * object running {@code code}.
     *
     * @throws IllegalArgumentException if {@code scale < 1}, or a task's or the graph's scaled time
     *                                  passes {@link TaskGraph#MAX_CYCLES}, naming the task
     */
    public static Program<long[]> of(String name, TaskGraph g, Map<String, String> parameters, long scale, Code code) {
        if (scale < 1) {
            throw new IllegalArgumentException("graph scale " + scale + ": expected at least 1 cycle per unit");
        }
        if (g.totalWorkCycles() > TaskGraph.MAX_CYCLES / scale) {
            for (int t = 0; t < g.size(); t++) {
                if (g.cycles(t) > TaskGraph.MAX_CYCLES / scale) {
                    throw new IllegalArgumentException("graph scale " + scale + ": task '" + g.name(t) + "' of "
                            + g.cycles(t) + " units would take more than " + TaskGraph.MAX_CYCLES + " (2^62) cycles");
                }
            }
            throw new IllegalArgumentException("graph scale " + scale + ": the graph's " + g.totalWorkCycles()
                    + " units of work would take more than " + TaskGraph.MAX_CYCLES + " (2^62) cycles");
        }
        int n = g.size();
        CodeObject[] kernels = new CodeObject[code.kernels()];
        for (int k = 0; k < kernels.length; k++) {
            kernels[k] = new CodeObject("kernel" + k, KERNEL_BYTES, code.placement());
        }
        Dag.Builder<long[]> b = Dag.builder(name);
        b.expect(n, g.edgeCount()); // the columns are sized once, not doubled from 16
        // One body for every task: it finds its task by the codelet's index, and its predecessors in
        // the graph, so a million tasks share one lambda instead of one with a copied array each.
        io.edarts.api.CodeletBody<long[]> body = ctx -> {
            int me = ctx.index();
            long[] v = ctx.frame();
            long sum = 0;
            for (int k = 0, preds = g.predecessorCount(me); k < preds; k++) {
                sum += v[g.predecessor(me, k)];
            }
            v[me] = value(me, sum);
        };
        // A graph without names names its tasks by their ids, as the builder names a task declared
        // without one: no string per task. No handle is kept per task either; the edges go in one call.
        boolean named = g.hasNames();
        for (int t = 0; t < n; t++) {
            CodeletHandle h = (named ? b.task(g.name(t), body) : b.task(body)).cycles(g.cycles(t) * scale);
            var own = g.code(t);
            if (own.isPresent()) {
                h.code(own.get());
            } else {
                h.code(kernels[t % kernels.length]);
            }
            var aff = g.affinity(t);
            if (aff.isPresent()) {
                h.affinity(aff.getAsInt());
            }
        }
        b.precede(g.graph()); // task t precedes each of its successors, in the graph's order
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
