package io.edarts.examples.graph;

import java.util.SplittableRandom;

/**
 * Seeded layered random DAGs, the usual synthetic workload for DAG schedulers.
 *
 * <p>Tasks are laid out in layers of random width, numbered layer by layer. A task in the first
 * layer is a source; a task in any later layer has between 1 and {@code maxPredecessors}
 * predecessors, distinct, drawn uniformly from the previous {@code windowLayers} layers, at least
 * one of them from the layer just before (so a task's layer is its depth). Costs are uniform in
 * {@code minCycles..maxCycles}. Every draw comes from one {@link SplittableRandom} in a fixed
 * order, so a seed and parameters give the same graph on every JVM.
 *
 * <p>Predecessor ids are always lower than the task's id, so the ids are a topological order.
 */
public final class RandomDag {
    /** The largest graph generated: ten million tasks, which take about 360 MB. */
    public static final int MAX_CODELETS = 10_000_000;

    /**
     * Shape and cost parameters.
     *
     * @param minWidth        fewest tasks in a layer (the last layer may have fewer: what is left)
     * @param maxWidth        most tasks in a layer
     * @param maxPredecessors most predecessors of a task, 1..64
     * @param windowLayers    how many earlier layers predecessors are drawn from
     * @param minCycles       least processing time of a task
     * @param maxCycles       greatest processing time, at most {@link #MAX_TASK_CYCLES}
     */
    public record Params(int minWidth, int maxWidth, int maxPredecessors, int windowLayers,
                         long minCycles, long maxCycles) {
        /** Caps a task's cost so that a million of them stay within the graph bound {@link TaskGraph#MAX_CYCLES}. */
        public static final long MAX_TASK_CYCLES = TaskGraph.MAX_CYCLES / MAX_CODELETS;

        /**
         * Layers of 1..64 tasks: on average 32, twice the 16 cores of the Parallella's E16, so a
         * scheduler has a choice but the graph is far from embarrassingly parallel. Up to 3
         * predecessors from the last 2 layers (2 on average). 200..2000 cycles per task: a few
         * hundred instructions, fine-grain codelets as in the eDARTS study, and in the range where
         * tens of cycles of scheduling and mesh latency matter.
         */
        public static final Params DEFAULTS = new Params(1, 64, 3, 2, 200, 2000);

        /** @throws IllegalArgumentException naming the offending value */
        public Params {
            if (minWidth < 1 || maxWidth < minWidth) {
                throw new IllegalArgumentException("layer width " + minWidth + ".." + maxWidth
                        + ": expected 1 <= minWidth <= maxWidth");
            }
            if (maxPredecessors < 1 || maxPredecessors > 64) {
                throw new IllegalArgumentException("maxPredecessors " + maxPredecessors + ": expected 1..64");
            }
            if (windowLayers < 1) {
                throw new IllegalArgumentException("windowLayers " + windowLayers + ": expected >= 1");
            }
            if (minCycles < 0 || maxCycles < minCycles || maxCycles > MAX_TASK_CYCLES) {
                throw new IllegalArgumentException("cycles " + minCycles + ".." + maxCycles
                        + ": expected 0 <= minCycles <= maxCycles <= " + MAX_TASK_CYCLES);
            }
        }
    }

    private RandomDag() {
    }

    /** {@link #generate(int, long, Params)} with {@link Params#DEFAULTS}. */
    public static TaskGraph generate(int codelets, long seed) {
        return generate(codelets, seed, Params.DEFAULTS);
    }

    /**
     * @param codelets number of tasks, 1..{@link #MAX_CODELETS}
     * @throws IllegalArgumentException if {@code codelets} is out of range
     */
    public static TaskGraph generate(int codelets, long seed, Params params) {
        if (codelets < 1 || codelets > MAX_CODELETS) {
            throw new IllegalArgumentException("codelets " + codelets + ": expected 1.." + MAX_CODELETS);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        // Mean predecessors per task is (1 + max) / 2 when layers are wide; 1% slack so that the
        // edge array is not doubled for a little bad luck.
        long expectedEdges = (long) codelets * (1 + params.maxPredecessors()) / 2;
        expectedEdges += expectedEdges / 100 + 1024;
        TaskGraph.Builder b = new TaskGraph.Builder(null, codelets, (int) Math.min(Integer.MAX_VALUE - 8, expectedEdges));
        b.graphName("random-" + codelets + "-seed-" + seed);
        // layerStart[i] is the first task of the i-th most recent layer, for the window.
        int window = params.windowLayers();
        int[] layerStart = new int[window + 1];
        int layers = 0;
        int[] preds = new int[params.maxPredecessors()];
        int next = 0;
        while (next < codelets) {
            int width = Math.min(codelets - next, rnd.nextInt(params.minWidth(), params.maxWidth() + 1));
            int prevStart = layers > 0 ? layerStart[0] : next;
            int windowStart = layers == 0 ? next : layerStart[Math.min(layers, window) - 1];
            for (int t = next; t < next + width; t++) {
                long cost = rnd.nextLong(params.minCycles(), params.maxCycles() + 1);
                int count = 0;
                if (layers > 0) {
                    count = drawPredecessors(rnd, windowStart, next, prevStart, params.maxPredecessors(), preds);
                }
                b.addTask(null, cost, preds, count);
            }
            // Shift the window: the new layer becomes the most recent.
            System.arraycopy(layerStart, 0, layerStart, 1, window);
            layerStart[0] = next;
            layers++;
            next += width;
        }
        return b.build();
    }

    /**
     * Draws distinct predecessors from tasks {@code from..to-1} into {@code out}, sorted, with at
     * least one in the previous layer {@code prev..to-1}; returns how many.
     */
    private static int drawPredecessors(SplittableRandom rnd, int from, int to, int prev, int max, int[] out) {
        int range = to - from;
        int count = rnd.nextInt(1, Math.min(max, range) + 1);
        // Floyd's algorithm: exactly count draws, no rejection, whatever count is next to range.
        for (int j = range - count, n = 0; j < range; j++, n++) {
            int v = from + rnd.nextInt(j + 1);
            out[n] = contains(out, n, v) ? from + j : v;
        }
        boolean touchesPrev = false;
        for (int i = 0; i < count; i++) {
            touchesPrev |= out[i] >= prev;
        }
        if (!touchesPrev) {
            // Nothing drawn lies in the previous layer, so any task of it is new to the set.
            out[0] = prev + rnd.nextInt(to - prev);
        }
        insertionSort(out, count);
        return count;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    private static void insertionSort(int[] a, int n) {
        for (int i = 1; i < n; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
}
