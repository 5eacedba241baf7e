package io.edarts.scheduler;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.edarts.api.Cost;
import io.edarts.cam.Charge;
import io.edarts.cam.CodeObject;
import io.edarts.cam.CodeStats;
import io.edarts.cam.CoreModel;
import io.edarts.cam.Counters;
import io.edarts.cam.Placement;
import io.edarts.cam.Traffic;
import io.edarts.cam.Work;
import java.util.ArrayList;
import java.util.List;

/**
 * A Computation Unit: one core that fires the codelets its SU places in its ready pool.
 *
 * <h2>Design note</h2>
 * Time. A CU owns its virtual clock ({@code freeAt}). Codelets are non-preemptive and a CU's pool
 * is fed only by its SU, in the SU's time order, so when a dispatch arrives the CU already knows
 * everything that decides it: it starts at {@code max(freeAt, arrival)}, runs the body at once on
 * this host thread, charges the firing through its own {@link CoreModel} and replies with the start
 * and finish cycles. Bodies of different CUs thus run in parallel on the host while the SU, which
 * consumes the replies in virtual-time order, keeps the simulation deterministic.
 *
 * <p>Replies. A firing is answered by exactly one {@link Fired} or {@link FiringFailed}, in dispatch
 * order. A failure is reported at the earliest cycle the firing could have completed (start plus
 * the target's lower bound), which the SU's safe-time rule relies on. The CU never counts what the
 * report shows: the SU does, from the replies it consumes, so a failed run's figures stop where
 * virtual time stopped even when this CU ran ahead on the host.
 */
final class ComputationUnit extends AbstractBehavior<ComputationUnit.Command> {

    sealed interface Command {}

    /**
     * Place codelet {@code codelet} of {@code inst} in this CU's pool; it arrives at {@code arrival}.
     *
     * @param firing     how many times this codelet of this instance was enabled before
     * @param seq        the SU's dispatch number (answers come back in this order)
     * @param copySource a core the SU believes holds the code, or -1
     * @param accelerated with {@code --offload auto}, whether the SU chose the codelet's accelerator body
     */
    record Dispatch(InstanceRef inst, int codelet, long firing, long arrival, long seq, int copySource,
                    boolean accelerated) implements Command {
        /** A dispatch for which the SU chose nothing (the run's offload mode decides the body). */
        Dispatch(InstanceRef inst, int codelet, long firing, long arrival, long seq, int copySource) {
            this(inst, codelet, firing, arrival, seq, copySource, false);
        }
    }

    /** Asks for this core's hardware totals at the end of a run. */
    record ReportTotals() implements Command {}

    /** What a CU tells its SU. */
    sealed interface Reply {}

    /**
     * Firing {@code firing} of codelet {@code codelet} of {@code inst} ran from {@code start} to
     * {@code finish}, cost {@code charge} and asked for {@code effects}; with an interconnect, start
     * and finish are the CU's own figures until its SU {@linkplain #timed times} it. Without an interconnect,
     * {@code hostWaits} are the waits of its host calls, each alone (else null); {@code hostWaited}
     * is the cycles of {@code finish - start} its core spent waiting for the host.
     */
    static final class Fired implements Reply {
        private int cuIndex;
        private long seq;
        private InstanceRef inst;
        private int codelet;
        private long firing;
        private Charge charge;
        private Effects effects;
        private List<DmaChannels.Run> dmaRuns;
        private long[] hostWaits;
        private long start;
        private long finish;
        private long dmaFireWait;
        private long hostWaited;
        private boolean timed;

        Fired(int cuIndex, long seq, InstanceRef inst, int codelet, long firing, long start, long finish,
              Charge charge, Effects effects, List<DmaChannels.Run> dmaRuns, long dmaFireWait, long[] hostWaits,
              long hostWaited) {
            set(cuIndex, seq, inst, codelet, firing, start, finish, charge, effects, dmaRuns, dmaFireWait, hostWaits,
                    hostWaited);
        }

        /** Sets every field, as the constructor does: a new answer, or a {@linkplain Core#recycle recycled} one. */
        private Fired set(int cuIndex, long seq, InstanceRef inst, int codelet, long firing, long start, long finish,
                          Charge charge, Effects effects, List<DmaChannels.Run> dmaRuns, long dmaFireWait,
                          long[] hostWaits, long hostWaited) {
            this.cuIndex = cuIndex;
            this.seq = seq;
            this.inst = inst;
            this.codelet = codelet;
            this.firing = firing;
            this.start = start;
            this.finish = finish;
            this.charge = charge;
            this.effects = effects;
            this.dmaRuns = dmaRuns;
            this.dmaFireWait = dmaFireWait;
            this.hostWaits = hostWaits;
            this.hostWaited = hostWaited;
            this.timed = false;
            return this;
        }

        /**
         * With an interconnect, the SU's timing of this answer: the mesh let the firing start at
         * {@code start} and it ended at {@code finish}, after {@code dmaFireWait} cycles waiting for a
         * DMA channel and {@code hostWaited} waiting for the host. The CU's own figures are replaced in
         * place, one answer fewer per firing than a timed copy: its SU is its only reader, and with an
         * interconnect the CU resolves no DMA runs nor host waits (the SU does), so those stay empty.
         */
        void timed(long start, long finish, long dmaFireWait, long hostWaited) {
            if (timed) {
                throw new IllegalStateException("firing " + firing + " of codelet " + codelet + " timed twice");
            }
            assert dmaRuns.isEmpty() && hostWaits == null : "a contended answer carries DMA runs or host waits";
            timed = true;
            this.start = start;
            this.finish = finish;
            this.dmaFireWait = dmaFireWait;
            this.hostWaited = hostWaited;
        }

        int cuIndex() { return cuIndex; }

        long seq() { return seq; }

        InstanceRef inst() { return inst; }

        int codelet() { return codelet; }

        long firing() { return firing; }

        long start() { return start; }

        long finish() { return finish; }

        Charge charge() { return charge; }

        Effects effects() { return effects; }

        List<DmaChannels.Run> dmaRuns() { return dmaRuns; }

        long dmaFireWait() { return dmaFireWait; }

        long[] hostWaits() { return hostWaits; }

        long hostWaited() { return hostWaited; }
    }

    /**
     * A firing failed at {@code at}: its body threw ({@code machine} false), or the machine cannot
     * run it as described ({@code machine} true: code over the local budget, an address off the mesh,
     * a clock that would overflow).
     */
    record FiringFailed(int cuIndex, long seq, InstanceRef inst, int codelet, long start, long at, Throwable error,
                        boolean machine) implements Reply {}

    /** This core's totals from its cost model. */
    record Totals(int core, Counters counters, CodeStats code, Traffic traffic) implements Reply {}

    static Behavior<Command> create(int core, int cuIndex, RunContext run, ActorRef<Reply> su) {
        return Behaviors.setup(ctx -> new ComputationUnit(ctx, new Core(core, cuIndex, run), su));
    }

    /** A CU whose {@code core} its SU also holds (to fire it itself with inline bodies). */
    static Behavior<Command> create(Core core, ActorRef<Reply> su) {
        return Behaviors.setup(ctx -> new ComputationUnit(ctx, core, su));
    }

    private final Core core;
    private final ActorRef<Reply> su;

    private ComputationUnit(ActorContext<Command> ctx, Core core, ActorRef<Reply> su) {
        super(ctx);
        this.core = core;
        this.su = su;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Dispatch.class, this::onDispatch)
                .onMessage(ReportTotals.class, this::onReportTotals)
                .build();
    }

    private Behavior<Command> onDispatch(Dispatch d) {
        su.tell(core.fire(d));
        return this;
    }

    private Behavior<Command> onReportTotals(ReportTotals r) {
        su.tell(core.totals());
        return this;
    }

    private static final long[] NO_DURATIONS = new long[0];
    /** The most consumed answers a core keeps for reuse: about the firings it has in flight. */
    private static final int SPARES = 8;

    /**
     * What a CU does, apart from its mailbox: its clock, cost model and firing context. Its actor
     * calls it; with one host thread the SU calls it itself (nothing runs in parallel then, and the
     * SU's order of consuming answers never depends on when they came), two actor messages fewer
     * per firing. Either way one caller at a time.
     */
    static final class Core {
        private final RunContext run;
        private final int core;
        private final int cuIndex;
        private final CoreModel model;
        private final Work.Builder work = new Work.Builder();
        private final FiringContext firing;
        /** This core's DMA channels, resolved here when no interconnect times the run; else null. */
        private final DmaChannels dma;
        private long freeAt;
        /**
         * Answers the SU has consumed and handed back ({@link #recycle}), reused by the next firings so
         * a firing costs no answer object; at most {@link #SPARES}.
         */
        private final Fired[] spares = new Fired[SPARES];
        private int spareCount;

        Core(int core, int cuIndex, RunContext run) {
            this.run = run;
            this.core = core;
            this.cuIndex = cuIndex;
            this.model = run.target.coreModel(core);
            this.firing = new FiringContext(core, work, run);
            this.dma = run.contended || run.dmaChannels < 1 ? null : new DmaChannels(run.dmaChannels);
        }

        /** Fires {@code d} at once and returns its answer. */
        Reply fire(Dispatch d) {
            return fire(d.inst(), d.codelet(), d.firing(), d.arrival(), d.seq(), d.copySource(), d.accelerated());
        }

        /** {@link #fire(Dispatch)} of the dispatch with these fields, without the record (the SU's inline bodies). */
        Reply fire(InstanceRef inst, int c, long firingIndex, long arrival, long seq, int copySource,
                   boolean accelerated) {
            long start = Math.max(freeAt, arrival);
            // a codelet that needs a DMA channel waits for one (the SU does it when a mesh times the run)
            long dmaFireWait = 0;
            int held = -1;
            if (dma != null && inst.def().needsDmaChannel(c)) {
                long at = dma.fireAt(start);
                dmaFireWait = at - start;
                start = at;
                held = dma.hold(start);
            }
            Cost cost = inst.def().cost(c);
            CodeObject code = run.codeOf(inst.def(), c);
            work.reset().code(code).declaredCycles(cost.cycles())
                    .instructions(cost.ialu(), cost.fpu(), cost.loadStore(), cost.branches())
                    .codeHomeCore(code.placement() != Placement.LOCAL ? -1
                            : code.hasHomeCore() ? code.homeCore() : core)
                    .codeCopySource(copySource);
            firing.begin(inst, c, firingIndex, start);
            // The earliest the firing could complete: where a failure is reported.
            long earliest = RunContext.saturatedAdd(start, run.lowerBound(inst.def(), c));
            try {
                run.body(inst.def(), c, accelerated).fire(firing);
                firing.bodyReturned();
            } catch (OutOfMemoryError oom) {
                // The host's heap, not the program: the SU stops the run and the caller gets the error.
                return fail(seq, inst, c, start, earliest, oom, false);
            } catch (VirtualMachineError vme) {
                throw vme;
            } catch (Throwable t) {
                return fail(seq, inst, c, start, earliest, t, false);
            }
            Charge charge;
            long finish;
            List<Effects.DmaRequest> requests = firing.dmaRequests();
            long[] durations = requests.isEmpty() ? NO_DURATIONS : new long[requests.size()];
            try {
                for (int i = 0; i < requests.size(); i++) {
                    io.edarts.cam.Dma t = requests.get(i).transfer();
                    if (run.dmaChannels < 1) {
                        throw new IllegalArgumentException("DMA " + t + ": the target has no DMA engine");
                    }
                    try {
                        durations[i] = run.target.dmaCycles(core, t);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("DMA " + t + ": " + e.getMessage(), e);
                    }
                    io.edarts.cam.Dma.Setup setup = run.target.dmaSetup(t);
                    work.instructions(setup.ialu(), 0, setup.loadStore(), setup.branches());
                }
                work.signals(inst.def().signalCount(c) + firing.dynamicSignals());
                charge = model.fire(work.build(), start);
                finish = Math.addExact(start, charge.cost().total());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return fail(seq, inst, c, start, earliest, e, true);
            } catch (ArithmeticException e) {
                return fail(seq, inst, c, start, earliest, new ArithmeticException("the simulated clock would overflow: the firing"
                        + " starts at cycle " + start + " and its cost does not fit a 64-bit cycle count"), true);
            }
            // without an interconnect each host call waits as if it were the only one (the target's alone
            // cost); with one, the SU queues them at the host through it
            Effects effects = firing.effects();
            long[] hostWaits = null;
            if (!effects.hostCalls().isEmpty()) {
                String refused = run.checkHostCalls();
                if (refused != null) {
                    return fail(seq, inst, c, start, earliest, new IllegalArgumentException(refused), true);
                }
                if (!run.contended) {
                    hostWaits = new long[effects.hostCalls().size()];
                    try {
                        for (int i = 0; i < hostWaits.length; i++) {
                            HostRequest q = effects.hostCalls().get(i);
                            hostWaits[i] = q.direct() ? q.offload().cost().total()
                                    : run.target.hostCallCycles(core, q.cost(), finish);
                            finish = Math.addExact(finish, hostWaits[i]);
                        }
                    } catch (ArithmeticException e) {
                        return fail(seq, inst, c, start, earliest, new ArithmeticException("the simulated clock would overflow"
                                + " in the host calls of a firing that starts at cycle " + start), true);
                    }
                }
            }
            freeAt = finish;
            List<DmaChannels.Run> runs = List.of();
            if (dma != null) {
                if (!requests.isEmpty()) {
                    runs = new ArrayList<>(requests.size());
                    for (int i = 0; i < requests.size(); i++) {
                        runs.add(dma.issue(finish, durations[i], i == 0 ? held : -1));
                    }
                } else if (held >= 0) {
                    dma.release(held, finish);
                }
            }
            long hostWaited = hostWaits == null ? 0 : finish - start - charge.cost().total();
            if (spareCount > 0) {
                Fired f = spares[--spareCount];
                spares[spareCount] = null;
                return f.set(cuIndex, seq, inst, c, firingIndex, start, finish, charge, effects, runs, dmaFireWait,
                        hostWaits, hostWaited);
            }
            return new Fired(cuIndex, seq, inst, c, firingIndex, start, finish, charge, effects, runs,
                    dmaFireWait, hostWaits, hostWaited);
        }

        /**
         * The SU is done with answer {@code f} of this core and nothing refers to it any more: the core
         * may overwrite it as a later firing's answer. Only the thread that calls {@link #fire} may call
         * this (the SU with inline bodies); an answer handed back while still read would change under
         * its reader.
         */
        void recycle(Fired f) {
            if (f.cuIndex != cuIndex) {
                throw new IllegalArgumentException("answer of CU " + f.cuIndex + " handed back to CU " + cuIndex);
            }
            if (spareCount < SPARES) {
                spares[spareCount++] = f;
            }
        }

        private Reply fail(long seq, InstanceRef inst, int c, long start, long at, Throwable error, boolean machine) {
            freeAt = at; // the run stops at this failure, so a held DMA channel no longer matters
            return new FiringFailed(cuIndex, seq, inst, c, start, at, error, machine);
        }

        /** This core's totals from its cost model. */
        Totals totals() {
            return new Totals(core, model.counters(), model.codeStats(), model.traffic());
        }
    }
}
