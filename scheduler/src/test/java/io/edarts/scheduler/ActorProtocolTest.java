package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SU and CU actors on their own, driven through test probes. */
class ActorProtocolTest {
    private static ActorTestKit kit;

    @BeforeAll
    static void up() {
        kit = ActorTestKit.create(Simulator.config(2));
    }

    @AfterAll
    static void down() {
        kit.shutdownTestKit();
    }

    private static Program<long[]> twoStep() {
        Dag.Builder<long[]> g = Dag.builder("two");
        CodeletHandle a = g.task("a", ctx -> ctx.frame()[0] = 7).cycles(100);
        CodeletHandle b = g.task("b", ctx -> {
            if (ctx.frame()[0] < 0) {
                throw new IllegalStateException("negative");
            }
            ctx.frame()[1] = ctx.frame()[0] * 6;
        }).cycles(40);
        a.precede(b);
        return g.build(() -> new long[2], f -> f[1] == 42 ? CheckResult.passed("42") : CheckResult.failed("" + f[1]));
    }

    private static RunContext context(Program<?> p, String machine) {
        Machine m = MachineLoader.load(machine, List.of());
        return new RunContext(p, machine.equals("ideal") ? SimpleTarget.ideal(m) : SimpleTarget.simpleMesh(m),
                RunOptions.defaults());
    }

    @Test
    void computationUnitStartsAtArrivalOrWhenFreeAndRepliesWithItsCycles() {
        Program<long[]> p = twoStep();
        RunContext run = context(p, "ideal");
        TpInstance inst = new TpInstance(0, p.root(), p.newFrame(), 0, 0);
        TestProbe<SchedulingUnit.Command> su = kit.createTestProbe();
        ActorRef<ComputationUnit.Command> cu = kit.spawn(ComputationUnit.create(5, 4, run, su.getRef()));

        cu.tell(new ComputationUnit.Dispatch(inst, 0, 0, 1_000, 1, -1));
        SchedulingUnit.Completed first = su.expectMessageClass(SchedulingUnit.Completed.class);
        assertEquals(1_000, first.start());
        assertEquals(1_100, first.finish());
        assertEquals(4, first.cuIndex());
        assertNull(first.error());
        assertEquals(7, ((long[]) inst.frame)[0], "the body ran");

        // Arrives while the CU is still busy: it waits for the CU to be free.
        cu.tell(new ComputationUnit.Dispatch(inst, 1, 0, 1_050, 2, -1));
        SchedulingUnit.Completed second = su.expectMessageClass(SchedulingUnit.Completed.class);
        assertEquals(1_100, second.start());
        assertEquals(1_140, second.finish());
        assertEquals(42, ((long[]) inst.frame)[1]);

        cu.tell(new ComputationUnit.ReportStats(su.getRef()));
        SchedulingUnit.CuStats stats = su.expectMessageClass(SchedulingUnit.CuStats.class);
        assertEquals(140, stats.stats().busyCycles());
        assertEquals(2, stats.stats().fired());
    }

    @Test
    void computationUnitReportsAThrowingBodyInsteadOfCrashing() {
        Program<long[]> p = twoStep();
        RunContext run = context(p, "ideal");
        TpInstance inst = new TpInstance(0, p.root(), p.newFrame(), 0, 0);
        ((long[]) inst.frame)[0] = -1;
        TestProbe<SchedulingUnit.Command> su = kit.createTestProbe();
        ActorRef<ComputationUnit.Command> cu = kit.spawn(ComputationUnit.create(3, 2, run, su.getRef()));
        cu.tell(new ComputationUnit.Dispatch(inst, 1, 0, 10, 1, -1));
        SchedulingUnit.Completed c = su.expectMessageClass(SchedulingUnit.Completed.class);
        assertInstanceOf(IllegalStateException.class, c.error());
        // still alive and answering
        cu.tell(new ComputationUnit.ReportStats(su.getRef()));
        su.expectMessageClass(SchedulingUnit.CuStats.class);
    }

    @Test
    void schedulingUnitRunsItsClusterToTheEndAndReportsToTheTimeKeeper() {
        Program<long[]> p = twoStep();
        RunContext run = context(p, "mesh16");
        TestProbe<Timekeeper.Command> keeper = kit.createTestProbe();
        List<ActorRef<SchedulingUnit.Command>> peers = new ArrayList<>();
        ActorRef<SchedulingUnit.Command> su = kit.spawn(
                SchedulingUnit.create(run.machine.clusters().get(0), run, keeper.getRef(), peers));
        peers.add(su);
        TpInstance root = new TpInstance(0, p.root(), p.newFrame(), 0, 0);
        su.tell(new SchedulingUnit.Start(root));
        keeper.expectNoMessage(java.time.Duration.ofMillis(50));
        su.tell(new SchedulingUnit.Advance(Long.MAX_VALUE, true));
        Timekeeper.Reached reached = keeper.expectMessageClass(Timekeeper.Reached.class);
        assertEquals(Long.MAX_VALUE, reached.next(), "nothing left to do");
        assertNull(reached.failure());
        assertEquals(42, ((long[]) root.frame)[1]);
        su.tell(new SchedulingUnit.Finish());
        Timekeeper.SuDone done = keeper.expectMessageClass(Timekeeper.SuDone.class);
        assertEquals(2, done.summary().fired());
        assertEquals(15, done.summary().cuStats().size());
        assertTrue(done.summary().maxFinish() >= 140, "two firings of 100 and 40 cycles in sequence");
        assertEquals(2, done.summary().decisions());
    }

    @Test
    void schedulingUnitWithAWindowStopsAtTheHorizonAndReportsItsNextEvent() {
        Program<long[]> p = twoStep();
        RunContext run = context(p, "ideal");
        TestProbe<Timekeeper.Command> keeper = kit.createTestProbe();
        List<ActorRef<SchedulingUnit.Command>> peers = new ArrayList<>();
        ActorRef<SchedulingUnit.Command> su = kit.spawn(
                SchedulingUnit.create(run.machine.clusters().get(0), run, keeper.getRef(), peers));
        peers.add(su);
        TpInstance root = new TpInstance(0, p.root(), p.newFrame(), 0, 0);
        su.tell(new SchedulingUnit.Start(root));
        su.tell(new SchedulingUnit.Advance(50, false));
        Timekeeper.Reached r1 = keeper.expectMessageClass(Timekeeper.Reached.class);
        assertEquals(100, r1.next(), "a finishes at cycle 100, beyond the window");
        assertEquals(0, ((long[]) root.frame)[1], "b has not run");
        su.tell(new SchedulingUnit.Advance(1_000, false));
        Timekeeper.Reached r2 = keeper.expectMessageClass(Timekeeper.Reached.class);
        assertEquals(Long.MAX_VALUE, r2.next());
        assertEquals(42, ((long[]) root.frame)[1]);
    }
}
