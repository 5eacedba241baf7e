package io.edarts.scheduler;

import io.edarts.api.TpDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An SU's part of the program's dataflow state: the slots and codelets it owns of every
 * threaded-procedure instance it has heard of, and the codelet model's rules on them. A signal
 * decrements a slot; at zero the slot is reset to its reset value and enables its codelets; a slot
 * owned by another SU is forwarded to it. Signals below zero fail the run.
 *
 * <h2>Design note: one firing of a codelet instance at a time</h2>
 * A codelet instance (a codelet of one threaded-procedure instance) is enabled at most once at a
 * time: re-enabling it while a firing of it is still pending (queued, placed, running, or completed
 * but not yet consumed by this SU) fails the run, naming the codelet, the slot, the signalling
 * codelet and the cycle. We chose failing over queueing the re-firing because in the codelet model
 * a slot counts the dependencies of one firing and a codelet is non-preemptive work on its
 * instance's frame: a program whose slot reaches zero again before the previous firing is done has
 * lost the dependency that orders the two firings (typically a stateful stage re-armed by a faster
 * producer), and silently queueing would hide that the program, run on a real codelet runtime,
 * would race on its frame. The fix is in the program: make the slot also wait for the codelet's own
 * completion (one more count, signalled by the codelet itself), which is what a serial pipeline
 * stage is. This SU can decide it alone: a codelet's enabling slot has one owner, which enables,
 * places and consumes every firing of it ({@code enabled} and {@code fired} counts side by side).
 * The check is two array reads per enabled codelet; messages are built only on failure.
 *
 * <p>Exited instances. Signalling a slot of an instance that has exited fails the run, naming the
 * slot, the instance and the signaller. Another SU's exit counts from when news of it could have
 * arrived here (its cycle plus the SU-to-SU latency, at least one cycle), which the time keeper's
 * windows guarantee the {@code Exited} message has by then, so the outcome never depends on host
 * timing.
 *
 * <p>Ownership: each slot and each codelet belongs to exactly one SU ({@link RunContext#ownerOf}),
 * which alone holds its {@link InstanceState}; other SUs only ever see the immutable
 * {@link InstanceRef}. Single-threaded: owned by the SU actor.
 */
final class Dataflow {
    /** What the dataflow asks of its SU. */
    interface Sink {
        /** Codelet {@code c} of {@code s} was enabled at {@code at} (its {@code firing}-th enabling). */
        void enabled(InstanceState s, int c, long firing, long at);

        /**
         * Slot {@code slot} of {@code inst} belongs to cluster {@code owner}: forward it, with its
         * signaller (codelet {@code fromCodelet} of {@code from}, or {@code null} for none).
         */
        void forward(int owner, InstanceRef inst, int slot, SignalKind kind, InstanceRef from, int fromCodelet);

        /** {@code inst} exited at {@code at}: tell the SU of cluster {@code other}. */
        void exited(int other, InstanceRef inst, long at);

        /** The run fails at {@code at}. */
        void fail(long at, String message);

        /**
         * The runtime signals slot {@code slot} of {@code target} at {@code at}: the continuation of
         * {@code from}, which exited (its codelet {@code by} last). For {@code --verify}'s log.
         */
        default void continued(InstanceRef target, int slot, long at, InstanceRef from, int by) {
        }

        /** In the SU tree: {@code inst}, whose home this SU is, ended at {@code at} ({@link TopScheduler}). */
        default void ended(InstanceRef inst, long at) {
        }

        /** {@code inst}, an instance the stream admitted here ({@link Admissions}), ended at {@code at}. */
        default void streamEnded(InstanceRef inst, long at) {
        }
    }

    /** What a forwarded slot message means. */
    enum SignalKind {
        /** Decrement the slot. */
        SIGNAL,
        /** The slot was born at zero in a new instance: enable its codelets. */
        INITIAL,
        /** To the instance's home: it exited ({@code slot} unused). */
        EXIT,
        /** To the instance's home: codelet {@code slot} fired for the first time. */
        FIRST_FIRING,
        /** To the owner of codelet {@code slot}: a slot another SU owns reached zero and enables it. */
        ENABLE
    }

    private final RunContext run;
    private final int cluster;
    private final Sink sink;
    private final Map<Long, InstanceState> states = new HashMap<>();
    private long created;

    Dataflow(RunContext run, int cluster, Sink sink) {
        this.run = run;
        this.cluster = cluster;
        this.sink = sink;
    }

    /** The state looked up last: most signals of a firing go to its own instance (states are never removed). */
    private InstanceState last;

    private InstanceState state(InstanceRef ref) {
        InstanceState s = last;
        if (s != null && s.ref.id() == ref.id()) {
            return s;
        }
        s = states.get(ref.id());
        if (s == null) {
            s = new InstanceState(ref, run.layout(ref), cluster);
            states.put(ref.id(), s);
        }
        last = s;
        return s;
    }

    /**
     * Whether {@code inst}'s end frees buffers: an invoked instance with frame buffers (the root's
     * are static). Its home then learns of its end as it learns of one with a continuation.
     */
    private static boolean freesAtEnd(InstanceRef inst) {
        return inst.memory() != null && inst.id() != 0;
    }

    /** Whether {@code inst}'s home learns of its end: to signal its continuation, free it, or tell the top SU. */
    private boolean tracked(InstanceRef inst) {
        return inst.onDone() != null || freesAtEnd(inst) || (run.tree && inst.id() != 0);
    }

    /** The root starts: enable the codelets of its zero slots that this SU owns. */
    void start(InstanceRef root) {
        state(root);
        for (int slot = 0; slot < root.def().slotCount(); slot++) {
            if (root.def().slotInitial(slot) == 0 && run.slotOwner(root, slot) == cluster) {
                zero(state(root), slot, run.startCycle, null, -1);
            }
        }
    }

    /** A new instance of {@code def}, created by this SU at {@code at}; its zero slots fire. */
    InstanceRef invoke(TpDefinition<?> def, Object frame, long at) {
        return invoke(def, frame, null, at);
    }

    /**
     * A new instance of {@code def} whose exit signals {@code onDone} (null: none), created by this
     * SU at {@code at}; its zero slots fire.
     */
    InstanceRef invoke(TpDefinition<?> def, Object frame, io.edarts.api.SlotRef onDone, long at) {
        return invoke(def, frame, onDone, at, false);
    }

    /**
     * A streamed instance of {@code def}, admitted by this SU at {@code at} and homed here, so that
     * this SU hears of its end ({@link Admissions}); its zero slots fire.
     */
    InstanceRef admit(TpDefinition<?> def, Object frame, long index, long at) {
        return invoke(def, frame, io.edarts.api.SlotRef.of(Admissions.DONE, index, 0), at, true);
    }

    private InstanceRef invoke(TpDefinition<?> def, Object frame, io.edarts.api.SlotRef onDone, long at, boolean here) {
        long n = ++created;
        long id = cluster + (long) run.clusters * n;
        // an instance with frame buffers lives where they were allocated: its creator frees them
        InstanceMemory memory = InstanceMemory.needed(def)
                ? InstanceMemory.allocate(def, frame, run.plan(cluster), def.name() + "#" + id) : null;
        // in the SU tree the top SU chose this cluster ({@link TopScheduler})
        int home = memory != null || run.tree || here ? cluster : (int) ((cluster + n) % run.clusters);
        InstanceRef child = InstanceRef.of(id, def, frame, home, cluster, onDone, memory);
        state(child);
        for (int slot = 0; slot < def.slotCount(); slot++) {
            if (def.slotInitial(slot) == 0) {
                int owner = run.slotOwner(child, slot);
                if (owner == cluster) {
                    zero(state(child), slot, at, null, -1);
                } else {
                    sink.forward(owner, child, slot, SignalKind.INITIAL, null, -1);
                }
            }
        }
        return child;
    }

    /** A forwarded slot message from another SU, signalled by codelet {@code fromCodelet} of {@code from}. */
    void received(InstanceRef inst, int slot, SignalKind kind, long at, InstanceRef from, int fromCodelet) {
        switch (kind) {
            case SIGNAL -> signal(inst, slot, at, from, fromCodelet);
            case INITIAL -> zero(state(inst), slot, at, from, fromCodelet);
            case EXIT -> finish(inst, at, fromCodelet);
            case FIRST_FIRING -> firstFiring(inst, at, fromCodelet);
            case ENABLE -> enable(state(inst), slot, inst.def().enablingSlot(slot), at, from, fromCodelet);
            default -> throw new IllegalStateException("unknown signal kind " + kind);
        }
    }

    /**
     * Decrements slot {@code slot} of {@code inst}, here or at its owner; the signaller is codelet
     * {@code fromCodelet} of {@code from} ({@code null}: none), named if the signal fails the run.
     */
    void signal(InstanceRef inst, int slot, long at, InstanceRef from, int fromCodelet) {
        int owner = run.slotOwner(inst, slot);
        if (owner != cluster) {
            sink.forward(owner, inst, slot, SignalKind.SIGNAL, from, fromCodelet);
            return;
        }
        InstanceState s = state(inst);
        if (s.exitKnownAt >= 0 && at >= s.exitKnownAt) {
            sink.fail(at, "slot '" + inst.def().slotName(slot) + "' of " + inst.instanceLabel() + " was signalled by "
                    + signaller(from, fromCodelet) + " at cycle " + at + ", after the instance exited (cycle "
                    + s.exitedAt + "): an exited instance takes no more signals");
            return;
        }
        int left = s.decrement(slot);
        if (left == 0) {
            zero(s, slot, at, from, fromCodelet);
        } else if (left < 0) {
            sink.fail(at, "slot '" + inst.def().slotName(slot) + "' of " + inst.instanceLabel()
                    + " was signalled by " + signaller(from, fromCodelet) + " after reaching zero (reset value "
                    + inst.def().slotReset(slot) + ") at cycle " + at);
        }
    }

    private static String signaller(InstanceRef from, int fromCodelet) {
        return from == null ? "the run" : "'" + from.codeletLabel(fromCodelet) + "'";
    }

    /**
     * Codelet {@code c} of {@code inst} fired: its completion is being consumed. Counted before the
     * firing's own signals, so a codelet that re-arms itself is not still pending.
     *
     * @return whether it was the codelet's first firing in this instance
     */
    boolean fired(InstanceRef inst, int c) {
        return state(inst).countFiring(c) == 0;
    }

    /**
     * The first firing of codelet {@code c} of {@code inst}, and what it signalled and invoked, were
     * consumed at {@code at}: a procedure that cannot loop is done when each codelet has fired once.
     */
    void firstFiringConsumed(InstanceRef inst, int c, long at) {
        if (tracked(inst) && !inst.def().hasResetSlots()) {
            // its home counts
            if (inst.home() == cluster) {
                firstFiring(inst, at, c);
            } else {
                sink.forward(inst.home(), inst, c, SignalKind.FIRST_FIRING, inst, c);
            }
        }
    }

    private void firstFiring(InstanceRef inst, long at, int by) {
        InstanceState s = state(inst);
        if (++s.firstFirings == inst.def().codeletCount()) {
            finish(inst, at, by);
        }
    }

    /**
     * At the home of {@code inst}: it exited, so its continuation is signalled, once (a later exit,
     * by another codelet or by the last first firing, changes nothing), naming codelet {@code by} of
     * {@code inst} as the signaller. Only the home decides, so the continuation's time does not
     * depend on which SU saw the exit first.
     */
    private void finish(InstanceRef inst, long at, int by) {
        InstanceState s = state(inst);
        if (s.finished) {
            return;
        }
        s.finished = true;
        if (run.tree && inst.id() != 0) {
            sink.ended(inst, at);
        }
        if (freesAtEnd(inst)) {
            inst.memory().free(run.plan(cluster)); // the home is the creator, whose plan allocated them
        }
        io.edarts.api.SlotRef done = inst.onDone();
        if (done == null) {
            return;
        }
        if (done.token() == Admissions.DONE) {
            sink.streamEnded(inst, at);
            return;
        }
        sink.continued((InstanceRef) done.token(), done.slot(), at, inst, by);
        signal((InstanceRef) done.token(), done.slot(), at, inst, by);
    }

    /**
     * {@code inst} exits at {@code at}: mark it here and tell every other SU. Exit is bookkeeping, not
     * a message on the simulated mesh: it decides which never-fired codelets the end-of-run report
     * lists, and that later signals to the instance fail the run.
     */
    void exit(InstanceRef inst, long at, int by) {
        InstanceState s = state(inst);
        s.exited = true;
        s.exitedAt = at;
        s.exitKnownAt = at;
        for (int other = 0; other < run.clusters; other++) {
            if (other != cluster) {
                sink.exited(other, inst, at);
            }
        }
        // its home signals its continuation (a simulated message when the home is another SU) and
        // frees its buffers
        if (tracked(inst)) {
            if (inst.home() == cluster) {
                finish(inst, at, by);
            } else {
                sink.forward(inst.home(), inst, 0, SignalKind.EXIT, inst, by);
            }
        }
    }

    /**
     * The SU of cluster {@code from} said {@code inst} exited at {@code at}. Signals count as late
     * from when that news could have reached this SU, so the outcome never depends on host timing.
     */
    void exited(InstanceRef inst, long at, int from) {
        InstanceState s = state(inst);
        s.exited = true;
        long latency = Math.max(1, run.target.messageCycles(run.machine.clusters().get(from).suCore(),
                run.machine.clusters().get(cluster).suCore(), run.signalBytes));
        long known = RunContext.saturatedAdd(at, latency);
        if (s.exitKnownAt < 0 || known < s.exitKnownAt) {
            s.exitedAt = at;
            s.exitKnownAt = known;
        }
    }

    private void zero(InstanceState s, int slot, long at, InstanceRef from, int fromCodelet) {
        TpDefinition<Object> def = s.ref.def();
        s.setCount(slot, def.slotReset(slot));
        for (int t = 0; t < def.slotTargetCount(slot); t++) {
            int c = def.slotTarget(slot, t);
            int owner = run.ownerOf(s.ref, c);
            if (owner != cluster) {
                // a slot's targets may belong to other clusters (affinity, or the root's spread):
                // each fires where it is owned, so its firings are counted where its owner looks
                sink.forward(owner, s.ref, c, SignalKind.ENABLE, from, fromCodelet);
                continue;
            }
            enable(s, c, slot, at, from, fromCodelet);
        }
    }

    /** Codelet {@code c}, owned here, enabled by {@code slot} reaching zero. */
    private void enable(InstanceState s, int c, int slot, long at, InstanceRef from, int fromCodelet) {
        TpDefinition<Object> def = s.ref.def();
        if (s.enabled(c) > s.fired(c)) {
            sink.fail(at, "codelet '" + s.ref.codeletLabel(c) + "' was enabled again at cycle " + at
                    + " by slot '" + def.slotName(slot) + "', signalled by " + signaller(from, fromCodelet)
                    + ", while its firing " + s.fired(c) + " is still pending (queued, running or completing):"
                    + " an instance of a codelet fires once at a time; make its slot also wait for the"
                    + " codelet's own completion (one more count, signalled by the codelet itself)");
            return;
        }
        sink.enabled(s, c, s.countEnabling(c), at);
    }

    /** What never fired: "label (slot count n of m)" for at most {@code limit} codelets, and how many. */
    record Unfired(List<String> labels, long count) {}

    /** The codelets this SU owns that never fired, in instances that did not exit, by instance id. */
    Unfired unfired(int limit) {
        List<InstanceState> pending = new ArrayList<>(states.values());
        pending.sort(Comparator.comparingLong(s -> s.ref.id()));
        List<String> labels = new ArrayList<>();
        long count = 0;
        for (InstanceState s : pending) {
            if (s.exited) {
                continue;
            }
            TpDefinition<Object> def = s.ref.def();
            for (int c = 0; c < def.codeletCount(); c++) {
                if (s.fired(c) == 0 && run.ownerOf(s.ref, c) == cluster) {
                    count++;
                    if (labels.size() < limit) {
                        int slot = def.enablingSlot(c);
                        int owner = run.slotOwner(s.ref, slot);
                        String counts = owner == cluster ? " (slot count " + s.count(slot) + " of "
                                + def.slotInitial(slot) + ")" : "";
                        labels.add(s.ref.codeletLabel(c) + counts);
                    }
                }
            }
        }
        return new Unfired(List.copyOf(labels), count);
    }
}
