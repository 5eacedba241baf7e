package io.edarts.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simple targets' charges, which they keep and reuse by body and signal cycles. */
class SimpleTargetTest {

    /**
     * Against the charge made afresh, for works whose bodies fall on the same entries of the targets'
     * charge table (equal modulo its size) and whose signals differ: a reused charge must be the firing's own.
     */
    @Test
    void aReusedChargeIsAlwaysTheFiringsOwn() {
        for (String name : List.of("ideal", "mesh16")) {
            Machine m = MachineLoader.load(name, List.of());
            SimpleTarget t = name.equals("ideal") ? SimpleTarget.ideal(m) : SimpleTarget.simpleMesh(m);
            Costs c = m.costs();
            long dispatch = name.equals("ideal") ? 0 : c.cuDispatchInstructions();
            long perSignal = name.equals("ideal") ? 0 : c.cuSignalInstructions();
            CoreModel core = t.coreModel(0);
            SplittableRandom rnd = new SplittableRandom(3);
            long start = 0;
            for (int i = 0; i < 20_000; i++) {
                long declared = rnd.nextInt(4) * 4096L + rnd.nextInt(8); // collide in the table
                int ialu = rnd.nextInt(3);
                int signals = rnd.nextInt(3);
                Work w = Work.builder(CodeObject.DEFAULT).declaredCycles(declared).instructions(ialu, 0, 0, 0)
                        .signals(signals).build();
                Charge got = core.fire(w, start);
                long body = declared + ialu;
                assertEquals(Charge.of(new FiringCost(dispatch, 0, body, perSignal * signals, body)), got,
                        name + ": work " + w);
                start += got.cost().total();
            }
        }
    }
}
