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
import io.edarts.cam.Cluster;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * A Synchronization Unit: schedules the codelets its cluster owns onto the ready pools of its CUs.
 *
 * <h2>Time keeping</h2>
 * The SU is the time authority of its cluster. Everything that changes the cluster's scheduling
 * state reaches it as a timestamped event: a CU's completion (at its finish cycle plus the signal's
 * mesh latency), or a signal from another cluster's SU. Events are consumed strictly in the total
 * order (time, source core, source sequence number), never in host arrival order, and only when
 * safe: an event at cycle t is consumed only when no CU can still report anything at or before t,
 * that is when every dispatch not yet answered has a lower bound on its completion event (its
 * arrival, plus the codelet's least possible cost, plus the signal latency) later than t
 * ({@link #safe}). CUs answer each dispatch at once (see {@link ComputationUnit}), so waiting costs
 * at most one message round trip and never deadlocks, and between those bounds CUs run bodies in
 * parallel on the host. Between clusters, the {@link Timekeeper} grants windows no wider than the
 * smallest SU-to-SU latency (conservative lookahead); messages from other SUs are held until the next
 * window opens.
 *
 * <h2>Back-pressure (credits)</h2>
 * Each CU holds at most {@code pool-capacity} codelets at once: the one it runs and those waiting in
 * its pool. The SU keeps a credit count per CU: a placement takes one, and the completion signal
 * gives it back when the SU consumes it. Every placement therefore depends only on events already
 * consumed in virtual-time order, never on when a CU's answer reached the host. An enabled codelet
 * that the policy cannot place stays in this SU's ready queue and is placed when a completion returns
 * a credit. A full pool is a normal state: completions always come, so it never deadlocks.
 *
 * <h2>Costs</h2>
 * Each placement costs the SU {@link io.edarts.cam.Target#decisionCycles} (it is busy meanwhile) and
 * the dispatch arrives after {@link io.edarts.cam.Target#messageCycles} for the descriptor.
 */
final class SchedulingUnit extends AbstractBehavior<SchedulingUnit.Command> {

    sealed interface Command {}

    /** Enable the root procedure's initially ready codelets that this SU owns. */
    record Start(TpInstance root) implements Command {}

    /** Process events up to {@code horizon} (exclusive, or inclusive when {@code inclusive}). */
    record Advance(long horizon, boolean inclusive) implements Command {}

    /** A CU's answer to a dispatch: when it ran, what it cost, and what the body asked for. */
    record Completed(int cuIndex, int core, long seq, TpInstance inst, int codelet, long start, long finish,
                     long dispatch, long code, long body, long signal, long ideal,
                     List<SlotRef> signals, List<FiringContext.Invocation> invokes, boolean exit,
                     Throwable error, String codeEvent, boolean codeResident, List<String> evicted)
            implements Command {

        /** A firing that failed: its body threw, or the machine refused it. */
        static Completed failed(int cuIndex, int core, long seq, TpInstance inst, int codelet, long start, long at,
                                Throwable error) {
            return new Completed(cuIndex, core, seq, inst, codelet, start, at, 0, 0, 0, 0, 0, null, null, false, error,
                    null, false, null);
        }
    }

    /** A signal to a slot this SU owns, sent by another SU; {@code initial} marks a slot born at zero. */
    record RemoteSignal(TpInstance inst, int slot, boolean initial, long time, int srcCore, long seq)
            implements Command {}

    /** End of the run: collect the CUs' totals and report. */
    record Finish() implements Command {}

    record CuStats(ComputationUnit.Stats stats) implements Command {}

    private enum TraceRetry implements Command { INSTANCE }

    /** What an SU reports at the end of a run. */
    record Summary(int cluster, int suCore, long suBusy, long decisions, long maxFinish, long fired,
                   long dispatchCycles, long codeCycles, long bodyCycles, long signalCycles, long idealCycles,
                   long dispatchLatency, long signalLatency, Histogram waits,
                   List<ComputationUnit.Stats> cuStats, List<String> unfired, long unfiredCount,
                   TraceSink.Closed trace, io.edarts.cam.Traffic traffic, TimelineRecorder.Part timeline) {}

    static Behavior<Command> create(Cluster cluster, RunContext run, ActorRef<Timekeeper.Command> keeper,
                                    List<ActorRef<Command>> peers) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new SchedulingUnit(ctx, timers, cluster, run, keeper, peers)));
    }

    private static final long INF = Long.MAX_VALUE;
    private static final int COMPLETED = 0;
    private static final int SIGNAL = 1;

    /** An event in this SU's queue. */
    private record Event(long time, int src, long seq, int kind, Object payload, long enabledAt) {}

    private static final Comparator<Event> EVENT_ORDER = Comparator.comparingLong(Event::time)
            .thenComparingInt(Event::src).thenComparingLong(Event::seq).thenComparingInt(Event::kind);

    /** An enabled codelet waiting for a pool. */
    private record Ready(TpInstance inst, int codelet, long firing, long enabledAt, long seq, long priority) {}

    /** A dispatch whose answer has not come back; its completion event cannot come before {@code bound}. */
    private record Outstanding(long seq, long bound, long enabledAt) {}

    /** What this SU knows of one CU. */
    private static final class CuState {
        final int core;
        final ActorRef<ComputationUnit.Command> ref;
        final ArrayDeque<Outstanding> outstanding = new ArrayDeque<>();
        /** Codelets placed on this CU whose completion the SU has not consumed yet. */
        int credits;
        final long dispatchLatency;
        final long signalLatency;
        /** Code objects this CU holds in local memory, as its completions have told the SU. */
        final Set<String> resident = new HashSet<>();

        CuState(int core, ActorRef<ComputationUnit.Command> ref, long dispatchLatency, long signalLatency) {
            this.core = core;
            this.ref = ref;
            this.dispatchLatency = dispatchLatency;
            this.signalLatency = signalLatency;
        }
    }

    private final TimerScheduler<Command> timers;
    private final Cluster cluster;
    private final int id;
    private final int suCore;
    private final RunContext run;
    private final ActorRef<Timekeeper.Command> keeper;
    private final List<ActorRef<Command>> peers;
    private final CuState[] cus;
    private final PlacementPolicy policy;
    /** Whether anything reads what each CU holds (the policy, or copying from the nearest holder). */
    private final boolean trackResidency;
    private final PriorityQueue<Event> events = new PriorityQueue<>(EVENT_ORDER);
    private final Queue<Ready> ready;
    private final List<RemoteSignal> inbox = new ArrayList<>();
    private final Set<TpInstance> live = new HashSet<>();
    private final View view = new View();
    private final TraceSink trace;
    private final TimelineRecorder timeline = new TimelineRecorder();
    private final Histogram waits = new Histogram(3);
    /** The SU's own messages on the mesh: dispatches to CU pools, completion signals, remote signals. */
    private final io.edarts.cam.Traffic traffic = new io.edarts.cam.Traffic();

    private long horizon = -1;
    private boolean inclusive;
    private boolean reported = true;
    private long now;
    private long readySeq;
    private long dispatchSeq;
    private long sentSeq;
    private long minSent = INF;
    private long instCounter;
    private int outstandingCus;
    private Timekeeper.Failure failure;
    private boolean paused;
    // Totals for the report.
    private long suBusy;
    private long decisions;
    private long maxFinish;
    private long fired;
    private long sumDispatch;
    private long sumCode;
    private long sumBody;
    private long sumSignal;
    private long sumIdeal;
    private long sumDispatchLatency;
    private long sumSignalLatency;
    // End of run.
    private final List<ComputationUnit.Stats> cuStats = new ArrayList<>();

    private SchedulingUnit(ActorContext<Command> ctx, TimerScheduler<Command> timers, Cluster cluster,
                           RunContext run, ActorRef<Timekeeper.Command> keeper, List<ActorRef<Command>> peers) {
        super(ctx);
        this.timers = timers;
        this.cluster = cluster;
        this.id = cluster.id();
        this.suCore = cluster.suCore();
        this.run = run;
        this.keeper = keeper;
        this.peers = peers;
        this.policy = Policies.byName(run.options.policy()).get();
        this.trackResidency = policy.readsCodeResidency() || run.copyFromNearest;
        this.ready = policy.prioritizesCriticalPath()
                ? new PriorityQueue<>(Comparator.comparingLong(Ready::priority).reversed()
                        .thenComparingLong(Ready::seq))
                : new ArrayDeque<>();
        this.cus = new CuState[cluster.cuCount()];
        DispatcherSelector bodies = DispatcherSelector.sameAsParent();
        for (int k = 0; k < cus.length; k++) {
            int core = cluster.cuCore(k);
            ActorRef<ComputationUnit.Command> ref = ctx.spawn(
                    ComputationUnit.create(core, k, run, ctx.getSelf()), "cu-" + core, bodies);
            ctx.watch(ref); // a CU that crashes (a simulator fault) takes its SU down, which fails the run
            cus[k] = new CuState(core, ref,
                    run.target.messageCycles(suCore, core, run.dispatchBytes),
                    run.target.messageCycles(core, suCore, run.signalBytes));
        }
        this.trace = new TraceSink(ctx.getSystem(), run, id);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(Advance.class, this::onAdvance)
                .onMessage(Completed.class, this::onCompleted)
                .onMessage(RemoteSignal.class, this::onRemoteSignal)
                .onMessageEquals(TraceRetry.INSTANCE, this::onTraceRetry)
                .onMessage(Finish.class, this::onFinish)
                .onMessage(CuStats.class, this::onCuStats)
                .build();
    }

    // ---- protocol handlers -------------------------------------------------------------------

    private Behavior<Command> onStart(Start s) {
        TpInstance root = s.root();
        if (root.creator == id) {
            live.add(root);
        }
        for (int slot = 0; slot < root.def.slotCount(); slot++) {
            if (root.def.slotInitial(slot) == 0 && run.slotOwner(root, slot) == id) {
                zeroSlot(root, slot, 0);
            }
        }
        return this;
    }

    private Behavior<Command> onAdvance(Advance a) {
        horizon = a.horizon();
        inclusive = a.inclusive();
        reported = false;
        minSent = INF;
        for (RemoteSignal r : inbox) {
            events.add(new Event(r.time(), r.srcCore(), r.seq(), SIGNAL, r, 0));
        }
        inbox.clear();
        drain();
        return this;
    }

    private Behavior<Command> onCompleted(Completed c) {
        CuState cu = cus[c.cuIndex()];
        Outstanding o = cu.outstanding.pollFirst();
        if (o == null || o.seq() != c.seq()) {
            throw new IllegalStateException("CU " + c.core() + " answered dispatch " + c.seq() + " out of order");
        }
        if (cu.outstanding.isEmpty()) {
            outstandingCus--;
        }
        events.add(new Event(c.finish() + cu.signalLatency, c.core(), c.seq(), COMPLETED, c, o.enabledAt()));
        drain();
        return this;
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
        if (cus.length == 0) {
            return report();
        }
        for (CuState cu : cus) {
            cu.ref.tell(new ComputationUnit.ReportStats(getContext().getSelf()));
        }
        return this;
    }

    private Behavior<Command> onCuStats(CuStats s) {
        cuStats.add(s.stats());
        if (cuStats.size() == cus.length) {
            return report();
        }
        return this;
    }

    private Behavior<Command> report() {
        cuStats.sort(Comparator.comparingInt(ComputationUnit.Stats::core));
        List<String> unfired = new ArrayList<>();
        long unfiredCount = 0;
        List<TpInstance> pending = new ArrayList<>();
        for (TpInstance inst : live) {
            if (inst.live()) {
                pending.add(inst);
            }
        }
        pending.sort(Comparator.comparingLong(i -> i.id));
        for (TpInstance inst : pending) {
            for (int c = 0; c < inst.def.codeletCount(); c++) {
                if (inst.fired[c] == 0) {
                    unfiredCount++;
                    if (unfired.size() < 20) {
                        int slot = inst.def.enablingSlot(c);
                        unfired.add(inst.codeletLabel(c) + " (slot count " + inst.counts[slot] + " of "
                                + inst.def.slotInitial(slot) + ")");
                    }
                }
            }
        }
        TraceSink.Closed closed = trace.close();
        keeper.tell(new Timekeeper.SuDone(new Summary(id, suCore, suBusy, decisions, maxFinish, fired,
                sumDispatch, sumCode, sumBody, sumSignal, sumIdeal, sumDispatchLatency, sumSignalLatency,
                waits, List.copyOf(cuStats), unfired, unfiredCount, closed, traffic, timeline.close())));
        return this;
    }

    // ---- the event loop ----------------------------------------------------------------------

    /**
     * Consumes every event and placement that is safe and inside the window; then reports. Each step
     * is either all events of the earliest time (when it is due no later than the next placement) or
     * exactly one placement, so events due at or before the SU's clock are always handled before it
     * places anything: what the SU does never depends on when a CU's answer reached it.
     */
    private void drain() {
        if (horizon < 0 || reported || paused) {
            return;
        }
        while (failure == null) {
            Event head = events.peek();
            long tEvent = head == null ? INF : head.time();
            long tPlace = ready.isEmpty() ? INF : nextPlacementTime();
            long t = Math.min(tEvent, tPlace);
            if (t == INF || beyondHorizon(t) || !safe(Math.max(t, now))) {
                break;
            }
            if (tEvent <= tPlace) {
                now = Math.max(now, tEvent);
                while (!events.isEmpty() && events.peek().time() == tEvent && failure == null) {
                    handle(events.poll());
                }
            } else {
                now = tPlace;
                if (!placeOne()) {
                    throw new IllegalStateException("SU " + suCore + ": the policy found no room at cycle " + now
                            + " where the pools showed some");
                }
            }
            if (trace.backPressured()) {
                paused = true;
                timers.startSingleTimer(TraceRetry.INSTANCE, Duration.ofMillis(1));
                return;
            }
        }
        if (outstandingCus == 0 || failure != null) {
            reported = true;
            long next = INF;
            if (failure == null) {
                Event head = events.peek();
                next = Math.min(head == null ? INF : head.time(), ready.isEmpty() ? INF : nextPlacementTime());
            }
            keeper.tell(new Timekeeper.Reached(id, next, minSent, failure));
        }
    }

    private boolean beyondHorizon(long t) {
        return inclusive ? t > horizon : t >= horizon;
    }

    /** Nothing a CU has not yet told this SU can happen at or before {@code t}. */
    private boolean safe(long t) {
        if (outstandingCus == 0) {
            return true;
        }
        for (CuState cu : cus) {
            for (Outstanding o : cu.outstanding) {
                if (o.bound() <= t) {
                    return false;
                }
            }
        }
        return true;
    }

    private void handle(Event e) {
        if (e.kind() == COMPLETED) {
            completed((Completed) e.payload(), e.time(), e.enabledAt());
        } else {
            RemoteSignal r = (RemoteSignal) e.payload();
            if (r.initial()) {
                zeroSlot(r.inst(), r.slot(), now);
            } else {
                signal(r.inst(), r.slot(), now);
            }
        }
    }

    private void completed(Completed c, long eventTime, long enabledAt) {
        TpInstance inst = c.inst();
        int k = c.codelet();
        if (c.error() != null) {
            Throwable t = c.error();
            String where = "codelet '" + inst.codeletLabel(k) + "' on core (" + run.machine.row(c.core()) + ","
                    + run.machine.col(c.core()) + ")";
            failure = new Timekeeper.Failure(c.start(), c.core(), t instanceof ComputationUnit.MachineRejected
                    ? where + " cannot run on " + run.machine.name() + " at cycle " + c.start() + ": " + t.getMessage()
                    : where + " threw " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                    + " at cycle " + c.start());
            return;
        }
        fired++;
        run.firedSoFar.incrementAndGet();
        maxFinish = Math.max(maxFinish, c.finish());
        sumDispatch += c.dispatch();
        sumCode += c.code();
        sumBody += c.body();
        sumSignal += c.signal();
        sumIdeal += c.ideal();
        sumSignalLatency += eventTime - c.finish();
        traffic.add(c.core(), suCore, io.edarts.cam.Traffic.CMESH, run.signalBytes);
        waits.recordValue(Math.max(0, c.start() - enabledAt));
        trace.firing(inst.codeletLabel(k), c.core(), c.start(), c.finish() - c.start());
        timeline.firing(c.core(), c.start(), c.finish() - c.start(), () -> inst.codeletLabel(k));
        CuState cu = cus[c.cuIndex()];
        cu.credits--;
        if (c.codeEvent() != null) {
            trace.instant(c.codeEvent() + " " + inst.def.code(k).name(), c.core(), c.start());
        }
        if (c.evicted() != null) {
            for (String gone : c.evicted()) {
                cu.resident.remove(gone);
                trace.instant("evict " + gone, c.core(), c.start());
            }
        }
        if (trackResidency) {
            String codeName = inst.def.code(k).name();
            if (c.codeResident()) {
                cu.resident.add(codeName);
            } else {
                cu.resident.remove(codeName);
            }
        }
        if (inst.fired[k]++ == 0 && inst.unfired.decrementAndGet() == 0 && inst.creator == id) {
            live.remove(inst);
        }
        for (int s = 0; s < inst.def.signalCount(k) && failure == null; s++) {
            signal(inst, inst.def.signal(k, s), now);
        }
        if (c.signals() != null) {
            for (SlotRef ref : c.signals()) {
                if (failure == null) {
                    signal((TpInstance) ref.token(), ref.slot(), now);
                }
            }
        }
        if (c.invokes() != null) {
            for (FiringContext.Invocation inv : c.invokes()) {
                invoke(inv);
            }
        }
        if (c.exit()) {
            inst.exited = true;
            if (inst.creator == id) {
                live.remove(inst);
            }
        }
    }

    private void invoke(FiringContext.Invocation inv) {
        long n = ++instCounter;
        long instId = id + (long) run.clusters * n;
        int home = (int) ((id + n) % run.clusters);
        try {
            run.checkAffinities(inv.definition());
        } catch (IllegalArgumentException e) {
            failure = new Timekeeper.Failure(now, suCore, e.getMessage());
            return;
        }
        TpInstance child = new TpInstance(instId, inv.definition(), inv.frame(), home, id);
        live.add(child);
        for (int slot = 0; slot < child.def.slotCount(); slot++) {
            if (child.def.slotInitial(slot) == 0) {
                int owner = run.slotOwner(child, slot);
                if (owner == id) {
                    zeroSlot(child, slot, now);
                } else {
                    sendRemote(owner, child, slot, true);
                }
            }
        }
    }

    private void signal(TpInstance inst, int slot, long at) {
        int owner = run.slotOwner(inst, slot);
        if (owner != id) {
            sendRemote(owner, inst, slot, false);
            return;
        }
        int left = --inst.counts[slot];
        if (left == 0) {
            zeroSlot(inst, slot, at);
        } else if (left < 0) {
            failure = new Timekeeper.Failure(at, suCore, "slot '" + inst.def.slotName(slot) + "' of "
                    + inst.def.name() + "#" + inst.id + " was signalled after reaching zero (reset value "
                    + inst.def.slotReset(slot) + ") at cycle " + at);
        }
    }

    private void sendRemote(int owner, TpInstance inst, int slot, boolean initial) {
        int dst = run.machine.clusters().get(owner).suCore();
        long time = now + run.target.messageCycles(suCore, dst, run.signalBytes);
        traffic.add(suCore, dst, io.edarts.cam.Traffic.CMESH, run.signalBytes);
        minSent = Math.min(minSent, time);
        peers.get(owner).tell(new RemoteSignal(inst, slot, initial, time, suCore, ++sentSeq));
    }

    private void zeroSlot(TpInstance inst, int slot, long at) {
        inst.counts[slot] = inst.def.slotReset(slot);
        for (int t = 0; t < inst.def.slotTargetCount(slot); t++) {
            enable(inst, inst.def.slotTarget(slot, t), at);
        }
    }

    private void enable(TpInstance inst, int c, long at) {
        if (!run.capable(inst.def, c)) {
            failure = new Timekeeper.Failure(at, suCore, "codelet '" + inst.codeletLabel(c) + "' requires "
                    + String.join(", ", inst.def.requires(c)) + " but the CUs offer only "
                    + run.machine.cuCapabilities());
            return;
        }
        long priority = policy.prioritizesCriticalPath() ? run.bottomLevels(inst.def)[c] : 0;
        ready.add(new Ready(inst, c, inst.enabled[c]++, at, ++readySeq, priority));
    }

    /** {@code now} if some CU has a credit left (for critical-path: holds nothing), else never. */
    private long nextPlacementTime() {
        boolean idleOnly = policy.prioritizesCriticalPath();
        int capacity = run.machine.poolCapacity();
        for (CuState cu : cus) {
            if (idleOnly ? cu.credits == 0 : cu.credits < capacity) {
                return now;
            }
        }
        return INF;
    }

    /** Places the head of the ready queue at the SU's current cycle; false if the policy found no room. */
    private boolean placeOne() {
        Ready r = ready.peek();
        int aff = r.inst().def.affinity(r.codelet());
        int affCu = -1;
        if (aff >= 0) {
            for (int k = 0; k < cus.length; k++) {
                if (cus[k].core == aff) {
                    affCu = k;
                }
            }
        }
        int k = policy.choose(view, affCu);
        if (k < 0) {
            return false;
        }
        ready.poll();
        long decision = run.target.decisionCycles(suCore, policy.examined());
        if (decision > 0) {
            trace.decision(suCore, now, decision);
            timeline.decision(suCore, now, decision);
        }
        now += decision;
        suBusy += decision;
        decisions++;
        CuState cu = cus[k];
        long arrival = now + cu.dispatchLatency;
        long bound = arrival + r.inst().def.cost(r.codelet()).lowerBoundCycles() + cu.signalLatency;
        cu.credits++;
        sumDispatchLatency += cu.dispatchLatency;
        traffic.add(suCore, cu.core, io.edarts.cam.Traffic.CMESH, run.dispatchBytes);
        long seq = ++dispatchSeq;
        if (cu.outstanding.isEmpty()) {
            outstandingCus++;
        }
        cu.outstanding.addLast(new Outstanding(seq, bound, r.enabledAt()));
        cu.ref.tell(new ComputationUnit.Dispatch(r.inst(), r.codelet(), r.firing(), arrival, seq, copySource(r, cu)));
        return true;
    }

    /**
     * With {@code code-copy-source = nearest-holder}: the CU nearest to {@code dst} (fewest hops, then
     * lowest core) that this SU knows holds the codelet's code, or -1. The directory is what the
     * consumed completions reported, so the choice never depends on host timing.
     */
    private int copySource(Ready r, CuState dst) {
        if (!run.copyFromNearest || dst.resident.contains(r.inst().def.code(r.codelet()).name())) {
            return -1;
        }
        String name = r.inst().def.code(r.codelet()).name();
        int best = -1;
        for (CuState cu : cus) {
            if (cu != dst && cu.resident.contains(name)
                    && (best < 0 || run.machine.hops(cu.core, dst.core) < run.machine.hops(best, dst.core))) {
                best = cu.core;
            }
        }
        return best;
    }

    /** The policy's window on the CUs at the SU's current cycle. */
    private final class View implements PlacementPolicy.View {
        @Override
        public int cuCount() {
            return cus.length;
        }

        @Override
        public int core(int k) {
            return cus[k].core;
        }

        @Override
        public int load(int k) {
            return cus[k].credits;
        }

        @Override
        public int freeSlots(int k) {
            return Math.max(0, run.machine.poolCapacity() - cus[k].credits);
        }

        @Override
        public boolean holdsCode(int k) {
            Ready r = ready.peek();
            return r != null && cus[k].resident.contains(r.inst().def.code(r.codelet()).name());
        }

        @Override
        public boolean capable(int k) {
            Ready r = ready.peek();
            return r == null || run.capable(r.inst().def, r.codelet());
        }
    }
}
