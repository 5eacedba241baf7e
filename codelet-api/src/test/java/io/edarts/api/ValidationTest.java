package io.edarts.api;

import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValidationTest {
    private static final CodeletBody<Object> NOP = ctx -> { };

    @Test
    void rejectsCycleAndPrintsIt() {
        Dag.Builder<Object> g = Dag.builder("g");
        CodeletHandle a = g.task("a", NOP);
        CodeletHandle b = g.task("b", NOP);
        CodeletHandle c = g.task("c", NOP);
        CodeletHandle d = g.task("d", NOP);
        a.precede(b);
        b.precede(c);
        c.precede(d);
        d.precede(b);
        var e = assertThrows(IllegalArgumentException.class, () -> g.build(Object::new, null));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        assertTrue(e.getMessage().contains("b -> c -> d -> b"), e.getMessage());
    }

    @Test
    void rejectsEdgeToACodeletOfAnotherGraph() {
        Dag.Builder<Object> g = Dag.builder("g");
        Dag.Builder<Object> other = Dag.builder("other");
        CodeletHandle a = g.task("a", NOP);
        CodeletHandle stranger = other.task("stranger", NOP);
        a.precede(stranger);
        var e = assertThrows(IllegalArgumentException.class, () -> g.build(Object::new, null));
        assertTrue(e.getMessage().contains("unknown") && e.getMessage().contains("a -> stranger"), e.getMessage());
    }

    @Test
    void rejectsDuplicateNames() {
        Dag.Builder<Object> g = Dag.builder("g");
        g.task("same", NOP);
        g.task("same", NOP);
        g.task("other", NOP);
        var e = assertThrows(IllegalArgumentException.class, () -> g.build(Object::new, null));
        assertTrue(e.getMessage().contains("duplicate") && e.getMessage().contains("same"), e.getMessage());
    }

    /** Names that are decimal indices take a shortcut only when each is its own index. */
    @Test
    void rejectsDuplicateDecimalNames() {
        Dag.Builder<Object> g = Dag.builder("g");
        for (String name : new String[] {"0", "1", "2", "1"}) {
            g.task(name, NOP);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> g.build(Object::new, null));
        assertTrue(e.getMessage().endsWith("duplicate codelet name(s): 1"), e.getMessage());
        Dag.Builder<Object> ok = Dag.builder("ok");
        for (String name : new String[] {"0", "1", "01", "3"}) {
            ok.task(name, NOP);
        }
        assertEquals(4, ok.build(Object::new, null).root().codeletCount());
    }

    @Test
    void rejectsNegativeCounts() {
        TpDefinition.Builder<Object> b = TpDefinition.builder("tp");
        var e = assertThrows(IllegalArgumentException.class, () -> b.slot("s", -1, 0));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        CodeletHandle h = b.codelet("c", NOP);
        var e2 = assertThrows(IllegalArgumentException.class, () -> h.deps(-3));
        assertTrue(e2.getMessage().contains("-3") && e2.getMessage().contains("'c'"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> h.reset(-1));
        assertThrows(IllegalArgumentException.class, () -> Cost.cycles(-5));
    }

    @Test
    void rejectsDepsBelowTheStaticPredecessors() {
        Dag.Builder<Object> g = Dag.builder("g");
        CodeletHandle a = g.task("a", NOP);
        CodeletHandle b = g.task("b", NOP);
        CodeletHandle c = g.task("c", NOP).deps(1);
        a.precede(c);
        b.precede(c);
        var e = assertThrows(IllegalArgumentException.class, () -> g.build(Object::new, null));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("2 codelets precede"), e.getMessage());
    }

    @Test
    void compilesSlotsSignalsAndFanOut() {
        TpDefinition.Builder<Object> b = TpDefinition.builder("tp");
        SlotHandle go = b.slot("go", 1, 2);
        CodeletHandle src = b.codelet("src", NOP).signals(go);
        CodeletHandle w1 = b.codelet("w1", NOP).waitsOn(go);
        CodeletHandle w2 = b.codelet("w2", NOP).waitsOn(go);
        CodeletHandle sink = b.codelet("sink", NOP);
        sink.succeed(w1, w2);
        TpDefinition<Object> d = b.build();
        assertEquals(4, d.codeletCount());
        assertEquals(go.index(), d.enablingSlot(w1.index()));
        assertEquals(go.index(), d.enablingSlot(w2.index()));
        assertEquals(2, d.slotTargetCount(go.index()));
        assertEquals(2, d.slotReset(go.index()));
        assertEquals(2, d.slotInitial(d.enablingSlot(sink.index())));
        assertEquals(0, d.slotInitial(d.enablingSlot(src.index())));
        assertEquals(1, d.signalCount(src.index()));
        assertEquals(go.index(), d.signal(src.index(), 0));
    }

    @Test
    void codeObjectsAreCheckedAtTheBuilder() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CodeObject("k", 0, Placement.LOCAL));
        assertTrue(e.getMessage().contains("size 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CodeObject(" ", 64, Placement.LOCAL));
        assertThrows(IllegalArgumentException.class, () -> new CodeObject("k", 64, null));
        assertEquals(Placement.DYNAMIC, Placement.parse("Dynamic"));
        assertThrows(IllegalArgumentException.class, () -> Placement.parse("remote"));
    }

    /** Issue 7: a legal-looking task of 2^63-1 cycles overflowed the simulated clock at run time. */
    @Test
    void taskOf2To63CyclesIsRefusedAtTheBuilderNamingTheCodelet() {
        Dag.Builder<Object> g = Dag.builder("g");
        CodeletHandle a = g.task("huge", NOP);
        var e = assertThrows(IllegalArgumentException.class, () -> a.cycles(Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("'huge'") && e.getMessage().contains(Long.toString(Long.MAX_VALUE)),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Cost(Cost.MAX_TOTAL, 1, 0, 0, 0));
        assertEquals(Cost.MAX_TOTAL, new Cost(Cost.MAX_TOTAL - 3, 1, 1, 1, 0).total());
    }

    @Test
    void costsWhoseSumOverflowsTheBoundAreRefusedNamingTheCodeletThatCrossesIt() {
        Dag.Builder<Object> g = Dag.builder("g");
        g.task("a", NOP).cycles(Cost.MAX_TOTAL / 2);
        g.task("b", NOP).cycles(Cost.MAX_TOTAL / 2);
        g.task("c", NOP).cycles(1);
        var e = assertThrows(IllegalArgumentException.class, () -> g.build(Object::new, null));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("2^62"), e.getMessage());
    }

    @Test
    void exposesCodeletsAndSlotsAsOneGraph() {
        TpDefinition.Builder<Object> b = TpDefinition.builder("tp");
        SlotHandle go = b.slot("go", 1, 0);
        CodeletHandle src = b.codelet("src", NOP).signals(go);
        CodeletHandle w = b.codelet("w", NOP).waitsOn(go);
        TpDefinition<Object> d = b.build();
        var graph = d.graph();
        assertEquals(d.codeletCount() + d.slotCount(), graph.size());
        int goVertex = d.codeletCount() + go.index();
        assertEquals(goVertex, graph.successor(src.index(), 0));
        assertEquals(w.index(), graph.successor(goVertex, 0));
    }

    @Test
    void rejectsCycleThroughASharedSlot() {
        TpDefinition.Builder<Object> b = TpDefinition.builder("tp");
        SlotHandle go = b.slot("go", 1, 0);
        CodeletHandle x = b.codelet("x", NOP).waitsOn(go);
        CodeletHandle y = b.codelet("y", NOP).signals(go);
        x.precede(y);
        var e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("cycle: x -> y -> x"), e.getMessage());
    }
}
