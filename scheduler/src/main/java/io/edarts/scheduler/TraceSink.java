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
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One SU's part of the Chrome trace, streamed to disk through an akka-stream pipeline. Events are
 * formatted into chunks of about 64 KB; a chunk is offered to a bounded queue (a few chunks deep)
 * that feeds {@link FileIO#toPath}. When the queue is full the SU stops consuming events until the
 * file has caught up ({@link #backPressured}), so a trace of millions of codelets never sits in memory.
 * The order of events is the SU's processing order, which is deterministic.
 */
final class TraceSink {
    /** The finished part: its file, when writing completes, and how many events it holds. */
    record Closed(Path part, CompletionStage<IOResult> done, long events) {}

    private static final int CHUNK = 64 * 1024;
    private static final int QUEUE_CHUNKS = 8;

    private final double clockMhz;
    private final Path part;
    private final BoundedSourceQueue<ByteString> queue;
    private final CompletionStage<IOResult> done;
    private StringBuilder sb = new StringBuilder(CHUNK + 256);
    private ByteString pending;
    private long events;

    TraceSink(ActorSystem<?> system, RunContext run, int cluster) {
        this.clockMhz = run.machine.clockMhz();
        Path trace = run.options.tracePath();
        if (trace == null) {
            part = null;
            queue = null;
            done = CompletableFuture.completedFuture(IOResult.createSuccessful(0));
            return;
        }
        part = trace.resolveSibling(trace.getFileName() + ".part" + cluster);
        var pair = Source.<ByteString>queue(QUEUE_CHUNKS)
                .toMat(FileIO.toPath(part), Keep.both())
                .run(Materializer.matFromSystem(system));
        queue = pair.first();
        done = pair.second();
    }

    boolean enabled() {
        return queue != null;
    }

    /** A firing on {@code core}'s track. */
    void firing(String name, int core, long start, long dur) {
        if (queue == null) {
            return;
        }
        begin();
        sb.append("{\"name\":\"");
        escape(name);
        sb.append("\",\"cat\":\"codelet\",\"ph\":\"X\",\"pid\":0,\"tid\":").append(core)
                .append(",\"ts\":").append(start / clockMhz).append(",\"dur\":").append(dur / clockMhz)
                .append(",\"args\":{\"startCycle\":").append(start).append(",\"cycles\":").append(dur).append("}}");
        end();
    }

    /** A moment on {@code core}'s track: a cache miss, an eviction, an execution in place. */
    void instant(String name, int core, long at) {
        if (queue == null) {
            return;
        }
        begin();
        sb.append("{\"name\":\"");
        escape(name);
        sb.append("\",\"cat\":\"code\",\"ph\":\"i\",\"s\":\"t\",\"pid\":0,\"tid\":").append(core)
                .append(",\"ts\":").append(at / clockMhz).append('}');
        end();
    }

    /** An SU's scheduling decision on its track. */
    void decision(int core, long start, long dur) {
        if (queue == null) {
            return;
        }
        begin();
        sb.append("{\"name\":\"schedule\",\"cat\":\"su\",\"ph\":\"X\",\"pid\":0,\"tid\":").append(core)
                .append(",\"ts\":").append(start / clockMhz).append(",\"dur\":").append(dur / clockMhz).append('}');
        end();
    }

    private void begin() {
        if (events > 0) {
            sb.append(",\n");
        }
    }

    private void end() {
        events++;
        if (sb.length() >= CHUNK && pending == null) {
            pending = ByteString.fromString(sb.toString());
            sb = new StringBuilder(CHUNK + 256);
            retry();
        }
    }

    /** Whether a chunk is waiting for room in the queue: the SU should pause. */
    boolean backPressured() {
        return pending != null;
    }

    /** Offers the waiting chunk again; true when it was taken. */
    boolean retry() {
        if (pending == null) {
            return true;
        }
        QueueOfferResult r = queue.offer(pending);
        if (r == QueueOfferResult.enqueued()) {
            pending = null;
            return true;
        }
        if (r instanceof QueueOfferResult.Failure f) {
            throw new IllegalStateException("trace stream failed: " + f.cause().getMessage(), f.cause());
        }
        return false;
    }

    /**
     * Flushes the rest and completes the stream. Called once at the end of the run; it waits (briefly)
     * for room in the queue, since nothing else is left for the SU to do.
     */
    Closed close() {
        if (queue == null) {
            return new Closed(null, done, 0);
        }
        if (sb.length() > 0) {
            offerBlocking(ByteString.fromString(sb.toString()));
            sb = new StringBuilder();
        }
        queue.complete();
        return new Closed(part, done, events);
    }

    private void offerBlocking(ByteString last) {
        drainPending();
        pending = last;
        drainPending();
    }

    /** Offers the waiting chunk until the stream takes it (used only at the end of a run). */
    private void drainPending() {
        while (!retry()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while flushing the trace", e);
            }
        }
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
    }
}
