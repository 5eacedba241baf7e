package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.CoreModel;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Work stealing between the CUs' pools and CU-side scheduling ({@link CuPools}): that steals happen
 * where a deal is skewed and shorten the run, that each steal is mesh messages charged by the target,
 * that a CU places what its completions enable in its own pool, and that neither depends on the
 * host's threads.
 */
class WorkStealingTest {
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
     * 60 independent codelets, the first 100 times longer than the others. Round-robin deals all 60
     * at once into the 15 pools of 4: CU 0 holds the long one and three short ones behind it.
     */
    private static Program<long[]> skewed() {
        int n = 60;
        Dag.Builder<long[]> g = Dag.builder("skewed");
        for (int i = 0; i < n; i++) {
            final int me = i;
            g.task("t" + i, ctx -> ctx.frame()[me] = me + 1L).cycles(i == 0 ? 100_000 : 1_000);
        }
        return g.build(() -> new long[n], f -> {
            for (int i = 0; i < n; i++) {
                if (f[i] != i + 1L) {
                    return CheckResult.failed("t" + i);
                }
            }
            return CheckResult.passed("ok");
        });
    }

    private static RunResult run(Program<long[]> p, Target t, String policy) {
        RunResult r = sim.run(p, t, RunOptions.defaults().withVerify(true).withPolicy(policy));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        return r;
    }

    @Test
    void idleCusStealTheCodeletsQueuedBehindALongOneAndTheRunReachesItsCriticalPath() {
        Target ideal = SimpleTarget.ideal(MachineLoader.load("ideal", List.of()));
        RunResult rr = run(skewed(), ideal, "round-robin");
        RunResult ws = run(skewed(), ideal, "work-stealing");
        assertEquals(103_000, rr.makespanCycles(), "round-robin: the long codelet, then the three behind it");
        assertEquals(100_000, ws.makespanCycles(), "stolen, the three short ones run beside the long one");
        assertEquals(3, ws.scheduling().stealsSucceeded());
        assertTrue(ws.scheduling().stealsAttempted() >= 3, "attempts " + ws.scheduling().stealsAttempted());
        assertEquals(0, rr.scheduling().stealsAttempted());
        // the SU still made every placement: the steals moved codelets, they did not add any
        assertEquals(rr.scheduling().decisions(), ws.scheduling().decisions());
    }

    /** A target that counts the messages its cost model is asked about between two CUs. */
    private static final class CountingTarget implements Target {
        final SimpleTarget inner;
        final AtomicLong cuToCu = new AtomicLong();
        final AtomicLong cuToCuBytes = new AtomicLong();

        CountingTarget(SimpleTarget inner) {
            this.inner = inner;
        }

        @Override public Machine machine() { return inner.machine(); }
        @Override public long decisionCycles(int suCore, int candidates) { return inner.decisionCycles(suCore, candidates); }
        @Override public CoreModel coreModel(int core) { return inner.coreModel(core); }
        @Override public String describe() { return inner.describe(); }

        @Override
        public long messageCycles(int from, int to, int bytes) {
            Machine m = inner.machine();
            if (m.role(from) == io.edarts.cam.CoreRole.CU && m.role(to) == io.edarts.cam.CoreRole.CU) {
                cuToCu.incrementAndGet();
                cuToCuBytes.addAndGet(bytes);
            }
            return inner.messageCycles(from, to, bytes);
        }
    }

    @Test
    void everyStealIsARequestAndAReplyChargedAsMeshMessages() {
        Machine m = MachineLoader.load("mesh16", List.of("target=simple-mesh"));
        CountingTarget t = new CountingTarget(SimpleTarget.simpleMesh(m));
        RunResult ws = run(skewed(), t, "work-stealing");
        long attempts = ws.scheduling().stealsAttempted();
        long won = ws.scheduling().stealsSucceeded();
        assertTrue(won >= 1, "no steal on mesh16");
        // one request and one reply per attempt; a won steal's reply is the descriptor, a lost one's one word
        assertEquals(2 * attempts, t.cuToCu.get());
        assertEquals(attempts * m.costs().signalBytes() + won * m.costs().dispatchBytes()
                + (attempts - won) * m.costs().signalBytes(), t.cuToCuBytes.get());
        // the messages take time: the stolen codelets start later than on the ideal machine
        Target ideal = SimpleTarget.ideal(MachineLoader.load("ideal", List.of()));
        assertTrue(ws.makespanCycles() > run(skewed(), ideal, "work-stealing").makespanCycles());
        RunResult rr = run(skewed(), SimpleTarget.simpleMesh(m), "round-robin");
        assertTrue(ws.makespanCycles() < rr.makespanCycles(),
                "work-stealing " + ws.makespanCycles() + " vs round-robin " + rr.makespanCycles());
    }

    /** A chain of {@code n} codelets, each one's value from the one before. */
    private static Program<long[]> chain(int n) {
        Dag.Builder<long[]> g = Dag.builder("chain");
        CodeletHandle prev = null;
        for (int i = 0; i < n; i++) {
            final int me = i;
            CodeletHandle h = g.task("c" + i, ctx -> ctx.frame()[0] = ctx.frame()[0] * 3 + me).cycles(500);
            if (prev != null) {
                prev.precede(h);
            }
            prev = h;
        }
        long e = 0;
        for (int i = 0; i < n; i++) {
            e = e * 3 + i;
        }
        long expect = e;
        return g.build(() -> new long[1], f -> f[0] == expect ? CheckResult.passed("ok") : CheckResult.failed("" + f[0]));
    }

    @Test
    void aCuPlacesWhatItsCompletionEnablesInItsOwnPoolAndSkipsTheRoundTripThroughTheSu() {
        int n = 30;
        Machine off = MachineLoader.load("mesh16", List.of("target=simple-mesh"));
        Machine on = MachineLoader.load("mesh16", List.of("target=simple-mesh", "scheduler.cu-side=on"));
        RunResult viaSu = run(chain(n), SimpleTarget.simpleMesh(off), "round-robin");
        RunResult cuSide = run(chain(n), SimpleTarget.simpleMesh(on), "round-robin");
        assertEquals(n - 1, cuSide.scheduling().cuSidePlacements(), "every link of the chain after the first");
        assertEquals(1, cuSide.scheduling().decisions(), "the SU placed only the root's codelet");
        assertEquals(0, viaSu.scheduling().cuSidePlacements());
        assertEquals(n, viaSu.scheduling().decisions());
        // each link saves the completion signal, the SU's decision and the dispatch back
        long perLink = m(off).messageCycles(0, 1, off.costs().signalBytes())
                + m(off).decisionCycles(0, 1) + m(off).messageCycles(0, 1, off.costs().dispatchBytes());
        assertTrue(viaSu.makespanCycles() - cuSide.makespanCycles() >= (n - 1) * perLink,
                "via the SU " + viaSu.makespanCycles() + ", CU-side " + cuSide.makespanCycles() + ", per link " + perLink);
        // all on the CU that ran the first codelet
        assertEquals(n, cuSide.cores().stream().mapToLong(RunResult.CoreReport::fired).max().orElse(0));
        // on the ideal machine the chain still takes exactly the sum of its costs
        Target ideal = SimpleTarget.ideal(MachineLoader.load("ideal", List.of("scheduler.cu-side=on")));
        assertEquals(500L * n, run(chain(n), ideal, "round-robin").makespanCycles());
    }

    @Test
    void aCodeletThatPrefersAnotherCuIsPushedIntoThatCusPool() {
        // a chain whose codelets prefer cores 1, 2, 3, 1, 2, 3, ...: each is pushed to the next core
        int n = 12;
        Dag.Builder<long[]> g = Dag.builder("hops");
        CodeletHandle prev = null;
        for (int i = 0; i < n; i++) {
            final int me = i;
            CodeletHandle h = g.task("c" + i, ctx -> ctx.frame()[me] = me).cycles(500).affinity(1 + i % 3);
            if (prev != null) {
                prev.precede(h);
            }
            prev = h;
        }
        Program<long[]> p = g.build(() -> new long[n], f -> f[n - 1] == n - 1 ? CheckResult.passed("ok")
                : CheckResult.failed("" + f[n - 1]));
        Machine on = MachineLoader.load("mesh16", List.of("target=simple-mesh", "scheduler.cu-side=on"));
        RunResult r = run(p, SimpleTarget.simpleMesh(on), "round-robin");
        assertEquals(n - 1, r.scheduling().cuSidePlacements());
        for (int core = 1; core <= 3; core++) {
            assertEquals(n / 3, r.cores().get(core).fired(), "core " + core);
        }
    }

    private static Target m(Machine machine) {
        return SimpleTarget.simpleMesh(machine);
    }

    @Test
    void aFanOutBeyondTheOwnPoolGoesToTheSuAndStealingSpreadsTheRest() {
        // root enables 40 codelets at once: 4 fit the root's CU's pool, the SU places the rest
        int n = 40;
        Dag.Builder<long[]> g = Dag.builder("fan");
        CodeletHandle root = g.task("root", ctx -> ctx.frame()[n] = 7).cycles(100);
        for (int i = 0; i < n; i++) {
            final int me = i;
            root.precede(g.task("t" + i, ctx -> ctx.frame()[me] = ctx.frame()[n] + me).cycles(2_000));
        }
        Program<long[]> p = g.build(() -> new long[n + 1], f -> {
            for (int i = 0; i < n; i++) {
                if (f[i] != 7 + i) {
                    return CheckResult.failed("t" + i);
                }
            }
            return CheckResult.passed("ok");
        });
        Machine on = MachineLoader.load("mesh16", List.of("target=simple-mesh", "scheduler.cu-side=on"));
        RunResult cuSide = run(p, SimpleTarget.simpleMesh(on), "round-robin");
        int cap = on.poolCapacity();
        assertEquals(cap, cuSide.scheduling().cuSidePlacements());
        assertEquals(1 + n - cap, cuSide.scheduling().decisions());
        RunResult both = run(p, SimpleTarget.simpleMesh(on), "work-stealing");
        assertTrue(both.scheduling().stealsSucceeded() > 0, "the CU's own pool is stolen from");
        assertTrue(both.makespanCycles() < cuSide.makespanCycles(),
                "stealing " + both.makespanCycles() + " vs not " + cuSide.makespanCycles());
    }

    @Test
    void stealingAndCuSideRunsAreTheSameOnOneOrEightHostThreads() {
        Machine m = MachineLoader.load("mesh16", List.of("target=simple-mesh", "scheduler.cu-side=on"));
        List<String> seen = new ArrayList<>();
        for (int threads : new int[] {1, 8}) {
            try (Simulator s = Simulator.create(threads)) {
                RunResult r = s.run(Programs.random(600, 11, 3).program(), SimpleTarget.simpleMesh(m),
                        RunOptions.defaults().withPolicy("work-stealing"));
                assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
                StringBuilder b = new StringBuilder(r.makespanCycles() + " " + r.scheduling() + " " + r.links());
                for (RunResult.CoreReport c : r.cores()) {
                    b.append(' ').append(c.busyCycles()).append('/').append(c.fired());
                }
                seen.add(b.toString());
            }
        }
        assertEquals(seen.get(0), seen.get(1));
    }
}
