package io.edarts.sweep.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.edarts.sweep.Point;
import io.edarts.sweep.PointRow;
import io.edarts.sweep.SweepProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Hands a sweep's points to the workers of the cluster and collects their report folders.
 *
 * <p><b>Back-pressure.</b> A worker says {@link Hello} with its number of slots ({@code edarts worker
 * --jobs}) and {@link Pull}s once more each time a point it held is released; a point is only ever
 * {@link Worker.Assign assigned} against such a demand. A worker therefore holds at most its slots'
 * worth of points, and the points nobody has asked for wait here, in id order.
 *
 * <p><b>Results.</b> A worker that has run a point says {@link Ran} with the manifest of its folder
 * (names, sizes, SHA-256); the first such point gets a {@link PointWriter} that takes the files chunk
 * by chunk into a staging folder and renames it into place; any later copy of the same point is
 * released unread. Points run the same wherever they run ({@link io.edarts.sweep.Sweep#runPoint}), so
 * which copy arrives first does not matter.
 *
 * <p><b>Lost workers.</b> A worker that becomes unreachable (cluster membership: its heartbeats
 * stopped) or is removed loses its points: each one that no other reachable worker is running or
 * uploading goes back to the front of the queue, and an upload from it is stopped (its staging
 * folder removed). A worker that comes back keeps running what it had, and its copies are accepted
 * if they arrive first. So a point is done exactly once, whoever dies, while one worker is left.
 *
 * <p>Everything here is in memory and fast; files are written by the writers on the IO dispatcher
 * and progress lines are the only output, so this actor never blocks its dispatcher.
 */
final class Coordinator extends AbstractBehavior<Coordinator.Command> {
    /** How workers find the coordinator (the cluster's receptionist). */
    static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "edarts-sweep-coordinator");
    /** Uploads of one point that may fail (bad chunk, digest, disk) before it is an error row. */
    static final int MAX_UPLOADS = 3;

    sealed interface Command {}

    /**
     * A worker is ready.
     *
     * @param worker the worker
     * @param slots  points it may hold at once
     */
    record Hello(ActorRef<Worker.Command> worker, int slots) implements Command, ClusterMessage {}

    /** A worker has released a point and takes one more. */
    record Pull(ActorRef<Worker.Command> worker) implements Command, ClusterMessage {}

    /**
     * A worker ran a point: its folder's files, or why it did not run.
     *
     * @param files the manifest, empty when {@code error} is set
     * @param error null, or the message of the run that could not start or write (an error row, as locally)
     */
    record Ran(ActorRef<Worker.Command> worker, String pointId, List<PointFile> files, String error)
            implements Command, ClusterMessage {
        Ran {
            files = List.copyOf(files);
        }
    }

    /** A writer put the point's folder in place and read its row (local). */
    record Stored(String pointId, PointRow row) implements Command {}

    /** A writer gave up an upload and removed what it had written (local). */
    record StoreFailed(String pointId, String reason) implements Command {}

    private record Reachability(ClusterEvent.ReachabilityEvent event) implements Command {}

    private record WorkerGone(ActorRef<Worker.Command> worker) implements Command {}

    private record WriterStopped(String pointId, ActorRef<PointWriter.Command> writer) implements Command {}

    /** Where one point stands. */
    private static final class Task {
        final Point point;
        final Set<ActorRef<Worker.Command>> runners = new HashSet<>();
        ActorRef<Worker.Command> uploader;
        ActorRef<PointWriter.Command> writer;
        int failedUploads;
        boolean done;

        Task(Point point) {
            this.point = point;
        }
    }

    /** What the coordinator knows of one worker. */
    private static final class Member {
        final ActorRef<Worker.Command> ref;
        final Set<String> running = new LinkedHashSet<>();
        int demand;
        boolean reachable = true;

        Member(ActorRef<Worker.Command> ref, int demand) {
            this.ref = ref;
            this.demand = demand;
        }

        String name() {
            return ref.path().address().hostPort();
        }
    }

    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final ArrayDeque<Task> pending = new ArrayDeque<>();
    private final Map<ActorRef<Worker.Command>, Member> workers = new LinkedHashMap<>();
    private final List<PointRow> rows = new ArrayList<>();
    private final Path dir;
    private final SweepProgress progress;
    private final boolean trace;
    private final int hostThreads;
    private final PrintWriter log;
    private final CompletableFuture<List<PointRow>> result;
    private int uploads;

    /**
     * @param todo   the points to run, none done yet
     * @param dir    the sweep's {@code points} folder
     * @param result completed with one row per point once every point is done
     */
    static Behavior<Command> create(List<Point> todo, Path dir, SweepProgress progress, boolean trace, int hostThreads,
                                    PrintWriter log, CompletableFuture<List<PointRow>> result) {
        return Behaviors.setup(ctx -> new Coordinator(ctx, todo, dir, progress, trace, hostThreads, log, result));
    }

    private Coordinator(ActorContext<Command> ctx, List<Point> todo, Path dir, SweepProgress progress, boolean trace,
                        int hostThreads, PrintWriter log, CompletableFuture<List<PointRow>> result) {
        super(ctx);
        this.dir = dir;
        this.progress = progress;
        this.trace = trace;
        this.hostThreads = hostThreads;
        this.log = log;
        this.result = result;
        for (Point p : todo) {
            Task t = new Task(p);
            tasks.put(p.id(), t);
            pending.add(t);
        }
        ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
        Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(
                ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new),
                ClusterEvent.ReachabilityEvent.class));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Hello.class, this::onHello)
                .onMessage(Pull.class, this::onPull)
                .onMessage(Ran.class, this::onRan)
                .onMessage(Stored.class, this::onStored)
                .onMessage(StoreFailed.class, this::onStoreFailed)
                .onMessage(WriterStopped.class, this::onWriterStopped)
                .onMessage(Reachability.class, this::onReachability)
                .onMessage(WorkerGone.class, this::onWorkerGone)
                .build();
    }

    private Behavior<Command> onHello(Hello h) {
        if (!workers.containsKey(h.worker())) {
            Member m = new Member(h.worker(), Math.max(1, h.slots()));
            workers.put(h.worker(), m);
            getContext().watchWith(h.worker(), new WorkerGone(h.worker()));
            say("worker " + m.name() + " joined with " + m.demand + " slot(s); " + workers.size() + " worker(s)");
            dispatch();
        }
        return this;
    }

    private Behavior<Command> onPull(Pull p) {
        Member m = workers.get(p.worker());
        if (m != null) {
            m.demand++;
            dispatch();
        }
        return this;
    }

    private Behavior<Command> onRan(Ran r) {
        Task t = tasks.get(r.pointId());
        Member m = workers.get(r.worker());
        if (m != null) {
            m.running.remove(r.pointId());
        }
        if (t != null) {
            t.runners.remove(r.worker());
        }
        if (t == null || t.done || t.uploader != null) {
            r.worker().tell(new Worker.Release(r.pointId())); // done, or a copy already on its way
            return this;
        }
        if (r.error() != null) {
            r.worker().tell(new Worker.Release(r.pointId()));
            return finish(t, PointRow.error(t.point, r.error()));
        }
        if (r.files().isEmpty()) {
            r.worker().tell(new Worker.Release(r.pointId()));
            return finish(t, PointRow.error(t.point, "the worker sent no files"));
        }
        pending.remove(t);
        ActorRef<PointWriter.Command> w = getContext().spawn(
                PointWriter.create(t.point, r.files(), dir, "upload" + (++uploads), getContext().getSelf()),
                "upload-" + uploads, ClusterNode.IO);
        getContext().watchWith(w, new WriterStopped(t.point.id(), w));
        t.uploader = r.worker();
        t.writer = w;
        r.worker().tell(new Worker.Upload(t.point.id(), w));
        return this;
    }

    private Behavior<Command> onStored(Stored s) {
        Task t = tasks.get(s.pointId());
        if (t == null || t.done) {
            return this;
        }
        release(t);
        return finish(t, s.row());
    }

    private Behavior<Command> onStoreFailed(StoreFailed f) {
        Task t = tasks.get(f.pointId());
        if (t == null || t.done) {
            return this;
        }
        String from = t.uploader != null && workers.containsKey(t.uploader) ? workers.get(t.uploader).name() : "a worker";
        release(t);
        t.failedUploads++;
        say("upload of " + t.point.id() + " from " + from + " failed: " + f.reason());
        if (t.failedUploads >= MAX_UPLOADS) {
            return finish(t, PointRow.error(t.point, "its upload failed " + t.failedUploads + " times, last: " + f.reason()));
        }
        requeueIfOrphan(t);
        dispatch();
        return this;
    }

    private Behavior<Command> onWriterStopped(WriterStopped s) {
        Task t = tasks.get(s.pointId());
        if (t != null && !t.done && s.writer().equals(t.writer)) {
            // stopped without a word: it failed (a writer that finishes says Stored or StoreFailed first)
            return onStoreFailed(new StoreFailed(s.pointId(), "the writer stopped"));
        }
        return this;
    }

    private Behavior<Command> onReachability(Reachability r) {
        for (Member m : workers.values()) {
            if (!m.ref.path().address().equals(r.event().member().address())) {
                continue;
            }
            if (r.event() instanceof ClusterEvent.UnreachableMember) {
                m.reachable = false;
                say("worker " + m.name() + " is unreachable; its points go to the other workers");
                lost(m);
            } else if (r.event() instanceof ClusterEvent.ReachableMember) {
                m.reachable = true;
                say("worker " + m.name() + " is reachable again");
            }
        }
        dispatch();
        return this;
    }

    private Behavior<Command> onWorkerGone(WorkerGone g) {
        Member m = workers.remove(g.worker());
        if (m != null) {
            say("worker " + m.name() + " left; " + workers.size() + " worker(s)");
            lost(m);
            dispatch();
        }
        return this;
    }

    /** A worker's points and uploads are orphaned unless another worker has them. */
    private void lost(Member m) {
        for (Task t : tasks.values()) {
            if (t.done) {
                continue;
            }
            if (m.ref.equals(t.uploader)) {
                getContext().stop(t.writer); // its PostStop removes the staging folder
                t.uploader = null;
                t.writer = null;
            }
            if (t.runners.contains(m.ref) || m.running.contains(t.point.id())) {
                requeueIfOrphan(t);
            }
        }
    }

    private void requeueIfOrphan(Task t) {
        if (t.done || t.uploader != null || pending.contains(t)) {
            return;
        }
        for (ActorRef<Worker.Command> r : t.runners) {
            Member m = workers.get(r);
            if (m != null && m.reachable) {
                return; // still running on a worker we can see
            }
        }
        pending.addFirst(t);
        say("re-issuing " + t.point.id());
    }

    /** Hands pending points to workers with demand, one per worker in turn. */
    private void dispatch() {
        boolean gave = true;
        while (!pending.isEmpty() && gave) {
            gave = false;
            for (Member m : workers.values()) {
                if (pending.isEmpty()) {
                    break;
                }
                if (m.reachable && m.demand > 0) {
                    Task t = pending.poll();
                    m.demand--;
                    m.running.add(t.point.id());
                    t.runners.add(m.ref);
                    m.ref.tell(new Worker.Assign(t.point, trace, hostThreads));
                    progress.started(t.point);
                    gave = true;
                }
            }
        }
    }

    private void release(Task t) {
        if (t.uploader != null) {
            t.uploader.tell(new Worker.Release(t.point.id()));
        }
        t.uploader = null;
        t.writer = null;
    }

    private Behavior<Command> finish(Task t, PointRow row) {
        t.done = true;
        pending.remove(t);
        rows.add(row);
        progress.finished(row);
        if (rows.size() < tasks.size()) {
            dispatch();
            return this;
        }
        for (Member m : workers.values()) {
            m.ref.tell(new Worker.SweepOver(tasks.size()));
        }
        result.complete(List.copyOf(rows));
        return Behaviors.stopped();
    }

    private void say(String line) {
        log.println("sweep: " + line);
        log.flush();
    }
}
