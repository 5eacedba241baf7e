package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The run's timeline: bins that add up to each core's busy cycles, exact spans for small runs, bounded memory. */
class TimelineTest {

    private static Target mesh16(String... extra) {
        List<String> o = new ArrayList<>(List.of("target=simple-mesh"));
        o.addAll(List.of(extra));
        return SimpleTarget.simpleMesh(MachineLoader.load("mesh16", o));
    }

    private static RunResult run(Programs.Graph g, Target t) {
        try (Simulator sim = Simulator.create(2)) {
            RunResult r = sim.run(g.program(), t, RunOptions.defaults());
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
            return r;
        }
    }

    private static long binSum(Timeline t, int core) {
        long s = 0;
        for (int k = 0; k < t.bins(); k++) {
            s += t.busy(core, k);
        }
        return s;
    }

    @Test
    void binsSumToEveryCoresBusyCyclesWithTheTraceOff() {
        RunResult r = run(Programs.random(3000, 7, 4), mesh16());
        Timeline t = r.timeline();
        assertTrue(t.bins() > Timeline.MAX_BINS / 2 && t.bins() <= Timeline.MAX_BINS, "bins " + t.bins());
        assertEquals(r.makespanCycles(), t.makespan());
        assertEquals(Long.bitCount(t.binCycles()), 1, "a power of two");
        for (RunResult.CoreReport c : r.cores()) {
            assertEquals(c.busyCycles(), binSum(t, c.id()), "core " + c.id());
        }
        assertEquals(r.codeletsFired(), t.firings());
        assertEquals(r.scheduling().decisions(), t.decisions());
        assertFalse(t.spansKept(), "6000 spans are more than the limit");
        assertTrue(t.spans().isEmpty());
    }

    @Test
    void fourClustersMergeIntoOneTimeline() {
        RunResult r = run(Programs.random(2000, 3, 3), mesh16("clusters.rows=2", "clusters.cols=2"));
        for (RunResult.CoreReport c : r.cores()) {
            assertEquals(c.busyCycles(), binSum(r.timeline(), c.id()), "core " + c.id());
        }
    }

    @Test
    void aSmallRunKeepsEveryFiringAndDecision() {
        RunResult r = run(Programs.random(300, 5, 3), mesh16());
        Timeline t = r.timeline();
        assertTrue(t.spansKept());
        assertEquals(r.codeletsFired() + r.scheduling().decisions(), t.spans().size());
        long[] perCore = new long[r.cores().size()];
        int named = 0;
        for (Timeline.Span s : t.spans()) {
            perCore[s.core()] += s.cycles();
            named += s.decision() ? 0 : 1;
            assertTrue(s.start() + s.cycles() <= r.makespanCycles());
        }
        assertEquals(300, named);
        for (RunResult.CoreReport c : r.cores()) {
            assertEquals(c.busyCycles(), perCore[c.id()], "core " + c.id());
        }
        for (int i = 1; i < t.spans().size(); i++) {
            Timeline.Span a = t.spans().get(i - 1);
            Timeline.Span b = t.spans().get(i);
            assertTrue(a.core() < b.core() || (a.core() == b.core() && a.start() <= b.start()), "ordered by core, start");
        }
    }

    /**
     * Spans in time order per core, as an SU consumes them: most add to their core's pending bin,
     * which must reach the right bin when the core moves on, when the bins widen and at the end.
     * Against each span split by hand over the final bins.
     */
    @Test
    void spansInTimeOrderLandInTheBinsTheyCover() {
        SplittableRandom rnd = new SplittableRandom(5);
        TimelineRecorder rec = new TimelineRecorder();
        List<long[]> spans = new ArrayList<>();
        long[] clock = new long[3];
        for (int i = 0; i < 60_000; i++) {
            int core = rnd.nextInt(3);
            long start = clock[core] + rnd.nextInt(50); // some idle gaps
            long cycles = rnd.nextInt(20) == 0 ? 0 : 1 + rnd.nextInt(3_000);
            clock[core] = start + cycles;
            spans.add(new long[] {core, start, cycles});
            if (core == 2 && i % 7 == 0) {
                rec.decision(core, start, cycles);
            } else {
                rec.firing(core, start, cycles, () -> "x");
            }
        }
        long makespan = Math.max(clock[0], Math.max(clock[1], clock[2]));
        Timeline t = TimelineRecorder.merge(List.of(rec.close()), 3, makespan);
        long w = t.binCycles();
        long[][] expected = new long[3][t.bins()];
        for (long[] s : spans) {
            for (long c = s[1]; c < s[1] + s[2]; c = (c / w + 1) * w) {
                long binEnd = (c / w + 1) * w;
                expected[(int) s[0]][(int) (c / w)] += Math.min(binEnd, s[1] + s[2]) - c;
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < t.bins(); k++) {
                assertEquals(expected[c][k], t.busy(c, k), "core " + c + " bin " + k);
            }
        }
    }

    @Test
    void wideningIsExactAndDoesNotDependOnArrivalOrder() {
        SplittableRandom rnd = new SplittableRandom(42);
        List<long[]> spans = new ArrayList<>();
        long makespan = 0;
        for (int i = 0; i < 20_000; i++) {
            long start = rnd.nextLong(1_000_000);
            long cycles = 1 + rnd.nextLong(5_000);
            spans.add(new long[] {rnd.nextInt(4), start, cycles});
            makespan = Math.max(makespan, start + cycles);
        }
        TimelineRecorder a = new TimelineRecorder();
        for (long[] s : spans) {
            a.firing((int) s[0], s[1], s[2], () -> "x");
        }
        Collections.shuffle(spans, new java.util.Random(1));
        TimelineRecorder b1 = new TimelineRecorder();
        TimelineRecorder b2 = new TimelineRecorder();
        for (int i = 0; i < spans.size(); i++) {
            long[] s = spans.get(i);
            (i < 100 ? b1 : b2).firing((int) s[0], s[1], s[2], () -> "x");
        }
        Timeline one = TimelineRecorder.merge(List.of(a.close()), 4, makespan);
        Timeline two = TimelineRecorder.merge(List.of(b1.close(), b2.close()), 4, makespan);
        assertEquals(one.bins(), two.bins());
        assertEquals(one.binCycles(), two.binCycles(), "a part with a narrower width is brought to the wider one");
        long[] expected = new long[4];
        for (long[] s : spans) {
            expected[(int) s[0]] += s[2];
        }
        for (int c = 0; c < 4; c++) {
            for (int k = 0; k < one.bins(); k++) {
                assertEquals(one.busy(c, k), two.busy(c, k), "core " + c + " bin " + k);
            }
            assertEquals(expected[c], binSum(one, c));
        }
        assertEquals(20_000, one.firings());
        assertFalse(one.spansKept());
    }

    @Test
    void aSpanIsSplitBetweenTheBinsItOverlaps() {
        TimelineRecorder rec = new TimelineRecorder();
        rec.firing(0, 0, 1024, () -> "a");
        rec.firing(1, 1000, 24, () -> "b");
        Timeline t = TimelineRecorder.merge(List.of(rec.close()), 2, 1024);
        assertEquals(2, t.binCycles());
        assertEquals(512, t.bins());
        for (int k = 0; k < t.bins(); k++) {
            assertEquals(2, t.busy(0, k));
            assertEquals(1.0, t.share(0, k));
        }
        assertEquals(2, t.busy(1, 500));
        assertEquals(0, t.busy(1, 499));
        assertEquals(List.of(new Timeline.Span("a", 0, 0, 1024), new Timeline.Span("b", 1, 1000, 24)), t.spans());
        Timeline coarse = t.coarsened(100);
        assertEquals(16, coarse.binCycles(), "doubled until at most 100 bins");
        assertEquals(64, coarse.bins());
        assertEquals(1024, binSum(coarse, 0));
        assertEquals(24, binSum(coarse, 1));
        assertThrows(IllegalArgumentException.class, () -> t.coarsened(0));
    }

    @Test
    void aMillionFiringsKeepMemoryBoundedAndNamesUnasked() {
        TimelineRecorder rec = new TimelineRecorder();
        int[] asked = {0};
        for (int i = 0; i < 1_000_000; i++) {
            rec.firing(i % 16, i * 10L, 10, () -> {
                asked[0]++;
                return "t";
            });
        }
        assertEquals(Timeline.SPAN_LIMIT, asked[0], "labels are built only while spans are kept");
        TimelineRecorder.Part p = rec.close();
        assertEquals(null, p.spans());
        assertEquals(16, p.busy().size());
        p.busy().values().forEach(row -> assertEquals(Timeline.MAX_BINS, row.length));
        Timeline t = TimelineRecorder.merge(List.of(p), 16, 10_000_000L);
        assertEquals(625_000, binSum(t, 3));
    }

    @Test
    void aSpanEndingNearTheEndOfTimeDoesNotOverflow() {
        TimelineRecorder rec = new TimelineRecorder();
        rec.firing(0, Long.MAX_VALUE - 10, 5, () -> "late");
        rec.firing(0, 0, 7, () -> "early");
        Timeline t = TimelineRecorder.merge(List.of(rec.close()), 1, Long.MAX_VALUE - 5);
        assertEquals(12, binSum(t, 0));
    }

    @Test
    void anEmptyRunHasNoBins() {
        Timeline t = TimelineRecorder.merge(List.of(new TimelineRecorder().close()), 3, 0);
        assertEquals(0, t.bins());
        assertEquals(3, t.cores());
        assertTrue(t.spansKept());
        assertEquals(0, Timeline.empty(2).bins());
    }
}
