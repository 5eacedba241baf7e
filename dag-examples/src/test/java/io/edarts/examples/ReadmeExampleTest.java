package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's DSL example, compiled and run here so the README cannot drift from working code. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndPassesItsCheck() {
        // README-BEGIN
        //        a
        //      /   \
        //     b     c        b and c run in parallel once a is done;
        //      \   /         d adds their results.
        //        d
        Dag.Builder<long[]> g = Dag.builder("diamond");
        CodeletHandle a = g.task("a", ctx -> ctx.frame()[0] = 20).cycles(300);
        CodeletHandle b = g.task("b", ctx -> ctx.frame()[1] = ctx.frame()[0] * 2)
                .cost(Cost.instructions(40, 0, 20, 5));
        CodeletHandle c = g.task("c", ctx -> ctx.frame()[2] = ctx.frame()[0] + 2).cycles(500);
        CodeletHandle d = g.task("d", ctx -> ctx.frame()[3] = ctx.frame()[1] + ctx.frame()[2]).cycles(100);
        a.precede(b, c);
        d.succeed(b, c);
        Program<long[]> program = g.build(() -> new long[4],
                f -> f[3] == 62 ? CheckResult.passed("d = 62") : CheckResult.failed("d = " + f[3]));

        Machine machine = MachineLoader.load("ideal", List.of());
        try (Simulator sim = Simulator.create(2)) {
            RunResult r = sim.run(program, SimpleTarget.ideal(machine), RunOptions.defaults());
            System.out.println(r.makespanCycles() + " cycles, check " + r.check().status());
            // README-END
            assertEquals(RunResult.Status.OK, r.status());
            assertEquals(CheckResult.Status.PASSED, r.check().status());
            assertEquals(300 + 500 + 100, r.makespanCycles(), "a, then the longer of b and c, then d");
        }
    }

    @Test
    void readmeShowsThisExampleLineForLine() throws Exception {
        String me = Files.readString(Path.of("src/test/java/io/edarts/examples/ReadmeExampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        String snippet = me.substring(me.indexOf("// README-BEGIN") + "// README-BEGIN".length(), me.indexOf("// README-END"));
        for (String line : snippet.strip().split("\n")) {
            String code = line.strip();
            if (!code.isEmpty()) {
                assertTrue(readme.contains(code), "README.md lacks the line: " + code);
            }
        }
    }
}
