package io.edarts.scheduler;

import akka.actor.typed.ActorSystem;
import akka.stream.BoundedSourceQueue;
import akka.stream.IOResult;
import akka.stream.Materializer;
import akka.stream.QueueOfferResult;
import akka.stream.javadsl.FileIO;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.edarts.cam.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One SU's part of the trace, streamed to disk through an akka-stream pipeline.
 *
 * <p><b>Flow.</b> Events are recorded as typed values ({@link TraceSpill}, the scheduler's own
 * format; a {@link TraceFormat} encodes them at the end of the run) into chunks of about 64 KB. A
 * chunk is offered to a bounded queue a few chunks deep that feeds {@link FileIO#toPath}. When the
 * queue is full the chunk waits and {@link #backPressured} tells the SU to stop consuming events until
 * a {@link #retry} gets it in, so a trace of millions of codelets never sits in memory. The order of
 * events is the SU's processing order, which is deterministic.
 *
 * <p><b>Never blocks.</b> The queue is drained by a stream stage that runs on the same dispatcher as
 * the SU; with one host thread, waiting for room on the SU's thread would wait for itself (that was
 * the {@code --host-threads 1} hang). So {@link #close} never waits: whatever the queue has not taken
 * goes to a tail source concatenated after the queue, which the stream writes once the queue is
 * drained; the simulator waits for the file on its own thread.
 *
 * <p><b>Failures.</b> A failed write (a full disk) ends the stream; the sink then drops further
 * events and stops pausing the SU, and {@link Closed#done} carries the error, which the simulator
 * reports naming the trace file. The run itself is not disturbed.
 */
final class TraceSink {
    /** The finished part: its file, when writing completes (or the write error), and how many events it holds. */
    record Closed(Path part, CompletionStage<IOResult> done, long events) {}

    private static final int CHUNK = 64 * 1024;
    private static final int QUEUE_CHUNKS = 8;

    private final Path part;
    private final BoundedSourceQueue<ByteString> queue;
    private final CompletableFuture<ByteString> tail = new CompletableFuture<>();
    private final CompletableFuture<IOResult> done = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(CHUNK + 256);
    private final DataOutputStream out = new DataOutputStream(bytes);
    private ByteString pending;
    private volatile Throwable failure;
    private long events;

    TraceSink(ActorSystem<?> system, RunContext run, int cluster) {
        this(system, run.options.trace() == null ? null : partOf(run.options.trace().file(), cluster));
    }

    /**
     * A sink writing to {@code part}, which must exist (the simulator creates the parts before the
     * run), or a disabled one for {@code null}. The stream opens it without creating it, so a part
     * that was deleted meanwhile (a run that failed, a shutdown's clean-up) is never made again.
     */
    TraceSink(ActorSystem<?> system, Path part) {
        this.part = part;
        if (part == null) {
            queue = null;
            done.complete(IOResult.createSuccessful(0));
            return;
        }
        var pair = Source.<ByteString>queue(QUEUE_CHUNKS)
                .concat(Source.completionStage(tail))
                .toMat(FileIO.toPath(part, Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)), Keep.both())
                .run(Materializer.matFromSystem(system));
        queue = pair.first();
        pair.second().whenComplete((r, e) -> {
            Throwable err = e; // since akka 2.6 a failed write fails the future
            if (err == null && failure != null) {
                err = failure; // the queue refused a chunk although the file did not fail
            }
            if (err != null) {
                done.completeExceptionally(err);
            } else {
                done.complete(r);
            }
        });
    }

    /** Where SU {@code cluster} streams its part of {@code trace}. */
    static Path partOf(Path trace, int cluster) {
        return AtomicFiles.temporary(trace, "part" + cluster);
    }

    /** Whether events are written: callers skip building what they would pass. */
    boolean recording() {
        return queue != null && failure == null;
    }

    /** A firing on {@code core}'s track. */
    void firing(String name, int core, long start, long dur) {
        if (recording()) {
            try {
                TraceSpill.firing(out, name, core, start, dur);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            end();
        }
    }

    /** A moment on {@code core}'s track: a cache miss, an eviction, an execution in place. */
    void instant(String name, int core, long at) {
        if (recording()) {
            try {
                TraceSpill.instant(out, name, core, at);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            end();
        }
    }

    /** An SU's scheduling decision on its track. */
    void decision(int core, long start, long dur) {
        if (recording()) {
            try {
                TraceSpill.decision(out, core, start, dur);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            end();
        }
    }

    private void end() {
        events++;
        if (bytes.size() >= CHUNK && pending == null) {
            pending = ByteString.fromArrayUnsafe(bytes.toByteArray());
            bytes.reset();
            retry();
        }
    }

    /** Whether a chunk is waiting for room in the queue: the SU should pause. */
    boolean backPressured() {
        return pending != null;
    }

    /** Offers the waiting chunk again; true when it was taken (or can never be: the stream failed). */
    boolean retry() {
        if (pending == null) {
            return true;
        }
        QueueOfferResult r = queue.offer(pending);
        if (r == QueueOfferResult.enqueued()) {
            pending = null;
            return true;
        }
        if (r == QueueOfferResult.dropped()) {
            return false; // full: try again later
        }
        // Failed or closed: the file cannot be written; stop recording, and stop pausing the SU.
        failure = r instanceof QueueOfferResult.Failure f ? f.cause()
                : new IOException("trace stream to " + part + " closed early");
        pending = null;
        bytes.reset();
        return true;
    }

    /**
     * Ends the part: what the queue has not taken yet follows it through the tail source, so this
     * returns at once, whether or not the queue has room.
     */
    Closed close() {
        if (queue == null) {
            return new Closed(null, done, 0);
        }
        ByteString rest = failure != null ? ByteString.emptyByteString()
                : (pending == null ? ByteString.emptyByteString() : pending)
                        .concat(ByteString.fromArrayUnsafe(bytes.toByteArray()));
        pending = null;
        bytes.reset();
        tail.complete(rest);
        try {
            queue.complete();
        } catch (IllegalStateException ended) {
            // the stream has already failed: done carries why
        }
        return new Closed(part, done, events);
    }
}
