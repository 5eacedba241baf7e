package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's trace: every event reaches the format, and an output that cannot be written is an I/O error naming it, leaving nothing behind. */
class TraceOutputTest {

    private static Target fourClusters() {
        Machine m = MachineLoader.load("mesh16", List.of("target=simple-mesh", "clusters.rows=2", "clusters.cols=2"));
        return SimpleTarget.simpleMesh(m);
    }

    private static RunResult run(TraceOutput trace) {
        try (Simulator sim = Simulator.create(2)) {
            return sim.run(Programs.random(400, 3, 3).program(), fourClusters(), RunOptions.defaults().withTrace(trace));
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** A format that keeps the events it is given. */
    private static final class Collecting implements TraceFormat {
        final List<TraceEvent> events = new ArrayList<>();
        Machine machine;

        @Override
        public void write(Machine m, Events e, OutputStream out) throws IOException {
            machine = m;
            e.forEach(events::add);
            out.write('x');
        }
    }

    @Test
    void theFormatGetsEveryEventOfEverySuOnceAndThePartsAreGone(@TempDir Path dir) throws Exception {
        Collecting f = new Collecting();
        Path trace = dir.resolve("trace.bin");
        RunResult r = run(new TraceOutput(trace, f));
        assertEquals(r.traceEvents(), f.events.size());
        assertEquals(r.codeletsFired(), f.events.stream().filter(e -> e instanceof TraceEvent.Firing).count());
        assertTrue(f.events.stream().anyMatch(e -> e instanceof TraceEvent.Decision));
        assertEquals("mesh16", f.machine.name());
        assertEquals(4, f.events.stream().filter(e -> e instanceof TraceEvent.Decision).map(TraceEvent::core).distinct().count(),
                "decisions of all four SUs");
        assertEquals(List.of(trace), files(dir), "only the trace is left; no part, no temporary file");
    }

    /**
     * The trace streamed to disk while the run goes holds exactly the firings and decisions the SUs
     * also keep in memory for a small run (the timeline's spans), label, core, start and length.
     */
    @Test
    void theStreamedTraceHoldsTheSameSpansAsTheInMemoryTimeline(@TempDir Path dir) {
        Collecting f = new Collecting();
        RunResult r = run(new TraceOutput(dir.resolve("trace.bin"), f));
        assertTrue(r.timeline().spansKept(), "a run small enough for the timeline to keep its spans");
        List<Timeline.Span> streamed = new ArrayList<>();
        for (TraceEvent e : f.events) {
            if (e instanceof TraceEvent.Firing x) {
                streamed.add(new Timeline.Span(x.codelet(), x.core(), x.startCycle(), x.cycles()));
            } else if (e instanceof TraceEvent.Decision x) {
                streamed.add(new Timeline.Span(null, x.core(), x.startCycle(), x.cycles()));
            }
        }
        streamed.sort(java.util.Comparator.comparingInt(Timeline.Span::core).thenComparingLong(Timeline.Span::start)
                .thenComparing(sp -> sp.name() != null).thenComparingLong(Timeline.Span::cycles)
                .thenComparing(sp -> sp.name() == null ? "" : sp.name()));
        assertEquals(r.timeline().spans().size(), streamed.size());
        assertEquals(r.timeline().spans(), streamed);
        assertEquals(r.codeletsFired(), streamed.stream().filter(sp -> !sp.decision()).count());
    }

    /** Regression: an unwritable trace folder crashed with a stack trace after the whole run. */
    @Test
    void aTraceFolderThatCannotBeWrittenFailsBeforeTheRunNamingTheTrace(@TempDir Path dir) {
        Path trace = dir.resolve("missing").resolve("trace.json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run(new TraceOutput(trace, new Collecting())));
        assertTrue(e.getMessage().contains(trace.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such file or folder"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("missing")));
    }

    /** Regression: a directory named trace.json in the output folder gave exit 1, a stack trace and leftover parts. */
    @Test
    void aFolderNamedLikeTheTraceIsAnErrorNamingItAndLeavesNoPartOrTemporary(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        Files.createDirectories(trace.resolve("inside"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run(new TraceOutput(trace, new Collecting())));
        assertTrue(e.getMessage().startsWith("cannot write trace " + trace + ": "), e.getMessage());
        assertEquals(List.of(trace), files(dir));
        assertEquals(List.of(trace.resolve("inside")), files(trace));
    }

    /** Regression: a disk that filled up while the trace was written left trace.json.part0 behind. */
    @Test
    void aDiskThatFillsWhileTheTraceIsWrittenLeavesNoPartialFile(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        TraceFormat full = (m, events, out) -> {
            out.write(new byte[4096]);
            throw new IOException("No space left on device");
        };
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run(new TraceOutput(trace, full)));
        assertEquals("cannot write trace " + trace + ": No space left on device", e.getMessage());
        assertEquals(List.of(), files(dir));
    }
}
