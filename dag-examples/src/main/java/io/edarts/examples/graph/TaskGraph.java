package io.edarts.examples.graph;

import io.edarts.api.Cost;
import io.edarts.api.graph.Digraph;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An immutable static task graph: tasks {@code 0..size()-1}, each with a processing time in cycles
 * and the tasks it must wait for; optionally a name, a code object and a core affinity per task.
 *
 * <h2>Design note: memory</h2>
 * Built to hold a million tasks with a few edges each in well under 100 MB, so there is no object
 * per task or per edge. Edges are stored twice in compressed sparse row form (predecessors as
 * given, successors derived): offsets {@code int[size+1]} and targets {@code int[edges]}. Per task
 * that is 8 bytes of cycles, 8 of offsets and 4 of topological order, plus 8 bytes per edge; a
 * million tasks with three edges each take about 44 MB. Names, when given, are packed UTF-8 with
 * an offset each; when absent, {@link #name} derives the decimal id. Code objects are interned
 * (tasks share a few functions) and referenced by an index per task, allocated only if any task has
 * code; likewise affinity.
 *
 * <h2>Validation</h2>
 * {@link Builder#build()} rejects an empty graph, unknown and duplicate predecessors, negative costs,
 * a cost or total work beyond {@link #MAX_CYCLES} (2^62, so the simulated clock cannot overflow) and
 * cycles, the last with the cycle spelled out. Readers attach the
 * file and line of each task, so the same checks give {@code file:line: task: problem} messages.
 * The dependency structure is a {@link Digraph} (codelet-api's one graph model): topological
 * order (Kahn's algorithm, FIFO, sources in id order, so it is deterministic), cycle and critical
 * path are computed there, once.
 */
public final class TaskGraph {
    /** Size assumed when a file names a function without giving its size. */
    public static final int DEFAULT_CODE_BYTES = CodeObject.DEFAULT_SIZE;
    /**
     * The largest processing time of one task and of all tasks together: {@link Cost#MAX_TOTAL}
     * (2^62), the bound the DSL holds codelets to, so the simulated clock cannot overflow.
     */
    public static final long MAX_CYCLES = Cost.MAX_TOTAL;

    private static final int CYCLE_PRINT_LIMIT = 20;

    private final String graphName;
    private final long[] cycles;
    private final int[] predOffsets;
    private final int[] preds;
    private final Digraph graph;        // successors, topological order, cycle and longest path
    private final byte[] nameBytes;     // null when the tasks are unnamed
    private final int[] nameOffsets;
    private final CodeObject[] codes;   // null when no task has code
    private final int[] codeIndex;      // -1: no code
    private final int[] affinity;       // null when no task has one; -1: none
    private final long totalWork;
    private final long criticalPath;

    private TaskGraph(Builder b) {
        int n = b.size;
        graphName = b.graphName;
        cycles = Arrays.copyOf(b.cycles, n);
        predOffsets = Arrays.copyOf(b.predOffsets, n + 1);
        preds = Arrays.copyOf(b.preds, b.edges);
        nameBytes = b.names == null ? null : b.names.packedBytes();
        nameOffsets = b.names == null ? null : b.names.packedOffsets();
        codes = b.codeIndex == null ? null : b.codes.toArray(new CodeObject[0]);
        codeIndex = b.codeIndex == null ? null : Arrays.copyOf(b.codeIndex, n);
        affinity = b.affinity == null ? null : Arrays.copyOf(b.affinity, n);

        if (n == 0) {
            throw GraphFormatException.at(b.source, 0, null, "the graph has no tasks: a graph needs at least one");
        }
        checkPredecessors(b);
        totalWork = sumCycles(b);
        graph = Digraph.ofPredecessors(predOffsets, preds);
        int[] cycle = graph.cycle().orElse(null);
        if (cycle != null) {
            throw cycleError(b, cycle);
        }
        criticalPath = graph.longestPath(cycles);   // at most totalWork, so it cannot overflow
    }

    /** A builder for graphs made in code; files are read by {@link StgFormat} and {@link JsonGraphFormat}. */
    public static Builder builder() {
        return new Builder(null, 16, 16);
    }

    /** Number of tasks. */
    public int size() {
        return cycles.length;
    }

    /** Number of dependency edges. */
    public int edgeCount() {
        return preds.length;
    }

    public Optional<String> graphName() {
        return Optional.ofNullable(graphName);
    }

    /** True if the tasks carry names (ids in the JSON format); false if names are the decimal ids. */
    public boolean hasNames() {
        return nameBytes != null;
    }

    /** The task's name, or its decimal id when the graph has no names. */
    public String name(int task) {
        Objects.checkIndex(task, size());
        if (nameBytes == null) {
            return Integer.toString(task);
        }
        int from = nameOffsets[task];
        return new String(nameBytes, from, nameOffsets[task + 1] - from, StandardCharsets.UTF_8);
    }

    /** Processing time in cycles. */
    public long cycles(int task) {
        return cycles[Objects.checkIndex(task, size())];
    }

    public int predecessorCount(int task) {
        Objects.checkIndex(task, size());
        return predOffsets[task + 1] - predOffsets[task];
    }

    /** The tasks that must finish before {@code task} starts, in the order given; a copy. */
    public int[] predecessors(int task) {
        Objects.checkIndex(task, size());
        return Arrays.copyOfRange(preds, predOffsets[task], predOffsets[task + 1]);
    }

    /** The {@code k}-th task {@code task} waits for, in the order given (no copy). */
    public int predecessor(int task, int k) {
        return preds[predOffsets[task] + Objects.checkIndex(k, predecessorCount(task))];
    }

    public int successorCount(int task) {
        return graph.successorCount(task);
    }

    /** The tasks waiting for {@code task}, in increasing id order; a copy. */
    public int[] successors(int task) {
        return graph.successors(task);
    }

    /** The dependency graph: an edge from each task to each task waiting for it. */
    public Digraph graph() {
        return graph;
    }

    public Optional<CodeObject> code(int task) {
        Objects.checkIndex(task, size());
        return codeIndex == null || codeIndex[task] < 0 ? Optional.empty() : Optional.of(codes[codeIndex[task]]);
    }

    /**
     * The core the task prefers, if any: a preference the scheduling policy weighs, not a pin (see
     * {@code CodeletHandle.affinity}).
     */
    public OptionalInt affinity(int task) {
        Objects.checkIndex(task, size());
        return affinity == null || affinity[task] < 0 ? OptionalInt.empty() : OptionalInt.of(affinity[task]);
    }

    /** Every task once, each after all its predecessors; deterministic for a given graph; a copy. */
    public int[] topologicalOrder() {
        return graph.topologicalOrder();
    }

    /** The largest sum of processing times along any path: the makespan on unboundedly many cores. */
    public long criticalPathCycles() {
        return criticalPath;
    }

    /** The sum of all processing times: the makespan on one core. */
    public long totalWorkCycles() {
        return totalWork;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskGraph g
                && Objects.equals(graphName, g.graphName)
                && Arrays.equals(cycles, g.cycles)
                && Arrays.equals(predOffsets, g.predOffsets)
                && Arrays.equals(preds, g.preds)
                && Arrays.equals(nameBytes, g.nameBytes)
                && Arrays.equals(nameOffsets, g.nameOffsets)
                && sameCode(g)
                && Arrays.equals(affinity, g.affinity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(graphName, Arrays.hashCode(cycles), Arrays.hashCode(preds), Arrays.hashCode(nameBytes));
    }

    @Override
    public String toString() {
        return "TaskGraph[" + (graphName == null ? "" : graphName + ", ") + size() + " tasks, "
                + edgeCount() + " edges, critical path " + criticalPath + " of " + totalWork + " cycles]";
    }

    // Code is interned per graph in order of first use, so compare what each task sees.
    private boolean sameCode(TaskGraph g) {
        if ((codes == null) != (g.codes == null)) {
            return false;
        }
        if (codes == null) {
            return true;
        }
        for (int t = 0; t < size(); t++) {
            if (!code(t).equals(g.code(t))) {
                return false;
            }
        }
        return true;
    }

    private void checkPredecessors(Builder b) {
        int n = size();
        int[] lastSeenBy = new int[n];   // task + 1 that last listed this predecessor
        for (int t = 0; t < n; t++) {
            for (int e = predOffsets[t]; e < predOffsets[t + 1]; e++) {
                int p = preds[e];
                if (p < 0 || p >= n) {
                    throw b.fail(t, "unknown predecessor " + p + " (task ids are 0.." + (n - 1) + ")");
                }
                if (lastSeenBy[p] == t + 1) {
                    throw b.fail(t, "predecessor " + b.describe(p) + " is listed twice");
                }
                lastSeenBy[p] = t + 1;
            }
        }
    }

    private long sumCycles(Builder b) {
        long sum = 0;
        for (int t = 0; t < cycles.length; t++) {
            // compared before adding: two tasks of MAX_CYCLES each would wrap a long
            if (cycles[t] > MAX_CYCLES - sum) {
                throw b.fail(t, "total processing time passes " + MAX_CYCLES + " (2^62) cycles, the limit for a graph,"
                        + " at this task's " + cycles[t] + " cycles (" + sum + " before it)");
            }
            sum += cycles[t];
        }
        return sum;
    }

    /** The message for a cycle, listed in execution order from its lowest id (the graph's choice). */
    private GraphFormatException cycleError(Builder b, int[] cycle) {
        StringBuilder sb = new StringBuilder("dependency cycle: ");
        int shown = Math.min(cycle.length, CYCLE_PRINT_LIMIT);
        for (int i = 0; i < shown; i++) {
            sb.append(label(cycle[i])).append(" -> ");
        }
        if (shown < cycle.length) {
            sb.append("... (").append(cycle.length - shown).append(" more) -> ");
        }
        sb.append(label(cycle[0]));
        return b.fail(cycle[0], sb.toString());
    }

    private String label(int task) {
        return nameBytes == null ? Integer.toString(task) : "'" + name(task) + "'";
    }

    /**
     * Collects tasks, then validates them all in {@link #build()}.
     *
     * <p>Tasks are numbered in the order they are added. Predecessors may name tasks not added yet;
     * they are checked when the graph is built. Either every task has a name or none has.
     */
    public static final class Builder {
        private final String source;    // file name for messages; null for graphs made in code
        private String graphName;
        private long[] cycles;
        private int[] predOffsets;
        private int[] preds;
        private int size;
        private int edges;
        private NameTable names;
        private int[] lines;
        private int pendingLine;
        private int[] codeIndex;
        private final List<CodeObject> codes = new ArrayList<>();
        private final Map<String, Integer> codeByName = new HashMap<>();
        private int[] affinity;

        Builder(String source, int expectedTasks, int expectedEdges) {
            this.source = source;
            int cap = Math.max(16, expectedTasks);
            cycles = new long[cap];
            predOffsets = new int[cap + 1];
            preds = new int[Math.max(16, expectedEdges)];
            lines = source == null ? null : new int[cap];
        }

        /** Names the whole graph, for reports. */
        public Builder graphName(String name) {
            this.graphName = name;
            return this;
        }

        /**
         * Adds an unnamed task.
         *
         * @return its id
         * @throws GraphFormatException if {@code cycles} is negative or earlier tasks have names
         */
        public int addTask(long cycles, int... predecessors) {
            return addTask(null, cycles, predecessors, predecessors.length);
        }

        /**
         * Adds a named task.
         *
         * @return its id
         * @throws GraphFormatException if {@code cycles} is negative, the name is blank or taken, or
         *                              earlier tasks have no names
         */
        public int addTask(String name, long cycles, int... predecessors) {
            return addTask(Objects.requireNonNull(name, "name"), cycles, predecessors, predecessors.length);
        }

        /**
         * Gives a task its code.
         *
         * @throws GraphFormatException if another task uses a function of the same name with a
         *                              different size or placement
         */
        public Builder code(int task, CodeObject code) {
            Objects.checkIndex(task, size);
            Integer known = codeByName.get(code.name());
            if (known == null) {
                known = codes.size();
                codes.add(code);
                codeByName.put(code.name(), known);
            } else if (!codes.get(known).equals(code)) {
                CodeObject k = codes.get(known);
                throw fail(task, "code '" + code.name() + "' is " + code.sizeBytes() + " bytes, "
                        + lower(code.placement()) + " here but " + k.sizeBytes() + " bytes, "
                        + lower(k.placement()) + " where first used");
            }
            if (codeIndex == null) {
                codeIndex = new int[cycles.length];
                Arrays.fill(codeIndex, -1);
            }
            codeIndex[task] = known;
            return this;
        }

        /**
         * Gives a task a preferred core. Whether the core exists and is a CU is checked against the
         * machine before the run.
         *
         * @throws GraphFormatException if {@code core} is negative
         */
        public Builder affinity(int task, int core) {
            Objects.checkIndex(task, size);
            if (core < 0) {
                throw fail(task, "affinity " + core + " is negative: expected a core index >= 0");
            }
            if (affinity == null) {
                affinity = new int[cycles.length];
                Arrays.fill(affinity, -1);
            }
            affinity[task] = core;
            return this;
        }

        /**
         * @throws GraphFormatException for no tasks, an unknown or repeated predecessor, a cycle (the
         *                              message lists it) or a total work beyond {@link #MAX_CYCLES}
         */
        public TaskGraph build() {
            return new TaskGraph(this);
        }

        /** Number of tasks added so far. */
        int size() {
            return size;
        }

        /** Sets the line that the next task added comes from, for messages. */
        void line(int line) {
            pendingLine = line;
        }

        int lineOf(int task) {
            return lines == null ? 0 : lines[task];
        }

        /** How a message names the task being added: made only when one is thrown, not per task. */
        private static String who(String name, int t) {
            return name == null ? "task " + t : "task '" + name + "'";
        }

        int addTask(String name, long taskCycles, int[] predecessors, int count) {
            int t = size;
            // Every check comes before any change, so a rejected task leaves the builder as it was.
            if (taskCycles < 0) {
                throw GraphFormatException.at(source, pendingLine, who(name, t),
                        "negative processing time " + taskCycles + " cycles");
            }
            if (taskCycles > MAX_CYCLES) {
                throw GraphFormatException.at(source, pendingLine, who(name, t), "processing time " + taskCycles
                        + " cycles exceeds the limit of " + MAX_CYCLES + " (2^62) cycles");
            }
            if (name == null && names != null) {
                throw GraphFormatException.at(source, pendingLine, who(name, t),
                        "has no name but earlier tasks have: name every task or none");
            }
            if (name != null && names == null && t > 0) {
                throw GraphFormatException.at(source, pendingLine, who(name, t),
                        "has a name but earlier tasks have none: name every task or none");
            }
            if (name != null && name.isBlank()) {
                throw GraphFormatException.at(source, pendingLine, who(name, t), "name is blank");
            }
            if (t == Integer.MAX_VALUE - 8 || edges > Integer.MAX_VALUE - 8 - count) {
                throw GraphFormatException.at(source, pendingLine, who(name, t), "too many tasks or edges for one graph");
            }
            if (name != null) {
                if (names == null) {
                    names = new NameTable(cycles.length);
                }
                int index = names.addIfAbsent(name);
                if (index < 0) {
                    int first = -1 - index;
                    throw GraphFormatException.at(source, pendingLine, who(name, t), "duplicate id: also task " + first
                            + (lineOf(first) > 0 ? " at line " + lineOf(first) : ""));
                }
            }
            ensureTaskCapacity(t + 1);
            if (lines != null) {
                lines[t] = pendingLine;
            }
            cycles[t] = taskCycles;
            if (edges + count > preds.length) {
                preds = Arrays.copyOf(preds, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max(edges + count, 2L * preds.length)));
            }
            System.arraycopy(predecessors, 0, preds, edges, count);
            edges += count;
            predOffsets[t + 1] = edges;
            size++;
            return t;
        }

        /** Replaces every predecessor p by map[p]: the JSON reader numbers ids before it sees them defined. */
        void remapPredecessors(int[] map) {
            for (int e = 0; e < edges; e++) {
                preds[e] = map[preds[e]];
            }
        }

        GraphFormatException fail(int task, String problem) {
            return GraphFormatException.at(source, lineOf(task), describe(task), problem);
        }

        String describe(int task) {
            return names == null || task >= size ? "task " + task : "task '" + names.get(task) + "'";
        }

        private void ensureTaskCapacity(int needed) {
            if (needed <= cycles.length) {
                return;
            }
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * cycles.length));
            cycles = Arrays.copyOf(cycles, cap);
            predOffsets = Arrays.copyOf(predOffsets, cap + 1);
            if (lines != null) {
                lines = Arrays.copyOf(lines, cap);
            }
            if (codeIndex != null) {
                int old = codeIndex.length;
                codeIndex = Arrays.copyOf(codeIndex, cap);
                Arrays.fill(codeIndex, old, cap, -1);
            }
            if (affinity != null) {
                int old = affinity.length;
                affinity = Arrays.copyOf(affinity, cap);
                Arrays.fill(affinity, old, cap, -1);
            }
        }

        private static String lower(Placement p) {
            return p.label();
        }
    }
}
