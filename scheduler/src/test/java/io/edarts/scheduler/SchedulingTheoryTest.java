package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** On the ideal machine a schedule must obey list-scheduling theory. */
class SchedulingTheoryTest {
    private static Simulator sim;
    private static Target ideal;
    private static int cus;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
        Machine m = MachineLoader.load("ideal", List.of());
        ideal = SimpleTarget.ideal(m);
        cus = m.cuCount();
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    static List<String> policies() {
        return Policies.names();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void chainTakesExactlyTheSumOfItsCosts(String policy) {
        int n = 40;
        Dag.Builder<long[]> g = Dag.builder("chain");
        CodeletHandle prev = null;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            final int me = i;
            long c = 10 + 7L * i;
            sum += c;
            CodeletHandle h = g.task("c" + i, ctx -> ctx.frame()[0] = ctx.frame()[0] * 3 + me).cycles(c);
            if (prev != null) {
                prev.precede(h);
            }
            prev = h;
        }
        long expect = 0;
        for (int i = 0; i < n; i++) {
            expect = expect * 3 + i;
        }
        long e = expect;
        Program<long[]> p = g.build(() -> new long[1],
                f -> f[0] == e ? CheckResult.passed("ok") : CheckResult.failed("got " + f[0]));
        RunResult r = sim.run(p, ideal, RunOptions.defaults().withVerify(true).withPolicy(policy));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        assertEquals(sum, r.makespanCycles());
        assertEquals(n, r.codeletsFired());
    }

    @ParameterizedTest
    @MethodSource("policies")
    void independentEqualCodeletsTakeCeilNOverPTimesTheCost(String policy) {
        for (int n : new int[] {1, cus, cus + 1, 37, 100}) {
            Dag.Builder<long[]> g = Dag.builder("independent");
            for (int i = 0; i < n; i++) {
                final int me = i;
                g.task("t" + i, ctx -> ctx.frame()[me] = me * 2L).cycles(100);
            }
            int nn = n;
            Program<long[]> p = g.build(() -> new long[nn], f -> {
                for (int i = 0; i < nn; i++) {
                    if (f[i] != i * 2L) {
                        return CheckResult.failed("t" + i);
                    }
                }
                return CheckResult.passed("ok");
            });
            RunResult r = sim.run(p, ideal, RunOptions.defaults().withVerify(true).withPolicy(policy));
            assertEquals(CheckResult.Status.PASSED, r.check().status());
            assertEquals((long) Math.ceil((double) n / cus) * 100, r.makespanCycles(), "n=" + n);
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void randomGraphsRespectTheLowerBounds(String policy) {
        for (long seed = 1; seed <= 6; seed++) {
            Programs.Graph g = Programs.random(300, seed, 4);
            RunResult r = sim.run(g.program(), ideal, RunOptions.defaults().withVerify(true).withPolicy(policy));
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
            long lower = Math.max(g.criticalPath(), (g.work() + cus - 1) / cus);
            assertTrue(r.makespanCycles() >= lower,
                    policy + " seed " + seed + ": makespan " + r.makespanCycles() + " < bound " + lower);
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void withCuSideSchedulingRandomGraphsRespectTheLowerBounds(String policy) {
        Machine m = MachineLoader.load("ideal", List.of("scheduler.cu-side=on"));
        Target t = SimpleTarget.ideal(m);
        for (long seed = 1; seed <= 4; seed++) {
            Programs.Graph g = Programs.random(300, seed, 4);
            RunResult r = sim.run(g.program(), t, RunOptions.defaults().withVerify(true).withPolicy(policy));
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
            long lower = Math.max(g.criticalPath(), (g.work() + cus - 1) / cus);
            assertTrue(r.makespanCycles() >= lower,
                    policy + " seed " + seed + ": makespan " + r.makespanCycles() + " < bound " + lower);
            assertTrue(r.scheduling().cuSidePlacements() > 0, policy + " seed " + seed + ": no CU-side placement");
        }
    }

    /** The work-conserving policies: list schedulers that never leave a CU idle while a codelet is ready. */
    static List<String> workConserving() {
        return List.of("critical-path", "earliest-finish");
    }

    @ParameterizedTest
    @MethodSource("workConserving")
    void workConservingPoliciesStayWithinGrahamsBound(String policy) {
        for (long seed = 1; seed <= 8; seed++) {
            Programs.Graph g = Programs.random(400, seed, 3);
            RunResult r = sim.run(g.program(), ideal, RunOptions.defaults().withVerify(true).withPolicy(policy));
            assertEquals(CheckResult.Status.PASSED, r.check().status());
            double upper = (double) g.work() / cus + g.criticalPath();
            assertTrue(r.makespanCycles() <= upper,
                    policy + " seed " + seed + ": makespan " + r.makespanCycles() + " > work/p + CP = " + upper);
        }
    }

    @Test
    void busyCyclesOfAllCoresAddUpToTheWork() {
        Programs.Graph g = Programs.random(200, 42, 3);
        RunResult r = sim.run(g.program(), ideal, RunOptions.defaults().withVerify(true));
        long busy = r.cores().stream().mapToLong(RunResult.CoreReport::busyCycles).sum();
        assertEquals(g.work(), busy);
        long fired = r.cores().stream().mapToLong(RunResult.CoreReport::fired).sum();
        assertEquals(200, fired);
    }
}
