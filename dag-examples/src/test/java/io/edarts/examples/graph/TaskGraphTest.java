package io.edarts.examples.graph;

import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TaskGraphTest {
    /*
     *        a(2)
     *       /    \
     *    b(5)    c(1)
     *       \    /  \
     *        d(3)   e(10)
     */
    private static TaskGraph diamond() {
        TaskGraph.Builder b = TaskGraph.builder().graphName("diamond");
        int a = b.addTask("a", 2);
        int bb = b.addTask("b", 5, a);
        int c = b.addTask("c", 1, a);
        b.addTask("d", 3, bb, c);
        b.addTask("e", 10, c);
        return b.build();
    }

    @Test
    void computesCriticalPathTotalWorkAndSuccessors() {
        TaskGraph g = diamond();

        assertEquals(13, g.criticalPathCycles(), "a -> c -> e = 2 + 1 + 10");
        assertEquals(21, g.totalWorkCycles());
        assertArrayEquals(new int[] {1, 2}, g.successors(0));
        assertArrayEquals(new int[] {3, 4}, g.successors(2));
        assertEquals(0, g.successorCount(4));
        assertEquals(5, g.edgeCount());
        assertEquals("c", g.name(2));
    }

    @Test
    void topologicalOrderPutsEveryTaskAfterItsPredecessors() {
        TaskGraph.Builder b = TaskGraph.builder();
        // Predecessors with higher ids, so that id order is not a topological order.
        b.addTask(1, 2);
        b.addTask(1, 0);
        b.addTask(1);
        b.addTask(1, 1, 2);
        TaskGraph g = b.build();

        int[] order = g.topologicalOrder();
        int[] position = new int[g.size()];
        for (int i = 0; i < order.length; i++) {
            position[order[i]] = i + 1;
        }
        for (int t = 0; t < g.size(); t++) {
            assertTrue(position[t] > 0, "task " + t + " is in the order");
            for (int p : g.predecessors(t)) {
                assertTrue(position[p] < position[t], p + " before " + t);
            }
        }
        assertArrayEquals(new int[] {2, 0, 1, 3}, order);
    }

    @Test
    void carriesCodeAndAffinityOnlyWhereGiven() {
        TaskGraph.Builder b = TaskGraph.builder();
        int a = b.addTask("a", 1);
        int c = b.addTask("c", 1, a);
        CodeObject fft = new CodeObject("fft", 1024, Placement.DYNAMIC);
        b.code(c, fft).affinity(c, 5);
        TaskGraph g = b.build();

        assertEquals(Optional.empty(), g.code(a));
        assertEquals(Optional.of(fft), g.code(c));
        assertEquals(OptionalInt.empty(), g.affinity(a));
        assertEquals(OptionalInt.of(5), g.affinity(c));
    }

    @Test
    void equalGraphsAreEqualAndDifferentCostsAreNot() {
        TaskGraph one = diamond();
        TaskGraph other = diamond();
        assertEquals(one, other);
        assertEquals(one.hashCode(), other.hashCode());
        TaskGraph.Builder b = TaskGraph.builder().graphName("diamond");
        int a = b.addTask("a", 2);
        int bb = b.addTask("b", 5, a);
        int c = b.addTask("c", 1, a);
        b.addTask("d", 3, bb, c);
        b.addTask("e", 11, c);
        assertNotEquals(diamond(), b.build());
    }

    @Test
    void rejectsCycleNamingItsTasks() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.addTask("x", 1, 2);
        b.addTask("y", 1, 0);
        b.addTask("z", 1, 1);
        GraphFormatException e = assertThrows(GraphFormatException.class, b::build);
        assertEquals("task 'x': dependency cycle: 'x' -> 'y' -> 'z' -> 'x'", e.getMessage());
    }

    @Test
    void rejectsSelfLoopAsCycle() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.addTask(1);
        b.addTask(1, 1);
        GraphFormatException e = assertThrows(GraphFormatException.class, b::build);
        assertEquals("task 1: dependency cycle: 1 -> 1", e.getMessage());
    }

    @Test
    void shortensTheMessageForALongCycle() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.addTask(1, 99);
        for (int t = 1; t < 100; t++) {
            b.addTask(1, t - 1);
        }
        GraphFormatException e = assertThrows(GraphFormatException.class, b::build);
        assertTrue(e.getMessage().contains("0 -> 1 -> 2 -> "), e.getMessage());
        assertTrue(e.getMessage().endsWith("19 -> ... (80 more) -> 0"), e.getMessage());
    }

    @Test
    void rejectsUnknownPredecessor() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.addTask(1, 4);
        GraphFormatException e = assertThrows(GraphFormatException.class, b::build);
        assertEquals("task 0: unknown predecessor 4 (task ids are 0..0)", e.getMessage());
    }

    @Test
    void rejectsNegativeCostAndKeepsBuilderUsable() {
        TaskGraph.Builder b = TaskGraph.builder();
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> b.addTask("a", -1));
        assertEquals("task 'a': negative processing time -1 cycles", e.getMessage());
        b.addTask("a", 1);
        assertEquals(1, b.build().size());
    }

    @Test
    void rejectsDuplicateName() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.addTask("a", 1);
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> b.addTask("a", 2));
        assertEquals("task 'a': duplicate id: also task 0", e.getMessage());
    }

    @Test
    void rejectsMixOfNamedAndUnnamedTasks() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.addTask(1);
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> b.addTask("a", 2));
        assertTrue(e.getMessage().contains("name every task or none"), e.getMessage());
    }

    @Test
    void rejectsTotalWorkBeyondTheClockBound() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.addTask(TaskGraph.MAX_CYCLES);
        b.addTask(1);
        GraphFormatException e = assertThrows(GraphFormatException.class, b::build);
        assertTrue(e.getMessage().startsWith("task 1: total processing time passes " + TaskGraph.MAX_CYCLES),
                e.getMessage());
    }

    /** Review of issue 7: two tasks of 2^62 each wrapped the running sum negative and passed the check. */
    @Test
    void rejectsTwoMaximalTasksWhoseSumWouldWrap() {
        for (boolean chained : new boolean[] {true, false}) {
            TaskGraph.Builder b = TaskGraph.builder();
            int a = b.addTask(TaskGraph.MAX_CYCLES);
            if (chained) {
                b.addTask(TaskGraph.MAX_CYCLES, a);
            } else {
                b.addTask(TaskGraph.MAX_CYCLES);
            }
            GraphFormatException e = assertThrows(GraphFormatException.class, b::build, "chained " + chained);
            assertTrue(e.getMessage().contains("task 1") && e.getMessage().contains("2^62"), e.getMessage());
        }
    }

    /** Issue 7: a task of 2^63-1 cycles was accepted and overflowed the simulated clock during the run. */
    @Test
    void taskOf2To63CyclesIsRefusedNamingTheTaskAndValue() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.addTask(1);
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> b.addTask(Long.MAX_VALUE, 0));
        assertTrue(e.getMessage().startsWith("task 1: processing time " + Long.MAX_VALUE + " cycles exceeds"),
                e.getMessage());
    }

    /** Issue 7: docs said a graph may be empty, the run refused it with "has no codelets"; now both refuse it. */
    @Test
    void emptyGraphIsRefusedAtBuild() {
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> TaskGraph.builder().build());
        assertTrue(e.getMessage().contains("no tasks"), e.getMessage());
    }

    @Test
    void rejectsCodeThatDisagreesWithAnEarlierUseOfItsName() {
        TaskGraph.Builder b = TaskGraph.builder();
        int a = b.addTask("a", 1);
        int c = b.addTask("c", 1);
        b.code(a, new CodeObject("fft", 1024, Placement.CACHED));
        GraphFormatException e = assertThrows(GraphFormatException.class,
                () -> b.code(c, new CodeObject("fft", 512, Placement.CACHED)));
        assertEquals("task 'c': code 'fft' is 512 bytes, cached here but 1024 bytes, cached where first used",
                e.getMessage());
    }

    @Test
    void rejectsEmptyCodeSize() {
        // Whether code fits a core is the target's check (Target.checkCode), not the graph's: 40 KB of
        // global code lives in DRAM; zero bytes is no code at all.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CodeObject("empty", 0, Placement.GLOBAL));
        assertTrue(e.getMessage().contains("size 0"), e.getMessage());
        assertEquals(40_000, new CodeObject("big", 40_000, Placement.GLOBAL).sizeBytes());
    }

    @Test
    void rejectsNegativeAffinity() {
        TaskGraph.Builder b = TaskGraph.builder();
        int a = b.addTask(1);
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> b.affinity(a, -2));
        assertTrue(e.getMessage().contains("affinity -2"), e.getMessage());
    }
}
