package io.edarts.api.graph;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable directed graph on vertices {@code 0..size()-1}: the one place where the project
 * computes a topological order, finds a cycle and measures longest paths. The DSL's
 * {@code TpDefinition} (codelets and sync slots as vertices), the task-graph readers and the
 * scheduler's critical-path priorities all go through it.
 *
 * <h2>Design note</h2>
 * Successors are held in compressed sparse row form (offsets {@code int[size+1]}, targets
 * {@code int[edges]}), so a million vertices cost a few megabytes and no object each. Everything is
 * computed from successors only: Kahn's algorithm (FIFO, sources in increasing id, successors in
 * stored order, so the order is the same on every run) runs once in the factory; when it cannot
 * place every vertex, an iterative depth-first search over successors names one cycle. Longest
 * paths relax in topological order with {@link Math#addExact}, so a sum that does not fit a
 * {@code long} throws instead of wrapping. Parallel edges are allowed and counted as given.
 */
public final class Digraph {
    private final int[] offsets;
    private final int[] targets;
    private final int[] order;   // topological order; null when the graph has a cycle
    private final int[] cycle;   // one cycle, in edge order, lowest vertex first; null when acyclic

    private Digraph(int[] offsets, int[] targets) {
        this.offsets = offsets;
        this.targets = targets;
        int n = offsets.length - 1;
        int[] o = new int[n];
        int placed = kahn(o);
        if (placed == n) {
            this.order = o;
            this.cycle = null;
        } else {
            this.order = null;
            this.cycle = findCycle();
        }
    }

    /**
     * A graph given by its successor lists: vertex {@code v}'s successors are
     * {@code targets[offsets[v] .. offsets[v+1]-1]}. The arrays are copied ({@code targets} may be
     * longer than {@code offsets[n]}).
     *
     * @throws IllegalArgumentException if the offsets are empty, decrease or exceed {@code targets},
     *                                  or a target is not a vertex
     */
    public static Digraph ofSuccessors(int[] offsets, int[] targets) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(targets, "targets");
        checkOffsets(offsets, targets.length);
        int n = offsets.length - 1;
        int[] t = Arrays.copyOf(targets, offsets[n]);
        for (int e = 0; e < t.length; e++) {
            if (t[e] < 0 || t[e] >= n) {
                throw new IllegalArgumentException("edge " + e + " leads to " + t[e] + ": vertices are 0.." + (n - 1));
            }
        }
        return new Digraph(Arrays.copyOf(offsets, n + 1), t);
    }

    /**
     * A graph given by its predecessor lists: vertex {@code v} waits for
     * {@code sources[offsets[v] .. offsets[v+1]-1]}. Each vertex's successors come out in increasing
     * id order.
     *
     * @throws IllegalArgumentException as {@link #ofSuccessors}
     */
    public static Digraph ofPredecessors(int[] offsets, int[] sources) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(sources, "sources");
        checkOffsets(offsets, sources.length);
        int n = offsets.length - 1;
        int edges = offsets[n];
        int[] succOffsets = new int[n + 1];
        for (int e = 0; e < edges; e++) {
            int p = sources[e];
            if (p < 0 || p >= n) {
                throw new IllegalArgumentException("edge " + e + " comes from " + p + ": vertices are 0.." + (n - 1));
            }
            succOffsets[p + 1]++;
        }
        for (int v = 0; v < n; v++) {
            succOffsets[v + 1] += succOffsets[v];
        }
        // Counting sort by predecessor, visiting waiting vertices in increasing id.
        int[] succs = new int[edges];
        int[] next = Arrays.copyOf(succOffsets, n);
        for (int v = 0; v < n; v++) {
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                succs[next[sources[e]]++] = v;
            }
        }
        return new Digraph(succOffsets, succs);
    }

    /** Number of vertices. */
    public int size() {
        return offsets.length - 1;
    }

    /** Number of edges. */
    public int edgeCount() {
        return targets.length;
    }

    public int successorCount(int v) {
        Objects.checkIndex(v, size());
        return offsets[v + 1] - offsets[v];
    }

    /** The {@code k}-th successor of {@code v}. */
    public int successor(int v, int k) {
        Objects.checkIndex(k, successorCount(v));
        return targets[offsets[v] + k];
    }

    /** The successors of {@code v} in stored order; a copy. */
    public int[] successors(int v) {
        Objects.checkIndex(v, size());
        return Arrays.copyOfRange(targets, offsets[v], offsets[v + 1]);
    }

    public boolean isAcyclic() {
        return order != null;
    }

    /**
     * One cycle, if there is any: vertices in edge order (each has an edge to the next, the last to
     * the first), starting from its lowest vertex, so the same graph always names the same cycle.
     */
    public Optional<int[]> cycle() {
        return cycle == null ? Optional.empty() : Optional.of(cycle.clone());
    }

    /**
     * Every vertex once, each after all its predecessors; a copy.
     *
     * @throws IllegalStateException if the graph has a cycle (the message lists it)
     */
    public int[] topologicalOrder() {
        return requireAcyclic().clone();
    }

    /**
     * For each vertex, the largest sum of weights along a path that ends at it, its own weight
     * included: its finish time on unboundedly many processors.
     *
     * @param weights one per vertex
     * @throws IllegalArgumentException if {@code weights} has the wrong length
     * @throws IllegalStateException    if the graph has a cycle
     * @throws ArithmeticException      if a path's sum does not fit a {@code long}
     */
    public long[] longestPathsEndingAt(long[] weights) {
        int[] o = requireAcyclic();
        checkWeights(weights);
        long[] start = new long[size()];
        long[] finish = new long[size()];
        for (int v : o) {
            finish[v] = Math.addExact(start[v], weights[v]);
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                start[targets[e]] = Math.max(start[targets[e]], finish[v]);
            }
        }
        return finish;
    }

    /**
     * For each vertex, the largest sum of weights along a path that starts at it, its own weight
     * included (its "bottom level", the priority of critical-path list scheduling).
     *
     * @throws IllegalArgumentException if {@code weights} has the wrong length
     * @throws IllegalStateException    if the graph has a cycle
     * @throws ArithmeticException      if a path's sum does not fit a {@code long}
     */
    public long[] longestPathsStartingAt(long[] weights) {
        int[] o = requireAcyclic();
        checkWeights(weights);
        long[] level = new long[size()];
        for (int x = o.length - 1; x >= 0; x--) {
            int v = o[x];
            long best = 0;
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                best = Math.max(best, level[targets[e]]);
            }
            level[v] = Math.addExact(best, weights[v]);
        }
        return level;
    }

    /**
     * The largest sum of weights along any path (the critical path), 0 for an empty graph.
     *
     * @throws IllegalArgumentException if {@code weights} has the wrong length
     * @throws IllegalStateException    if the graph has a cycle
     * @throws ArithmeticException      if a path's sum does not fit a {@code long}
     */
    public long longestPath(long[] weights) {
        long best = 0;
        for (long f : longestPathsEndingAt(weights)) {
            best = Math.max(best, f);
        }
        return best;
    }

    @Override
    public String toString() {
        return "Digraph[" + size() + " vertices, " + edgeCount() + " edges"
                + (cycle == null ? "" : ", cyclic: " + Arrays.toString(cycle)) + "]";
    }

    private int[] requireAcyclic() {
        if (order == null) {
            throw new IllegalStateException("the graph has a cycle: " + Arrays.toString(cycle));
        }
        return order;
    }

    private void checkWeights(long[] weights) {
        if (weights == null || weights.length != size()) {
            throw new IllegalArgumentException("expected " + size() + " weights, got "
                    + (weights == null ? "null" : Integer.toString(weights.length)));
        }
    }

    private static void checkOffsets(int[] offsets, int available) {
        if (offsets.length == 0 || offsets[0] != 0) {
            throw new IllegalArgumentException("offsets must start with 0 (one entry per vertex plus one)");
        }
        for (int v = 0; v + 1 < offsets.length; v++) {
            if (offsets[v + 1] < offsets[v]) {
                throw new IllegalArgumentException("offsets decrease at vertex " + v);
            }
        }
        if (offsets[offsets.length - 1] > available) {
            throw new IllegalArgumentException("offsets name " + offsets[offsets.length - 1] + " edges but "
                    + available + " are given");
        }
    }

    /** Fills {@code o} with Kahn's order and returns how many vertices it placed. */
    private int kahn(int[] o) {
        int n = size();
        int[] waiting = new int[n];
        for (int t : targets) {
            waiting[t]++;
        }
        int tail = 0;
        for (int v = 0; v < n; v++) {
            if (waiting[v] == 0) {
                o[tail++] = v;
            }
        }
        for (int head = 0; head < tail; head++) {
            int v = o[head];
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                if (--waiting[targets[e]] == 0) {
                    o[tail++] = targets[e];
                }
            }
        }
        return tail;
    }

    /** Iterative depth-first search from each vertex in id order; the first back edge closes a cycle. */
    private int[] findCycle() {
        int n = size();
        byte[] state = new byte[n];     // 0 unvisited, 1 on the stack, 2 done
        int[] stack = new int[n];
        int[] nextEdge = new int[n];
        for (int root = 0; root < n; root++) {
            if (state[root] != 0) {
                continue;
            }
            int depth = 0;
            stack[depth++] = root;
            state[root] = 1;
            nextEdge[root] = offsets[root];
            while (depth > 0) {
                int v = stack[depth - 1];
                if (nextEdge[v] == offsets[v + 1]) {
                    state[v] = 2;
                    depth--;
                    continue;
                }
                int w = targets[nextEdge[v]++];
                if (state[w] == 0) {
                    state[w] = 1;
                    nextEdge[w] = offsets[w];
                    stack[depth++] = w;
                } else if (state[w] == 1) {
                    int from = depth - 1;
                    while (stack[from] != w) {
                        from--;
                    }
                    int[] c = Arrays.copyOfRange(stack, from, depth);
                    int lowest = 0;
                    for (int i = 1; i < c.length; i++) {
                        if (c[i] < c[lowest]) {
                            lowest = i;
                        }
                    }
                    int[] rotated = new int[c.length];
                    for (int i = 0; i < c.length; i++) {
                        rotated[i] = c[(lowest + i) % c.length];
                    }
                    return rotated;
                }
            }
        }
        throw new AssertionError("Kahn's algorithm left vertices but no cycle was found");
    }
}
