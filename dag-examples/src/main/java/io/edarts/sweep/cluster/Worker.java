package io.edarts.sweep.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import io.edarts.cam.AtomicFiles;
import io.edarts.sweep.Point;
import io.edarts.sweep.ProgramCatalog;
import io.edarts.sweep.Sweep;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

/**
 * Runs the points a coordinator hands it and ships their folders back: the actor of
 * {@code edarts worker}.
 *
 * <p>It finds the coordinator through the cluster's receptionist, says {@link Coordinator.Hello}
 * with its slots and holds at most that many points: a point's slot is busy from its
 * {@link Assign} until the coordinator {@link Release}s it (stored, or not needed), and then the
 * worker {@link Coordinator.Pull}s one more. A point runs through {@link Sweep#runPoint}, the call a
 * local sweep makes, on a pool of its own (never on this actor's dispatcher) into a private temporary
 * folder, so its files are those of a local run; the folder's manifest (names, sizes, SHA-256) goes
 * to the coordinator, and on {@link Upload} its files go to the coordinator's writer one
 * {@link #CHUNK} at a time, each read on the IO dispatcher after the writer acknowledged the one before.
 *
 * <p>It stops when the sweep is over ({@link SweepOver}: exit 0) or when the coordinator is gone
 * (exit 1).
 */
final class Worker extends AbstractBehavior<Worker.Command> {
    /** Bytes of one chunk: well under Artery's default 256 KiB frame once framed. */
    static final int CHUNK = 128 * 1024;

    sealed interface Command {}

    /**
     * Run this point.
     *
     * @param trace       whether it writes {@code trace.json} (the sweep's setting)
     * @param hostThreads host threads of its simulator (speed only)
     */
    record Assign(Point point, boolean trace, int hostThreads) implements Command, ClusterMessage {}

    /** Send the point's files to {@code writer}. */
    record Upload(String pointId, ActorRef<PointWriter.Command> writer) implements Command, ClusterMessage {}

    /** The coordinator no longer needs the point: drop its folder and pull another. */
    record Release(String pointId) implements Command, ClusterMessage {}

    /** The writer has every byte before {@code offset} of file {@code file}: send from there. */
    record ChunkAck(String pointId, int file, long offset) implements Command, ClusterMessage {}

    /** Every point of the sweep is done. */
    record SweepOver(int points) implements Command, ClusterMessage {}

    private record Listing(Receptionist.Listing listing) implements Command {}

    private record CoordinatorGone() implements Command {}

    private record Ran(Point point, Path folder, List<PointFile> files, String error) implements Command {}

    private record ChunkRead(String pointId, int file, long offset, byte[] bytes, String error) implements Command {}

    /** A point this worker holds: run or running, maybe being uploaded. */
    private static final class Held {
        final Path folder;
        List<PointFile> files = List.of();
        ActorRef<PointWriter.Command> writer;

        Held(Path folder) {
            this.folder = folder;
        }
    }

    private final int slots;
    private final ProgramCatalog catalog;
    private final ExecutorService runs;
    private final Executor io;
    private final Path tmp;
    private final PrintWriter log;
    private final CompletableFuture<Integer> exit;
    private final Map<String, Held> held = new HashMap<>();
    private ActorRef<Coordinator.Command> coordinator;
    private int folders;
    private int done;

    /**
     * @param runs a pool of {@code slots} threads for the runs, shut down when the worker stops
     * @param tmp  a folder of this worker's own
     * @param exit completed with the worker's exit code when it stops
     */
    static Behavior<Command> create(int slots, ProgramCatalog catalog, ExecutorService runs, Path tmp, PrintWriter log,
                                    CompletableFuture<Integer> exit) {
        return Behaviors.setup(ctx -> new Worker(ctx, slots, catalog, runs, tmp, log, exit));
    }

    private Worker(ActorContext<Command> ctx, int slots, ProgramCatalog catalog, ExecutorService runs, Path tmp,
                   PrintWriter log, CompletableFuture<Integer> exit) {
        super(ctx);
        this.slots = slots;
        this.catalog = catalog;
        this.runs = runs;
        this.io = ctx.getSystem().dispatchers().lookup(ClusterNode.IO);
        this.tmp = tmp;
        this.log = log;
        this.exit = exit;
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(Coordinator.KEY,
                ctx.messageAdapter(Receptionist.Listing.class, Listing::new)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Listing.class, this::onListing)
                .onMessage(Assign.class, this::onAssign)
                .onMessage(Ran.class, this::onRan)
                .onMessage(Upload.class, this::onUpload)
                .onMessage(ChunkRead.class, this::onChunkRead)
                .onMessage(ChunkAck.class, this::onChunkAck)
                .onMessage(Release.class, this::onRelease)
                .onMessage(SweepOver.class, this::onSweepOver)
                .onMessage(CoordinatorGone.class, g -> stop(1, "lost the coordinator before the sweep was over"))
                .onSignal(PostStop.class, s -> cleanUp())
                .build();
    }

    private Behavior<Command> onListing(Listing l) {
        Set<ActorRef<Coordinator.Command>> found = l.listing().getServiceInstances(Coordinator.KEY);
        if (coordinator == null && !found.isEmpty()) {
            coordinator = found.iterator().next();
            getContext().watchWith(coordinator, new CoordinatorGone());
            coordinator.tell(new Coordinator.Hello(getContext().getSelf(), slots));
            say("found the coordinator at " + coordinator.path().address().hostPort() + "; taking up to " + slots
                    + " point(s) at a time");
        }
        return this;
    }

    private Behavior<Command> onAssign(Assign a) {
        Point p = a.point();
        Path folder = tmp.resolve("p" + (++folders));
        held.put(p.id(), new Held(folder));
        say("running " + p.id());
        CompletableFuture<Ran> run = CompletableFuture.supplyAsync(() -> run(a, folder), runs);
        getContext().pipeToSelf(run, (r, e) -> r != null ? r : new Ran(p, folder, List.of(), message(e)));
        return this;
    }

    /** On the run pool: the point into its folder, then the folder's manifest. */
    private Ran run(Assign a, Path folder) {
        try {
            Sweep.runPoint(a.point(), catalog, a.hostThreads(), a.trace(), folder);
            return new Ran(a.point(), folder, manifest(folder), null);
        } catch (RuntimeException e) {
            try {
                Sweep.deleteTree(folder);
            } catch (IOException ignored) {
                // the worker's temporary folder goes when it stops
            }
            return new Ran(a.point(), folder, List.of(), message(e));
        }
    }

    private Behavior<Command> onRan(Ran r) {
        Held h = held.get(r.point().id());
        if (h == null || coordinator == null) {
            return this;
        }
        h.files = r.files();
        say((r.error() == null ? "ran " : "could not run ") + r.point().id() + (r.error() == null ? "" : ": " + r.error()));
        coordinator.tell(new Coordinator.Ran(getContext().getSelf(), r.point().id(), r.files(), r.error()));
        return this;
    }

    private Behavior<Command> onUpload(Upload u) {
        Held h = held.get(u.pointId());
        if (h != null) {
            h.writer = u.writer();
            send(u.pointId(), h, 0, 0);
        }
        return this;
    }

    private Behavior<Command> onChunkAck(ChunkAck a) {
        Held h = held.get(a.pointId());
        if (h != null && h.writer != null) {
            send(a.pointId(), h, a.file(), a.offset());
        }
        return this;
    }

    /** Reads the chunk at {@code (file, offset)} on the IO dispatcher; nothing once every file is sent. */
    private void send(String id, Held h, int file, long offset) {
        if (file >= h.files.size()) {
            return; // all there: the coordinator releases the point once its folder is in place
        }
        Path f = h.folder.resolve(h.files.get(file).name());
        int n = (int) Math.min(CHUNK, h.files.get(file).size() - offset);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> read(f, offset, n), io);
        getContext().pipeToSelf(read, (bytes, e) -> new ChunkRead(id, file, offset, bytes, e == null ? null : message(e)));
    }

    private Behavior<Command> onChunkRead(ChunkRead c) {
        Held h = held.get(c.pointId());
        if (h == null || h.writer == null) {
            return this;
        }
        if (c.error() != null) {
            // the writer gives up after its idle time and the point runs again
            say("cannot read " + c.pointId() + ": " + c.error());
            return this;
        }
        h.writer.tell(new PointWriter.Chunk(c.pointId(), c.file(), c.offset(), c.bytes(), getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onRelease(Release r) {
        Held h = held.remove(r.pointId());
        if (h != null) {
            done++;
            CompletableFuture.runAsync(() -> deleteQuietly(h.folder), io);
            if (coordinator != null) {
                coordinator.tell(new Coordinator.Pull(getContext().getSelf()));
            }
        }
        return this;
    }

    private Behavior<Command> onSweepOver(SweepOver s) {
        return stop(0, "the sweep is over (" + s.points() + " points; " + done + " ran here)");
    }

    private Behavior<Command> stop(int code, String why) {
        say(why);
        exit.complete(code);
        return Behaviors.stopped();
    }

    private Behavior<Command> cleanUp() {
        runs.shutdownNow(); // ClusterWorker removes the temporary folder once the node has stopped
        exit.complete(1); // stopped some other way: not a finished sweep
        return this;
    }

    private void say(String line) {
        log.println("worker: " + line);
        log.flush();
    }

    /** Every regular file under {@code folder}, in name order, with its size and SHA-256. */
    static List<PointFile> manifest(Path folder) {
        List<PointFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = folder.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
                out.add(new PointFile(name, Files.size(f), sha256(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + AtomicFiles.reason(e), e);
        }
        return out;
    }

    private static String sha256(Path f) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static byte[] read(Path f, long offset, int n) {
        ByteBuffer b = ByteBuffer.allocate(n);
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.READ)) {
            while (b.hasRemaining()) {
                if (c.read(b, offset + b.position()) < 0) {
                    throw new IOException("ends before " + (offset + n) + " bytes");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(f + ": " + AtomicFiles.reason(e), e);
        }
        return b.array();
    }

    /** What went wrong, without the future's wrapper. */
    private static String message(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static void deleteQuietly(Path p) {
        try {
            Sweep.deleteTree(p);
        } catch (IOException ignored) {
            // a temporary folder: the system's to clear
        }
    }
}
