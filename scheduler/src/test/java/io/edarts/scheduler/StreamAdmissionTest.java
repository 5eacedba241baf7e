package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.stream.javadsl.Source;
import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Streamed runs ({@link InstanceStream}, {@link Admissions}): back-pressure holds at most K
 * instances in the machine at every cycle, admission is max(arrival, the freed slot) in arrival
 * order, the report's figures are those of its per-instance records, and nothing depends on the
 * host's threads.
 */
class StreamAdmissionTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    private static Target mesh(String... extra) {
        List<String> o = new ArrayList<>(List.of("target=simple-mesh"));
        o.addAll(List.of(extra));
        return SimpleTarget.simpleMesh(MachineLoader.load("mesh16", o));
    }

    private static final Program<long[]> DAG = Programs.random(60, 7, 3).program();

    private static RunResult stream(Simulator s, Target t, int n, long interval, int k) {
        return s.run(DAG, t, RunOptions.defaults(), InstanceStream.fixedInterval(n, interval, k, i -> DAG));
    }

    /** The most instances admitted and not completed at once, from the records alone ([admitted, completed)). */
    private static int mostInFlight(StreamReport s) {
        int most = 0;
        for (StreamReport.Instance a : s.instances()) {
            long t = a.admittedCycle();
            int at = 0;
            for (StreamReport.Instance b : s.instances()) {
                if (b.admittedCycle() <= t && t < b.completedCycle()) {
                    at++;
                }
            }
            most = Math.max(most, at);
        }
        return most;
    }

    @ParameterizedTest(name = "K={0}, clusters {1}")
    @CsvSource({"1, 1x1", "2, 1x1", "3, 1x1", "2, 2x2"})
    void neverHoldsMoreThanKInstancesAndAdmitsAsSlotsFree(int k, String clusters) {
        Target t = clusters.equals("1x1") ? mesh() : mesh("clusters.rows=2", "clusters.cols=2");
        RunResult r = stream(sim, t, 8, 0, k);
        assertTrue(r.succeeded(), r.message());
        StreamReport s = r.stream();
        assertEquals(8, s.instances().size());
        assertEquals(8, s.completed());
        // all arrive at 0: without back-pressure all 8 would be in flight at cycle 0
        assertEquals(k, mostInFlight(s), "K slots, all used: the records never show more than K at once");
        assertEquals(k, s.mostInFlight());
        List<Long> completions = new ArrayList<>();
        for (StreamReport.Instance i : s.instances()) {
            assertTrue(i.admittedCycle() >= i.arrivalCycle());
            assertTrue(i.completedCycle() > i.admittedCycle());
            completions.add(i.completedCycle());
        }
        completions.sort(null);
        for (int j = 0; j < 8; j++) {
            StreamReport.Instance i = s.instances().get(j);
            assertEquals(j, i.index());
            if (j < k) {
                assertEquals(0, i.admittedCycle(), "the first K enter at the start");
            } else {
                // FIFO: instance j takes the slot the (j-K+1)-th completion frees
                assertTrue(i.admittedCycle() >= completions.get(j - k), "instance " + j + " admitted at "
                        + i.admittedCycle() + " before a slot freed at " + completions.get(j - k));
            }
            if (j > 0) {
                assertTrue(i.admittedCycle() >= s.instances().get(j - 1).admittedCycle(), "arrival order");
            }
        }
        if (k == 1) {
            for (int j = 1; j < 8; j++) {
                assertTrue(s.instances().get(j).admittedCycle() >= s.instances().get(j - 1).completedCycle(),
                        "K=1 is strictly serial");
            }
        }
    }

    @Test
    void moreSlotsOverlapInstancesAndRaiseThroughput() {
        StreamReport one = stream(sim, mesh(), 8, 0, 1).stream();
        StreamReport four = stream(sim, mesh(), 8, 0, 4).stream();
        assertEquals(1, one.mostInFlight());
        assertEquals(4, four.mostInFlight());
        assertTrue(four.throughputPerMillionCycles() > one.throughputPerMillionCycles(),
                one.throughputPerMillionCycles() + " vs " + four.throughputPerMillionCycles());
        assertTrue(four.queueing().max() < one.queueing().max(), "fewer wait outside with more slots");
    }

    @Test
    void sparseArrivalsWaitForNothingAndAreAdmittedAsTheyArrive() {
        RunResult single = sim.run(DAG, mesh(), RunOptions.defaults());
        long gap = 4 * single.makespanCycles();
        StreamReport s = stream(sim, mesh(), 5, gap, 1).stream();
        for (StreamReport.Instance i : s.instances()) {
            assertEquals(i.index() * gap, i.arrivalCycle());
            assertEquals(i.arrivalCycle(), i.admittedCycle(), "a free slot: admitted at its arrival");
            assertEquals(0, i.queueingCycles());
        }
        assertEquals(0, s.queueing().max());
        assertEquals(s.latency(), s.service());
    }

    @Test
    void figuresAreThoseOfThePerInstanceRecords() {
        RunResult r = stream(sim, mesh(), 12, 300, 3);
        StreamReport s = r.stream();
        Histogram lat = new Histogram(3);
        long max = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        List<Long> exact = new ArrayList<>();
        for (StreamReport.Instance i : s.instances()) {
            assertEquals("passed", i.check(), i.message());
            lat.recordValue(i.latencyCycles());
            exact.add(i.latencyCycles());
            max = Math.max(max, i.latencyCycles());
            first = Math.min(first, i.arrivalCycle());
            last = Math.max(last, i.completedCycle());
        }
        exact.sort(null);
        assertEquals(max, s.latency().max(), "max is exact");
        assertEquals(Math.min(max, lat.getValueAtPercentile(50)), s.latency().p50());
        assertEquals(Math.min(max, lat.getValueAtPercentile(99)), s.latency().p99());
        // the median is the 6th smallest of 12, within HdrHistogram's 3 significant digits
        assertTrue(lat.valuesAreEquivalent(exact.get(5), s.latency().p50()), exact + " p50 " + s.latency().p50());
        assertEquals(last - first, s.spanCycles());
        assertEquals(12 * 1e6 / (last - first), s.throughputPerMillionCycles(), 1e-9);
        assertTrue(s.latency().p50() <= s.latency().p90() && s.latency().p90() <= s.latency().p99()
                && s.latency().p99() <= s.latency().max());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        assertTrue(r.check().message().startsWith("12 of 12 instances passed"), r.check().message());
    }

    @Test
    void theSameWhateverTheHostThreads() {
        List<StreamReport> reports = new ArrayList<>();
        List<Long> makespans = new ArrayList<>();
        for (int threads : new int[] {1, 2, 8}) {
            try (Simulator s = Simulator.create(threads)) {
                RunResult r = stream(s, mesh("clusters.rows=2", "clusters.cols=2"), 10, 150, 3);
                reports.add(r.stream());
                makespans.add(r.makespanCycles());
            }
        }
        assertEquals(reports.get(0), reports.get(1));
        assertEquals(reports.get(0), reports.get(2));
        assertEquals(makespans.get(0), makespans.get(2));
    }

    @Test
    void arrivalsThatGoBackInTimeFailTheRunNamingTheInstance() {
        Source<StreamArrival, ?> back = Source.from(List.of(0L, 500L, 100L))
                .map(c -> StreamArrival.of(c, DAG));
        RunResult r = sim.run(DAG, mesh(), RunOptions.defaults(), InstanceStream.of(back, 2, "test"));
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("instance 2 of the stream arrives at cycle 100, before instance 1 (cycle 500)"),
                r.message());
    }

    @Test
    void aStreamThatFailsFailsTheRunNamingTheInstance() {
        Source<StreamArrival, ?> broken = Source.range(0, 3).map(i -> {
            if (i == 2) {
                throw new IllegalStateException("no batch 2");
            }
            return StreamArrival.of(0, DAG);
        });
        RunResult r = sim.run(DAG, mesh(), RunOptions.defaults(), InstanceStream.of(broken, 1, "test"));
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("the instance stream failed building instance 2")
                && r.message().contains("no batch 2"), r.message());
        assertFalse(r.succeeded());
    }

    @Test
    void aFailingInstanceCheckFailsTheRunsCheck() {
        Program<long[]> wrong = DAG.withCheck((f, t) -> CheckResult.failed("wrong sum"));
        RunResult r = sim.run(DAG, mesh(), RunOptions.defaults(),
                InstanceStream.fixedInterval(3, 0, 2, i -> i == 1 ? wrong : DAG));
        assertEquals(CheckResult.Status.FAILED, r.check().status());
        assertEquals("instance 1 of 3: wrong sum", r.check().message());
    }

    @Test
    void badStreamsAreRefusedAtTheCall() {
        assertThrows(IllegalArgumentException.class, () -> InstanceStream.fixedInterval(0, 0, 1, i -> DAG));
        assertThrows(IllegalArgumentException.class, () -> InstanceStream.fixedInterval(1, 0, 0, i -> DAG));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstanceStream.fixedInterval(2, -5, 1, i -> DAG));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InstanceStream.fixedInterval(4, Long.MAX_VALUE / 2, 1, i -> DAG));
    }

    @Test
    void anInstanceWhoseRootNeverEndsFailsTheRunNamingIt() {
        // b's slot is reset (re-armable), so the root ends only by exiting, which it never does
        io.edarts.api.Dag.Builder<long[]> g = io.edarts.api.Dag.builder("armed");
        io.edarts.api.CodeletHandle a = g.task("a", ctx -> { }).cycles(5);
        io.edarts.api.CodeletHandle b = g.task("b", ctx -> ctx.frame()[0]++).cycles(5);
        a.precede(b);
        b.reset(1);
        Program<long[]> armed = g.build(() -> new long[1], f -> CheckResult.passed("ran"));
        RunResult r = sim.run(armed, mesh(), RunOptions.defaults(), InstanceStream.fixedInterval(3, 0, 1, i -> armed));
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().startsWith("1 instance(s) of the stream never completed, the first instance 0 (admitted at"
                + " cycle 0): its root procedure armed neither exited"), r.message());
        assertEquals(1, r.stream().instances().size(), "its slot never freed: the others were never admitted");
        assertEquals(-1, r.stream().instances().get(0).completedCycle());
    }
}
