package io.edarts.examples.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RandomDagTest {
    @Test
    void sameSeedGivesSameGraph() {
        assertEquals(RandomDag.generate(20_000, 42), RandomDag.generate(20_000, 42));
    }

    @Test
    void differentSeedGivesDifferentGraph() {
        TaskGraph a = RandomDag.generate(20_000, 42);
        TaskGraph b = RandomDag.generate(20_000, 43);
        assertNotEquals(a.criticalPathCycles(), b.criticalPathCycles());
        assertNotEquals(a.totalWorkCycles(), b.totalWorkCycles());
    }

    @Test
    void keepsTheDocumentedShapeAndCostRange() {
        RandomDag.Params p = RandomDag.Params.DEFAULTS;
        TaskGraph g = RandomDag.generate(50_000, 1);

        assertEquals(50_000, g.size());
        int sources = 0;
        for (int t = 0; t < g.size(); t++) {
            long c = g.cycles(t);
            assertTrue(c >= p.minCycles() && c <= p.maxCycles(), "cost " + c + " of task " + t);
            int[] preds = g.predecessors(t);
            assertTrue(preds.length <= p.maxPredecessors(), "task " + t + " has " + preds.length);
            for (int i = 0; i < preds.length; i++) {
                assertTrue(preds[i] < t, "predecessor " + preds[i] + " of task " + t + " comes first");
                assertTrue(i == 0 || preds[i - 1] < preds[i], "sorted and distinct at task " + t);
            }
            if (preds.length == 0) {
                assertEquals(sources, t, "only the first layer, a prefix of the ids, has sources");
                sources++;
            }
        }
        assertTrue(sources >= p.minWidth() && sources <= p.maxWidth(), sources + " sources");
        double meanPreds = (double) g.edgeCount() / (g.size() - sources);
        assertEquals(2.0, meanPreds, 0.05, "1..3 uniform");
    }

    @Test
    void everyLayerDependsOnTheOneBefore() {
        // Width 1 makes layers tasks: with a predecessor always in the previous layer, the graph
        // is one chain, and the critical path is all the work.
        TaskGraph g = RandomDag.generate(1000, 5, new RandomDag.Params(1, 1, 3, 4, 10, 20));
        assertEquals(g.totalWorkCycles(), g.criticalPathCycles());
    }

    @Test
    void generatesAMillionTasks() {
        TaskGraph g = RandomDag.generate(1_000_000, 2024);
        assertEquals(1_000_000, g.size());
        assertEquals(1_000_000, g.topologicalOrder().length);
        assertTrue(g.criticalPathCycles() < g.totalWorkCycles() / 10, g.toString());
    }

    @Test
    void rejectsOutOfRangeArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RandomDag.generate(0, 1));
        assertTrue(e.getMessage().contains("codelets 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomDag.Params(8, 4, 3, 2, 200, 2000));
        assertTrue(e.getMessage().contains("8..4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomDag.Params(1, 4, 3, 2, 300, 200));
        assertTrue(e.getMessage().contains("300..200"), e.getMessage());
    }
}
