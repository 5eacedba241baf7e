package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.Charge;
import io.edarts.cam.CoreModel;
import io.edarts.cam.Counters;
import io.edarts.cam.FiringCost;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import io.edarts.cam.Work;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Earliest-finish on a machine whose CUs differ in speed: the target says so in its charges and in
 * its estimates, and the policy follows the estimate where load-blind policies do not.
 */
class EarliestFinishTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    /**
     * The ideal target with one CU {@code slowdown} times slower: its core model charges the body that
     * many times over, and its estimate says so. Everything else is the ideal target's.
     */
    record Heterogeneous(SimpleTarget ideal, int slowCore, long slowdown) implements Target {
        @Override public Machine machine() { return ideal.machine(); }
        @Override public long decisionCycles(int suCore, int candidates) { return 0; }
        @Override public long messageCycles(int from, int to, int bytes) { return 0; }
        @Override public String describe() { return "ideal, core " + slowCore + " " + slowdown + "x slower"; }

        private long factor(int core) {
            return core == slowCore ? slowdown : 1;
        }

        @Override
        public long estimateCycles(int core, Work work, boolean codeHeld) {
            return factor(core) * ideal.estimateCycles(core, work, codeHeld);
        }

        @Override
        public CoreModel coreModel(int core) {
            long f = factor(core);
            return new CoreModel() {
                private final Counters counters = new Counters();

                @Override
                public Charge fire(Work w, long startCycle) {
                    long body = f * (w.declaredCycles() + w.instructions());
                    counters.clock = Math.max(counters.clock, startCycle + body);
                    return Charge.of(new FiringCost(0, 0, body, 0, body));
                }

                @Override
                public Counters counters() {
                    return counters.copy();
                }
            };
        }
    }

    /** The ideal 1x3 mesh (SU at core 0, CUs at cores 1 and 2) with CU 0 (core 1) four times slower. */
    private static Heterogeneous machine(String poolCapacity) {
        Machine m = MachineLoader.load("ideal", List.of("mesh.rows=1", "mesh.cols=3", "pool-capacity=" + poolCapacity));
        return new Heterogeneous(SimpleTarget.ideal(m), 1, 4);
    }

    private static Program<long[]> chain(int n, long cycles) {
        Dag.Builder<long[]> g = Dag.builder("chain");
        CodeletHandle prev = null;
        for (int i = 0; i < n; i++) {
            final int me = i;
            CodeletHandle h = g.task("c" + i, ctx -> ctx.frame()[0] = ctx.frame()[0] * 3 + me).cycles(cycles);
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
        return g.build(() -> new long[1], f -> f[0] == e ? CheckResult.passed("ok") : CheckResult.failed("got " + f[0]));
    }

    private static RunResult run(Program<long[]> p, Target t, String policy) {
        RunResult r = sim.run(p, t, RunOptions.defaults().withVerify(true).withPolicy(policy));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        return r;
    }

    @Test
    void aChainRunsWhollyOnTheFastCuWhereLoadBlindPoliciesUseTheSlowOne() {
        Heterogeneous t = machine("4");
        // every CU is idle at each step: least-loaded takes the lowest index (the slow one),
        // round-robin alternates, earliest-finish asks the estimate
        assertEquals(10 * 100, run(chain(10, 100), t, "earliest-finish").makespanCycles());
        assertEquals(10 * 400, run(chain(10, 100), t, "least-loaded").makespanCycles());
        assertEquals(5 * 100 + 5 * 400, run(chain(10, 100), t, "round-robin").makespanCycles());
    }

    @Test
    void independentCodeletsGoWhereTheyFinishFirst() {
        Heterogeneous t = machine("4");
        Dag.Builder<long[]> g = Dag.builder("independent");
        int n = 5;
        for (int i = 0; i < n; i++) {
            final int me = i;
            g.task("t" + i, ctx -> ctx.frame()[me] = me + 1).cycles(100);
        }
        Program<long[]> p = g.build(() -> new long[n], f -> {
            for (int i = 0; i < n; i++) {
                if (f[i] != i + 1) {
                    return CheckResult.failed("t" + i);
                }
            }
            return CheckResult.passed("ok");
        });
        // the optimum: four on the fast CU (0..400) and one on the slow one (0..400); the tie at 400 for
        // the fourth goes to the lowest index, the slow CU
        assertEquals(400, run(p, t, "earliest-finish").makespanCycles());
        // dealt alternately, the slow CU gets three
        assertEquals(1200, run(p, t, "round-robin").makespanCycles());
        assertEquals(1200, run(p, t, "least-loaded").makespanCycles());
    }
}
