package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.api.SlotHandle;
import io.edarts.api.SlotRef;
import io.edarts.api.TpDefinition;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sync-slot reset, fan-out, dynamic threaded procedures, failures and deadlocks, end to end. */
class CodeletModelTest {
    private static Simulator sim;
    private static Target ideal;
    private static Target mesh;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
        ideal = SimpleTarget.ideal(MachineLoader.load("ideal", List.of()));
        mesh = SimpleTarget.simpleMesh(MachineLoader.load("mesh16", List.of("target=simple-mesh")));
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    /** A loop: one codelet with a re-armed slot signals itself until it has run n times. */
    @Test
    void resetSlotLetsACodeletFireAgain() {
        int n = 25;
        TpDefinition.Builder<long[]> b = TpDefinition.builder("loop");
        CodeletHandle[] self = new CodeletHandle[1];
        self[0] = b.codelet("step", ctx -> {
            long[] f = ctx.frame();
            f[0] += ctx.firing() + 1;
            f[1]++;
            if (f[1] < n) {
                ctx.signal(ctx.slotOf(self[0]));
            }
        }).deps(0).reset(1).cycles(10);
        Program<long[]> p = Program.of("loop", b.build(), () -> new long[2],
                f -> f[0] == (long) n * (n + 1) / 2 ? CheckResult.passed("ok") : CheckResult.failed("sum " + f[0]));
        RunResult r = sim.run(p, ideal, RunOptions.defaults().withVerify(true));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        assertEquals(n, r.codeletsFired());
        assertEquals(10L * n, r.makespanCycles());
    }

    @Test
    void oneSlotEnablesEveryCodeletWaitingOnIt() {
        int fan = 9;
        TpDefinition.Builder<long[]> b = TpDefinition.builder("fan");
        SlotHandle go = b.slot("go", 1, 0);
        b.codelet("source", ctx -> ctx.frame()[0] = 5).signals(go).cycles(50);
        for (int i = 1; i <= fan; i++) {
            final int me = i;
            b.codelet("w" + i, ctx -> ctx.frame()[me] = ctx.frame()[0] * me).waitsOn(go).cycles(100);
        }
        Program<long[]> p = Program.of("fan", b.build(), () -> new long[fan + 1], f -> {
            for (int i = 1; i <= fan; i++) {
                if (f[i] != 5L * i) {
                    return CheckResult.failed("w" + i + " = " + f[i]);
                }
            }
            return CheckResult.passed("ok");
        });
        RunResult r = sim.run(p, ideal, RunOptions.defaults().withVerify(true));
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        assertEquals(fan + 1, r.codeletsFired());
        // all nine workers run at once after the source on 15 CUs
        assertEquals(150, r.makespanCycles());
    }

    /** fib(n) with one threaded procedure per call, as in DARTS. */
    static final class Fib {
        final int n;
        final SlotRef done;
        final long[] out;
        final int outIndex;
        final long[] xy = new long[2];

        Fib(int n, SlotRef done, long[] out, int outIndex) {
            this.n = n;
            this.done = done;
            this.out = out;
            this.outIndex = outIndex;
        }
    }

    static TpDefinition<Fib> fibDefinition() {
        TpDefinition.Builder<Fib> b = TpDefinition.builder("fib");
        java.util.concurrent.atomic.AtomicReference<TpDefinition<Fib>> self = new java.util.concurrent.atomic.AtomicReference<>();
        CodeletHandle sum = b.codelet("sum", ctx -> {
            Fib f = ctx.frame();
            f.out[f.outIndex] = f.xy[0] + f.xy[1];
            if (f.done != null) {
                ctx.signal(f.done);
            }
        }).deps(2).cycles(20);
        b.codelet("split", ctx -> {
            Fib f = ctx.frame();
            if (f.n < 2) {
                f.out[f.outIndex] = f.n;
                if (f.done != null) {
                    ctx.signal(f.done);
                }
                ctx.exit();
                return;
            }
            SlotRef join = ctx.slotOf(sum);
            ctx.invoke(self.get(), new Fib(f.n - 1, join, f.xy, 0));
            ctx.invoke(self.get(), new Fib(f.n - 2, join, f.xy, 1));
        }).cost(Cost.instructions(12, 0, 4, 2));
        self.set(b.build());
        return self.get();
    }

    @Test
    void dynamicThreadedProceduresComputeFib() {
        int n = 15;
        long[] ref = new long[n + 1];
        ref[1] = 1;
        for (int i = 2; i <= n; i++) {
            ref[i] = ref[i - 1] + ref[i - 2];
        }
        TpDefinition<Fib> def = fibDefinition();
        Program<Fib> p = Program.of("fib", def, () -> new Fib(n, null, new long[1], 0),
                f -> f.out[0] == ref[n] ? CheckResult.passed("fib(" + n + ") = " + ref[n])
                        : CheckResult.failed("fib(" + n + ") = " + f.out[0] + ", expected " + ref[n]));
        RunResult r = sim.run(p, mesh, RunOptions.defaults().withVerify(true));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        // calls(n) = 2 fib(n+1) - 1 split firings, plus a sum for every call with n >= 2
        long calls = 2 * ref[n] + 2 * ref[n - 1] - 1;
        assertTrue(r.codeletsFired() > calls, "fired " + r.codeletsFired());
    }

    @Test
    void aThrowingBodyFailsTheRunNamingTheCodelet() {
        Dag.Builder<long[]> g = Dag.builder("boom");
        CodeletHandle a = g.task("fine", ctx -> ctx.frame()[0] = 1).cycles(10);
        CodeletHandle b = g.task("explodes", ctx -> {
            throw new ArithmeticException("division by zero in block 3");
        }).cycles(10);
        CodeletHandle c = g.task("after", ctx -> ctx.frame()[0] = 2).cycles(10);
        a.precede(b);
        b.precede(c);
        RunResult r = sim.run(g.build(() -> new long[1], null), ideal, RunOptions.defaults().withVerify(true));
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("explodes"), r.message());
        assertTrue(r.message().contains("ArithmeticException"), r.message());
        assertTrue(r.message().contains("division by zero in block 3"), r.message());
    }

    @Test
    void aDeadlockListsTheUnfiredCodeletsAndTheirCounts() {
        Dag.Builder<long[]> g = Dag.builder("stuck");
        CodeletHandle a = g.task("a", ctx -> ctx.frame()[0] = 1).cycles(10);
        CodeletHandle waits = g.task("waits-for-two", ctx -> ctx.frame()[0] = 2).deps(2).cycles(10);
        CodeletHandle tail = g.task("tail", ctx -> ctx.frame()[0] = 3).cycles(10);
        a.precede(waits);
        waits.precede(tail);
        RunResult r = sim.run(g.build(() -> new long[1], null), ideal, RunOptions.defaults().withVerify(true));
        assertEquals(RunResult.Status.DEADLOCKED, r.status());
        assertEquals(2, r.unfiredCount());
        assertTrue(r.message().contains("stuck#0.waits-for-two (slot count 1 of 2)"), r.message());
        assertTrue(r.message().contains("stuck#0.tail (slot count 1 of 1)"), r.message());
    }

    @Test
    void meshLatencyMakesTheSameChainSlowerThanIdeal() {
        Programs.Graph g = Programs.random(100, 3, 2);
        RunResult onIdeal = sim.run(g.program(), ideal, RunOptions.defaults().withVerify(true));
        RunResult onMesh = sim.run(g.program(), mesh, RunOptions.defaults().withVerify(true));
        assertEquals(CheckResult.Status.PASSED, onMesh.check().status());
        assertTrue(onMesh.makespanCycles() > onIdeal.makespanCycles());
        assertTrue(onMesh.scheduling().suBusyCycles() > 0);
        assertEquals(0, onIdeal.scheduling().suBusyCycles());
    }

    @Test
    void progressListenerHearsTheFinalCount() {
        Programs.Graph g = Programs.random(120, 5, 2);
        AtomicLong seen = new AtomicLong(-1);
        RunResult r = sim.run(g.program(), ideal, RunOptions.defaults().withVerify(true).withProgress(seen::set));
        assertEquals(120, r.codeletsFired());
        assertEquals(120, seen.get());
    }
}
