package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edarts.api.TpDefinition;
import io.edarts.cam.FiringCost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SUs' profile parts merge into the same profile whatever their order, with every firing in the percentiles. */
class ProfileRecorderTest {
    private static final TpDefinition<Object> DEF = definition();

    private static TpDefinition<Object> definition() {
        TpDefinition.Builder<Object> b = TpDefinition.builder("p");
        b.codelet("a", ctx -> { });
        b.codelet("b", ctx -> { });
        return b.build();
    }

    private static ProfileRecorder.Part part(long... cycles) {
        ProfileRecorder r = new ProfileRecorder();
        for (int i = 0; i < cycles.length; i++) {
            // a charged 10 cycles of dispatch and the rest of body; the mesh added 1 to every other one
            long extra = i % 2;
            r.placed(DEF, 0, "code-a", 1 + i % 2, 3);
            r.firing(DEF, 0, "code-a", 1 + i % 2, 100, 100 + cycles[i] + extra,
                    new FiringCost(10, 0, cycles[i] - 10, 0, cycles[i] - 10), 90);
        }
        r.decision(0, 7);
        return r.close();
    }

    @Test
    void partsMergeInAnyOrderAndPercentilesSeeEveryFiring() {
        ProfileRecorder.Part one = part(20);
        ProfileRecorder.Part many = part(30, 40, 50, 60);
        RunProfile ab = ProfileRecorder.merge(List.of(one, many));
        RunProfile ba = ProfileRecorder.merge(List.of(part(30, 40, 50, 60), part(20)));
        assertEquals(ab, ba);
        RunProfile.Codelet a = ab.codelets().get(0);
        assertEquals(List.of("p", "a", "code-a"), List.of(a.procedure(), a.codelet(), a.codeObject()));
        RunProfile.Stats s = a.stats();
        assertEquals(5, s.calls());
        assertEquals(20 + 30 + 40 + 50 + 60 + 2, s.cycles(), "charged cycles plus what the mesh added");
        assertEquals(2, s.phases().contention());
        assertEquals(50, s.phases().dispatch());
        assertEquals(5 * 10, s.waitCycles(), "enabled at 90, started at 100");
        assertEquals(5 * 3, s.slotWaitCycles(), "of which 3 in the ready queue");
        assertEquals(41, s.p50(), "the middle of 20, 31, 40, 51, 60");
        assertEquals(61, s.max());
        assertEquals(ab.codeObjects().get(0).stats(), s, "one codelet, one code object");
        RunProfile.Core su = ab.cores().get(0);
        assertEquals(0, su.core());
        assertEquals(14, su.stats().phases().decide());
        assertEquals(2, su.stats().calls());
    }

    @Test
    void aCodeletPlacedButNeverCompletedIsNotInTheProfile() {
        ProfileRecorder r = new ProfileRecorder();
        r.placed(DEF, 1, "code-b", 1, 5);
        assertEquals(List.of(), ProfileRecorder.merge(List.of(r.close())).codelets());
    }

    @Test
    void aSingleFiringIsItsOwnMedianAndP99WithoutAHistogram() {
        RunProfile p = ProfileRecorder.merge(List.of(part(123)));
        RunProfile.Stats s = p.codelets().get(0).stats();
        assertEquals(123, s.p50());
        assertEquals(123, s.p99());
        assertEquals(123, s.max());
    }
}
