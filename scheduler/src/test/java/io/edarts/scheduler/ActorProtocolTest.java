package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        InstanceRef inst = InstanceRef.of(0, p.root(), p.newFrame(), 0, 0);
        TestProbe<ComputationUnit.Reply> su = kit.createTestProbe();
        ActorRef<ComputationUnit.Command> cu = kit.spawn(ComputationUnit.create(5, 4, run, su.getRef()));

        cu.tell(new ComputationUnit.Dispatch(inst, 0, 0, 1_000, 1, -1));
        ComputationUnit.Fired first = su.expectMessageClass(ComputationUnit.Fired.class);
        assertEquals(1_000, first.start());
        assertEquals(1_100, first.finish());
        assertEquals(4, first.cuIndex());
        assertEquals(1, first.seq());
        assertEquals(0, first.codelet());
        assertEquals(100, first.charge().cost().total());
        assertEquals(7, ((long[]) inst.frame())[0], "the body ran");

        // Arrives while the CU is still busy: it waits for the CU to be free.
        cu.tell(new ComputationUnit.Dispatch(inst, 1, 0, 1_050, 2, -1));
        ComputationUnit.Fired second = su.expectMessageClass(ComputationUnit.Fired.class);
        assertEquals(1_100, second.start());
        assertEquals(1_140, second.finish());
        assertEquals(2, second.seq());
        assertEquals(42, ((long[]) inst.frame())[1]);

        // The CU's busy cycles and firings are now counted by the SU from the replies it consumes
        // (RunTally): 2 firings, 140 busy cycles here; the SU test checks them in the summary.
        assertEquals(140, first.charge().cost().total() + second.charge().cost().total());

        cu.tell(new ComputationUnit.ReportTotals());
        ComputationUnit.Totals totals = su.expectMessageClass(ComputationUnit.Totals.class);
        assertEquals(5, totals.core());
    }

    /** An answer handed back is reused by the core's next firing, every field that firing's (the SU's inline bodies). */
    @Test
    void aRecycledAnswerCarriesTheNextFiringAndNothingOfItsLast() {
        Program<long[]> p = twoStep();
        RunContext run = context(p, "ideal");
        InstanceRef inst = InstanceRef.of(0, p.root(), p.newFrame(), 0, 0);
        ComputationUnit.Core core = new ComputationUnit.Core(5, 4, run);
        ComputationUnit.Fired first = (ComputationUnit.Fired) core.fire(inst, 0, 3, 1_000, 1, -1, false);
        first.timed(1_000, 1_100, 0, 0); // as an interconnect would: a reused answer must take it again
        ComputationUnit.Fired kept = (ComputationUnit.Fired) core.fire(inst, 1, 0, 1_050, 2, -1, false);
        assertNotSame(first, kept, "an answer not handed back is never reused");
        core.recycle(first);
        ComputationUnit.Fired second = (ComputationUnit.Fired) core.fire(inst, 1, 9, 1_200, 3, -1, false);
        assertSame(first, second, "the answer handed back is reused");
        assertEquals(4, second.cuIndex());
        assertEquals(3, second.seq());
        assertEquals(1, second.codelet());
        assertEquals(9, second.firing());
        assertEquals(1_200, second.start());
        assertEquals(1_240, second.finish());
        assertEquals(40, second.charge().cost().total());
        second.timed(1_200, 1_240, 0, 0); // would throw "timed twice" had the reuse kept the old flag
        assertEquals(1_140, kept.finish(), "the answer still held is untouched");
        ComputationUnit.Core other = new ComputationUnit.Core(6, 5, run);
        assertThrows(IllegalArgumentException.class, () -> other.recycle(kept));
    }

    @Test
    void computationUnitReportsAThrowingBodyInsteadOfCrashing() {
        Program<long[]> p = twoStep();
        RunContext run = context(p, "ideal");
        InstanceRef inst = InstanceRef.of(0, p.root(), p.newFrame(), 0, 0);
        ((long[]) inst.frame())[0] = -1;
        TestProbe<ComputationUnit.Reply> su = kit.createTestProbe();
        ActorRef<ComputationUnit.Command> cu = kit.spawn(ComputationUnit.create(3, 2, run, su.getRef()));
        cu.tell(new ComputationUnit.Dispatch(inst, 1, 0, 10, 1, -1));
        ComputationUnit.FiringFailed c = su.expectMessageClass(ComputationUnit.FiringFailed.class);
        assertInstanceOf(IllegalStateException.class, c.error());
        assertFalse(c.machine(), "the body threw, not the machine");
        assertEquals(2, c.cuIndex());
        assertEquals(1, c.seq());
        // still alive and answering
        cu.tell(new ComputationUnit.ReportTotals());
        su.expectMessageClass(ComputationUnit.Totals.class);
    }

    @Test
    void schedulingUnitRunsItsClusterToTheEndAndReportsToTheTimeKeeper() {
        Program<long[]> p = twoStep();
        RunContext run = context(p, "mesh16");
        TestProbe<SchedulingUnit.Report> keeper = kit.createTestProbe();
        List<ActorRef<SchedulingUnit.Command>> peers = new ArrayList<>();
        ActorRef<SchedulingUnit.Command> su = kit.spawn(
                SchedulingUnit.create(run.machine.clusters().get(0), run, keeper.getRef(), peers));
        peers.add(su);
        InstanceRef root = InstanceRef.of(0, p.root(), p.newFrame(), 0, 0);
        su.tell(new SchedulingUnit.Start(root));
        keeper.expectNoMessage(java.time.Duration.ofMillis(50));
        su.tell(new SchedulingUnit.Advance(Long.MAX_VALUE, true));
        SchedulingUnit.WindowDone reached = keeper.expectMessageClass(SchedulingUnit.WindowDone.class);
        assertEquals(Long.MAX_VALUE, reached.next(), "nothing left to do");
        assertNull(reached.failure());
        assertEquals(42, ((long[]) root.frame())[1]);
        su.tell(new SchedulingUnit.Finish());
        SchedulingUnit.Done done = keeper.expectMessageClass(SchedulingUnit.Done.class);
        assertEquals(2, done.summary().fired());
        assertEquals(15, done.summary().cus().size());
        // per-CU busy cycles and firings, now counted by the SU: 2 firings whose bodies are 100 + 40
        // cycles (plus the simple mesh's dispatch and signal instructions)
        assertEquals(2, done.summary().cus().stream().mapToLong(RunTally.CuSummary::fired).sum());
        assertEquals(140, done.summary().work().ideal());
        assertEquals(done.summary().work().total(),
                done.summary().cus().stream().mapToLong(RunTally.CuSummary::busyCycles).sum());
        assertTrue(done.summary().work().total() >= 140);
        assertTrue(done.summary().maxFinish() >= 140, "two firings of 100 and 40 cycles in sequence");
        assertEquals(2, done.summary().decisions());
    }

    @Test
    void schedulingUnitWithAWindowStopsAtTheHorizonAndReportsItsNextEvent() {
        Program<long[]> p = twoStep();
        RunContext run = context(p, "ideal");
        TestProbe<SchedulingUnit.Report> keeper = kit.createTestProbe();
        List<ActorRef<SchedulingUnit.Command>> peers = new ArrayList<>();
        ActorRef<SchedulingUnit.Command> su = kit.spawn(
                SchedulingUnit.create(run.machine.clusters().get(0), run, keeper.getRef(), peers));
        peers.add(su);
        InstanceRef root = InstanceRef.of(0, p.root(), p.newFrame(), 0, 0);
        su.tell(new SchedulingUnit.Start(root));
        su.tell(new SchedulingUnit.Advance(50, false));
        SchedulingUnit.WindowDone r1 = keeper.expectMessageClass(SchedulingUnit.WindowDone.class);
        assertEquals(100, r1.next(), "a finishes at cycle 100, beyond the window");
        assertEquals(0, ((long[]) root.frame())[1], "b has not run");
        su.tell(new SchedulingUnit.Advance(1_000, false));
        SchedulingUnit.WindowDone r2 = keeper.expectMessageClass(SchedulingUnit.WindowDone.class);
        assertEquals(Long.MAX_VALUE, r2.next());
        assertEquals(42, ((long[]) root.frame())[1]);
    }
}
