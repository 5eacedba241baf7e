package io.edarts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.graph.Digraph;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Tasks declared without a name ({@link Dag.Builder#task(CodeletBody)}) are named by their index,
 * edges declared by index ({@link Dag.Builder#precede(int, int)}) are the handles' edges, and a
 * handle is a view on its codelet: a random graph built both ways compiles to the same definition.
 */
class IndexNamedTasksTest {
    private static final CodeletBody<Object> NOP = ctx -> { };

    private enum Wiring { HANDLES, INDICES, GRAPH }

    /**
     * A random DAG of {@code n} tasks: named "0".."n-1" by hand and wired by handles, or left unnamed
     * and wired by index or by one {@link Dag.Builder#precede(Digraph)} of the same edges.
     */
    private static TpDefinition<Object> graph(long seed, int n, Wiring wiring) {
        boolean byIndex = wiring != Wiring.HANDLES;
        java.util.List<java.util.List<Integer>> successors = new java.util.ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(seed);
        Dag.Builder<Object> g = Dag.builder("g");
        CodeletHandle[] h = new CodeletHandle[n];
        for (int i = 0; i < n; i++) {
            h[i] = (byIndex ? g.task(NOP) : g.task(Integer.toString(i), NOP)).cycles(1 + rnd.nextInt(100));
            successors.add(new java.util.ArrayList<>());
        }
        for (int i = 1; i < n; i++) {
            for (int k = 0, preds = rnd.nextInt(4); k < preds; k++) {
                int from = rnd.nextInt(i);
                successors.get(from).add(i);
                if (wiring == Wiring.INDICES) {
                    g.precede(from, i);
                } else if (wiring == Wiring.HANDLES) {
                    h[from].precede(h[i]);
                }
            }
        }
        if (wiring == Wiring.GRAPH) {
            int[] offsets = new int[n + 1];
            for (int v = 0; v < n; v++) {
                offsets[v + 1] = offsets[v] + successors.get(v).size();
            }
            g.precede(Digraph.ofSuccessors(offsets,
                    successors.stream().flatMap(java.util.List::stream).mapToInt(Integer::intValue).toArray()));
        }
        return g.build(Object::new, null).root();
    }

    @Test
    void unnamedTasksWiredByIndexCompileAsNamedOnes() {
        for (long seed = 0; seed < 20; seed++) {
            int n = 1 + (int) (seed * 7);
            TpDefinition<Object> named = graph(seed, n, Wiring.HANDLES);
            for (Wiring w : java.util.List.of(Wiring.INDICES, Wiring.GRAPH)) {
                TpDefinition<Object> unnamed = graph(seed, n, w);
                assertEquals(named.codeletCount(), unnamed.codeletCount());
                assertEquals(named.slotCount(), unnamed.slotCount());
                for (int i = 0; i < n; i++) {
                    assertEquals(named.codeletName(i), unnamed.codeletName(i));
                    assertEquals(named.cost(i), unnamed.cost(i));
                    assertEquals(named.enablingSlot(i), unnamed.enablingSlot(i));
                    assertEquals(named.signalCount(i), unnamed.signalCount(i));
                    for (int k = 0; k < named.signalCount(i); k++) {
                        assertEquals(named.signal(i, k), unnamed.signal(i, k), "seed " + seed + ", signal " + k + " of " + i);
                    }
                }
                for (int s = 0; s < named.slotCount(); s++) {
                    assertEquals(named.slotName(s), unnamed.slotName(s));
                    assertEquals(named.slotInitial(s), unnamed.slotInitial(s));
                }
                assertEquals(n - 1, unnamed.indexOf(Integer.toString(n - 1)));
            }
        }
    }

    @Test
    void unnamedTaskIsNamedByItsIndexAndSharedSlotsKeepTheirNames() {
        TpDefinition.Builder<Object> b = TpDefinition.builder("p");
        CodeletHandle a = b.codelet("a", NOP);
        CodeletHandle one = b.codelet(NOP);
        SlotHandle s = b.slot("gate", 1, 0);
        b.codelet(NOP).waitsOn(s);
        a.signals(s);
        a.precede(one);
        assertEquals("1", one.name());
        TpDefinition<Object> d = b.build();
        assertEquals("a", d.codeletName(0));
        assertEquals("1", d.codeletName(1));
        assertEquals("2", d.codeletName(2));
        assertEquals("gate", d.slotName(d.enablingSlot(2)));
        assertEquals("1", d.slotName(d.enablingSlot(1)));
        assertThrows(IndexOutOfBoundsException.class, () -> d.codeletName(3));
    }

    @Test
    void rejectsNameThatRepeatsAnUnnamedTasksIndex() {
        Dag.Builder<Object> g = Dag.builder("g");
        g.task(NOP);
        g.task("0", NOP);
        var e = assertThrows(IllegalArgumentException.class, () -> g.build(Object::new, null));
        assertTrue(e.getMessage().contains("duplicate codelet name(s): 0"), e.getMessage());
    }

    @Test
    void rejectsEdgeToUndeclaredIndex() {
        Dag.Builder<Object> g = Dag.builder("g");
        g.task(NOP);
        var e = assertThrows(IllegalArgumentException.class, () -> g.precede(0, 1));
        assertTrue(e.getMessage().contains("edge 0 -> 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.precede(-1, 0));
        Digraph two = Digraph.ofSuccessors(new int[] {0, 1, 1}, new int[] {1});
        e = assertThrows(IllegalArgumentException.class, () -> g.precede(two));
        assertTrue(e.getMessage().contains("at most 1 vertices"), e.getMessage());
    }

    @Test
    void handlesOnOneCodeletAreEqual() {
        TpDefinition.Builder<Object> b = TpDefinition.builder("p");
        CodeletHandle a = b.codelet("a", NOP);
        CodeletHandle c = b.codelet(NOP);
        assertEquals(a, b.get(0));
        assertEquals(a.hashCode(), b.get(0).hashCode());
        assertEquals(c, b.get(1));
        assertNotEquals(a, c);
        assertNotEquals(a, TpDefinition.builder("q").codelet("a", NOP));
    }

    /** The definition shares the builder's full columns, so a built builder's handles must not write to them. */
    @Test
    void handleRefusesChangesOnceBuilt() {
        Dag.Builder<Object> g = Dag.builder("g");
        g.expect(2, 1);
        CodeletHandle a = g.task(NOP).cycles(5);
        CodeletHandle b = g.task(NOP);
        a.precede(b);
        TpDefinition<Object> d = g.build(Object::new, null).root();
        assertThrows(IllegalStateException.class, () -> a.cycles(7));
        assertThrows(IllegalStateException.class, () -> b.code(io.edarts.cam.CodeObject.DEFAULT));
        assertThrows(IllegalStateException.class, () -> b.affinity(1));
        assertThrows(IllegalStateException.class, () -> b.deps(3));
        assertThrows(IllegalStateException.class, () -> b.precede(a));
        assertEquals(Cost.cycles(5), d.cost(0));
        assertEquals(Cost.ZERO, d.cost(1));
        assertEquals(-1, d.affinity(1));
    }
}
