package io.edarts.scheduler;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.edarts.cam.CodeObject;
import io.edarts.api.Cost;
import io.edarts.cam.Charge;
import io.edarts.cam.Placement;
import io.edarts.cam.CoreModel;
import io.edarts.cam.Counters;
import io.edarts.cam.Work;
import java.util.List;

/**
 * A Computation Unit: one core that fires the codelets its SU places in its ready pool.
 *
 * <p>Time. A CU owns its virtual clock ({@code freeAt}). Codelets are non-preemptive and a CU's pool
 * is fed only by its SU, in the SU's time order, so when a dispatch arrives the CU already knows
 * everything that decides it: it starts at {@code max(freeAt, arrival)}, runs the body at once on
 * this host thread, charges the firing through its own {@link CoreModel} and replies with the start
 * and finish cycles. Bodies of different CUs thus run in parallel on the host while the SU, which
 * consumes the replies in virtual-time order, keeps the simulation deterministic.
 */
final class ComputationUnit extends AbstractBehavior<ComputationUnit.Command> {

    sealed interface Command {}

    /** Place codelet {@code codelet} of {@code inst} in this CU's pool; it arrives at {@code arrival}. */
    record Dispatch(TpInstance inst, int codelet, long firing, long arrival, long seq, int copySource)
            implements Command {}

    /** The target refused a firing; its message says why. */
    static final class MachineRejected extends RuntimeException {
        MachineRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Asks for this CU's totals at the end of a run. */
    record ReportStats(ActorRef<SchedulingUnit.Command> replyTo) implements Command {}

    /** This CU's totals. */
    record Stats(int core, long busyCycles, long fired, Counters counters, io.edarts.cam.CodeStats code,
                 io.edarts.cam.Traffic traffic) {}

    static Behavior<Command> create(int core, int cuIndex, RunContext run, ActorRef<SchedulingUnit.Command> su) {
        return Behaviors.setup(ctx -> new ComputationUnit(ctx, core, cuIndex, run, su));
    }

    private static final Placement[] PLACEMENTS = new Placement[io.edarts.cam.Placement.values().length];

    static {
        for (io.edarts.cam.Placement p : io.edarts.cam.Placement.values()) {
            PLACEMENTS[p.ordinal()] = Placement.valueOf(p.name());
        }
    }

    private final RunOptions placements;
    private final int core;
    private final int cuIndex;
    private final ActorRef<SchedulingUnit.Command> su;
    private final CoreModel model;
    private final Work work = new Work();
    private final Charge charge = new Charge();
    private final FiringContext firing;
    private long freeAt;
    private long busy;
    private long fired;

    private ComputationUnit(ActorContext<Command> ctx, int core, int cuIndex, RunContext run,
                            ActorRef<SchedulingUnit.Command> su) {
        super(ctx);
        this.core = core;
        this.cuIndex = cuIndex;
        this.su = su;
        this.model = run.target.coreModel(core);
        this.placements = run.options;
        this.firing = new FiringContext(core, work);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Dispatch.class, this::onDispatch)
                .onMessage(ReportStats.class, this::onReportStats)
                .build();
    }

    private Behavior<Command> onDispatch(Dispatch d) {
        TpInstance inst = d.inst();
        int c = d.codelet();
        long start = Math.max(freeAt, d.arrival());
        work.reset();
        Cost cost = inst.def.cost(c);
        work.declaredCycles = cost.cycles();
        work.ialu = cost.ialu();
        work.fpu = cost.fpu();
        work.loadStore = cost.loadStore();
        work.branches = cost.branches();
        CodeObject code = inst.def.code(c);
        work.codeName = code.name();
        work.codeBytes = code.sizeBytes();
        io.edarts.cam.Placement placement = placements.placementOf(code);
        work.placement = PLACEMENTS[placement.ordinal()];
        work.codeHomeCore = placement == io.edarts.cam.Placement.LOCAL ? core : -1;
        work.codeCopySource = d.copySource();
        firing.begin(inst, c, d.firing());
        Throwable error = null;
        try {
            inst.def.body(c).fire(firing);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            error = t;
        }
        long finish;
        SchedulingUnit.Completed done;
        if (error != null) {
            // Reported at the earliest the firing could have completed, which the SU relies on.
            finish = start + cost.lowerBoundCycles();
            done = SchedulingUnit.Completed.failed(cuIndex, core, d.seq(), inst, c, start, finish, error);
        } else {
            work.signals = inst.def.signalCount(c) + (firing.signals == null ? 0 : firing.signals.size());
            try {
                model.fire(work, start, charge);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // The machine cannot run this firing as described (code over the local budget, an
                // address off the mesh): that fails the run like a throwing body, naming the codelet.
                long at = start + cost.lowerBoundCycles();
                freeAt = at;
                su.tell(SchedulingUnit.Completed.failed(cuIndex, core, d.seq(), inst, c, start, at,
                        new MachineRejected(e.getMessage(), e)));
                return this;
            }
            finish = start + charge.total();
            busy += charge.total();
            fired++;
            List<io.edarts.api.SlotRef> sig = firing.signals;
            done = new SchedulingUnit.Completed(cuIndex, core, d.seq(), inst, c, start, finish,
                    charge.dispatch, charge.code, charge.body, charge.signal, charge.ideal,
                    sig, firing.invokes, firing.exit, null, charge.codeEvent, charge.codeResident,
                    charge.evicted.isEmpty() ? null : List.copyOf(charge.evicted));
        }
        freeAt = finish;
        su.tell(done);
        return this;
    }

    private Behavior<Command> onReportStats(ReportStats r) {
        Counters c = model.counters().copy();
        r.replyTo().tell(new SchedulingUnit.CuStats(new Stats(core, busy, fired, c, model.codeStats().copy(),
                model.traffic() == null ? null : model.traffic().copy())));
        return this;
    }
}
