package io.edarts.examples.bench;

import io.edarts.examples.graph.TaskGraph;
import io.edarts.examples.programs.GraphProgram;
import java.util.Objects;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The native baseline of the benchmark: a task graph's bodies ({@link GraphProgram#value} over the
 * sum of the predecessors' values) run directly on a {@link ForkJoinPool}, with no simulated machine
 * in between. It is what the same dataflow costs when the host does it as fast as it plainly can,
 * so the simulator's host time can be quoted as a multiple of it.
 *
 * <h2>Design note</h2>
 * The graph is copied once, by {@link #prepare}, into compressed sparse rows (predecessors and
 * successors) and an array of predecessor counts, so that {@link #execute} allocates only what a
 * run needs: the values and an {@link AtomicIntegerArray} of remaining-predecessor counts. Sources
 * are forked first; a finishing task decrements each successor's count and forks those that reach
 * zero, except the last one, which it runs itself (saving a fork per chain). The decrement is a
 * volatile read-modify-write, so the successor's reads of its predecessors' values happen after
 * their writes.
 *
 * <p>Each forked task is a {@link CountedCompleter} whose parent is the task that forked it, the
 * root being the one that forked the sources; a task completes when it and everything it forked
 * have, so the root completes exactly when every task has run and {@link ForkJoinPool#invoke}
 * returns then, without polling. A body that throws completes the root exceptionally.
 *
 * <p>Instances are immutable and may run concurrently on several pools.
 */
public final class NativeBaseline {
    private final int size;
    private final int[] predOffsets;
    private final int[] preds;
    private final int[] succOffsets;
    private final int[] succs;
    private final int[] predCounts;
    private final int[] sources;

    private NativeBaseline(TaskGraph g) {
        size = g.size();
        predOffsets = new int[size + 1];
        succOffsets = new int[size + 1];
        predCounts = new int[size];
        preds = new int[g.edgeCount()];
        succs = new int[g.edgeCount()];
        int sourceCount = 0;
        for (int t = 0; t < size; t++) {
            int[] p = g.predecessors(t);
            System.arraycopy(p, 0, preds, predOffsets[t], p.length);
            predOffsets[t + 1] = predOffsets[t] + p.length;
            predCounts[t] = p.length;
            int[] s = g.successors(t);
            System.arraycopy(s, 0, succs, succOffsets[t], s.length);
            succOffsets[t + 1] = succOffsets[t] + s.length;
            if (p.length == 0) {
                sourceCount++;
            }
        }
        sources = new int[sourceCount];
        for (int t = 0, i = 0; t < size; t++) {
            if (predCounts[t] == 0) {
                sources[i++] = t;
            }
        }
    }

    /** Copies {@code g}'s structure into the baseline's own arrays; untimed set-up. */
    public static NativeBaseline prepare(TaskGraph g) {
        return new NativeBaseline(Objects.requireNonNull(g, "graph"));
    }

    /** Number of tasks. */
    public int size() {
        return size;
    }

    /**
     * Runs every task once on {@code pool} and returns the values, indexed by task; equal to
     * {@link GraphProgram#reference} whatever the pool's parallelism.
     *
     * @throws NullPointerException if {@code pool} is null
     * @throws RuntimeException     whatever a body threw (none of {@link GraphProgram#value} does)
     */
    public long[] execute(ForkJoinPool pool) {
        Objects.requireNonNull(pool, "pool");
        Run run = new Run(new long[size], new AtomicIntegerArray(predCounts));
        pool.invoke(new Root(run));
        return run.values;
    }

    /**
     * Runs every task once on a fresh pool of {@code parallelism} threads, shut down afterwards.
     *
     * @throws IllegalArgumentException if {@code parallelism} is not positive
     */
    public long[] execute(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism " + parallelism + ": expected >= 1");
        }
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            return execute(pool);
        } finally {
            pool.shutdown();
        }
    }

    /** The state of one execution. */
    private record Run(long[] values, AtomicIntegerArray remaining) {}

    private final class Root extends CountedCompleter<Void> {
        private final Run run;

        Root(Run run) {
            this.run = run;
        }

        @Override
        public void compute() {
            setPendingCount(sources.length);
            for (int s : sources) {
                new Node(this, run, s).fork();
            }
            tryComplete();
        }
    }

    private final class Node extends CountedCompleter<Void> {
        private final Run run;
        private final int first;

        Node(CountedCompleter<?> parent, Run run, int first) {
            super(parent);
            this.run = run;
            this.first = first;
        }

        @Override
        public void compute() {
            long[] v = run.values;
            AtomicIntegerArray remaining = run.remaining;
            int t = first;
            while (t >= 0) {
                long sum = 0;
                for (int e = predOffsets[t]; e < predOffsets[t + 1]; e++) {
                    sum += v[preds[e]];
                }
                v[t] = GraphProgram.value(t, sum);
                int next = -1;
                for (int e = succOffsets[t]; e < succOffsets[t + 1]; e++) {
                    int s = succs[e];
                    if (remaining.decrementAndGet(s) == 0) {
                        if (next >= 0) {
                            addToPendingCount(1);
                            new Node(this, run, next).fork();
                        }
                        next = s;
                    }
                }
                t = next;
            }
            tryComplete();
        }
    }
}
