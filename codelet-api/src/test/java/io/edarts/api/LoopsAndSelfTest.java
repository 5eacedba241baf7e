package io.edarts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.CodeObject;
import org.junit.jupiter.api.Test;

/** Loops through reset slots, the self reference, the shared default code and the pipeline's checks. */
class LoopsAndSelfTest {
    private static final CodeletBody<long[]> NOP = ctx -> { };

    @Test
    void backEdgeIntoAResetSlotIsALoopWhoseFirstIterationWaitsOnlyOnTheEdgesFromOutside() {
        TpDefinition.Builder<long[]> b = TpDefinition.builder("loop");
        CodeletHandle init = b.codelet("init", NOP);
        CodeletHandle body = b.codelet("body", NOP).reset(2);
        CodeletHandle tail = b.codelet("tail", NOP);
        init.precede(body);
        body.precede(tail);
        tail.precede(body);
        TpDefinition<long[]> d = b.build();
        int slot = d.enablingSlot(body.index());
        assertEquals(1, d.slotInitial(slot), "only init counts for the first iteration");
        assertEquals(2, d.slotReset(slot));
        assertTrue(d.isBackEdge(tail.index(), 0));
        assertFalse(d.isBackEdge(init.index(), 0));
        assertFalse(d.graph().isAcyclic());
        assertTrue(d.loopFreeGraph().isAcyclic());
        assertTrue(d.hasResetSlots());
    }

    @Test
    void cycleWithoutAResetSlotIsRefusedNamingTheCycleAndSayingHowToLoop() {
        TpDefinition.Builder<long[]> b = TpDefinition.builder("g");
        CodeletHandle x = b.codelet("x", NOP);
        CodeletHandle y = b.codelet("y", NOP);
        x.precede(y);
        y.precede(x);
        var e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("cycle: x -> y -> x"), e.getMessage());
        assertTrue(e.getMessage().contains(".reset(n)"), e.getMessage());
    }

    @Test
    void depsBelowTheForwardPredecessorsOfALoopIsRefused() {
        TpDefinition.Builder<long[]> b = TpDefinition.builder("g");
        CodeletHandle a = b.codelet("a", NOP);
        CodeletHandle c = b.codelet("c", NOP);
        CodeletHandle body = b.codelet("body", NOP).deps(1).reset(3);
        a.precede(body);
        c.precede(body);
        body.precede(body);
        var e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("deps(1) but 2 codelets precede it from outside its loop"), e.getMessage());
    }

    @Test
    void selfResolvesToTheBuiltDefinitionAndNotBefore() {
        TpDefinition.Builder<long[]> b = TpDefinition.builder("rec");
        b.codelet("a", NOP);
        TpDefinition.Ref<long[]> self = b.self();
        var e = assertThrows(IllegalStateException.class, self::get);
        assertTrue(e.getMessage().contains("rec: self() used before build()"), e.getMessage());
        TpDefinition<long[]> d = b.build();
        assertSame(d, self.get());
    }

    /** Issue 14: every task without code got its own 256-byte cached function. */
    @Test
    void tasksWithoutCodeShareOneLocalDefaultCodeObject() {
        Dag.Builder<long[]> g = Dag.builder("chain");
        for (int i = 0; i < 3; i++) {
            g.task("t" + i, NOP);
        }
        Program<long[]> p = g.build(() -> new long[1], null);
        for (int i = 0; i < 3; i++) {
            assertSame(CodeObject.DEFAULT, p.root().code(i));
        }
        assertEquals(io.edarts.cam.Placement.LOCAL, CodeObject.DEFAULT.placement());
    }

    @Test
    void pipelineRefusesBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> Pipeline.builder("p", 0));
        Pipeline.Builder<long[]> p = Pipeline.builder("p", 2);
        assertThrows(IllegalArgumentException.class, () -> p.build(1), "no stages");
        p.serial("s", Cost.cycles(1), (ctx, t, l) -> { });
        var dup = assertThrows(IllegalArgumentException.class, () -> p.parallel("s", Cost.cycles(1), (ctx, t, l) -> { }));
        assertTrue(dup.getMessage().contains("two stages named 's'"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.build(0));
    }

    /** Slot counts: a serial stage waits for 2 signals per later token, a parallel one for 1. */
    @Test
    void pipelineSlotsHaveTheResetValuesOfTheirStageKind() {
        Pipeline.Builder<long[]> p = Pipeline.builder("p", 3);
        p.serial("a", Cost.cycles(1), (ctx, t, l) -> { });
        p.parallel("b", Cost.cycles(1), (ctx, t, l) -> { });
        TpDefinition<long[]> d = p.build(10);
        assertEquals(1 + 2 * 3, d.codeletCount(), "done plus a codelet per stage and line");
        int a0 = d.enablingSlot(d.indexOf("a[0]"));
        int a1 = d.enablingSlot(d.indexOf("a[1]"));
        int b2 = d.enablingSlot(d.indexOf("b[2]"));
        assertEquals(0, d.slotInitial(a0));
        assertEquals(1, d.slotInitial(a1));
        assertEquals(2, d.slotReset(a1));
        assertEquals(1, d.slotInitial(b2));
        assertEquals(1, d.slotReset(b2));
        assertEquals(10, d.slotInitial(d.enablingSlot(d.indexOf("done"))));
        assertEquals(2, Pipeline.<long[]>builder("q", 8).serial("s", Cost.cycles(1), (ctx, t, l) -> { })
                .build(2).codeletCount() - 1, "no more lines than tokens");
    }
}
