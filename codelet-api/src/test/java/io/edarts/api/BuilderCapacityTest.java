package io.edarts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Dag.Builder#expect} is only a size hint, and {@code precede(one)} is the varargs form's one edge. */
class BuilderCapacityTest {
    private static final CodeletBody<Object> NOP = ctx -> { };

    /** A chain with fan-out: each task precedes the next two; declared with or without the hint and the one-edge form. */
    private static TpDefinition<Object> graph(boolean hinted, boolean oneEdge, int n) {
        Dag.Builder<Object> g = Dag.builder("g");
        if (hinted) {
            g.expect(n / 2, 3); // under the real counts on purpose: the columns still grow
        }
        CodeletHandle[] h = new CodeletHandle[n];
        for (int i = 0; i < n; i++) {
            h[i] = g.task("t" + i, NOP).cycles(i + 1);
        }
        for (int i = 0; i + 2 < n; i++) {
            if (oneEdge) {
                h[i].precede(h[i + 2]);
                h[i].precede(h[i + 1]);
            } else {
                h[i].precede(h[i + 2], h[i + 1]);
            }
        }
        return g.build(Object::new, null).root();
    }

    @Test
    void hintAndOneEdgeFormCompileTheSameDefinition() {
        int n = 100;
        TpDefinition<Object> plain = graph(false, false, n);
        for (TpDefinition<Object> d : java.util.List.of(graph(true, false, n), graph(true, true, n), graph(false, true, n))) {
            assertEquals(plain.codeletCount(), d.codeletCount());
            assertEquals(plain.slotCount(), d.slotCount());
            for (int i = 0; i < n; i++) {
                assertEquals(plain.codeletName(i), d.codeletName(i));
                assertEquals(plain.cost(i), d.cost(i));
                assertEquals(plain.signalCount(i), d.signalCount(i));
                for (int k = 0; k < plain.signalCount(i); k++) {
                    assertEquals(plain.signal(i, k), d.signal(i, k), "signal " + k + " of t" + i);
                }
            }
            for (int s = 0; s < plain.slotCount(); s++) {
                assertEquals(plain.slotInitial(s), d.slotInitial(s));
            }
        }
        // t2 waits for t0 and t1
        assertEquals(2, plain.slotInitial(plain.enablingSlot(2)));
    }

    @Test
    void rejectsNegativeHint() {
        Dag.Builder<Object> g = Dag.builder("g");
        var e = assertThrows(IllegalArgumentException.class, () -> g.expect(-1, 0));
        assertTrue(e.getMessage().contains("expect(-1, 0)"), e.getMessage());
    }

    @Test
    void oneEdgeFormRejectsNull() {
        Dag.Builder<Object> g = Dag.builder("g");
        CodeletHandle a = g.task("a", NOP);
        assertThrows(IllegalArgumentException.class, () -> a.precede((CodeletHandle) null));
    }
}
