package io.edarts.examples.graph;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 * {@link Builder#build()} rejects unknown and duplicate predecessors, negative costs, a total work
 * that overflows a {@code long} and cycles, the last with the cycle spelled out. Readers attach the
 * file and line of each task, so the same checks give {@code file:line: task: problem} messages.
 * The topological order (Kahn's algorithm, FIFO, sources in id order, so it is deterministic), the
 * total work and the critical path are computed once, there.
 */
public final class TaskGraph {
    /** Where a task's code lives, as COPRTHR-2's placement qualifiers plus the eSDK code cache. */
    public enum Placement {
        /** Resident in each core's local memory. */
        LOCAL,
        /** In external memory, executed in place. */
        GLOBAL,
        /** In external memory, copied to a local region on first call through a jump table. */
        DYNAMIC,
        /** Moved in and out of local memory by the software code cache. */
        CACHED
    }

    /**
     * The function a task runs. Tasks naming the same function share its code, so all uses of a
     * name must agree on size and placement.
     *
     * @param name      function name, not blank
     * @param bytes     size of its instructions, 1..32768 (a core's local memory is 32 KB)
     * @param placement where it lives
     */
    public record Code(String name, int bytes, Placement placement) {
        /** Size assumed when a file names a function without giving its size. */
        public static final int DEFAULT_BYTES = 256;
        /** The largest function: a core's whole 32 KB local memory. */
        public static final int MAX_BYTES = 32 * 1024;

        /** @throws IllegalArgumentException for a blank name, a size outside 1..32768, a null placement */
        public Code {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("code name is blank: '" + name + "'");
            }
            if (bytes < 1 || bytes > MAX_BYTES) {
                throw new IllegalArgumentException("code '" + name + "' has " + bytes
                        + " bytes: expected 1.." + MAX_BYTES);
            }
            if (placement == null) {
                throw new IllegalArgumentException("code '" + name + "' has no placement");
            }
        }
    }

    private static final int CYCLE_PRINT_LIMIT = 20;

    private final String graphName;
    private final long[] cycles;
    private final int[] predOffsets;
    private final int[] preds;
    private final int[] succOffsets;
    private final int[] succs;
    private final int[] topoOrder;
    private final byte[] nameBytes;     // null when the tasks are unnamed
    private final int[] nameOffsets;
    private final Code[] codes;         // null when no task has code
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
        codes = b.codeIndex == null ? null : b.codes.toArray(new Code[0]);
        codeIndex = b.codeIndex == null ? null : Arrays.copyOf(b.codeIndex, n);
        affinity = b.affinity == null ? null : Arrays.copyOf(b.affinity, n);

        checkPredecessors(b);
        totalWork = sumCycles(b);
        succOffsets = new int[n + 1];
        succs = new int[preds.length];
        deriveSuccessors();
        topoOrder = new int[n];
        int placed = kahn();
        if (placed < n) {
            throw cycleError(b, placed);
        }
        criticalPath = longestPath();
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

    public int successorCount(int task) {
        Objects.checkIndex(task, size());
        return succOffsets[task + 1] - succOffsets[task];
    }

    /** The tasks waiting for {@code task}, in increasing id order; a copy. */
    public int[] successors(int task) {
        Objects.checkIndex(task, size());
        return Arrays.copyOfRange(succs, succOffsets[task], succOffsets[task + 1]);
    }

    public Optional<Code> code(int task) {
        Objects.checkIndex(task, size());
        return codeIndex == null || codeIndex[task] < 0 ? Optional.empty() : Optional.of(codes[codeIndex[task]]);
    }

    /** The core the task must run on, if it is pinned. */
    public OptionalInt affinity(int task) {
        Objects.checkIndex(task, size());
        return affinity == null || affinity[task] < 0 ? OptionalInt.empty() : OptionalInt.of(affinity[task]);
    }

    /** Every task once, each after all its predecessors; deterministic for a given graph; a copy. */
    public int[] topologicalOrder() {
        return topoOrder.clone();
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
            try {
                sum = Math.addExact(sum, cycles[t]);
            } catch (ArithmeticException e) {
                throw b.fail(t, "total work overflows a long at this task's " + cycles[t] + " cycles");
            }
        }
        return sum;
    }

    // Counting sort by predecessor: successor lists come out in increasing id order.
    private void deriveSuccessors() {
        int n = size();
        for (int p : preds) {
            succOffsets[p + 1]++;
        }
        for (int i = 0; i < n; i++) {
            succOffsets[i + 1] += succOffsets[i];
        }
        int[] next = Arrays.copyOf(succOffsets, n);
        for (int t = 0; t < n; t++) {
            for (int e = predOffsets[t]; e < predOffsets[t + 1]; e++) {
                succs[next[preds[e]]++] = t;
            }
        }
    }

    /** Fills topoOrder and returns how many tasks it placed: fewer than size() means a cycle. */
    private int kahn() {
        int n = size();
        int[] waiting = new int[n];
        int tail = 0;
        for (int t = 0; t < n; t++) {
            waiting[t] = predOffsets[t + 1] - predOffsets[t];
            if (waiting[t] == 0) {
                topoOrder[tail++] = t;
            }
        }
        for (int head = 0; head < tail; head++) {
            int t = topoOrder[head];
            for (int e = succOffsets[t]; e < succOffsets[t + 1]; e++) {
                if (--waiting[succs[e]] == 0) {
                    topoOrder[tail++] = succs[e];
                }
            }
        }
        return tail;
    }

    private long longestPath() {
        long[] finish = new long[size()];
        long longest = 0;
        for (int t : topoOrder) {
            long start = 0;
            for (int e = predOffsets[t]; e < predOffsets[t + 1]; e++) {
                start = Math.max(start, finish[preds[e]]);
            }
            finish[t] = start + cycles[t];
            longest = Math.max(longest, finish[t]);
        }
        return longest;
    }

    /**
     * Names one cycle among the tasks Kahn's algorithm could not place. Each of them still waits for
     * another of them, so walking predecessors within that set must come back to a task already
     * seen; the tasks from there on form a cycle.
     */
    private GraphFormatException cycleError(Builder b, int placedCount) {
        int n = size();
        boolean[] placed = new boolean[n];
        for (int i = 0; i < placedCount; i++) {
            placed[topoOrder[i]] = true;
        }
        int start = 0;
        while (placed[start]) {
            start++;
        }
        int[] step = new int[n];        // 1-based position on the walk; 0 if not visited
        int[] walk = new int[n];
        int len = 0;
        int t = start;
        while (step[t] == 0) {
            step[t] = ++len;
            walk[len - 1] = t;
            int next = -1;
            for (int e = predOffsets[t]; e < predOffsets[t + 1]; e++) {
                if (!placed[preds[e]]) {
                    next = preds[e];
                    break;
                }
            }
            t = next;
        }
        // walk[step[t]-1 .. len-1] is the cycle, each entry waiting for the next; reverse it so that
        // it reads in execution order, and start from its lowest id so the message is stable.
        int[] cycle = new int[len - step[t] + 1];
        for (int i = 0; i < cycle.length; i++) {
            cycle[i] = walk[len - 1 - i];
        }
        int lowest = 0;
        for (int i = 1; i < cycle.length; i++) {
            if (cycle[i] < cycle[lowest]) {
                lowest = i;
            }
        }
        StringBuilder sb = new StringBuilder("dependency cycle: ");
        int shown = Math.min(cycle.length, CYCLE_PRINT_LIMIT);
        for (int i = 0; i < shown; i++) {
            sb.append(label(cycle[(lowest + i) % cycle.length])).append(" -> ");
        }
        if (shown < cycle.length) {
            sb.append("... (").append(cycle.length - shown).append(" more) -> ");
        }
        sb.append(label(cycle[lowest]));
        return b.fail(cycle[lowest], sb.toString());
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
        private final List<Code> codes = new ArrayList<>();
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
        public Builder code(int task, Code code) {
            Objects.checkIndex(task, size);
            Integer known = codeByName.get(code.name());
            if (known == null) {
                known = codes.size();
                codes.add(code);
                codeByName.put(code.name(), known);
            } else if (!codes.get(known).equals(code)) {
                Code k = codes.get(known);
                throw fail(task, "code '" + code.name() + "' is " + code.bytes() + " bytes, "
                        + lower(code.placement()) + " here but " + k.bytes() + " bytes, "
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
         * Pins a task to a core. Whether the core exists is checked against the machine at run time.
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
         * @throws GraphFormatException for an unknown or repeated predecessor, a cycle (the message
         *                              lists it) or a total work beyond {@code Long.MAX_VALUE}
         */
        public TaskGraph build() {
            return new TaskGraph(this);
        }

        /** Sets the line that the next task added comes from, for messages. */
        void line(int line) {
            pendingLine = line;
        }

        int lineOf(int task) {
            return lines == null ? 0 : lines[task];
        }

        int addTask(String name, long taskCycles, int[] predecessors, int count) {
            int t = size;
            String who = name == null ? "task " + t : "task '" + name + "'";
            // Every check comes before any change, so a rejected task leaves the builder as it was.
            if (taskCycles < 0) {
                throw GraphFormatException.at(source, pendingLine, who,
                        "negative processing time " + taskCycles + " cycles");
            }
            if (name == null && names != null) {
                throw GraphFormatException.at(source, pendingLine, who,
                        "has no name but earlier tasks have: name every task or none");
            }
            if (name != null && names == null && t > 0) {
                throw GraphFormatException.at(source, pendingLine, who,
                        "has a name but earlier tasks have none: name every task or none");
            }
            if (name != null && name.isBlank()) {
                throw GraphFormatException.at(source, pendingLine, who, "name is blank");
            }
            if (t == Integer.MAX_VALUE - 8 || edges > Integer.MAX_VALUE - 8 - count) {
                throw GraphFormatException.at(source, pendingLine, who, "too many tasks or edges for one graph");
            }
            if (name != null) {
                if (names == null) {
                    names = new NameTable(cycles.length);
                }
                int index = names.addIfAbsent(name);
                if (index < 0) {
                    int first = -1 - index;
                    throw GraphFormatException.at(source, pendingLine, who, "duplicate id: also task " + first
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
            return p.name().toLowerCase(Locale.ROOT);
        }
    }
}
