package io.edarts.scheduler;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.edarts.api.SlotRef;
import io.edarts.cam.Charge;
import io.edarts.cam.Cluster;
import io.edarts.cam.CodeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Synchronization Unit: schedules the codelets its cluster owns onto the ready pools of its CUs.
 * The actor wires four parts, each with its own design note: {@link ClusterClock} (time keeping:
 * which events are safe to consume), {@link ReadyPools} (credits, back-pressure and the placement
 * policy), {@link Dataflow} (slots, enabling, invocations) and {@link RunTally} (what the report
 * counts).
 *
 * <h2>Design note</h2>
 * The SU is the time authority of its cluster. Everything that changes the cluster's scheduling
 * state reaches it as a timestamped event: a CU's completion (at its finish cycle plus the signal's
 * mesh latency), or a slot message from another cluster's SU. Between clusters, the
 * {@link Timekeeper} grants each SU a window no wider than its peers' next events plus their
 * latencies to it allow (conservative lookahead, global or per pair); messages from other SUs are held until
 * the next window opens, and each is checked to be due after everything this SU consumed. Each step of
 * {@link #drain} is either all events of the earliest time (when it is due no later than the next
 * placement) or exactly one placement, so events due at or before the SU's clock are always handled
 * before it places anything: what the SU does never depends on when a CU's answer reached it.
 *
 * <p>Contention. When the target gives an {@link io.edarts.cam.Interconnect} (the Epiphany's shared
 * eMesh), the SU drives it for its cluster: a placement sends the descriptor through it; when the
 * descriptor has arrived and the CU is free, a {@code START} event starts the firing, which the
 * interconnect replays (its charge and traffic, from the CU's answer) and ends when it ends; the
 * completion message goes back through it and its arrival is the {@code COMPLETED} event. The
 * CU still runs the body at once and answers with what the firing does; only a {@code START}
 * whose answer has not come waits for it (nothing at or after that cycle is consumed meanwhile),
 * so the outcome never depends on when an answer reached the SU. The mesh's events are consumed
 * in the same loop: the SU's own events and placements first at equal cycles, then the mesh's.
 * Without an interconnect the CU's answer is the firing's timing, and {@link ClusterClock#safe}
 * keeps the order.
 *
 * <p>Costs. Each placement costs the SU {@link io.edarts.cam.Target#decisionCycles} (it is busy
 * meanwhile) and the dispatch arrives after {@link io.edarts.cam.Target#messageCycles} for the
 * descriptor. Clock arithmetic is overflow-checked: a run whose virtual time would pass 2^63-1
 * cycles fails, naming the cycle.
 */
final class SchedulingUnit extends AbstractBehavior<SchedulingUnit.Command> {

    sealed interface Command {}

    /** Enable the root procedure's initially ready codelets that this SU owns. */
    record Start(InstanceRef root) implements Command {}

    /**
     * Process events up to {@code horizon} (exclusive, or inclusive when {@code inclusive}), taking
     * the messages other SUs sent before grant {@code round} of the time keeper's parallel windows.
     * A peer may send in this round before this grant reaches this SU (the keeper tells the SUs one
     * by one), and with a zero lookahead such a message is due inside this window: the round keeps
     * it for the next one, whatever the host's timing.
     */
    record Advance(long horizon, boolean inclusive, long round) implements Command {
        /** A grant while no other SU runs (one cluster, or a serial turn): every message is taken. */
        Advance(long horizon, boolean inclusive) {
            this(horizon, inclusive, ALL_ROUNDS);
        }
    }

    /** The round of a grant that takes every message. */
    static final long ALL_ROUNDS = Long.MAX_VALUE;

    /**
     * A slot message from another SU, due at {@code time}, signalled by codelet {@code fromCodelet}
     * of {@code from} ({@code null} when a new instance's slot is born at zero).
     */
    record RemoteSignal(InstanceRef inst, int slot, Dataflow.SignalKind kind, long time, int srcCore, long seq,
                        InstanceRef from, int fromCodelet, long round) implements Command {}

    /**
     * The SU of cluster {@code from} saw {@code inst} exit at {@code at}. Not a simulated message:
     * the local actor system delivers it before the next window the time keeper grants, which is
     * all that {@link Dataflow#exited} needs.
     */
    record Exited(InstanceRef inst, long at, int from) implements Command {}

    /** End of the run: collect the CUs' totals and report. */
    record Finish() implements Command {}

    /**
     * A message of the SU tree ({@link TopScheduler}) from the SU of cluster {@code from}, due at
     * {@code time}: the procedure {@code tp} to place ({@code REQUEST}) or to create here
     * ({@code DEAL}), or news that a procedure homed there ended ({@code ENDED}, {@code tp} null).
     */
    record TreeMessage(TopScheduler.Kind kind, Effects.Invocation tp, int from, long time, int srcCore, long seq,
                       long round) implements Command {}

    /** A CU's reply, through the SU's message adapter. */
    private record FromCu(ComputationUnit.Reply reply) implements Command {}

    /** The host's answer to a pull of the instance stream: the next instance, null at its end, or its failure. */
    private record StreamNext(StreamArrival item, Throwable error) implements Command {}

    private enum TraceRetry implements Command { INSTANCE }

    /** What an SU tells its time keeper. */
    sealed interface Report {}

    /**
     * An SU's report at the end of its window or turn: its next event, the earliest message it sent
     * (and per destination cluster: {@code sentTo}, null if it sent none), or its failure. In serial
     * rounds {@code sentTo} is the SU's one reused array and {@code sentIdx[0..sentCount)} the
     * destinations it set (the others are {@code INF}; else {@code sentIdx} is null): both are valid
     * only until the SU's next turn, so the keeper reads them at once and keeps neither. A direct turn
     * ({@link #turn}) makes no record: the keeper reads the same fields from the SU.
     */
    record WindowDone(int cluster, long next, long minSent, long[] sentTo, int[] sentIdx, int sentCount,
                      Failure failure) implements Report {}

    /** The SU's totals at the end of the run. */
    record Done(RunTally.Summary summary) implements Report {}

    /** Why a run failed, at which cycle and core (the earliest wins), with the body's exception if one threw. */
    record Failure(long cycle, int core, String message, Throwable error) {
        Failure(long cycle, int core, String message) {
            this(cycle, core, message, null);
        }
    }

    static Behavior<Command> create(Cluster cluster, RunContext run, ActorRef<Report> keeper,
                                    List<ActorRef<Command>> peers) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new SchedulingUnit(ctx, timers, cluster, run, keeper, peers)));
    }

    private static final long INF = ClusterClock.INF;

    private final TimerScheduler<Command> timers;
    private final int id;
    private final int suCore;
    private final RunContext run;
    private final ActorRef<Report> keeper;
    private final List<ActorRef<Command>> peers;
    private final ClusterClock clock;
    private final ReadyPools pools;
    private final Dataflow dataflow;
    private final RunTally tally;
    private final List<RemoteSignal> inbox = new ArrayList<>();
    /** The CUs' cores, by index: with {@link RunContext#inlineBodies} this SU fires them itself. */
    private final List<ComputationUnit.Core> cores = new ArrayList<>();
    /** With inline bodies: answers not yet consumed, in dispatch order. */
    private final java.util.ArrayDeque<ComputationUnit.Reply> inlineAnswers = new java.util.ArrayDeque<>();
    private final List<TreeMessage> treeInbox = new ArrayList<>();
    /** The top of the SU tree when this SU is it, else null. */
    private final TopScheduler top;
    /** Ids of the live instances the top SU dealt to this SU, whose end it must hear of. */
    private final java.util.Set<Long> dealtHere = new java.util.HashSet<>();
    private final TraceSink trace;
    private final TimelineRecorder timeline = new TimelineRecorder();
    /** This SU's part of the {@code --verify} log, or {@code null} without it. */
    private final RunVerifier.Log verify;
    /** Code objects of every procedure this SU has invoked (and the root's), by name. */
    private final CodeNames codeNames;
    /** The cluster's shared mesh when the target models contention, else null (uncontended costs). */
    private final io.edarts.cam.Interconnect ic;
    /** Per CU, with an interconnect: dispatches in order, from their sending to their firing's end. */
    private final List<java.util.ArrayDeque<Pending>> lanes = new ArrayList<>();
    /** Per CU, with an interconnect: dispatches whose CU has not answered yet. */
    private final List<java.util.ArrayDeque<Pending>> unanswered = new ArrayList<>();
    private final boolean[] laneBusy;
    /** Per CU, with an interconnect: its DMA channels, driven by the mesh's callbacks; else null. */
    private final DmaChannels[] dma;
    /** Per CU: DMA transfers issued so far, numbering their completion events. */
    private final long[] dmaIssued;
    /**
     * With this SU's own interconnect: a firing the mesh just let start whose CU has not answered
     * yet, and its cycle. Nothing else happens until the answer comes and it starts, so it starts at
     * the same point of the run whether the answer came before or after.
     */
    private Pending startNow;
    private long startNowAt;
    /** The CUs' own pools when codelets may move between them (stealing, CU-side scheduling), else null. */
    private final CuPools cuPools;
    /** Whether CUs apply their firings' signals and place what those enable ({@code scheduler.cu-side}). */
    private final boolean cuSide;
    /** With {@code --offload auto}: chooses each dispatch's body, in this SU's order; else null. */
    private final OffloadChooser offloads;
    /**
     * Whether {@link #completed} hands each answer back to its core for reuse: with inline bodies (one
     * thread fires and consumes), and only where nothing keeps an answer past its completion (no
     * interconnect's pending dispatch, no CUs' pools, no offload chooser).
     */
    private final boolean recycleAnswers;
    /** While a CU applies its firing's consequences (CU-side): that CU, else -1; and whether by its signals. */
    private int stageCu = -1;
    private boolean stageSignals;
    private long poolSeq;

    private boolean reported = true;
    /** While the time keeper runs a turn of this SU as a method call ({@link #turn}): its report goes there. */
    private boolean inDirectTurn;
    /** A direct turn's report: whether it was made, and its next event (the rest are the SU's fields). */
    private boolean directReported;
    private long directNext;
    private final ActorRef<Command> self;
    /** The round of the grant being consumed, stamped on the messages sent in it. */
    private long round;
    private boolean paused;
    private long now;
    private long dispatchSeq;
    private long sentSeq;
    private long minSent = INF;
    /** Per destination cluster, the earliest message sent in this window; null while none was. */
    private long[] sentTo;
    /** Serial rounds: the array {@code sentTo} reuses turn after turn, and which of its entries are set. */
    private long[] sentBuf;
    private int[] sentIdx;
    private int sentCount;
    /** The latest cycle this SU consumed an event or placed at: no message may be due before it. */
    private long consumed = -1;
    private Failure failure;
    /** A streamed run's admission control, on cluster 0's SU only; else null. */
    private final Admissions admissions;
    private long admitSeq;
    /** Firings consumed and not yet added to {@link RunContext#firedSoFar}, the progress line's count. */
    private long firedUnpublished;

    private SchedulingUnit(ActorContext<Command> ctx, TimerScheduler<Command> timers, Cluster cluster,
                           RunContext run, ActorRef<Report> keeper, List<ActorRef<Command>> peers) {
        super(ctx);
        this.timers = timers;
        this.self = ctx.getSelf();
        this.id = cluster.id();
        this.suCore = cluster.suCore();
        this.run = run;
        this.keeper = keeper;
        this.peers = peers;
        ActorRef<ComputationUnit.Reply> replies = ctx.messageAdapter(ComputationUnit.Reply.class, FromCu::new);
        List<ReadyPools.Cu> cus = new ArrayList<>();
        for (int k = 0; k < cluster.cuCount(); k++) {
            int core = cluster.cuCore(k);
            ComputationUnit.Core cuCore = new ComputationUnit.Core(core, k, run);
            cores.add(cuCore);
            ActorRef<ComputationUnit.Command> ref = ctx.spawn(ComputationUnit.create(cuCore, replies),
                    "cu-" + core, DispatcherSelector.sameAsParent());
            ctx.watch(ref); // a CU that crashes (a simulator fault) takes its SU down, which fails the run
            cus.add(new ReadyPools.Cu(core, ref, run.target.messageCycles(suCore, core, run.dispatchBytes),
                    run.target.messageCycles(core, suCore, run.signalBytes)));
        }
        this.clock = new ClusterClock(cus.size());
        this.pools = new ReadyPools(run, cus);
        this.tally = new RunTally(cus.size(), run.options.profile());
        tally.decisionFloor(suCore, run.target.decisionCycles(suCore, 0));
        this.dataflow = new Dataflow(run, id, new Dataflow.Sink() {
            @Override
            public void enabled(InstanceState s, int c, long firing, long at) {
                enable(s.ref, c, firing, at);
            }

            @Override
            public void forward(int owner, InstanceRef inst, int slot, Dataflow.SignalKind kind, InstanceRef from,
                                int fromCodelet) {
                sendRemote(owner, inst, slot, kind, from, fromCodelet);
            }

            @Override
            public void exited(int other, InstanceRef inst, long at) {
                mail(other, new Exited(inst, at, id));
            }

            @Override
            public void continued(InstanceRef target, int slot, long at, InstanceRef from, int by) {
                if (verify != null) {
                    verify.signal(target, slot, at, id, from, by, -1);
                }
            }

            @Override
            public void ended(InstanceRef inst, long at) {
                if (dealtHere.remove(inst.id())) {
                    sendTree(TopScheduler.TOP, TopScheduler.Kind.ENDED, null, run.signalBytes);
                }
            }

            @Override
            public void fail(long at, String message) {
                failure = new Failure(at, suCore, message);
            }

            @Override
            public void streamEnded(InstanceRef inst, long at) {
                streamInstanceEnded(inst, at);
            }
        });
        this.trace = new TraceSink(ctx.getSystem(), run, id);
        this.verify = run.verifier == null ? null : run.verifier.log(id);
        this.codeNames = run.rootCodeNames.copy(); // what add(root) would leave, found once by the set-up
        this.ic = run.chip != null ? run.chip : run.sole;
        for (int k = 0; k < cus.size(); k++) {
            lanes.add(new java.util.ArrayDeque<>());
            unanswered.add(new java.util.ArrayDeque<>());
        }
        this.laneBusy = new boolean[cus.size()];
        this.dma = new DmaChannels[cus.size()];
        if (ic != null && run.dmaChannels > 0) {
            for (int k = 0; k < cus.size(); k++) {
                dma[k] = new DmaChannels(run.dmaChannels);
            }
        }
        this.dmaIssued = new long[cus.size()];
        this.now = run.startCycle; // the cores are idle until the launch has loaded them
        this.cuSide = run.machine.cuSideScheduling();
        this.offloads = run.offloadChooser(id);
        this.cuPools = pools.steals() || cuSide ? new CuPools(new PoolHost(), run, suCore,
                cus.stream().mapToInt(c -> c.core).toArray(), pools.steals(), pools.placesByDataOnCus()) : null;
        this.top = run.tree && id == TopScheduler.TOP ? new TopScheduler(run.clusters) : null;
        this.recycleAnswers = run.inlineBodies && ic == null && cuPools == null && offloads == null;
        this.admissions = id == 0 ? run.admissions : null;
        if (run.directSus != null) {
            run.directSus[id] = this; // the time keeper reads it once this SU has reported by message
        }
    }

    /** The SU's side of {@link CuPools}: hand-offs to the CUs' actors and the pools' messages. */
    private final class PoolHost implements CuPools.Host {
        @Override
        public long handOff(int k, CuPools.Entry e, long t) {
            return SchedulingUnit.this.handOff(k, e, t);
        }

        @Override
        public void send(int from, int to, int bytes, long t, java.util.function.LongConsumer then) {
            tally.poolMessage(from, to, bytes);
            if (ic != null) {
                ic.send(from, to, bytes, t, then::accept);
            } else {
                poolEvent(RunContext.saturatedAdd(t, run.target.messageCycles(from, to, bytes)), to, then);
            }
        }

        @Override
        public void later(long t, int core, java.util.function.LongConsumer then) {
            poolEvent(t, core, then);
        }

        @Override
        public void toSu(CuPools.Entry e, long t) {
            // through the SU's clock (not in a mesh callback), so the SU's cycle reaches t before it places it
            poolEvent(t, suCore, at -> pools.enqueue(e.inst(), e.codelet(), e.firing(), e.enabledAt()));
        }
    }

    /** A step of the pools at cycle {@code t}, in the SU's event order (or the mesh's callbacks'). */
    private void poolEvent(long t, int core, java.util.function.LongConsumer step) {
        fromMesh(t, core, ++poolSeq, ClusterClock.Kind.POOL, step, 0);
    }

    /** CU {@code k} starts {@code e} at {@code t}: the SU hands it to the CU's actor now. */
    private long handOff(int k, CuPools.Entry e, long t) {
        ReadyPools.Cu cu = pools.cu(k);
        io.edarts.cam.CodeObject code = run.codeOf(e.inst().def(), e.codelet());
        try {
            // a codelet that moved (stolen, or placed by a CU) takes its code's room on its new core
            run.plan(id).placeCode(cu.core, code);
        } catch (io.edarts.cam.MemoryBudgetException ex) {
            failure = new Failure(t, cu.core, "codelet '" + e.inst().codeletLabel(e.codelet()) + "' cannot run on core ("
                    + run.machine.row(cu.core) + "," + run.machine.col(cu.core) + ") at cycle " + t + ": its code does"
                    + " not fit: " + ex.getMessage());
        }
        long seq = ++dispatchSeq;
        // its end (not its completion at the SU) is an event here: the bound is the end's
        clock.dispatched(k, seq, RunContext.saturatedAdd(t, run.lowerBound(e.inst().def(), e.codelet())), e.enabledAt());
        if (ic != null) {
            Pending p = new Pending(k, seq, e.inst().def().needsDmaChannel(e.codelet()));
            p.delivered = true;
            lanes.get(k).addLast(p);
            unanswered.get(k).addLast(p);
            startNext(k, t);
        }
        dispatch(k, e.inst(), e.codelet(), e.firing(), t, seq, pools.copySource(k, code.name()));
        return seq;
    }

    /** CU {@code k}'s firing {@code f} ended at {@code t} (pools in use): its consequences, then its next codelet. */
    private void cuFinished(int k, ComputationUnit.Fired f, long t) {
        cuPools.ended(k);
        if (cuSide && failure == null) {
            stageCu = k;
            consequences(f, t);
            stageCu = -1;
        }
        cuPools.idle(k, t);
    }

    /**
     * A dispatch on its way through the interconnect: where its descriptor is, the CU's answer once it
     * came, and the cycle its firing started. It is also the interconnect's callback for each of its
     * three steps in turn (the descriptor's delivery, the firing's end, the completion's arrival), so
     * a dispatch costs the mesh no lambda per step.
     */
    private final class Pending implements io.edarts.cam.Interconnect.Done {
        final int k;
        final long seq;
        /** Whether the codelet fires only with a free DMA channel. */
        final boolean needsDma;
        boolean delivered;
        ComputationUnit.Reply reply;
        long enabledAt;
        long start = -1;
        /** The DMA channel this firing holds, or -1; the cycle it first found none free, or -1. */
        int heldChannel = -1;
        long blockedAt = -1;
        /** The firing's next host call to make when its work is done (the core waits for each in turn). */
        int hostNext;
        /** Cycles the core has waited for the host so far. */
        long hostWaited;
        /** The step the interconnect calls back for: {@link #SENDING}, {@link #FIRING} or {@link #COMPLETING}. */
        int step = SENDING;
        /** When the descriptor was sent. */
        long sent;

        Pending(int k, long seq, boolean needsDma) {
            this.k = k;
            this.seq = seq;
            this.needsDma = needsDma;
        }

        @Override
        public void done(long cycle) {
            switch (step) {
                case SENDING -> {
                    tally.dispatchDelivered(cycle - sent);
                    delivered = true;
                    startNext(k, cycle);
                }
                case FIRING -> finished(this, cycle);
                default -> fromMesh(cycle, pools.cu(k).core, seq, ClusterClock.Kind.COMPLETED,
                        reply, enabledAt);
            }
        }
    }

    private static final int SENDING = 0;
    private static final int FIRING = 1;
    private static final int COMPLETING = 2;

    /** A DMA transfer's completion on its way to the SU: what it signals and what it did. */
    private record DmaDone(int k, InstanceRef inst, int codelet, long firing, SlotRef done, long bytes, long issued,
                           long start, long end) {}

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(Advance.class, this::onAdvance)
                .onMessage(FromCu.class, this::onFromCu)
                .onMessage(RemoteSignal.class, this::onRemoteSignal)
                .onMessage(TreeMessage.class, m -> {
                    treeInbox.add(m);
                    return this;
                })
                .onMessage(Exited.class, e -> {
                    dataflow.exited(e.inst(), e.at(), e.from());
                    return this;
                })
                .onMessageEquals(TraceRetry.INSTANCE, this::onTraceRetry)
                .onMessage(StreamNext.class, this::onStreamNext)
                .onMessage(Finish.class, this::onFinish)
                .build();
    }

    // ---- protocol handlers -------------------------------------------------------------------

    private Behavior<Command> onStart(Start s) {
        if (run.admissions != null) {
            // a streamed run: the root is the template; the instances come from the stream
            if (admissions != null) {
                admissions.start(now);
                pullStream();
            }
            return this;
        }
        dataflow.start(s.root());
        return this;
    }

    private Behavior<Command> onAdvance(Advance a) {
        if (run.suMail != null) {
            takeMail();
        }
        clock.window(a.horizon(), a.inclusive());
        reported = false;
        minSent = INF;
        if (sentTo == sentBuf && sentTo != null) {
            // serial rounds: the keeper took the last report before this turn; only the entries set are reset
            for (int i = 0; i < sentCount; i++) {
                sentBuf[sentIdx[i]] = INF;
            }
            sentCount = 0;
        }
        sentTo = null;
        round = a.round();
        if (a.round() == ALL_ROUNDS) {
            // a serial turn (or a global window's last): every message is taken, in the inboxes' order
            takeAll();
        } else {
            takeEarlierRounds(a);
        }
        drain();
        return this;
    }

    /** Takes every message of both inboxes into the clock: what {@link #takeEarlierRounds} does for all rounds. */
    private void takeAll() {
        for (int i = 0, n = inbox.size(); i < n; i++) {
            RemoteSignal r = inbox.get(i);
            causal(r.time(), r.srcCore());
            clock.add(r.time(), r.srcCore(), r.seq(), ClusterClock.Kind.SIGNAL, r, 0);
        }
        inbox.clear();
        if (run.treeMail != null) {
            java.util.ArrayDeque<TreeMessage> box = run.treeMail.get(id);
            if (!box.isEmpty()) {
                treeInbox.addAll(box);
                box.clear();
            }
        }
        for (int i = 0, n = treeInbox.size(); i < n; i++) {
            TreeMessage m = treeInbox.get(i);
            causal(m.time(), m.srcCore());
            clock.add(m.time(), m.srcCore(), m.seq(), ClusterClock.Kind.SIGNAL, m, 0);
        }
        treeInbox.clear();
    }

    /** Takes the messages of rounds before {@code a}'s into the clock (an {@link #ALL_ROUNDS} turn uses {@link #takeAll}). */
    private void takeEarlierRounds(Advance a) {
        inbox.removeIf(r -> {
            boolean take = r.round() < a.round();
            if (take) {
                causal(r.time(), r.srcCore());
                clock.add(r.time(), r.srcCore(), r.seq(), ClusterClock.Kind.SIGNAL, r, 0);
            }
            return take;
        });
        if (run.treeMail != null) {
            treeInbox.addAll(run.treeMail.get(id));
            run.treeMail.get(id).clear();
        }
        treeInbox.removeIf(m -> {
            boolean take = m.round() < a.round();
            if (take) {
                causal(m.time(), m.srcCore());
                clock.add(m.time(), m.srcCore(), m.seq(), ClusterClock.Kind.SIGNAL, m, 0);
            }
            return take;
        });
    }

    /**
     * The time keeping's invariant: a message from another SU is never due at or before a cycle this
     * SU has already consumed. Before it, where a message may come at the cycle being consumed: with
     * a zero lookahead (rounds at one cycle take a peer's message in the next round) and on a shared
     * mesh (which delivers the SU tree's messages after the SUs' turns at that cycle, as it does
     * every event). A breach is a fault of the time keeping, not of the program.
     */
    private void causal(long time, int src) {
        if (time < consumed || (time == consumed && run.lookahead > 0 && run.chip == null)) {
            throw new IllegalStateException("causality: a message from core " + src + " due at cycle " + time
                    + " reached SU " + suCore + " after it had consumed cycle " + consumed);
        }
    }

    private Behavior<Command> onFromCu(FromCu m) {
        ComputationUnit.Reply reply = m.reply();
        if (reply instanceof ComputationUnit.Fired f) {
            answered(f.cuIndex(), f.seq(), f.finish(), f);
        } else if (reply instanceof ComputationUnit.FiringFailed f) {
            answered(f.cuIndex(), f.seq(), f.at(), f);
        } else if (reply instanceof ComputationUnit.Totals t) {
            tally.totals(t);
            if (tally.totalsIn() == pools.size()) {
                report();
            }
        }
        return this;
    }

    private void answered(int k, long seq, long finish, ComputationUnit.Reply reply) {
        accept(k, seq, finish, reply);
        drain();
    }

    /** Takes a CU's answer into the SU's clock (or its pending dispatch): what {@link #answered} does before draining. */
    private void accept(int k, long seq, long finish, ComputationUnit.Reply reply) {
        if (reply instanceof ComputationUnit.FiringFailed f && f.error() instanceof OutOfMemoryError oom) {
            throw new HostOutOfMemory(oom);
        }
        ReadyPools.Cu cu = pools.cu(k);
        long enabledAt = clock.answered(k, cu.core, seq);
        if (ic != null) {
            // the interconnect decides when the firing starts and ends; the answer only says what it does
            Pending p = unanswered.get(k).pollFirst();
            p.reply = reply;
            p.enabledAt = enabledAt;
            return;
        }
        clock.add(RunContext.saturatedAdd(finish, cu.signalLatency), cu.core, seq,
                ClusterClock.Kind.COMPLETED, reply, enabledAt);
        if (cuPools != null && reply instanceof ComputationUnit.Fired f) {
            poolEvent(finish, cu.core, t -> cuFinished(k, f, t));
        }
        if (reply instanceof ComputationUnit.Fired f) {
            // the CU resolved its transfers in closed form: each completion reaches the SU as a signal does
            for (int i = 0; i < f.dmaRuns().size(); i++) {
                DmaChannels.Run r = f.dmaRuns().get(i);
                Effects.DmaRequest q = f.effects().dma().get(i);
                clock.add(RunContext.saturatedAdd(r.end(), cu.signalLatency), cu.core,
                        ++dmaIssued[k], ClusterClock.Kind.DMA_DONE, new DmaDone(k, f.inst(), f.codelet(), f.firing(),
                        q.done(), q.transfer().bytes(), r.issued(), r.start(), r.end()), 0);
            }
        }
    }

    private Behavior<Command> onRemoteSignal(RemoteSignal r) {
        inbox.add(r);
        return this;
    }

    private Behavior<Command> onTraceRetry() {
        if (trace.retry()) {
            paused = false;
            drain();
        } else {
            timers.startSingleTimer(TraceRetry.INSTANCE, Duration.ofMillis(2));
        }
        return this;
    }

    private Behavior<Command> onFinish(Finish f) {
        if (run.suMail != null) {
            takeMail(); // exits told since the last turn, as their messages would have come before this one
        }
        if (pools.size() == 0) {
            report();
            return this;
        }
        for (int k = 0; k < pools.size(); k++) {
            pools.cu(k).ref.tell(new ComputationUnit.ReportTotals()); // also with inline bodies: after them, in order
        }
        return this;
    }

    private void report() {
        keeper.tell(new Done(tally.summary(id, suCore, pools, dataflow.unfired(20), trace.close(),
                timeline.close(), ic == null || (run.chip != null && id != 0) ? List.of() : ic.linkLoads(),
                cuPools == null ? CuPools.Counts.NONE : cuPools.counts())));
    }

    // ---- the event loop ----------------------------------------------------------------------

    /** Consumes every event and placement that is safe and inside the window; then reports. */
    private void drain() {
        if (!clock.windowOpen() || reported || paused) {
            return;
        }
        while (failure == null) {
            if (!inlineAnswers.isEmpty()) {
                ComputationUnit.Reply reply = inlineAnswers.pollFirst();
                if (reply instanceof ComputationUnit.Fired f) {
                    accept(f.cuIndex(), f.seq(), f.finish(), f);
                } else {
                    ComputationUnit.FiringFailed f = (ComputationUnit.FiringFailed) reply;
                    accept(f.cuIndex(), f.seq(), f.at(), f);
                }
                continue;
            }
            if (startNow != null) {
                if (startNow.reply == null) {
                    break; // wait for the CU's answer (a dispatch is outstanding, so nothing is reported)
                }
                Pending p = startNow;
                startNow = null;
                start(p, startNowAt);
                continue;
            }
            long tEvent = clock.nextEventTime();
            long tPlace = pools.canPlace() ? now : INF;
            // a shared chip mesh is stepped by the time keeper between grants, never by an SU
            long tMesh = ic == null || run.chip != null ? INF : ic.nextEventCycle();
            long t = Math.min(Math.min(tEvent, tPlace), tMesh);
            // Without an interconnect an unanswered dispatch may still complete before t; with one,
            // every completion comes out of the mesh in time order and only a START waits for an answer.
            if (t == INF || clock.beyondHorizon(t) || (ic == null && !clock.safe(Math.max(t, now)))) {
                break;
            }
            if (tEvent <= tPlace && tEvent <= tMesh && (blockedStart() || blockedAdmit())) {
                break;
            }
            try {
                if (tEvent <= tPlace && tEvent <= tMesh) {
                    consumed = Math.max(consumed, tEvent);
                    now = Math.max(now, tEvent);
                    while (failure == null && !blockedStart() && !blockedAdmit() && clock.pollAt(tEvent)) {
                        handle(clock.polledKind(), clock.polledPayload(), clock.polledTime(), clock.polledEnabledAt());
                    }
                } else if (tPlace <= tMesh) {
                    consumed = Math.max(consumed, now);
                    placeOne();
                } else {
                    // mesh events strictly before the SU's next event or placement, in one go
                    long limit = Math.min(tEvent, tPlace);
                    do {
                        ic.step();
                        tMesh = ic.nextEventCycle();
                    } while (startNow == null && failure == null && tMesh < Math.min(limit, clock.nextEventTime())
                            && !clock.beyondHorizon(tMesh));
                }
            } catch (ArithmeticException overflow) {
                // a sum of cycles (the run's work, a clock) would pass 2^63-1: the run cannot be simulated
                failure = new Failure(now, suCore, "the simulated cycle counts overflow a 64-bit counter at cycle "
                        + now + " (" + overflow.getMessage() + "): the program's costs are too large to simulate");
            }
            if (trace.backPressured()) {
                paused = true;
                if (inDirectTurn) {
                    self.tell(TraceRetry.INSTANCE); // the timers are the actor's own: it sets one if still full
                } else {
                    timers.startSingleTimer(TraceRetry.INSTANCE, Duration.ofMillis(1));
                }
                return;
            }
        }
        if ((!clock.waitingForAnswers() && (admissions == null || !admissions.awaiting())) || failure != null) {
            publishFired();
            reported = true;
            long next = INF;
            if (failure == null) {
                next = Math.min(clock.nextEventTime(), pools.canPlace() ? now : INF);
                if (ic != null && run.chip == null) {
                    next = Math.min(next, ic.nextEventCycle());
                }
            }
            if (inDirectTurn) {
                // no record: the keeper reads the report from this SU at once (reportedNext and the others)
                directReported = true;
                directNext = next;
            } else {
                keeper.tell(new WindowDone(id, next, minSent, sentTo, reportedSentIdx(), sentCount,
                        failure));
            }
        }
    }

    private void publishFired() {
        if (firedUnpublished > 0) {
            run.firedSoFar.addAndGet(firedUnpublished);
            firedUnpublished = 0;
        }
    }

    /** Whether the next event admits a stream instance the host has not delivered yet ({@link Admissions}). */
    private boolean blockedAdmit() {
        return admissions != null && clock.headKind() == ClusterClock.Kind.ADMIT
                && ((Admissions.Slot) clock.headPayload()).awaiting;
    }

    // ---- the instance stream (Admissions' design note) ------------------------------------------

    /** Pulls the next instance for a free slot, if any: its ADMIT event waits at the slot's cycle for the answer. */
    private void pullStream() {
        Admissions.Slot s = admissions.next();
        if (s == null) {
            return;
        }
        clock.add(s.freedAt, suCore, ++admitSeq, ClusterClock.Kind.ADMIT, s, 0);
        ActorRef<Command> self = getContext().getSelf();
        // completes on the stream's dispatcher (or here, if an element was buffered): only a message is sent
        admissions.queue().pull().whenComplete((item, error) ->
                self.tell(new StreamNext(error == null ? item.orElse(null) : null, error)));
    }

    private Behavior<Command> onStreamNext(StreamNext m) {
        if (m.error() != null) {
            Admissions.Slot s = admissions.failed();
            if (failure == null) {
                Throwable t = m.error();
                failure = new Failure(s.freedAt, suCore, "the instance stream failed building instance " + s.index
                        + ": " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()), t);
            }
        } else {
            Admissions.Slot s = admissions.pendingSlot();
            String refused = admissions.answered(m.item());
            if (refused != null && failure == null) {
                failure = new Failure(s.freedAt, suCore, refused);
            }
            pullStream(); // another slot may be free already
        }
        drain();
        return this;
    }

    /** A free slot's instance, known now: it enters the machine at this cycle, or waits for its arrival. */
    private void admit(Admissions.Slot s) {
        if (s.none) {
            return;
        }
        StreamArrival x = s.item;
        if (x.cycle() > now) {
            // it waits outside the machine until it arrives; the slot stays its own
            clock.add(x.cycle(), suCore, ++admitSeq, ClusterClock.Kind.ADMIT, s, 0);
            return;
        }
        try {
            io.edarts.api.TpDefinition<?> def = x.program().root();
            run.checkProcedure(def);
            run.checkScratchPlaced(def);
            codeNames.add(def, run);
            InstanceRef inst = dataflow.admit(def, x.frame(), s.index, now);
            admissions.admitted(s, inst, now);
            if (verify != null) {
                verify.birth(inst, now, id);
            }
        } catch (IllegalArgumentException e) {
            failure = new Failure(now, suCore, "instance " + s.index + " of the stream (" + x.program().name()
                    + ") cannot be admitted at cycle " + now + ": " + e.getMessage());
        }
    }

    /** A streamed instance ended: its slot frees at {@code at} for the next one. */
    private void streamInstanceEnded(InstanceRef inst, long at) {
        admissions.completed(inst, at);
        pullStream();
    }

    /** Whether the next event starts a firing whose CU has not answered yet: the mesh must wait for it. */
    private boolean blockedStart() {
        return ic != null && clock.headKind() == ClusterClock.Kind.START && ((Pending) clock.headPayload()).reply == null;
    }

    /** The event just polled from the clock: its kind, payload, time and (a completion) enabling cycle. */
    private void handle(ClusterClock.Kind kind, Object payload, long time, long enabledAt) {
        if (kind == ClusterClock.Kind.START) {
            start((Pending) payload, time);
            return;
        }
        if (kind == ClusterClock.Kind.DMA_DONE) {
            dmaCompleted((DmaDone) payload);
            return;
        }
        if (kind == ClusterClock.Kind.POOL) {
            ((java.util.function.LongConsumer) payload).accept(time);
            return;
        }
        if (kind == ClusterClock.Kind.ADMIT) {
            admit((Admissions.Slot) payload);
            return;
        }
        if (kind == ClusterClock.Kind.COMPLETED) {
            if (payload instanceof ComputationUnit.Fired f) {
                completed(f, time, enabledAt);
            } else {
                failed((ComputationUnit.FiringFailed) payload);
            }
        } else if (payload instanceof TreeMessage m) {
            tree(m);
        } else {
            RemoteSignal r = (RemoteSignal) payload;
            dataflow.received(r.inst(), r.slot(), r.kind(), now, r.from(), r.fromCodelet());
        }
    }

    /** CU {@code k} may start its next dispatch at {@code t} if it is free and the descriptor is there. */
    private void startNext(int k, long t) {
        Pending head = lanes.get(k).peekFirst();
        if (!laneBusy[k] && head != null && head.delivered && head.start < 0) {
            if (head.needsDma && dma[k] != null) {
                // a structural dependency: enabled, placed, but not fireable until a channel is free
                head.heldChannel = dma[k].tryHold();
                if (head.heldChannel < 0) {
                    if (head.blockedAt < 0) {
                        head.blockedAt = t;
                    }
                    return; // a DMA completion on this core calls again
                }
            }
            laneBusy[k] = true;
            if (run.chip != null || cuPools != null) {
                // a shared chip mesh is stepped by the time keeper: the start waits in this SU's clock
                // (with pools, several CUs may start in one step: each start is an event)
                fromMesh(t, pools.cu(k).core, head.seq, ClusterClock.Kind.START, head, 0);
            } else if (head.reply != null) {
                start(head, t); // at once, inside the mesh's callback
            } else {
                startNow = head; // the mesh stops after this event until the answer comes
                startNowAt = t;
            }
        }
    }

    /** An event the mesh's callbacks add; with a shared chip mesh, the time keeper learns its time. */
    private void fromMesh(long time, int src, long seq, ClusterClock.Kind kind, Object payload, long enabledAt) {
        clock.add(time, src, seq, kind, payload, enabledAt);
        if (run.chip != null) {
            run.added(id, time);
        }
    }

    private void start(Pending p, long t) {
        p.start = t;
        int core = pools.cu(p.k).core;
        if (p.reply instanceof ComputationUnit.FiringFailed f) {
            failed(new ComputationUnit.FiringFailed(f.cuIndex(), f.seq(), f.inst(), f.codelet(), t, t, f.error(),
                    f.machine()));
            return;
        }
        ComputationUnit.Fired f = (ComputationUnit.Fired) p.reply;
        p.step = FIRING;
        ic.fire(core, f.charge(), t, p);
    }

    private void finished(Pending p, long end) {
        if (p.hostNext < ((ComputationUnit.Fired) p.reply).effects().hostCalls().size()) {
            hostCall(p, end);
            return;
        }
        int k = p.k;
        lanes.get(k).pollFirst();
        laneBusy[k] = false;
        ReadyPools.Cu cu = pools.cu(k);
        ComputationUnit.Fired f = (ComputationUnit.Fired) p.reply;
        f.timed(p.start, end, p.blockedAt < 0 ? 0 : p.start - p.blockedAt, p.hostWaited);
        p.step = COMPLETING;
        ic.send(cu.core, suCore, run.signalBytes, end, p);
        if (cuPools != null) {
            poolEvent(end, cu.core, t -> cuFinished(k, f, t));
        }
        // the firing hands its transfers to the engine as it ends, in the order it started them
        List<Effects.DmaRequest> requests = f.effects().dma();
        for (int i = 0; i < requests.size(); i++) {
            Effects.DmaRequest q = requests.get(i);
            DmaDone d = new DmaDone(k, f.inst(), f.codelet(), f.firing(), q.done(), q.transfer().bytes(), end, -1, -1);
            int ch = dma[k].take(i == 0 ? p.heldChannel : -1);
            if (ch >= 0) {
                startDma(d, q.transfer(), ch, end);
            } else {
                dma[k].enqueue(new DmaChannels.Queued(new Object[] {d, q.transfer()}, end));
            }
        }
        if (requests.isEmpty() && p.heldChannel >= 0) {
            dma[k].unhold(p.heldChannel);
        }
        startNext(k, end);
    }

    /**
     * The core of {@code p} flags its next host call at {@code t} and waits, through the
     * interconnect, until the host has carried it out; the host's effect happens at the answer, in
     * the interconnect's order. After the last call the firing ends ({@link #finished}).
     */
    private void hostCall(Pending p, long t) {
        ComputationUnit.Fired f = (ComputationUnit.Fired) p.reply;
        List<HostRequest> calls = f.effects().hostCalls();
        HostRequest q = calls.get(p.hostNext++);
        int core = pools.cu(p.k).core;
        String label = f.inst().codeletLabel(f.codelet());
        if (q.direct()) { // straight to the unit: no host-call table entry, no daemon
            ic.offload(core, q.offload().call(), q.offload().cost(), t, answered -> {
                p.hostWaited += answered - t;
                if (!carryOut(q, core, t, answered, label)) {
                    p.hostNext = calls.size();
                }
                finished(p, answered);
            });
            return;
        }
        if (!placeHostCall(core, q, label, t)) {
            p.hostNext = calls.size(); // the run stops: the firing ends here so its SU reports the failure
            finished(p, t);
            return;
        }
        ic.hostCall(core, q.cost(), t, answered -> {
            p.hostWaited += answered - t;
            if (!carryOut(q, core, t, answered, label)) {
                p.hostNext = calls.size();
            }
            finished(p, answered);
        });
    }

    /** Core {@code core}'s first call of a number takes its room in the core's memory; false (and the run fails) if none is left. */
    private boolean placeHostCall(int core, HostRequest q, String label, long t) {
        try {
            run.plan(id).placeHostCall(core, q.cost().number());
            return true;
        } catch (io.edarts.cam.MemoryBudgetException e) {
            failure = new Failure(t, core, "codelet '" + label + "' cannot make host call "
                    + io.edarts.api.HostCalls.name(q.cost().number()) + " on core (" + run.machine.row(core) + ","
                    + run.machine.col(core) + ") at cycle " + t + ": its host-call table does not fit: " + e.getMessage());
            return false;
        }
    }

    /** The host carries {@code q} out; false (and the run fails) if a user's host function or result handler threw. */
    private boolean carryOut(HostRequest q, int core, long issued, long answered, String label) {
        try {
            run.host.carryOut(q, core, issued, answered, label);
            return true;
        } catch (HostServices.Failure e) {
            if (failure == null) {
                failure = new Failure(answered, core, "codelet '" + label + "' on core (" + run.machine.row(core) + ","
                        + run.machine.col(core) + "): " + e.getMessage() + " at cycle " + answered, e.getCause());
            }
            return false;
        }
    }

    /** Starts a transfer on channel {@code ch} of CU {@code d.k()} at {@code t}, through the interconnect. */
    private void startDma(DmaDone d, io.edarts.cam.Dma transfer, int ch, long t) {
        int core = pools.cu(d.k()).core;
        ic.dma(core, ch, transfer, t, end -> {
            DmaDone ran = new DmaDone(d.k(), d.inst(), d.codelet(), d.firing(), d.done(), d.bytes(), d.issued(), t, end);
            long n = ++dmaIssued[d.k()];
            ic.send(core, suCore, run.signalBytes, end, at -> fromMesh(at, core, n, ClusterClock.Kind.DMA_DONE, ran, 0));
            DmaChannels.Queued next = dma[d.k()].freed(ch);
            if (next != null) {
                Object[] q = (Object[]) next.payload();
                startDma((DmaDone) q[0], (io.edarts.cam.Dma) q[1], ch, end);
            } else {
                startNext(d.k(), end); // a codelet waiting for a channel may fire now
            }
        });
    }

    /** A DMA transfer's completion reached the SU: count it and signal its slot. */
    private void dmaCompleted(DmaDone d) {
        tally.dma(d.k(), d.bytes(), d.end() - d.start(), d.start() - d.issued(), d.end());
        InstanceRef target = (InstanceRef) d.done().token();
        if (verify != null) {
            verify.signal(target, d.done().slot(), now, id, d.inst(), d.codelet(), d.firing());
        }
        dataflow.signal(target, d.done().slot(), now, d.inst(), d.codelet());
    }

    private void failed(ComputationUnit.FiringFailed f) {
        int core = pools.cu(f.cuIndex()).core;
        String where = "codelet '" + f.inst().codeletLabel(f.codelet()) + "' on core (" + run.machine.row(core)
                + "," + run.machine.col(core) + ")";
        Throwable t = f.error();
        failure = f.machine()
                ? new Failure(f.start(), core, where + " cannot run on " + run.machine.name() + " at cycle " + f.start()
                        + ": " + t.getMessage())
                : new Failure(f.start(), core, where + " threw " + t.getClass().getName()
                        + (t.getMessage() == null ? "" : ": " + t.getMessage()) + " at cycle " + f.start(), t);
    }

    private void completed(ComputationUnit.Fired f, long eventTime, long enabledAt) {
        InstanceRef inst = f.inst();
        int k = f.codelet();
        ReadyPools.Cu cu = pools.cu(f.cuIndex());
        if (f.hostWaits() != null) {
            // no interconnect: the CU charged each call alone; the host's effects happen now, in this SU's order
            long t = f.start() + f.charge().cost().total();
            String label = inst.codeletLabel(k);
            for (int i = 0; i < f.hostWaits().length && failure == null; i++) {
                HostRequest q = f.effects().hostCalls().get(i);
                if (q.direct() || placeHostCall(cu.core, q, label, t)) {
                    carryOut(q, cu.core, t, t + f.hostWaits()[i], label);
                }
                t += f.hostWaits()[i];
            }
        }
        if (offloads != null) {
            offloads.completed(f);
        }
        Charge charge = f.charge();
        tally.firing(f.cuIndex(), cu.core, suCore, f.start(), f.finish(), charge.cost(), enabledAt,
                eventTime - f.finish(), run.signalBytes, f.hostWaited());
        tally.dmaFireWait(f.cuIndex(), f.dmaFireWait());
        if (++firedUnpublished == 1024) { // the progress counter, shared by the SUs: one atomic add per 1,024
            publishFired();
        }
        if (trace.recording()) { // the label is a string built per firing: only when it is written
            trace.firing(inst.codeletLabel(k), cu.core, f.start(), f.finish() - f.start());
        }
        timeline.firing(cu.core, f.start(), f.finish() - f.start(), inst, k);
        String codeName = run.codeOf(inst.def(), k).name();
        tally.code(codeName, charge.cost().code());
        tally.profile(inst.def(), k, codeName, cu.core, f.start(), f.finish(), charge.cost(), enabledAt, f.hostWaited());
        if (charge.codeEvent() != CodeEvent.NONE) {
            trace.instant(charge.codeEvent().label() + " " + codeName, cu.core, f.start());
        }
        List<String> evicted = charge.evicted();
        for (int i = 0; i < evicted.size(); i++) { // indexed: no iterator per firing
            trace.instant("evict " + evicted.get(i), cu.core, f.start());
        }
        pools.completed(f.cuIndex(), cuPools == null ? f.cuIndex() : cuPools.completed(f.seq()), codeName,
                charge.codeResident(), evicted);
        pools.finished(f.cuIndex(), f.finish());
        if (!cuSide) {
            consequences(f, now);
        }
        if (recycleAnswers) {
            cores.get(f.cuIndex()).recycle(f); // nothing refers to it now: the core reuses it
        }
    }

    /**
     * What firing {@code f} does to the dataflow, at {@code at}: the SU's cycle when it consumes the
     * completion, or with CU-side scheduling the firing's end, when its CU applies them.
     */
    private void consequences(ComputationUnit.Fired f, long at) {
        InstanceRef inst = f.inst();
        int k = f.codelet();
        boolean first = dataflow.fired(inst, k);
        if (verify != null) {
            verify.firing(inst, k, f.firing(), f.start(), f.finish(), pools.cu(f.cuIndex()).core);
        }
        stageSignals = true;
        // A firing that exits its instance ends it: its signals into that instance (a loop's back
        // edge, its own continuation) are dropped; signals to other instances still go.
        boolean exits = f.effects().exit();
        for (int s = 0; s < inst.def().signalCount(k) && failure == null && !exits; s++) {
            int slot = inst.def().signal(k, s);
            if (verify != null) {
                verify.signal(inst, slot, at, id, inst, k, f.firing());
            }
            dataflow.signal(inst, slot, at, inst, k);
        }
        List<SlotRef> signals = f.effects().signals();
        for (int i = 0; i < signals.size(); i++) { // indexed (immutable lists): no iterator per firing
            SlotRef ref = signals.get(i);
            if (failure == null && !(exits && inst.equals(ref.token()))) {
                if (verify != null) {
                    verify.signal((InstanceRef) ref.token(), ref.slot(), at, id, inst, k, f.firing());
                }
                dataflow.signal((InstanceRef) ref.token(), ref.slot(), at, inst, k);
            }
        }
        stageSignals = false; // the codelets of procedures it invokes are the SU's to place
        List<Effects.Invocation> invokes = f.effects().invokes();
        for (int i = 0; i < invokes.size(); i++) {
            if (failure == null) {
                invoke(invokes.get(i), at);
            }
        }
        stageSignals = true; // an instance this firing ends signals its continuation: this CU does
        if (first && failure == null) {
            dataflow.firstFiringConsumed(inst, k, at);
        }
        if (f.effects().exit() && failure == null) {
            dataflow.exit(inst, at, k);
        }
    }

    private void invoke(Effects.Invocation inv, long at) {
        try {
            run.checkProcedure(inv.definition());
            run.checkScratchPlaced(inv.definition());
            codeNames.add(inv.definition(), run);
            if (run.tree && pools.waiting() >= (long) run.machine.poolCapacity() * pools.size()) {
                // a full set of pools' worth of codelets waits for this cluster's CUs: pass it up
                sendTree(TopScheduler.TOP, TopScheduler.Kind.REQUEST, inv, run.dispatchBytes);
                return;
            }
            InstanceRef child = dataflow.invoke(inv.definition(), inv.frame(), inv.onDone(), at);
            if (verify != null) {
                verify.birth(child, at, id);
            }
        } catch (IllegalArgumentException e) {
            failure = new Failure(at, suCore, e.getMessage());
        }
    }

    // ---- the SU tree (TopScheduler's design note) ---------------------------------------------

    /** A message of the tree reached this SU (or was queued here by this SU itself). */
    private void tree(TreeMessage m) {
        switch (m.kind()) {
            case REQUEST -> {
                long decision = run.target.decisionCycles(suCore, top.examined());
                if (decision > 0) {
                    trace.decision(suCore, now, decision);
                    timeline.decision(suCore, now, decision);
                }
                tally.topDecision(suCore, decision);
                now = Math.addExact(now, decision);
                int to = top.choose(m.from());
                if (to == id) {
                    create(m.tp());
                } else {
                    sendTree(to, TopScheduler.Kind.DEAL, m.tp(), run.dispatchBytes);
                }
            }
            case DEAL -> create(m.tp());
            case ENDED -> top.ended(m.from());
            default -> throw new IllegalStateException("unknown tree message " + m.kind());
        }
    }

    /** The top SU dealt {@code inv} here: this SU creates the instance, its home. */
    private void create(Effects.Invocation inv) {
        try {
            codeNames.add(inv.definition(), run);
            InstanceRef child = dataflow.invoke(inv.definition(), inv.frame(), inv.onDone(), now);
            dealtHere.add(child.id());
            if (verify != null) {
                verify.birth(child, now, id);
            }
        } catch (IllegalArgumentException e) {
            failure = new Failure(now, suCore, e.getMessage());
        }
    }

    /**
     * Sends a tree message to the SU of cluster {@code to}: through the shared mesh with contention
     * on, else after the target's uncontended latency; to itself, queued at this cycle.
     */
    private void sendTree(int to, TopScheduler.Kind kind, Effects.Invocation tp, int bytes) {
        long seq = ++sentSeq;
        if (to == id) {
            clock.add(now, suCore, seq, ClusterClock.Kind.SIGNAL,
                    new TreeMessage(kind, tp, id, now, suCore, seq, round), 0);
            return;
        }
        int dst = run.machine.clusters().get(to).suCore();
        tally.sent(suCore, dst, bytes);
        if (run.chip != null) {
            // delivered by the time keeper's stepping of the chip: the receiver takes it in its turn
            run.chip.send(suCore, dst, bytes, now, at -> {
                run.treeMail.get(to).add(new TreeMessage(kind, tp, id, at, suCore, seq, ALL_ROUNDS));
                run.added(to, at);
            });
            return;
        }
        long time = RunContext.saturatedAdd(now, run.target.messageCycles(suCore, dst, bytes));
        sent(to, time);
        peers.get(to).tell(new TreeMessage(kind, tp, id, time, suCore, seq, round));
    }

    private void sendRemote(int owner, InstanceRef inst, int slot, Dataflow.SignalKind kind, InstanceRef from,
                            int fromCodelet) {
        int dst = run.machine.clusters().get(owner).suCore();
        long time = RunContext.saturatedAdd(now, run.target.messageCycles(suCore, dst, run.signalBytes));
        tally.sent(suCore, dst, run.signalBytes);
        sent(owner, time);
        mail(owner, new RemoteSignal(inst, slot, kind, time, suCore, ++sentSeq, from, fromCodelet, round));
    }

    /** A message to the SU of cluster {@code to}: in serial rounds into its {@link RunContext#suMail}, else told. */
    private void mail(int to, Command m) {
        if (run.suMail != null) {
            run.suMail.get(to).add(m);
        } else {
            peers.get(to).tell(m);
        }
    }

    /** Serial rounds: takes the mail other SUs left since the last turn, as the mailbox would have delivered it. */
    private void takeMail() {
        java.util.ArrayDeque<Command> box = run.suMail.get(id);
        for (Command m; (m = box.pollFirst()) != null; ) {
            if (m instanceof Exited e) {
                dataflow.exited(e.inst(), e.at(), e.from());
            } else {
                inbox.add((RemoteSignal) m);
            }
        }
    }

    /**
     * A serial turn at cycle {@code t}, run by the time keeper as a method call: what an
     * {@code Advance(t, inclusive)} does. True if the turn reported: its report is then what a
     * {@link WindowDone} would carry, read from {@link #reportedNext}, {@link #reportedSentTo},
     * {@link #reportedSentIdx}, {@link #reportedSentCount} and {@link #reportedFailure} (valid until the
     * SU's next turn); false if the turn is not over (the trace pushes back: the SU reports by message
     * when it is).
     */
    boolean turn(long t) {
        inDirectTurn = true;
        try {
            onAdvance(new Advance(t, true));
        } finally {
            inDirectTurn = false;
        }
        boolean r = directReported;
        directReported = false;
        return r;
    }

    /** The last direct turn's next event, as {@link WindowDone#next}. */
    long reportedNext() {
        return directNext;
    }

    /** The last direct turn's messages per destination, as {@link WindowDone#sentTo}. */
    long[] reportedSentTo() {
        return sentTo;
    }

    /** The destinations {@link #reportedSentTo} set, as {@link WindowDone#sentIdx}. */
    int[] reportedSentIdx() {
        return sentTo == sentBuf ? sentIdx : null;
    }

    /** How many of {@link #reportedSentIdx} are set, as {@link WindowDone#sentCount}. */
    int reportedSentCount() {
        return sentCount;
    }

    /** The SU's failure at its last direct turn's report, as {@link WindowDone#failure}. */
    Failure reportedFailure() {
        return failure;
    }

    /** A message to cluster {@code to} due at {@code time}: the time keeper's bound on what is in flight. */
    private void sent(int to, long time) {
        // after the report, a bound set here would be wiped unseen at the next turn's reset of sentBuf
        assert !reported : "SU " + id + ": a message sent after the turn's report";
        minSent = Math.min(minSent, time);
        if (sentTo == null) {
            if (run.chip == null) {
                sentTo = new long[run.clusters];
                java.util.Arrays.fill(sentTo, INF);
            } else {
                // serial rounds: the keeper takes each report before the SU's next turn, so one array serves
                if (sentBuf == null) {
                    sentBuf = new long[run.clusters];
                    java.util.Arrays.fill(sentBuf, INF);
                    sentIdx = new int[run.clusters];
                }
                sentTo = sentBuf;
            }
        }
        if (sentTo == sentBuf && sentTo[to] == INF && time != INF) {
            sentIdx[sentCount++] = to;
        }
        sentTo[to] = Math.min(sentTo[to], time);
    }

    private void enable(InstanceRef inst, int c, long firing, long at) {
        if (!run.capable(inst.def(), c)) {
            failure = new Failure(at, suCore, "codelet '" + inst.codeletLabel(c) + "' requires "
                    + String.join(", ", inst.def().requires(c)) + " but the CUs offer only "
                    + run.machine.cuCapabilities());
            return;
        }
        if (stageCu >= 0) {
            CuPools.Entry e = new CuPools.Entry(inst, c, firing, at, -1);
            if (stageSignals) {
                cuPools.enabledByCu(stageCu, e, at);
            } else {
                cuPools.toSu(stageCu, e, at);
            }
            return;
        }
        pools.enqueue(inst, c, firing, at);
    }

    // ---- placement ---------------------------------------------------------------------------

    /** Places the head of the ready queue at the SU's current cycle. */
    private void placeOne() {
        InstanceRef rInst = pools.headInst();
        int rCodelet = pools.headCodelet();
        long rFiring = pools.headFiring();
        long rEnabledAt = pools.headEnabledAt();
        pools.now(now);
        int k = pools.placeHead();
        if (k < 0) {
            throw new IllegalStateException("SU " + suCore + ": the policy found no room at cycle " + now
                    + " where the pools showed some");
        }
        long decision = run.target.decisionCycles(suCore, pools.examined());
        if (decision > 0) {
            trace.decision(suCore, now, decision);
            timeline.decision(suCore, now, decision);
        }
        long at;
        try {
            at = Math.addExact(now, decision);
        } catch (ArithmeticException e) {
            failure = new Failure(now, suCore, "the simulated clock would overflow at cycle " + now
                    + " placing codelet '" + rInst.codeletLabel(rCodelet) + "'");
            return;
        }
        now = at;
        ReadyPools.Cu cu = pools.cu(k);
        io.edarts.cam.CodeObject codeObject = run.codeOf(rInst.def(), rCodelet);
        try {
            // code the core has not held yet (of a procedure not known before the run) takes its room now
            run.plan(id).placeCode(cu.core, codeObject);
        } catch (io.edarts.cam.MemoryBudgetException e) {
            failure = new Failure(now, suCore, "codelet '" + rInst.codeletLabel(rCodelet) + "' cannot run on core ("
                    + run.machine.row(cu.core) + "," + run.machine.col(cu.core) + ") at cycle " + now + ": its code does"
                    + " not fit: " + e.getMessage());
            return;
        }
        long arrival = RunContext.saturatedAdd(now, cu.dispatchLatency);
        long bound = RunContext.saturatedAdd(RunContext.saturatedAdd(arrival,
                run.lowerBound(rInst.def(), rCodelet)), cu.signalLatency);
        // with an interconnect the dispatch's latency is what the mesh gives it, counted on delivery
        tally.decision(decision, ic == null ? cu.dispatchLatency : 0, suCore, cu.core, run.dispatchBytes);
        if (cuPools != null) {
            // the descriptor lands in the CU's pool; the CU's actor gets the codelet when the CU starts it
            CuPools.Entry e = new CuPools.Entry(rInst, rCodelet, rFiring, rEnabledAt, k);
            if (ic != null) {
                long sent = now;
                ic.send(suCore, cu.core, run.dispatchBytes, now, delivered -> {
                    tally.dispatchDelivered(delivered - sent);
                    cuPools.deliver(k, e, delivered);
                });
            } else {
                poolEvent(arrival, cu.core, t -> cuPools.deliver(k, e, t));
            }
            return;
        }
        long seq = ++dispatchSeq;
        clock.dispatched(k, seq, bound, rEnabledAt);
        String code = codeObject.name();
        tally.placed(rInst.def(), rCodelet, code, cu.core, now - decision - rEnabledAt); // waited for a slot
        if (ic != null) {
            Pending p = new Pending(k, seq, rInst.def().needsDmaChannel(rCodelet));
            lanes.get(k).addLast(p);
            unanswered.get(k).addLast(p);
            // the descriptor's arrival and the firing's end are handled in the mesh's callback, in the
            // mesh's deterministic order; only the start (which may have to wait for the CU's answer)
            // and the completion (which the SU consumes in its own order) are queued events
            p.sent = now;
            ic.send(suCore, cu.core, run.dispatchBytes, now, p);
        }
        dispatch(k, rInst, rCodelet, rFiring, arrival, seq, pools.copySource(k, code));
    }

    /**
     * Hands the dispatch of codelet {@code c} of {@code inst} to CU {@code k}: to its actor, or with
     * inline bodies fired here at once (no dispatch record), its answer consumed at the top of
     * {@link #drain}'s next step, as if it had just come back.
     */
    private void dispatch(int k, InstanceRef inst, int c, long firing, long arrival, long seq, int copySource) {
        boolean accelerated = offloads != null && offloads.choose(inst.def(), c, pools.cu(k).core, arrival, seq);
        if (run.inlineBodies) {
            inlineAnswers.addLast(cores.get(k).fire(inst, c, firing, arrival, seq, copySource, accelerated));
        } else {
            pools.cu(k).ref.tell(new ComputationUnit.Dispatch(inst, c, firing, arrival, seq, copySource, accelerated));
        }
    }
}
