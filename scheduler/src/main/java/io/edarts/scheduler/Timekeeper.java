package io.edarts.scheduler;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.edarts.cam.Cluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one simulation: spawns an SU per cluster (each spawns its CUs), starts the root procedure and
 * grants the SUs windows of virtual time.
 *
 * <p>Windows. With one cluster the window is unbounded: the SU is the only time authority and runs
 * to the end. With several, SUs talk to each other, and a message from one SU to another takes at
 * least {@code lookahead} cycles (the smallest SU-to-SU latency). So if every SU has consumed all its
 * events before T, each may consume events before {@code T + lookahead} without waiting for the others:
 * nothing they send each other can land earlier. Each round the time keeper takes T as the earliest
 * next event any SU reports (including messages in flight) and grants {@code [T, T + lookahead)}. With
 * a lookahead of zero (the {@code ideal} machine) a round covers exactly cycle T, repeated until no SU
 * has anything left at T. Messages between SUs are held by the receiver until the next round, so what
 * each round consumes never depends on host timing.
 *
 * <p>Serial rounds. When the SUs share one interconnect ({@link RunContext#chip}: contention on a
 * machine of several clusters), the mesh couples them at a hop's latency, far below any useful
 * window. Then the time keeper runs the chip as one event loop: it steps the shared mesh itself while
 * its next event comes before every SU's, and otherwise grants the SUs whose next event is the
 * earliest, T, one at a time in cluster order, each for cycle T only; an SU that sent a message to
 * another makes every SU take a turn at its arrival. Only one party touches the mesh and the SUs'
 * contended state at a time, the hand-over always a message, and the mesh's callbacks tell the time
 * keeper which SU they gave work ({@link RunContext#added}). Exact and deterministic; the price is a
 * round trip per SU turn instead of parallel windows.
 */
final class Timekeeper extends AbstractBehavior<Timekeeper.Command> {

    sealed interface Command {}

    /** An SU's report, through the time keeper's message adapter. */
    private record FromSu(SchedulingUnit.Report report) implements Command {}

    private static final long INF = Long.MAX_VALUE;

    static Behavior<Command> create(RunContext run, CompletableFuture<RunOutcome> result) {
        return Behaviors.setup(ctx -> new Timekeeper(ctx, run, result));
    }

    /** What the actors hand back to {@link Simulator}. */
    record RunOutcome(List<RunTally.Summary> summaries, SchedulingUnit.Failure failure, InstanceRef root) {}

    private final RunContext run;
    private final CompletableFuture<RunOutcome> result;
    private final List<ActorRef<SchedulingUnit.Command>> sus = new ArrayList<>();
    private final SchedulingUnit.WindowDone[] reports;
    private final InstanceRef root;
    private final List<RunTally.Summary> summaries = new ArrayList<>();
    private int reportsIn;
    private SchedulingUnit.Failure failure;
    /** Serial rounds: each SU's next event or placement as it last reported, and the earliest message in flight. */
    private final long[] next;
    private long sentFloor = INF;
    private final java.util.ArrayDeque<Integer> turns = new java.util.ArrayDeque<>();
    private long turnTime;
    /** Parallel windows granted so far: an SU takes the messages sent before the current one. */
    private long round;

    private Timekeeper(ActorContext<Command> ctx, RunContext run, CompletableFuture<RunOutcome> result) {
        super(ctx);
        this.run = run;
        this.result = result;
        List<Cluster> clusters = run.machine.clusters();
        this.reports = new SchedulingUnit.WindowDone[clusters.size()];
        this.next = new long[clusters.size()]; // every SU takes a turn when the program starts
        java.util.Arrays.fill(next, run.startCycle);
        ActorRef<SchedulingUnit.Report> replies = ctx.messageAdapter(SchedulingUnit.Report.class, FromSu::new);
        List<ActorRef<SchedulingUnit.Command>> peers = new ArrayList<>();
        for (Cluster c : clusters) {
            ActorRef<SchedulingUnit.Command> su = ctx.spawn(SchedulingUnit.create(c, run, replies, peers),
                    "su-" + c.suCore());
            ctx.watch(su);
            sus.add(su);
        }
        peers.addAll(sus);
        this.root = InstanceRef.of(0, run.program.root(), run.rootFrame(), 0, 0, null, run.rootMemory());
        for (ActorRef<SchedulingUnit.Command> su : sus) {
            su.tell(new SchedulingUnit.Start(root));
        }
        if (run.chip != null) {
            serialRound();
        } else {
            grant(run.startCycle);
        }
    }

    /** Serial rounds: step the shared mesh up to the SUs' next work, then give the SUs due their turns. */
    private void serialRound() {
        while (true) {
            long t = sentFloor;
            for (int i = 0; i < next.length; i++) {
                t = Math.min(t, Math.min(next[i], run.added[i]));
            }
            long m = run.chip.nextEventCycle();
            if (m < t) {
                run.chip.step(); // callbacks may give an SU work before t: recompute
                continue;
            }
            if (t == INF) {
                finish();
                return;
            }
            turnTime = t;
            for (int i = 0; i < next.length; i++) {
                if (t == sentFloor || Math.min(next[i], run.added[i]) == t) {
                    turns.add(i);
                }
            }
            if (t == sentFloor) {
                sentFloor = INF; // every SU takes its inbox this round
            }
            nextTurn();
            return;
        }
    }

    private void nextTurn() {
        int i = turns.pollFirst();
        run.added[i] = INF;
        sus.get(i).tell(new SchedulingUnit.Advance(turnTime, true));
    }

    private void finish() {
        for (ActorRef<SchedulingUnit.Command> su : sus) {
            su.tell(new SchedulingUnit.Finish());
        }
    }

    private Behavior<Command> onSerialTurnDone(SchedulingUnit.WindowDone r) {
        next[r.cluster()] = r.next();
        sentFloor = Math.min(sentFloor, r.minSent());
        if (r.failure() != null && (failure == null || FAILURE_ORDER.compare(r.failure(), failure) < 0)) {
            failure = r.failure();
        }
        if (failure != null) {
            finish();
        } else if (!turns.isEmpty()) {
            nextTurn();
        } else {
            serialRound();
        }
        return this;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(FromSu.class, this::onFromSu)
                .onSignal(ChildFailed.class, this::onChildFailed)
                .build();
    }

    private void grant(long t) {
        SchedulingUnit.Advance a;
        round++;
        if (sus.size() == 1) {
            a = new SchedulingUnit.Advance(INF, true);
        } else if (run.lookahead > 0) {
            a = new SchedulingUnit.Advance(t > INF - run.lookahead ? INF : t + run.lookahead, false, round);
        } else {
            a = new SchedulingUnit.Advance(t, true, round);
        }
        for (ActorRef<SchedulingUnit.Command> su : sus) {
            su.tell(a);
        }
    }

    private Behavior<Command> onFromSu(FromSu m) {
        return m.report() instanceof SchedulingUnit.WindowDone w ? onWindowDone(w)
                : onDone((SchedulingUnit.Done) m.report());
    }

    private Behavior<Command> onWindowDone(SchedulingUnit.WindowDone r) {
        if (run.chip != null) {
            return onSerialTurnDone(r);
        }
        reports[r.cluster()] = r;
        if (++reportsIn < reports.length) {
            return this;
        }
        reportsIn = 0;
        long t = INF;
        for (SchedulingUnit.WindowDone x : reports) {
            t = Math.min(t, Math.min(x.next(), x.minSent()));
            if (x.failure() != null && (failure == null || FAILURE_ORDER.compare(x.failure(), failure) < 0)) {
                failure = x.failure();
            }
        }
        if (failure != null || t == INF) {
            for (ActorRef<SchedulingUnit.Command> su : sus) {
                su.tell(new SchedulingUnit.Finish());
            }
        } else {
            grant(t);
        }
        return this;
    }

    /** A fault of the simulator itself (not of a program): fail the run instead of hanging. */
    private Behavior<Command> onChildFailed(ChildFailed f) {
        if (f.getCause() instanceof HostOutOfMemory h) {
            result.completeExceptionally(h.getCause());
            return Behaviors.stopped();
        }
        result.completeExceptionally(new IllegalStateException("actor " + f.getRef().path().name() + " failed: "
                + f.getCause(), f.getCause()));
        return Behaviors.stopped();
    }

    private static final Comparator<SchedulingUnit.Failure> FAILURE_ORDER =
            Comparator.comparingLong(SchedulingUnit.Failure::cycle).thenComparingInt(SchedulingUnit.Failure::core);

    private Behavior<Command> onDone(SchedulingUnit.Done d) {
        summaries.add(d.summary());
        if (summaries.size() < sus.size()) {
            return this;
        }
        summaries.sort(Comparator.comparingInt(RunTally.Summary::cluster));
        result.complete(new RunOutcome(List.copyOf(summaries), failure, root));
        return Behaviors.stopped();
    }
}
