package io.edarts.sweep.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.edarts.cam.AtomicFiles;
import io.edarts.sweep.Point;
import io.edarts.sweep.PointRow;
import io.edarts.sweep.Sweep;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Receives one point's files from the worker that ran it and puts them in place: the coordinator's
 * side of an upload, one actor per upload, on the IO dispatcher (it writes files; the coordinator
 * never does).
 *
 * <p>The worker sends one {@link Chunk} at a time and the next only after this actor's
 * {@link Worker.ChunkAck}, so a point's files flow at the speed the disk takes them and no mailbox
 * or Artery queue ever holds more than a chunk of them. The files go into a hidden staging folder
 * ({@link Sweep#staging}); once every byte has arrived and every file matches the SHA-256 the worker
 * computed, {@link Sweep#commit} renames it into {@code points/ID} in one step and the row is read
 * from the report as a local sweep reads it. Anything else (a bad chunk, a digest that does not
 * match, no chunk for {@link #IDLE}, the coordinator stopping this upload because the worker was
 * lost) removes the staging folder: a point folder is complete or absent.
 */
final class PointWriter extends AbstractBehavior<PointWriter.Command> {
    /** How long an upload may wait for its next chunk before it is given up (the point then runs again). */
    static final Duration IDLE = Duration.ofSeconds(60);

    sealed interface Command {}

    /**
     * Bytes of a file, in order.
     *
     * @param pointId the point
     * @param file    index in the manifest
     * @param offset  where the bytes go in that file (the bytes received of it so far)
     * @param bytes   at most {@link Worker#CHUNK} bytes
     * @param from    where the acknowledgement goes
     */
    record Chunk(String pointId, int file, long offset, byte[] bytes, ActorRef<Worker.Command> from)
            implements Command, ClusterMessage {}

    private record Idle() implements Command {}

    private final Point point;
    private final List<PointFile> files;
    private final Path staging;
    private final Path done;
    private final ActorRef<Coordinator.Command> coordinator;
    private final TimerScheduler<Command> timers;
    private final MessageDigest digest;
    private int file;
    private long offset;
    private OutputStream out;
    private boolean committed;

    static Behavior<Command> create(Point point, List<PointFile> files, Path dir, String tag,
                                    ActorRef<Coordinator.Command> coordinator) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(t -> new PointWriter(ctx, t, point, files, dir, tag, coordinator)));
    }

    private PointWriter(ActorContext<Command> ctx, TimerScheduler<Command> timers, Point point, List<PointFile> files,
                        Path dir, String tag, ActorRef<Coordinator.Command> coordinator) {
        super(ctx);
        this.point = point;
        this.files = List.copyOf(files);
        this.staging = Sweep.staging(dir, point.id(), tag);
        this.done = dir.resolve(point.id());
        this.coordinator = coordinator;
        this.timers = timers;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        timers.startSingleTimer(new Idle(), IDLE);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Chunk.class, this::onChunk)
                .onMessage(Idle.class, i -> fail("no data from the worker for " + IDLE.toSeconds() + " s"))
                .onSignal(PostStop.class, s -> cleanUp())
                .build();
    }

    private Behavior<Command> onChunk(Chunk c) {
        if (!c.pointId().equals(point.id()) || c.file() != file || c.offset() != offset || file >= files.size()
                || offset + c.bytes().length > files.get(file).size()) {
            return fail("chunk out of order: file " + c.file() + " at " + c.offset() + ", expected file " + file + " at "
                    + offset);
        }
        try {
            if (file == 0 && offset == 0 && out == null) {
                Sweep.deleteTree(staging);
                Files.createDirectories(staging);
            }
            if (out == null) {
                open();
            }
            out.write(c.bytes());
            offset += c.bytes().length;
            closeCompleteFiles();
        } catch (IOException | IllegalStateException e) {
            return fail(e.getMessage() != null ? AtomicFiles.reason(e) : e.toString());
        }
        c.from().tell(new Worker.ChunkAck(point.id(), file, offset)); // where the next chunk starts
        if (file == files.size()) {
            return commit();
        }
        timers.startSingleTimer(new Idle(), IDLE);
        return this;
    }

    private void open() throws IOException {
        Path f = staging.resolve(files.get(file).name());
        Files.createDirectories(f.getParent());
        digest.reset();
        out = new DigestOutputStream(Files.newOutputStream(f), digest);
    }

    /** Closes the current file when it is complete (an empty file comes as one empty chunk) and checks it. */
    private void closeCompleteFiles() throws IOException {
        if (offset == files.get(file).size()) {
            out.close();
            out = null;
            String got = HexFormat.of().formatHex(digest.digest());
            if (!got.equals(files.get(file).sha256())) {
                throw new IllegalStateException(files.get(file).name() + " arrived with SHA-256 " + got + ", sent "
                        + files.get(file).sha256());
            }
            file++;
            offset = 0;
        }
    }

    private Behavior<Command> commit() {
        PointRow row;
        try {
            Sweep.commit(staging, done);
            committed = true;
            row = PointRow.read(point, done);
        } catch (IOException | RuntimeException e) {
            return fail(done + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        coordinator.tell(new Coordinator.Stored(point.id(), row));
        return Behaviors.stopped();
    }

    private Behavior<Command> fail(String why) {
        coordinator.tell(new Coordinator.StoreFailed(point.id(), why));
        return Behaviors.stopped();
    }

    private Behavior<Command> cleanUp() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // the folder goes anyway
        }
        if (!committed) {
            try {
                Sweep.deleteTree(staging);
            } catch (IOException ignored) {
                // a hidden staging folder: the next sweep removes it
            }
        }
        return this;
    }
}
