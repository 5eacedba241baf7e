package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Pipeline;
import io.edarts.api.Program;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import io.edarts.epiphany.Targets;
import io.edarts.examples.programs.FibProgram;
import io.edarts.examples.programs.MergesortProgram;
import io.edarts.examples.programs.PipelineProgram;
import io.edarts.examples.programs.ReduceProgram;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import io.edarts.scheduler.Timeline;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DSL examples (reduce, pipeline, mergesort, fib) on ideal and parallella16, and the code defaults. */
class DslExamplesTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    private static Target target(String machine, String... set) {
        Machine m = MachineLoader.load(machine, List.of(set));
        return machine.equals("ideal") ? SimpleTarget.ideal(m) : Targets.forMachine(m);
    }

    private static RunResult passes(Program<?> p, Target t) {
        RunResult r = sim.run(p, t, RunOptions.defaults());
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ideal", "parallella16"})
    void reduceSumsTheInput(String machine) {
        RunResult r = passes(ReduceProgram.of(1000, 64, 3), target(machine));
        assertEquals(16 + 8 + 4 + 2 + 1, r.codeletsFired(), "16 leaves and a tree of 15 additions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ideal", "parallella16"})
    void pipelineFoldsEveryTokenInOrder(String machine) {
        passes(PipelineProgram.of(50, 7), target(machine));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ideal", "parallella16"})
    void mergesortSortsWithContinuations(String machine) {
        passes(MergesortProgram.of(3000, 50, 5), target(machine));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ideal", "parallella16"})
    void fibWithContinuationsStillComputesFib(String machine) {
        RunResult r = passes(FibProgram.of(15), target(machine));
        assertTrue(r.codeletsFired() > 0);
    }

    /** Four clusters: a call's continuation is often owned by another SU than the one that sees its exit. */
    @Test
    void mergesortAndFibOnFourClusters() {
        Target t = target("parallella16", "clusters.rows=2", "clusters.cols=2");
        passes(MergesortProgram.of(2000, 40, 9), t);
        passes(FibProgram.of(12), t);
        passes(PipelineProgram.of(30, 2), t);
    }

    /**
     * The makespan of a serial stage of n tokens is at least n times its cost, its firings never
     * overlap, and a parallel stage does overlap: on ideal, where a firing costs what it declares.
     */
    @Test
    void serialStageRunsOneTokenAtATimeAndBoundsTheMakespan() {
        int n = 40;
        long serialCost = 500;
        Pipeline.Builder<long[]> p = Pipeline.builder("pipe", 4);
        p.serial("in", Cost.cycles(10), (ctx, t, l) -> ctx.frame()[4 + l] = t);
        p.parallel("work", Cost.cycles(1500), (ctx, t, l) -> ctx.frame()[4 + l] *= 3);
        p.serial("out", Cost.cycles(serialCost), (ctx, t, l) -> {
            long[] f = ctx.frame();
            f[0] = f[0] * 7 + f[4 + l];
            f[1]++;
        });
        long expect = 0;
        for (int t = 0; t < n; t++) {
            expect = expect * 7 + 3L * t;
        }
        long want = expect;
        Program<long[]> prog = Program.of("pipe", p.build(n), () -> new long[8],
                f -> f[0] == want && f[1] == n ? CheckResult.passed("ok") : CheckResult.failed("got " + f[0]));
        RunResult r = passes(prog, target("ideal"));
        assertTrue(r.makespanCycles() >= n * serialCost, r.makespanCycles() + " cycles");
        assertTrue(r.makespanCycles() < (long) n * (10 + 1500 + serialCost), "the stages overlap");
        assertTrue(r.timeline().spansKept());
        List<Timeline.Span> out = new ArrayList<>();
        long maxWork = 0;
        List<Timeline.Span> work = new ArrayList<>();
        for (Timeline.Span s : r.timeline().spans()) {
            if (s.name().contains(".out[")) {
                out.add(s);
            } else if (s.name().contains(".work[")) {
                work.add(s);
            }
        }
        assertEquals(n, out.size());
        out.sort((a, b) -> Long.compare(a.start(), b.start()));
        for (int i = 1; i < out.size(); i++) {
            assertTrue(out.get(i).start() >= out.get(i - 1).start() + out.get(i - 1).cycles(),
                    "serial stage firings overlap: " + out.get(i - 1) + " and " + out.get(i));
        }
        for (Timeline.Span a : work) {
            long at = 0;
            for (Timeline.Span b : work) {
                if (b.start() <= a.start() && a.start() < b.start() + b.cycles()) {
                    at++;
                }
            }
            maxWork = Math.max(maxWork, at);
        }
        assertTrue(maxWork > 1 && maxWork <= 4, maxWork + " parallel firings at once: more than one, at most the lines");
    }

    /** Issue 14: a 100-task chain took 3.5M cycles on parallella16 with a cached function per task. */
    @Test
    void hundredTaskChainWithDefaultCodeMovesNoCode() {
        Dag.Builder<long[]> g = Dag.builder("chain");
        CodeletHandle prev = null;
        for (int i = 0; i < 100; i++) {
            CodeletHandle h = g.task("t" + i, ctx -> ctx.frame()[0]++).cycles(100);
            if (prev != null) {
                prev.precede(h);
            }
            prev = h;
        }
        Program<long[]> p = g.build(() -> new long[1], f -> f[0] == 100 ? CheckResult.passed("ok") : CheckResult.failed("n"));
        RunResult r = passes(p, target("parallella16"));
        assertEquals(List.of(new RunResult.CodeObjectReport("default", 100, 0)), r.codeObjects());
        assertTrue(r.makespanCycles() < 100_000, r.makespanCycles() + " cycles");
    }

    @Test
    void codeObjectReportNamesWhatMovesCode() {
        Dag.Builder<long[]> g = Dag.builder("chain");
        CodeletHandle prev = null;
        for (int i = 0; i < 20; i++) {
            CodeletHandle h = g.task("t" + i, ctx -> { }).cycles(10)
                    .code(CodeObject.of(i % 2 == 0 ? "even" : "odd", 1024, Placement.GLOBAL));
            if (prev != null) {
                prev.precede(h);
            }
            prev = h;
        }
        RunResult r = passes(g.build(() -> new long[1], f -> CheckResult.passed("ran")), target("parallella16"));
        assertEquals(2, r.codeObjects().size());
        long sum = 0;
        for (RunResult.CodeObjectReport c : r.codeObjects()) {
            assertEquals(10, c.firings());
            assertTrue(c.codeCycles() > 0, c.toString());
            sum += c.codeCycles();
        }
        assertEquals(r.work().code(), sum, "per-object code cycles add up to the run's code phase");
        assertTrue(2 * r.work().code() > r.work().total(), "code in DRAM dominates these tiny tasks");
    }
}
