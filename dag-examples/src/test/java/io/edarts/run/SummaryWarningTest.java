package io.edarts.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.CodeObject;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.epiphany.Targets;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary warns when code movement is more than half the firing cycles, naming the code. */
class SummaryWarningTest {
    private static RunResult chain(CodeObject code) {
        Dag.Builder<long[]> g = Dag.builder("chain");
        CodeletHandle prev = null;
        for (int i = 0; i < 30; i++) {
            CodeletHandle h = g.task("t" + i, ctx -> { }).cycles(20);
            if (code != null) {
                h.code(i % 3 == 0 ? code : CodeObject.of("k" + i % 3, 2048, Placement.GLOBAL));
            }
            if (prev != null) {
                prev.precede(h);
            }
            prev = h;
        }
        Program<long[]> p = g.build(() -> new long[1], null);
        try (Simulator sim = Simulator.create(1)) {
            return sim.run(p, Targets.forMachine(MachineLoader.load("parallella16", List.of())), RunOptions.defaults());
        }
    }

    private static String print(RunResult r) {
        java.io.StringWriter b = new java.io.StringWriter();
        Summary.print(r, new java.io.PrintWriter(b, true));
        return b.toString();
    }

    @Test
    void warnsNamingTheCodeObjectsThatMoveCode() {
        String s = print(chain(CodeObject.of("big", 4096, Placement.GLOBAL)));
        assertTrue(s.contains("warning      code movement is"), s);
        assertTrue(s.contains("'big' (") && s.contains("'k1' (") && s.contains("'k2' ("), s);
    }

    @Test
    void noWarningWithTheSharedDefaultCode() {
        String s = print(chain(null));
        assertTrue(!s.contains("warning"), s);
    }
}
