package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.MachineRegistry;
import io.edarts.cam.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression: a failed run's report counted firings the CUs had run ahead on the host (cores[].fired
 * summed to 30 while codelets.fired was 25, utilisation above 1). Counts now come from the
 * completions the SUs consumed, so they stop where virtual time stopped.
 */
class FailedRunReportTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    /** 200 independent tasks, then a chain; task 'fail' throws while many others are still in flight. */
    private static Program<long[]> wideThenFailing() {
        Dag.Builder<long[]> g = Dag.builder("wide");
        var last = g.task("t0", ctx -> { }).cycles(50);
        for (int i = 1; i < 200; i++) {
            var t = g.task("t" + i, ctx -> { }).cycles(50 + (i % 7) * 10);
            if (i == 120) {
                var bad = g.task("fail", ctx -> {
                    throw new IllegalStateException("boom");
                }).cycles(5);
                t.precede(bad);
            }
            last = t;
        }
        last.cycles(60);
        return g.build(() -> new long[1], f -> CheckResult.passed("ran"));
    }

    @Test
    void failedRunReportCountsOnlyConsumedFirings() {
        for (String machine : List.of("mesh16", "ideal")) {
            Target t = MachineRegistry.newTarget(MachineLoader.load(machine, List.of()));
            RunResult r = sim.run(wideThenFailing(), t, RunOptions.defaults());
            assertEquals(RunResult.Status.FAILED, r.status(), r.message());
            assertTrue(r.message().contains("'wide#0.fail'") && r.message().contains("boom"), r.message());
            long perCore = r.cores().stream().mapToLong(RunResult.CoreReport::fired).sum();
            assertEquals(r.codeletsFired(), perCore, "per-core firings add up to the run's");
            for (RunResult.CoreReport c : r.cores()) {
                assertTrue(c.busyCycles() <= r.makespanCycles(), "core " + c.id() + " busy " + c.busyCycles()
                        + " > makespan " + r.makespanCycles());
                assertTrue(c.utilisation(r.makespanCycles()) <= 1.0);
            }
            assertTrue(r.codeletsFired() < 201, "the run stopped at the failure");
        }
    }

    /**
     * Review of issue 7: a sum of cycles that overflowed inside an SU crashed the actor (exit 1 with a
     * stack trace). A loop whose firings add up past 2^63 now fails the run, saying why.
     */
    @Test
    void aRunWhoseCyclesOverflowFailsInsteadOfCrashing() {
        io.edarts.api.TpDefinition.Builder<long[]> b = io.edarts.api.TpDefinition.builder("huge");
        io.edarts.api.CodeletHandle[] self = new io.edarts.api.CodeletHandle[1];
        self[0] = b.codelet("step", ctx -> {
            if (++ctx.frame()[0] < 8) {
                ctx.signal(ctx.slotOf(self[0]));
            }
        }).deps(0).reset(1).cycles(1L << 61);
        Program<long[]> p = Program.of("huge", b.build(), () -> new long[1], f -> CheckResult.passed("ran"));
        RunResult r = sim.run(p, MachineRegistry.newTarget(MachineLoader.load("ideal", List.of())), RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status(), r.message() + " makespan " + r.makespanCycles()
                + " fired " + r.codeletsFired());
        assertTrue(r.message().contains("overflow"), r.message());
        assertTrue(r.codeletsFired() < 8);
    }
}
