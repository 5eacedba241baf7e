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
 * <h2>Design note</h2>
 * <p><b>One cluster.</b> The window is unbounded: the SU is the only time authority and runs to the
 * end.
 *
 * <p><b>Several clusters, no shared interconnect: pairwise lookahead.</b> The SUs affect each other
 * only by messages (slot signals, the SU tree's messages, news of an exit), and a message from the SU
 * of cluster j to that of cluster i takes at least {@code lat(j,i)} cycles (the target's uncontended
 * latency of the smallest such message, {@code RunContext#lookahead} being the least of them). This
 * is Chandy-Misra-Bryant's conservative scheme with a lookahead per cluster pair, its null messages
 * carried by the reports: after each grant an SU tells the time keeper its next event {@code E(j)}
 * (a lower bound of every cycle it will consume or send at before it hears from anyone) and, per
 * destination, the earliest message it sent. The keeper then bounds when each SU could next act,
 * {@code D(k) = min over s of (base(s) + dist(s,k))}, where {@code base(s)} is the smaller of
 * {@code E(s)} and the earliest message in flight to s and {@code dist} the shortest path over the
 * {@code lat} matrix (a chain of relayed messages), and grants each SU i the horizon
 * {@code H(i) = min over j != i of (D(j) + lat(j,i))} (exclusive), if that lets it consume anything
 * ({@code base(i) < H(i)}); an SU with nothing to do is not told. The round trip through itself is
 * in the bound ({@code s = i}), so nothing an SU sends in a window can come back inside it.
 *
 * <p><i>Correct:</i> every message to i that is not in its inbox when its grant arrives is sent
 * later by some j, at a cycle no earlier than {@code D(j)}, so it is due no earlier than
 * {@code D(j) + lat(j,i) >= H(i)}: no SU consumes an event while an earlier one that could affect it
 * may still come. The SUs check it on every message they take ({@code SchedulingUnit} fails the run
 * with a "causality" fault if one is due at or before a cycle already consumed). Inside its window
 * an SU consumes its events in its own total order (time, source core, sequence, kind), so what it
 * does depends only on which events exist, never on when they came. An {@code Exited} notice is
 * sent at the exit's cycle {@code a} and counts from {@code a + latency}; a window reaching past
 * that was granted after the exiting SU had reported a next event after {@code a}, so after the
 * notice was sent, and a local send is in the receiver's mailbox at once.
 * <i>Deterministic:</i> rounds are synchronous (every SU granted in a round reports before the next
 * is computed) and a grant takes only the messages sent in earlier rounds, so the horizons, the
 * number of rounds and a failing run's stopping point are functions of the simulation, not of host
 * timing. A failure stops the run after the round it was reported in (the earliest by cycle, then
 * core, wins), as the global windows did.
 * <i>Cost:</i> per round, one {@code Advance} to each SU that can consume something and one report
 * back, and O(clusters^2) work here; no SU-to-SU null messages at all. Against the global windows
 * (below, kept as the reference scheme) a round still advances the SU with the earliest event by at
 * least {@code lookahead}, but SUs far from it in time or in the mesh go further, and idle SUs cost
 * nothing. Measured (e1024, random-dag 100k, contention off, {@code edarts.timekeeper.stats}): 14.5
 * rounds and 37.6 grants per 1,000 cycles against 19.5 and 312, yet the keeper's host time was 10.9 s
 * against 7.8 s (medians of three interleaved runs): the wider windows leave each SU more unanswered
 * dispatches to check per event, and fewer SUs busy per round. So it is opt-in
 * ({@code -Dedarts.timekeeper=pairwise}) until that is fixed; both schemes simulate the same run.
 *
 * <p><b>Global windows (the default; also any zero lookahead).</b> Each round the time keeper
 * takes T as the earliest next event any SU reports (including messages in flight) and grants every
 * SU {@code [T, T + lookahead)}. With a lookahead of zero (the {@code ideal} machine) a round covers
 * exactly cycle T, repeated until no SU has anything left at T, and each message carries its round so
 * that a round never takes what a peer sent in it.
 *
 * <p><b>Serial rounds.</b> When the SUs share one interconnect ({@link RunContext#chip}: contention on a
 * machine of several clusters), the mesh couples them at a hop's latency, far below any useful
 * window. Then the time keeper runs the chip as one event loop: it steps the shared mesh itself while
 * its next event comes before every SU's, and otherwise grants the SUs whose next event is the
 * earliest, T, one at a time in cluster order, each for cycle T only; an SU that sent a message to
 * another makes that SU take a turn at its arrival (it takes all its mail in any turn, so the keeper
 * tracks, per SU, the earliest message sent to it since its last one). An SU with nothing at T gets
 * no turn: it would consume nothing, and what it would take from its mailbox stays there. Only one party touches the mesh and the SUs'
 * contended state at a time, the hand-over always a message, and the mesh's callbacks tell the time
 * keeper which SU they gave work ({@link RunContext#added}). Exact and deterministic; the price is a
 * round trip per SU turn instead of parallel windows. Each SU's earliest work (its report, its
 * mail, the callbacks') is kept as one number ({@link RunContext#due}, lowered by mail and by the
 * callbacks), so a round scans one array of the SUs and a turn none; while the mesh is stepped the
 * callbacks lower {@link RunContext#addedMin}, the loop's bound.
 *
 * <p><b>Direct turns.</b> A serial turn is a strict hand-over: the keeper waits for the SU's report
 * before anything else runs, and the mesh's callbacks already run SU code on the keeper's thread. So
 * once an SU has reported by message (which makes its state visible here), the keeper runs its turns
 * as method calls ({@code SchedulingUnit.turn}) on its own thread, and the SUs leave each other's slot
 * messages and exit notices in {@link RunContext#suMail} instead of each other's mailboxes: the
 * receiver takes them at its next turn, which is where its mailbox would have delivered them (they
 * were sent before the report that led to that turn). The SUs fire their CUs' bodies themselves
 * ({@link RunContext#inlineBodies}): a turn waits for its CUs' answers anyway. Nothing else may reach
 * an SU during a run; an instance stream's answers can ({@code StreamNext}), so a streamed run keeps
 * message turns. A turn that cannot finish at once (its trace pushes back) returns no report, and the
 * SU reports by message when it is done. A direct turn that throws fails the run as the SU's actor
 * failing would. Every {@link #TURNS_PER_MESSAGE} turns the keeper sends itself a message and returns,
 * so a long run does not hold a dispatcher thread for minutes. Exact: the SUs do the same things in
 * the same order; only the host's hand-overs are gone ({@code -Dedarts.timekeeper.turns=messages}
 * keeps them, the reference SerialRoundsTest compares with).
 */
final class Timekeeper extends AbstractBehavior<Timekeeper.Command> {

    sealed interface Command {}

    /** An SU's report, through the time keeper's message adapter. */
    private record FromSu(SchedulingUnit.Report report) implements Command {}

    private static final long INF = Long.MAX_VALUE;

    /** How SUs of a machine without a shared interconnect are kept in step (see the design note). */
    enum Scheme {
        PAIRWISE, GLOBAL_WINDOWS,
        /** No synchronisation at all: wrong on purpose, for the test that the SUs' causality check fires. */
        UNSYNCHRONISED;

        /**
         * System property {@code edarts.timekeeper}: global-windows (default: measured faster on the
         * host, see the design note), pairwise or unsynchronised.
         */
        static Scheme fromProperty() {
            String v = System.getProperty("edarts.timekeeper", "global-windows");
            return switch (v) {
                case "pairwise" -> PAIRWISE;
                case "global-windows" -> GLOBAL_WINDOWS;
                case "unsynchronised" -> UNSYNCHRONISED;
                default -> throw new IllegalArgumentException("system property edarts.timekeeper is '" + v
                        + "': expected pairwise, global-windows or unsynchronised");
            };
        }
    }

    /**
     * System property {@code edarts.timekeeper.turns}: {@code direct} (default) or {@code messages},
     * the reference the tests compare direct turns with (every serial turn an {@code Advance} and a report).
     */
    static boolean directTurns() {
        String v = System.getProperty("edarts.timekeeper.turns", "direct");
        return switch (v) {
            case "direct" -> true;
            case "messages" -> false;
            default -> throw new IllegalArgumentException("system property edarts.timekeeper.turns is '" + v
                    + "': expected direct or messages");
        };
    }

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
    private final Scheme scheme;
    private int reportsIn;
    /** SUs granted in the current round whose reports are still to come. */
    private int expected;
    private SchedulingUnit.Failure failure;
    /** Serial rounds: each SU's next event or placement as it last reported. */
    private final long[] next;
    /**
     * Serial rounds: per SU, the earliest SU-to-SU message sent to it since its last turn (it takes
     * them all in its next one).
     */
    private final long[] mail;
    /**
     * Serial rounds: per SU, the least of {@link #next}, {@link #mail} and {@link RunContext#added}
     * ({@link RunContext#due}): set when the SU reports, lowered by mail and by the mesh's callbacks.
     */
    private final long[] due;
    /**
     * Serial rounds with direct turns ({@link RunContext#directSus}): per SU, whether it has reported
     * by message once (from then on its state is visible to this actor and its turns are method
     * calls); else null.
     */
    private boolean[] heard;
    /** Set when a direct turn threw: the handler that ran it stops the time keeper. */
    private boolean halted;
    /** Serial rounds: the SUs due at {@link #turnTime}, in cluster order, {@code turns[turnAt..turnEnd)} still to go. */
    private final int[] turns;
    private int turnAt;
    private int turnEnd;
    private long turnTime;
    /** Windows granted so far: an SU takes the messages sent before the current one. */
    private long round;
    /** Pairwise: lat[j][i], least cycles of a message from SU j to SU i; dist, shortest paths over it. */
    private long[][] lat;
    private long[][] dist;
    /** Pairwise: per SU, the earliest message sent to it that its next report may not cover yet. */
    private long[] inFlight;
    /** Counters for {@code edarts.timekeeper.stats}: grants, reports, SU turns, mesh steps. */
    private long grants;
    private long meshSteps;
    private final long hostStart = HostClock.nanos();

    private Timekeeper(ActorContext<Command> ctx, RunContext run, CompletableFuture<RunOutcome> result) {
        super(ctx);
        this.run = run;
        this.result = result;
        List<Cluster> clusters = run.machine.clusters();
        this.reports = new SchedulingUnit.WindowDone[clusters.size()];
        this.next = new long[clusters.size()]; // every SU takes a turn when the program starts
        java.util.Arrays.fill(next, run.startCycle);
        this.mail = new long[clusters.size()];
        java.util.Arrays.fill(mail, INF);
        this.turns = new int[clusters.size()];
        this.due = run.due;
        java.util.Arrays.fill(due, run.startCycle);
        Scheme s = Scheme.fromProperty();
        this.scheme = s == Scheme.PAIRWISE && run.lookahead == 0 ? Scheme.GLOBAL_WINDOWS : s;
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
            this.heard = run.directSus != null ? new boolean[clusters.size()] : null;
            serialLoop(); // the first turns are messages: none of the SUs has been heard from
        } else if (sus.size() > 1 && scheme == Scheme.PAIRWISE) {
            pairwiseSetUp(clusters);
            pairwiseRound();
        } else {
            grant(run.startCycle);
        }
    }

    // ---- serial rounds (a shared interconnect) -------------------------------------------------

    /** Resume the serial loop: sent to itself every {@link #TURNS_PER_MESSAGE} direct turns. */
    private enum Continue implements Command { INSTANCE }

    /**
     * Direct turns a message of the time keeper takes at most before it hands the thread back to the
     * dispatcher (another run, a trace's stream), resuming with {@link Continue}.
     */
    private static final int TURNS_PER_MESSAGE = 4096;

    /**
     * Serial rounds: gives turns until one is answered by a message (a grant sent, or an SU whose
     * turn is not over: its trace pushes back), the run ends, or the loop yields.
     */
    private void serialLoop() {
        for (int n = 0; n < TURNS_PER_MESSAGE; n++) {
            if (turnAt == turnEnd && !serialRound()) {
                return;
            }
            if (!nextTurn()) {
                return;
            }
        }
        getContext().getSelf().tell(Continue.INSTANCE);
    }

    /**
     * Serial rounds: step the shared mesh up to the SUs' next work, then queue the turns of the SUs
     * due; false when nothing is left (the run is finished).
     */
    private boolean serialRound() {
        long[] d = due;
        long t = INF;
        for (long x : d) {
            t = Math.min(t, x);
        }
        run.addedMin = t; // from here the callbacks lower it
        while (run.chip.stepBefore(t)) { // callbacks may give an SU work before t
            meshSteps++;
            t = run.addedMin;
        }
        if (t == INF) {
            finish();
            return false;
        }
        assert dueIsExact() : "time keeper: an SU's earliest work (due) is not the least of its report, mail and callbacks";
        turnTime = t;
        turnAt = 0;
        turnEnd = 0;
        for (int i = 0; i < d.length; i++) {
            // only the SUs with something at t: one whose next event and mail are later would consume nothing
            if (d[i] == t) {
                turns[turnEnd++] = i;
            }
        }
        return true;
    }

    /** Whether {@link #due} is what it caches, for every SU (checked with assertions on, as in the tests). */
    private boolean dueIsExact() {
        for (int i = 0; i < due.length; i++) {
            if (due[i] != Math.min(next[i], Math.min(mail[i], run.added[i]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The next queued turn: run directly and its report absorbed, or granted by message. True if the
     * loop may go on: the turn was direct, it reported, and the run goes on; false if a report is to
     * come by message (a grant sent, or a direct turn that goes on) or the run stops.
     */
    private boolean nextTurn() {
        int i = turns[turnAt++];
        // the SU takes every message sent to it so far and the callbacks' work: its report covers them
        // (due[i] is set again when it reports)
        run.added[i] = INF;
        mail[i] = INF;
        grants++;
        if (heard != null && heard[i]) {
            SchedulingUnit su = run.directSus[i];
            boolean reported;
            try {
                reported = su.turn(turnTime);
            } catch (RuntimeException | Error e) {
                // what the SU's own actor would have died of (ChildFailed), here on the time keeper's thread
                failed(sus.get(i).path().name(), e);
                halted = true;
                return false;
            }
            // the report's fields straight from the SU: a turn makes no WindowDone (one per turn, the
            // largest share of a long run's allocation)
            return reported && absorb(i, su.reportedNext(), su.reportedSentTo(), su.reportedSentIdx(),
                    su.reportedSentCount(), su.reportedFailure());
        }
        sus.get(i).tell(new SchedulingUnit.Advance(turnTime, true));
        return false;
    }

    private void finish() {
        if (Boolean.getBoolean("edarts.timekeeper.stats")) {
            System.err.printf("timekeeper: %s, %d SUs, %d grants, %d rounds, %d mesh steps by the keeper, %.1f host ms%n",
                    run.chip != null ? "serial rounds" : sus.size() == 1 ? "one cluster" : scheme.name().toLowerCase(),
                    sus.size(), grants, round, meshSteps, (HostClock.nanos() - hostStart) / 1e6);
        }
        for (ActorRef<SchedulingUnit.Command> su : sus) {
            su.tell(new SchedulingUnit.Finish());
        }
    }

    private Behavior<Command> onSerialTurnDone(SchedulingUnit.WindowDone r) {
        if (heard != null) {
            heard[r.cluster()] = true; // its state is visible to this thread from now on: turns may be direct
        }
        if (absorb(r.cluster(), r.next(), r.sentTo(), r.sentIdx(), r.sentCount(), r.failure())) {
            serialLoop();
        }
        return halted ? Behaviors.stopped() : this;
    }

    private Behavior<Command> onContinue() {
        serialLoop();
        return halted ? Behaviors.stopped() : this;
    }

    /**
     * Takes a serial turn's report, the fields of a {@link SchedulingUnit.WindowDone}; false if the run
     * stops (a failure: the SUs are told to finish).
     */
    private boolean absorb(int cluster, long event, long[] to, int[] idx, int sentCount, SchedulingUnit.Failure f) {
        next[cluster] = event;
        // what came for it during its turn (mail of an earlier message turn, callbacks) counts too
        due[cluster] = Math.min(event, Math.min(mail[cluster], run.added[cluster]));
        if (to != null && idx != null) {
            // only the destinations it sent to: the other entries are INF
            for (int j = 0; j < sentCount; j++) {
                int k = idx[j];
                mail[k] = Math.min(mail[k], to[k]);
                due[k] = Math.min(due[k], to[k]);
            }
        } else if (to != null) {
            for (int k = 0; k < to.length; k++) {
                mail[k] = Math.min(mail[k], to[k]);
                due[k] = Math.min(due[k], to[k]);
            }
        }
        if (f != null && (failure == null || FAILURE_ORDER.compare(f, failure) < 0)) {
            failure = f;
        }
        if (failure != null) {
            finish();
            return false;
        }
        return true;
    }

    // ---- pairwise lookahead (no shared interconnect) ---------------------------------------------

    private void pairwiseSetUp(List<Cluster> clusters) {
        int n = clusters.size();
        lat = new long[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                if (i == j) {
                    continue;
                }
                int a = clusters.get(j).suCore();
                int b = clusters.get(i).suCore();
                long l = run.target.messageCycles(a, b, run.signalBytes);
                if (run.tree) { // a tree message carries a TP closure of dispatch-bytes
                    l = Math.min(l, run.target.messageCycles(a, b, run.dispatchBytes));
                }
                lat[j][i] = l;
            }
        }
        dist = new long[n][];
        for (int j = 0; j < n; j++) {
            dist[j] = lat[j].clone(); // dist[j][j] = 0
        }
        for (int k = 0; k < n; k++) { // Floyd-Warshall: a message may be relayed through other SUs
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    long via = RunContext.saturatedAdd(dist[j][k], dist[k][i]);
                    if (via < dist[j][i]) {
                        dist[j][i] = via;
                    }
                }
            }
        }
        inFlight = new long[n];
        java.util.Arrays.fill(inFlight, INF);
    }

    /**
     * A round of pairwise lookahead: from every SU's next event and the messages in flight, each SU's
     * horizon; grants to those that can consume something; the end when none can.
     */
    private void pairwiseRound() {
        int n = sus.size();
        long[] base = new long[n];
        boolean any = false;
        for (int s = 0; s < n; s++) {
            base[s] = Math.min(next[s], inFlight[s]);
            any |= base[s] != INF;
        }
        if (!any) {
            finish();
            return;
        }
        long[] d = new long[n];
        for (int k = 0; k < n; k++) {
            long m = INF;
            for (int s = 0; s < n; s++) {
                m = Math.min(m, RunContext.saturatedAdd(base[s], dist[s][k]));
            }
            d[k] = m;
        }
        round++;
        expected = 0;
        for (int i = 0; i < n; i++) {
            long h = INF;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    h = Math.min(h, RunContext.saturatedAdd(d[j], lat[j][i]));
                }
            }
            if (base[i] < h) {
                // the SU takes its inbox now: what was in flight to it is in its next report
                inFlight[i] = INF;
                expected++;
                grants++;
                sus.get(i).tell(new SchedulingUnit.Advance(h, false, round));
            }
        }
        if (expected == 0) {
            // cannot happen with positive latencies: the SU with the least base always may go on
            throw new IllegalStateException("time keeper: no SU may advance at round " + round);
        }
    }

    private Behavior<Command> onPairwiseDone(SchedulingUnit.WindowDone r) {
        next[r.cluster()] = r.next();
        long[] to = r.sentTo();
        if (to != null) {
            for (int k = 0; k < to.length; k++) {
                inFlight[k] = Math.min(inFlight[k], to[k]);
            }
        }
        if (r.failure() != null && (failure == null || FAILURE_ORDER.compare(r.failure(), failure) < 0)) {
            failure = r.failure();
        }
        if (--expected > 0) {
            return this;
        }
        if (failure != null) {
            finish();
        } else {
            pairwiseRound();
        }
        return this;
    }

    // ---- global windows (the reference scheme, and any zero lookahead) ---------------------------

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(FromSu.class, this::onFromSu)
                .onMessageEquals(Continue.INSTANCE, this::onContinue)
                .onSignal(ChildFailed.class, this::onChildFailed)
                .build();
    }

    private void grant(long t) {
        SchedulingUnit.Advance a;
        round++;
        if (sus.size() == 1 || scheme == Scheme.UNSYNCHRONISED) {
            a = new SchedulingUnit.Advance(INF, true);
        } else if (run.lookahead > 0) {
            a = new SchedulingUnit.Advance(t > INF - run.lookahead ? INF : t + run.lookahead, false, round);
        } else {
            a = new SchedulingUnit.Advance(t, true, round);
        }
        for (ActorRef<SchedulingUnit.Command> su : sus) {
            grants++;
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
        if (lat != null) {
            return onPairwiseDone(r);
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
            finish();
        } else {
            grant(t);
        }
        return this;
    }

    /** A fault of the simulator itself (not of a program): fail the run instead of hanging. */
    private Behavior<Command> onChildFailed(ChildFailed f) {
        failed(f.getRef().path().name(), f.getCause());
        return Behaviors.stopped();
    }

    private void failed(String actor, Throwable cause) {
        if (cause instanceof HostOutOfMemory h) {
            result.completeExceptionally(h.getCause());
            return;
        }
        result.completeExceptionally(new IllegalStateException("actor " + actor + " failed: " + cause, cause));
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
