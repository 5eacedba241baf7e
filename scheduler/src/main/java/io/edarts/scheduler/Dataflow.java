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
 * <p>Ownership: each slot and each codelet belongs to exactly one SU ({@link RunContext#ownerOf}),
 * which alone holds its {@link InstanceState}; other SUs only ever see the immutable
 * {@link InstanceRef}. Single-threaded: owned by the SU actor.
 */
final class Dataflow {
    /** What the dataflow asks of its SU. */
    interface Sink {
        /** Codelet {@code c} of {@code s} was enabled at {@code at} (its {@code firing}-th enabling). */
        void enabled(InstanceState s, int c, long firing, long at);

        /** Slot {@code slot} of {@code inst} belongs to cluster {@code owner}: forward it. */
        void forward(int owner, InstanceRef inst, int slot, SignalKind kind);

        /** {@code inst} exited: tell the SU of cluster {@code other}, for its end-of-run accounting. */
        void exited(int other, InstanceRef inst);

        /** The run fails at {@code at}. */
        void fail(long at, String message);
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
        FIRST_FIRING
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

    private InstanceState state(InstanceRef ref) {
        return states.computeIfAbsent(ref.id(), id -> new InstanceState(ref));
    }

    /** The root starts: enable the codelets of its zero slots that this SU owns. */
    void start(InstanceRef root) {
        state(root);
        for (int slot = 0; slot < root.def().slotCount(); slot++) {
            if (root.def().slotInitial(slot) == 0 && run.slotOwner(root, slot) == cluster) {
                zero(state(root), slot, 0);
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
        long n = ++created;
        long id = cluster + (long) run.clusters * n;
        int home = (int) ((cluster + n) % run.clusters);
        InstanceRef child = InstanceRef.of(id, def, frame, home, cluster, onDone);
        state(child);
        for (int slot = 0; slot < def.slotCount(); slot++) {
            if (def.slotInitial(slot) == 0) {
                int owner = run.slotOwner(child, slot);
                if (owner == cluster) {
                    zero(state(child), slot, at);
                } else {
                    sink.forward(owner, child, slot, SignalKind.INITIAL);
                }
            }
        }
        return child;
    }

    /** A forwarded slot message from another SU. */
    void received(InstanceRef inst, int slot, SignalKind kind, long at) {
        switch (kind) {
            case SIGNAL -> signal(inst, slot, at);
            case INITIAL -> zero(state(inst), slot, at);
            case EXIT -> finish(inst, at);
            case FIRST_FIRING -> firstFiring(inst, at);
            default -> throw new IllegalStateException("unknown signal kind " + kind);
        }
    }

    /** Decrements slot {@code slot} of {@code inst}, here or at its owner. */
    void signal(InstanceRef inst, int slot, long at) {
        int owner = run.slotOwner(inst, slot);
        if (owner != cluster) {
            sink.forward(owner, inst, slot, SignalKind.SIGNAL);
            return;
        }
        InstanceState s = state(inst);
        int left = --s.counts[slot];
        if (left == 0) {
            zero(s, slot, at);
        } else if (left < 0) {
            sink.fail(at, "slot '" + inst.def().slotName(slot) + "' of " + inst.def().name() + "#" + inst.id()
                    + " was signalled after reaching zero (reset value " + inst.def().slotReset(slot) + ") at cycle "
                    + at);
        }
    }

    /**
     * Codelet {@code c} of {@code inst} fired: its completion, and what it signalled and invoked,
     * were consumed at {@code at}.
     */
    void fired(InstanceRef inst, int c, long at) {
        InstanceState s = state(inst);
        if (s.fired[c]++ == 0 && inst.onDone() != null && !inst.def().hasResetSlots()) {
            // A procedure that cannot loop is done when each codelet has fired once; its home counts.
            if (inst.home() == cluster) {
                firstFiring(inst, at);
            } else {
                sink.forward(inst.home(), inst, c, SignalKind.FIRST_FIRING);
            }
        }
    }

    private void firstFiring(InstanceRef inst, long at) {
        InstanceState s = state(inst);
        if (++s.firstFirings == inst.def().codeletCount()) {
            finish(inst, at);
        }
    }

    /**
     * At the home of {@code inst}: it exited, so its continuation is signalled, once (a later exit,
     * by another codelet or by the last first firing, changes nothing). Only the home decides, so
     * the continuation's time does not depend on which SU saw the exit first.
     */
    private void finish(InstanceRef inst, long at) {
        InstanceState s = state(inst);
        if (s.finished) {
            return;
        }
        s.finished = true;
        io.edarts.api.SlotRef done = inst.onDone();
        signal((InstanceRef) done.token(), done.slot(), at);
    }

    /**
     * {@code inst} exits by a codelet's {@code exit()} consumed at {@code at}: as {@link #exit(InstanceRef)},
     * and its home signals its continuation (a simulated message when the home is another SU).
     */
    void exit(InstanceRef inst, long at) {
        exit(inst);
        if (inst.onDone() == null) {
            return;
        }
        if (inst.home() == cluster) {
            finish(inst, at);
        } else {
            sink.forward(inst.home(), inst, 0, SignalKind.EXIT);
        }
    }

    /**
     * {@code inst} exits: mark it here and tell every other SU. Exit is bookkeeping, not a message on
     * the simulated mesh: it only decides which never-fired codelets the end-of-run report lists.
     */
    void exit(InstanceRef inst) {
        exited(inst);
        for (int other = 0; other < run.clusters; other++) {
            if (other != cluster) {
                sink.exited(other, inst);
            }
        }
    }

    /** Another SU said {@code inst} exited. */
    void exited(InstanceRef inst) {
        state(inst).exited = true;
    }

    private void zero(InstanceState s, int slot, long at) {
        s.counts[slot] = s.ref.def().slotReset(slot);
        for (int t = 0; t < s.ref.def().slotTargetCount(slot); t++) {
            int c = s.ref.def().slotTarget(slot, t);
            sink.enabled(s, c, s.enabled[c]++, at);
        }
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
                if (s.fired[c] == 0 && run.ownerOf(s.ref, c) == cluster) {
                    count++;
                    if (labels.size() < limit) {
                        int slot = def.enablingSlot(c);
                        int owner = run.slotOwner(s.ref, slot);
                        String counts = owner == cluster ? " (slot count " + s.counts[slot] + " of "
                                + def.slotInitial(slot) + ")" : "";
                        labels.add(s.ref.codeletLabel(c) + counts);
                    }
                }
            }
        }
        return new Unfired(List.copyOf(labels), count);
    }
}
