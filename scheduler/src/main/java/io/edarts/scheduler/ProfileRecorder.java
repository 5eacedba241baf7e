package io.edarts.scheduler;

import io.edarts.api.TpDefinition;
import io.edarts.cam.FiringCost;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.PackedHistogram;

/**
 * One SU's part of the run's {@link RunProfile}, counted as the SU consumes completions and makes
 * decisions. Per firing it costs an identity-map lookup by procedure definition and a few additions;
 * a group's histogram is made only at its second firing (a random DAG's codelets fire once each), and
 * it is a {@link PackedHistogram}, whose memory follows the values it holds, so a run of a million
 * distinct codelets holds no million histograms. Every sum and histogram is commutative, so the
 * merged profile does not depend on the order in which SUs or firings were counted.
 */
final class ProfileRecorder {
    /** What a recorder hands over: its groups by sorted key; the recorder keeps no reference to it. */
    record Part(Map<List<String>, Acc> codelets, Map<Integer, Acc> cores, Map<Integer, Long> decideFloor) {}

    /** One group's counts. Mutable, owned by one SU until it is handed over, then by the merge. */
    static final class Acc {
        long calls;
        long dispatch;
        long code;
        long body;
        long signal;
        long contention;
        long decide;
        long host;
        long wait;
        long slotWait;
        long max;
        private long first;
        private AbstractHistogram histogram;

        void record(long cycles) {
            if (calls == 0) {
                first = cycles;
            } else {
                histogram().recordValue(cycles);
            }
            calls++;
            max = Math.max(max, cycles);
        }

        private AbstractHistogram histogram() {
            if (histogram == null) {
                histogram = new PackedHistogram(3);
                if (calls > 0) {
                    histogram.recordValue(first);
                }
            }
            return histogram;
        }

        void add(Acc o) {
            if (o.calls == 0) {
                return;
            }
            if (calls == 0) {
                first = o.first;
                histogram = o.histogram == null ? null : o.histogram.copy();
            } else if (o.histogram != null) {
                histogram().add(o.histogram);
            } else {
                histogram().recordValue(o.first);
            }
            calls += o.calls;
            dispatch += o.dispatch;
            code += o.code;
            body += o.body;
            signal += o.signal;
            contention += o.contention;
            decide += o.decide;
            host += o.host;
            wait += o.wait;
            slotWait += o.slotWait;
            max = Math.max(max, o.max);
        }

        private long percentile(double p) {
            if (calls == 0) {
                return 0;
            }
            return histogram == null ? first : histogram.getValueAtPercentile(p);
        }

        RunProfile.Stats stats() {
            return new RunProfile.Stats(calls, new RunProfile.Phases(dispatch, code, body, signal, contention, decide, host),
                    wait, slotWait, percentile(50), percentile(99), max);
        }
    }

    private IdentityHashMap<TpDefinition<?>, Acc[]> byDefinition = new IdentityHashMap<>();
    private IdentityHashMap<TpDefinition<?>, String[]> codeNames = new IdentityHashMap<>();
    private Acc[] cores = new Acc[16];
    /** The least one decision costs on the SU's core, and that core (-1 until the SU says). */
    private long decisionFloor;
    private int suCore = -1;

    /** One decision on SU core {@code core} costs at least {@code cycles}, whatever the pools hold. */
    void decisionFloor(int core, long cycles) {
        suCore = core;
        decisionFloor = cycles;
    }

    /** {@link #firing(TpDefinition, int, String, int, long, long, FiringCost, long, long)} of a firing without host calls. */
    void firing(TpDefinition<?> def, int k, String codeName, int core, long start, long finish, FiringCost cost,
                long enabledAt) {
        firing(def, k, codeName, core, start, finish, cost, enabledAt, 0);
    }

    /**
     * A consumed firing of codelet {@code k} of {@code def}, which ran code object {@code codeName}
     * on {@code core} from {@code start} to {@code finish}, charged {@code cost}, enabled at {@code enabledAt},
     * and waited {@code hostWait} of those cycles for the host's answers to its host calls.
     */
    void firing(TpDefinition<?> def, int k, String codeName, int core, long start, long finish, FiringCost cost,
                long enabledAt, long hostWait) {
        Acc codelet = codeletAcc(def, k, codeName);
        long cycles = finish - start;
        // the mesh's share is what the firing held its core beyond its charge and its host waits
        // (never negative: the contended replay ends a firing no earlier than its charge)
        long host = Math.max(0, Math.min(hostWait, cycles - cost.total()));
        long contention = cycles - cost.total() - host;
        for (Acc a : new Acc[] {codelet, coreAcc(core)}) {
            a.record(cycles);
            a.dispatch += cost.dispatch();
            a.code += cost.code();
            a.body += cost.body();
            a.signal += cost.signal();
            a.contention += contention;
            a.host += host;
            a.wait += Math.max(0, start - enabledAt);
        }
    }

    /**
     * Codelet {@code k} of {@code def} was placed on {@code core} after waiting {@code cycles} in the
     * SU's ready queue since it was enabled: for a pool slot (a credit) or for the SU.
     */
    void placed(TpDefinition<?> def, int k, String codeName, int core, long cycles) {
        long w = Math.max(0, cycles);
        codeletAcc(def, k, codeName).slotWait += w;
        coreAcc(core).slotWait += w;
    }

    private Acc codeletAcc(TpDefinition<?> def, int k, String codeName) {
        Acc[] accs = byDefinition.get(def);
        if (accs == null) {
            accs = new Acc[def.codeletCount()];
            byDefinition.put(def, accs);
            codeNames.put(def, new String[def.codeletCount()]);
        }
        if (accs[k] == null) {
            accs[k] = new Acc();
            codeNames.get(def)[k] = codeName;
        }
        return accs[k];
    }

    /** An SU decision that kept {@code core} busy {@code cycles}. */
    void decision(int core, long cycles) {
        Acc a = coreAcc(core);
        a.record(cycles);
        a.decide += cycles;
    }

    private Acc coreAcc(int core) {
        if (core >= cores.length) {
            cores = java.util.Arrays.copyOf(cores, Math.max(core + 1, cores.length * 2));
        }
        if (cores[core] == null) {
            cores[core] = new Acc();
        }
        return cores[core];
    }

    /** Hands the part over; the recorder must not be used afterwards. */
    Part close() {
        Map<List<String>, Acc> codelets = new TreeMap<>(ProfileRecorder::compareKeys);
        for (Map.Entry<TpDefinition<?>, Acc[]> e : byDefinition.entrySet()) {
            TpDefinition<?> def = e.getKey();
            Acc[] accs = e.getValue();
            for (int k = 0; k < accs.length; k++) {
                if (accs[k] != null && accs[k].calls > 0) {
                    List<String> key = List.of(def.name(), def.codeletName(k), codeNames.get(def)[k]);
                    codelets.computeIfAbsent(key, x -> new Acc()).add(accs[k]);
                }
            }
        }
        Map<Integer, Acc> byCore = new TreeMap<>();
        for (int c = 0; c < cores.length; c++) {
            if (cores[c] != null) {
                byCore.put(c, cores[c]);
            }
        }
        Map<Integer, Long> floor = new TreeMap<>();
        if (suCore >= 0 && byCore.containsKey(suCore)) {
            floor.put(suCore, decisionFloor * byCore.get(suCore).calls);
        }
        byDefinition = null;
        codeNames = null;
        cores = null;
        return new Part(codelets, byCore, floor);
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Joins the SUs' parts into the run's profile. */
    static RunProfile merge(List<Part> parts) {
        Map<List<String>, Acc> codelets = new TreeMap<>(ProfileRecorder::compareKeys);
        Map<Integer, Acc> cores = new TreeMap<>();
        Map<Integer, Long> floor = new TreeMap<>();
        for (Part p : parts) {
            p.decideFloor().forEach((k, v) -> floor.merge(k, v, Long::sum));
            p.codelets().forEach((k, a) -> codelets.computeIfAbsent(k, x -> new Acc()).add(a));
            p.cores().forEach((k, a) -> cores.computeIfAbsent(k, x -> new Acc()).add(a));
        }
        Map<String, Acc> code = new TreeMap<>();
        List<RunProfile.Codelet> list = new ArrayList<>();
        for (Map.Entry<List<String>, Acc> e : codelets.entrySet()) {
            List<String> k = e.getKey();
            list.add(new RunProfile.Codelet(k.get(0), k.get(1), k.get(2), e.getValue().stats()));
            code.computeIfAbsent(k.get(2), x -> new Acc()).add(e.getValue());
        }
        return new RunProfile(list,
                code.entrySet().stream().map(e -> new RunProfile.CodeObject(e.getKey(), e.getValue().stats())).toList(),
                cores.entrySet().stream().map(e -> new RunProfile.Core(e.getKey(), e.getValue().stats(),
                        floor.getOrDefault(e.getKey(), 0L))).toList());
    }
}
