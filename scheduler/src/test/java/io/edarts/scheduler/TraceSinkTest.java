package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An SU's trace part: typed events on disk, back-pressure, and a close that never waits. */
class TraceSinkTest {
    private ActorSystem<Void> system;

    @BeforeEach
    void oneHostThread() {
        system = ActorSystem.create(Behaviors.empty(), "trace-sink-test", Simulator.config(1));
    }

    @AfterEach
    void stop() {
        system.terminate();
    }

    private static List<TraceEvent> read(Path part) throws IOException {
        List<TraceEvent> got = new ArrayList<>();
        TraceSpill.reader(List.of(part)).forEach(got::add);
        return got;
    }

    /**
     * Regression: with {@code --host-threads 1} the only dispatcher thread slept in the sink's close,
     * waiting for room in a queue that only a stream stage on that same thread could make. Here the
     * sink fills its queue from that thread (so nothing can drain it) and then closes: close must
     * return, and the part must still get every event, in order. The timeout only turns the old hang
     * into a failure; nothing is measured.
     */
    @Test
    @Timeout(120)
    void closeOnTheOnlyDispatcherThreadDoesNotWaitForTheQueueThatThreadMustDrain(@TempDir Path dir) throws Exception {
        Path part = Files.createFile(dir.resolve("part"));
        CompletableFuture<TraceSink.Closed> closed = new CompletableFuture<>();
        long[] recorded = {0};
        boolean[] wasFull = {false};
        system.executionContext().execute(() -> {
            try {
                TraceSink sink = new TraceSink(system, part);
                while (!sink.backPressured()) {
                    sink.firing("c" + recorded[0], 1, recorded[0], 2);
                    recorded[0]++;
                }
                wasFull[0] = true;
                sink.decision(0, recorded[0], 3); // the SU records no more while paused, but may finish a step
                recorded[0]++;
                closed.complete(sink.close());
            } catch (Throwable t) {
                closed.completeExceptionally(t);
            }
        });
        TraceSink.Closed c = closed.get();
        c.done().toCompletableFuture().get();
        assertTrue(wasFull[0]);
        assertEquals(recorded[0], c.events());
        List<TraceEvent> got = read(part);
        assertEquals(recorded[0], got.size());
        for (int i = 0; i < got.size() - 1; i++) {
            assertEquals(new TraceEvent.Firing("c" + i, 1, i, 2), got.get(i));
        }
        assertEquals(new TraceEvent.Decision(0, recorded[0] - 1, 3), got.get(got.size() - 1));
    }

    @Test
    void eventsComeBackInOrderWithTheirFields(@TempDir Path dir) throws Exception {
        Path part = Files.createFile(dir.resolve("part"));
        TraceSink sink = new TraceSink(system, part);
        sink.firing("fib[3].add", 5, 100, 40);
        sink.instant("cache miss body", 5, 100);
        sink.decision(0, 90, 10);
        TraceSink.Closed c = sink.close();
        c.done().toCompletableFuture().get();
        assertEquals(3, c.events());
        assertEquals(List.of(new TraceEvent.Firing("fib[3].add", 5, 100, 40),
                new TraceEvent.Instant("cache miss body", 5, 100),
                new TraceEvent.Decision(0, 90, 10)), read(part));
    }

    @Test
    void theSpillKeepsAnyLabelWholeEvenPast64Kilobytes() throws IOException {
        String huge = "\u00e9\"\\\n<".repeat(30_000);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        TraceSpill.firing(out, huge, 3, Long.MAX_VALUE - 1, 7);
        TraceSpill.instant(out, "", 0, 0);
        List<TraceEvent> got = new ArrayList<>();
        TraceSpill.readAll(new ByteArrayInputStream(b.toByteArray()), got::add);
        assertEquals(List.of(new TraceEvent.Firing(huge, 3, Long.MAX_VALUE - 1, 7), new TraceEvent.Instant("", 0, 0)), got);
    }

    @Test
    void aTruncatedPartIsAnErrorNotAShortTrace() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TraceSpill.decision(new DataOutputStream(b), 1, 2, 3);
        byte[] cut = java.util.Arrays.copyOf(b.toByteArray(), b.size() - 1);
        IOException e = assertThrows(IOException.class, () -> TraceSpill.readAll(new ByteArrayInputStream(cut), x -> { }));
        assertTrue(e.getMessage().contains("ends inside an event"), e.getMessage());
    }

    @Test
    void aPartDeletedBeforeTheStreamOpensItIsNotMadeAgain(@TempDir Path dir) throws Exception {
        Path part = dir.resolve("part"); // as after a failed run's or a shutdown's clean-up
        TraceSink sink = new TraceSink(system, part);
        sink.firing("c", 1, 0, 1);
        TraceSink.Closed c = sink.close();
        assertThrows(ExecutionException.class, () -> c.done().toCompletableFuture().get());
        assertTrue(!Files.exists(part));
    }

    /**
     * Regression: a part that could not be written (a full disk) threw out of the SU, a crash with a
     * stack trace. Now the sink stops recording, stops pausing the SU, and its completion carries the cause.
     */
    @Test
    void aWriteErrorFailsThePartWithoutThrowingIntoTheSu(@TempDir Path dir) throws Exception {
        TraceSink sink = new TraceSink(system, dir.resolve("no-such-folder").resolve("part"));
        for (int i = 0; i < 200_000; i++) {
            sink.firing("c", 1, i, 1);
        }
        while (!sink.retry()) {
            Thread.onSpinWait(); // until the stream has failed (or, were it healthy, taken the chunk)
        }
        assertTrue(!sink.backPressured());
        TraceSink.Closed c = sink.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> c.done().toCompletableFuture().get());
        Throwable root = e.getCause();
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertInstanceOf(NoSuchFileException.class, root, String.valueOf(e.getCause()));
    }
}
