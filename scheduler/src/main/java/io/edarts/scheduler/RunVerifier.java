package io.edarts.scheduler;

import io.edarts.api.TpDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --verify}: an independent check of a finished run's schedule against the codelet model.
 *
 * <h2>Design note</h2>
 * Each SU logs what it consumed (every firing, with its start and finish) and what it sent (every
 * signal, with the cycle it was sent and the firing that sent it, and every new instance). After the
 * run, this class replays the logs on its own, without {@link Dataflow}'s counters: it computes when
 * each signal arrived at its slot's owner (sent, plus the SU-to-SU message cost when the owner is
 * another SU), sorts each slot's arrivals, counts them down from the slot's initial value with its
 * reset value, and so derives when each codelet instance was enabled for the k-th time. Then:
 * <ol>
 *   <li>every signal was sent no earlier than the firing that sent it finished;</li>
 *   <li>the k-th firing of every codelet instance started no earlier than the arrival of the
 *       signal that enabled it for the k-th time (and so of every signal that counted towards it);</li>
 *   <li>no codelet instance fired concurrently with itself: its firings, by start, do not overlap.</li>
 * </ol>
 * A violation names both firings (or the firing and the signal). Logging costs one record per
 * firing and signal, so it is off unless asked for; a passing check changes nothing in the result.
 */
final class RunVerifier {
    /** One consumed firing. */
    record Firing(InstanceRef inst, int codelet, long firing, long start, long finish, int core) {}

    /**
     * One signal sent at {@code sentAt} by SU {@code fromCluster}, by firing {@code fromFiring} of that
     * codelet, or -1 for a continuation the runtime signals when an instance exits.
     */
    record Signal(InstanceRef inst, int slot, long sentAt, int fromCluster, InstanceRef from, int fromCodelet,
                  long fromFiring) {}

    /** A new instance, created at {@code at} by the SU of {@code creator}. */
    record Birth(InstanceRef inst, long at, int creator) {}

    /** One SU's log; written by that SU alone, read after the run. */
    static final class Log {
        final List<Firing> firings = new ArrayList<>();
        final List<Signal> signals = new ArrayList<>();
        final List<Birth> births = new ArrayList<>();

        void firing(InstanceRef inst, int c, long firing, long start, long finish, int core) {
            firings.add(new Firing(inst, c, firing, start, finish, core));
        }

        void signal(InstanceRef inst, int slot, long sentAt, int fromCluster, InstanceRef from, int fromCodelet,
                    long fromFiring) {
            signals.add(new Signal(inst, slot, sentAt, fromCluster, from, fromCodelet, fromFiring));
        }

        void birth(InstanceRef inst, long at, int creator) {
            births.add(new Birth(inst, at, creator));
        }
    }

    private final Log[] logs;

    RunVerifier(int clusters) {
        logs = new Log[clusters];
        for (int k = 0; k < clusters; k++) {
            logs[k] = new Log();
        }
    }

    Log log(int cluster) {
        return logs[cluster];
    }

    private record Key(long inst, int index) {}

    /** An enabling: when, and the signal that brought the slot to zero ({@code null}: born at zero). */
    private record Enabling(long at, Signal by) {}

    /** Checks the logs of a run whose root instance is {@code root}; returns the first violation, or {@code null}. */
    String check(RunContext run, InstanceRef root) {
        Map<Key, List<Firing>> firings = new HashMap<>();
        Map<Long, InstanceRef> instances = new HashMap<>();
        Map<Long, long[]> born = new HashMap<>();   // instance id -> {cycle, creator cluster}
        Map<Key, List<Signal>> arrivals = new HashMap<>();
        instances.put(root.id(), root);
        born.put(root.id(), new long[] {0, -1});
        for (Log log : logs) {
            for (Firing f : log.firings) {
                firings.computeIfAbsent(new Key(f.inst().id(), f.codelet()), k -> new ArrayList<>()).add(f);
                instances.putIfAbsent(f.inst().id(), f.inst());
            }
            for (Birth b : log.births) {
                instances.put(b.inst().id(), b.inst());
                born.put(b.inst().id(), new long[] {b.at(), b.creator()});
            }
            for (Signal s : log.signals) {
                arrivals.computeIfAbsent(new Key(s.inst().id(), s.slot()), k -> new ArrayList<>()).add(s);
                instances.putIfAbsent(s.inst().id(), s.inst());
            }
        }
        for (List<Firing> fs : firings.values()) {
            fs.sort(Comparator.comparingLong(Firing::firing));
        }
        // 1. Signals leave after their firing ends.
        for (List<Signal> ss : arrivals.values()) {
            for (Signal s : ss) {
                if (s.fromFiring() < 0) {
                    continue; // a continuation: the runtime's signal at an instance's exit, sent by no one firing
                }
                Firing by = firing(firings, s.from(), s.fromCodelet(), s.fromFiring());
                if (by == null) {
                    return "a signal to slot '" + s.inst().def().slotName(s.slot()) + "' of " + s.inst().instanceLabel()
                            + " came from firing " + s.fromFiring() + " of '" + s.from().codeletLabel(s.fromCodelet())
                            + "', which the run never consumed";
                }
                if (s.sentAt() < by.finish()) {
                    return "firing " + by.firing() + " of '" + s.from().codeletLabel(s.fromCodelet()) + "' finished at cycle "
                            + by.finish() + " but its signal to slot '" + s.inst().def().slotName(s.slot()) + "' of "
                            + s.inst().instanceLabel() + " left at cycle " + s.sentAt();
                }
            }
        }
        for (InstanceRef inst : sorted(instances)) {
            TpDefinition<Object> def = inst.def();
            long[] b = born.get(inst.id());
            for (int slot = 0; slot < def.slotCount(); slot++) {
                List<Enabling> enablings = enablings(run, inst, slot, b, arrivals.get(new Key(inst.id(), slot)));
                for (int t = 0; t < def.slotTargetCount(slot); t++) {
                    String v = checkCodelet(inst, def.slotTarget(slot, t), enablings,
                            firings.getOrDefault(new Key(inst.id(), def.slotTarget(slot, t)), List.of()));
                    if (v != null) {
                        return v;
                    }
                }
            }
        }
        return null;
    }

    private static List<InstanceRef> sorted(Map<Long, InstanceRef> instances) {
        List<InstanceRef> l = new ArrayList<>(instances.values());
        l.sort(Comparator.comparingLong(InstanceRef::id));
        return l;
    }

    private static Firing firing(Map<Key, List<Firing>> firings, InstanceRef inst, int c, long k) {
        List<Firing> fs = firings.get(new Key(inst.id(), c));
        if (fs == null) {
            return null;
        }
        for (Firing f : fs) {
            if (f.firing() == k) {
                return f;
            }
        }
        return null;
    }

    /** When slot {@code slot} of {@code inst} reached zero, in order, recomputed from the signals' arrivals. */
    private static List<Enabling> enablings(RunContext run, InstanceRef inst, int slot, long[] born, List<Signal> in) {
        TpDefinition<Object> def = inst.def();
        int owner = run.slotOwner(inst, slot);
        List<Enabling> out = new ArrayList<>();
        int count = def.slotInitial(slot);
        if (count == 0) {
            long at = born == null ? 0 : born[1] < 0 || born[1] == owner ? born[0]
                    : RunContext.saturatedAdd(born[0], latency(run, (int) born[1], owner));
            out.add(new Enabling(at, null));
            count = def.slotReset(slot);
        }
        if (in == null) {
            return out;
        }
        List<long[]> times = new ArrayList<>();   // {arrival, index into in}
        for (int i = 0; i < in.size(); i++) {
            Signal s = in.get(i);
            long at = s.fromCluster() == owner ? s.sentAt()
                    : RunContext.saturatedAdd(s.sentAt(), latency(run, s.fromCluster(), owner));
            times.add(new long[] {at, i});
        }
        times.sort(Comparator.comparingLong((long[] t) -> t[0]));
        for (long[] t : times) {
            if (--count == 0) {
                out.add(new Enabling(t[0], in.get((int) t[1])));
                count = def.slotReset(slot);
            }
        }
        return out;
    }

    private static long latency(RunContext run, int from, int to) {
        return run.target.messageCycles(run.machine.clusters().get(from).suCore(),
                run.machine.clusters().get(to).suCore(), run.signalBytes);
    }

    private static String checkCodelet(InstanceRef inst, int c, List<Enabling> enablings, List<Firing> fs) {
        for (Firing f : fs) {
            if (f.firing() >= enablings.size()) {
                return "firing " + f.firing() + " of '" + inst.codeletLabel(c) + "' (cycles " + f.start() + ".."
                        + f.finish() + ") ran, but its slot reached zero only " + enablings.size() + " time(s)";
            }
            Enabling e = enablings.get((int) f.firing());
            if (f.start() < e.at()) {
                return "firing " + f.firing() + " of '" + inst.codeletLabel(c) + "' started at cycle " + f.start()
                        + " before the signal that enabled it arrived at cycle " + e.at()
                        + (e.by() == null ? "" : ", sent by firing " + e.by().fromFiring() + " of '"
                                + e.by().from().codeletLabel(e.by().fromCodelet()) + "'");
            }
        }
        List<Firing> byStart = new ArrayList<>(fs);
        byStart.sort(Comparator.comparingLong(Firing::start).thenComparingLong(Firing::finish));
        for (int i = 1; i < byStart.size(); i++) {
            Firing a = byStart.get(i - 1);
            Firing b = byStart.get(i);
            if (b.start() < a.finish()) {
                return "'" + inst.codeletLabel(c) + "' fired concurrently with itself: firing " + a.firing()
                        + " on core " + a.core() + " ran cycles " + a.start() + ".." + a.finish() + " and firing "
                        + b.firing() + " on core " + b.core() + " ran cycles " + b.start() + ".." + b.finish();
            }
        }
        return null;
    }
}
