package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edarts.api.BufferHandle;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import io.edarts.cam.Placement;
import io.edarts.examples.programs.MatmulProgram;
import io.edarts.run.RunSpec;
import io.edarts.run.Runner;
import io.edarts.scheduler.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's examples, compiled and run here so the README cannot drift from working code. */
class ReadmeExampleTest {

    /**
     * Issue 14: the README's snippet ran on {@code SimpleTarget.ideal}, which charged ideal costs on any
     * machine; it now runs on parallella16 with the Epiphany target, in one call that writes the outputs.
     */
    @Test
    void readmeExampleRunsOnParallella16WithTheEpiphanyTargetAndWritesTheOutputs(@TempDir Path dir) throws Exception {
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

        RunResult r = Runner.run(program, RunSpec.on("parallella16").out(dir));
        System.out.println(r.makespanCycles() + " cycles, check " + r.check().status());
        // README-END
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status());
        assertEquals("parallella16", r.machine());
        assertTrue(r.target().startsWith("epiphany:"), "charged by the Epiphany model: " + r.target());
        assertTrue(r.makespanCycles() > 300 + 500 + 100,
                "the critical path a, c, d plus what the Epiphany charges for dispatch, code and signals: "
                        + r.makespanCycles());
        for (String f : new String[] {"report.json", "trace.json", "report.html"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
    }

    @Test
    void readmeOptionsExampleRunsWithItsOptionsAndSaysTheMachineWasChanged(@TempDir Path dir) throws Exception {
        Program<?> program = MatmulProgram.of(32, 8, 1);
        StringWriter summary = new StringWriter();
        PrintWriter console = new PrintWriter(summary, true);
        // README-OPTIONS-BEGIN
        RunSpec spec = RunSpec.on("parallella16")
                .set("pool-capacity", "2")
                .set("epiphany.code-fetch", "rent-or-buy")
                .policy("critical-path")
                .placement("*", Placement.LOCAL)
                .seed(7)
                .console(console, console)
                .out(dir);
        RunResult run = Runner.run(program, spec);
        // README-OPTIONS-END
        assertTrue(run.succeeded(), run.message());
        assertEquals("parallella16 (--set pool-capacity=2, epiphany.code-fetch=rent-or-buy)", run.machineLabel());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals("critical-path", report.get("policy").asText());
        assertEquals(7, report.get("seed").asLong());
        assertEquals("[\"pool-capacity=2\",\"epiphany.code-fetch=rent-or-buy\"]",
                report.get("machine").get("overrides").toString());
        // on a loaded host a run past two seconds of wall time prints progress lines first: not the summary
        String printed = summary.toString().lines().filter(l -> !l.contains("codelets fired"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(printed.startsWith("eDARTS run: " + program.name()
                + " on parallella16 (--set pool-capacity=2, epiphany.code-fetch=rent-or-buy) (4x4, epiphany:"), printed);
    }

    /** The README's buffer snippet: a DRAM vector summed block by block through a per-core scratch. */
    static final class Sum {
        final float[] x = new float[1024];
        final float[] part = new float[4];
    }

    @Test
    void readmeBufferExampleChargesEachAccessWhereItsBufferLives(@TempDir Path dir) {
        // README-BUFFERS-BEGIN
        TpDefinition.Builder<Sum> tp = TpDefinition.builder("sum");
        BufferHandle<float[]> x = tp.buffer("x", BufferPlace.external(), s -> s.x);          // DRAM
        BufferHandle<float[]> blk = tp.scratch("blk", BufferPlace.firingCore(), float[].class, 256); // per CU
        for (int b = 0; b < 4; b++) {
            int lo = b * 256;
            int part = b;
            tp.codelet("block" + b, ctx -> {
                float[] from = ctx.read(x, lo, 256);        // 256 loads from DRAM
                float[] local = ctx.write(blk, 0, 256);     // 256 stores to this core's bank
                System.arraycopy(from, lo, local, 0, 256);
                float s = 0;
                for (float v : ctx.read(blk, 0, 256)) {     // 256 local loads
                    s += v;
                }
                ctx.frame().part[part] = s;
            });
        }
        Program<Sum> program = Program.of("sum", tp.build(), () -> {
            Sum s = new Sum();
            java.util.Arrays.fill(s.x, 1f);
            return s;
        }, s -> s.part[0] + s.part[1] + s.part[2] + s.part[3] == 1024 ? CheckResult.passed("1024")
                : CheckResult.failed("sum " + (s.part[0] + s.part[1] + s.part[2] + s.part[3])));
        RunResult r = Runner.run(program, RunSpec.on("parallella16").out(dir));
        // README-BUFFERS-END
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
        io.edarts.cam.CoreMemory cu = r.memory().cores().get(1);
        assertEquals(1024, cu.dataBytes(), "the scratch takes 1 KB on every CU");
        assertEquals(4096, r.memory().externalPeakBytes());
    }

    @Test
    void readmeShowsTheseExamplesLineForLine() throws Exception {
        String me = Files.readString(Path.of("src/test/java/io/edarts/examples/ReadmeExampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String marker : new String[] {"README", "README-OPTIONS", "README-BUFFERS"}) {
            String begin = "// " + marker + "-BEGIN";
            String snippet = me.substring(me.indexOf(begin) + begin.length(), me.indexOf("// " + marker + "-END"));
            for (String line : snippet.strip().split("\n")) {
                String code = line.strip();
                if (!code.isEmpty()) {
                    assertTrue(readme.contains(code), "README.md lacks the line: " + code);
                }
            }
        }
    }
}
