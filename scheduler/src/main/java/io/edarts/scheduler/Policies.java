package io.edarts.scheduler;

import java.util.List;
import java.util.function.Supplier;

/**
 * The placement policies known by name: one list, from which the command line's help and
 * {@code edarts list} are derived. Each run gets fresh instances (one per SU). Affinity is a
 * preference every policy weighs in its own way (said in each summary), never a pin.
 */
public final class Policies {
    public static final String DEFAULT = "round-robin";

    private record Entry(String name, String summary, Supplier<PlacementPolicy> factory) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry("round-robin", "deals codelets to the CUs in turn, as eDARTS does; "
                    + "the affinity CU first when it has room", RoundRobin::new),
            new Entry("least-loaded", "the CU with the fewest unfinished codelets; "
                    + "the affinity CU when it is no more loaded", LeastLoaded::new),
            new Entry("critical-path", "work-conserving list scheduler: the ready codelet with the longest path "
                    + "to the end goes to an idle CU first; the affinity CU when it is idle", CriticalPath::new),
            new Entry("code-locality", "prefers a CU that already holds the codelet's code, the least loaded "
                    + "of them; the affinity CU first when it has room", CodeLocality::new),
            new Entry("data-locality", "the CU with room whose core moves least data for the codelet's declared "
                    + "buffers (reads/writes: the target's uncontended cost from that core), ties by load; "
                    + "the affinity CU first when it has room", DataLocality::new),
            new Entry("hierarchical", "SUs in a tree on a machine cut into clusters (DARTS' TP scheduler over its "
                    + "codelet schedulers): a top SU on cluster 0's SU core deals each invoked threaded procedure to "
                    + "the cluster with the fewest live ones, each cluster SU deals codelets to its CUs in turn as "
                    + "round-robin does; the affinity CU first when it has room", Hierarchical::new));

    private Policies() {}

    /** The names, in a fixed order. */
    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    /**
     * One line saying what the policy does and how it weighs affinity.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static String summary(String name) {
        return entry(name).summary();
    }

    /** @throws IllegalArgumentException for an unknown name, listing the known ones */
    public static Supplier<PlacementPolicy> byName(String name) {
        return entry(name).factory();
    }

    private static Entry entry(String name) {
        for (Entry e : ENTRIES) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + name + "': expected one of "
                + String.join(", ", names()));
    }

    /** Deals codelets to the CUs in turn, as eDARTS does, skipping pools that are full. */
    static final class RoundRobin implements PlacementPolicy {
        private int next;
        private int examined;

        @Override
        public String name() {
            return "round-robin";
        }

        @Override
        public int choose(View v, int affinityCu) {
            int n = v.cuCount();
            examined = 0;
            if (affinityCu >= 0 && v.capable(affinityCu) && v.freeSlots(affinityCu) > 0) {
                examined = 1;
                return affinityCu;
            }
            for (int i = 0; i < n; i++) {
                int k = (next + i) % n;
                examined++;
                if (v.capable(k) && v.freeSlots(k) > 0) {
                    next = (k + 1) % n;
                    return k;
                }
            }
            return -1;
        }

        @Override
        public int examined() {
            return examined;
        }
    }

    /** Places each codelet on the capable CU with the fewest unfinished codelets (lowest index on ties). */
    static final class LeastLoaded implements PlacementPolicy {
        private int examined;

        @Override
        public String name() {
            return "least-loaded";
        }

        @Override
        public int choose(View v, int affinityCu) {
            int n = v.cuCount();
            examined = n;
            int best = -1;
            for (int k = 0; k < n; k++) {
                if (v.capable(k) && v.freeSlots(k) > 0 && (best < 0 || v.load(k) < v.load(best))) {
                    best = k;
                }
            }
            if (affinityCu >= 0 && best >= 0 && v.capable(affinityCu) && v.freeSlots(affinityCu) > 0
                    && v.load(affinityCu) <= v.load(best)) {
                return affinityCu;
            }
            return best;
        }

        @Override
        public int examined() {
            return examined;
        }
    }

    /**
     * A work-conserving list scheduler: the ready codelet with the longest path to the end goes first,
     * and only to an idle CU, so no CU waits behind a pool while another is idle (Graham's bound
     * holds: makespan <= work / CUs + critical path on a machine without overheads).
     */
    static final class CriticalPath implements PlacementPolicy {
        private int examined;

        @Override
        public String name() {
            return "critical-path";
        }

        @Override
        public boolean prioritizesCriticalPath() {
            return true;
        }

        @Override
        public int choose(View v, int affinityCu) {
            int n = v.cuCount();
            if (affinityCu >= 0 && v.capable(affinityCu) && v.load(affinityCu) == 0) {
                examined = 1;
                return affinityCu;
            }
            examined = 0;
            for (int k = 0; k < n; k++) {
                examined++;
                if (v.capable(k) && v.load(k) == 0) {
                    return k;
                }
            }
            return -1;
        }

        @Override
        public int examined() {
            return examined;
        }
    }

    /**
     * Prefers a CU that already holds the codelet's code in its local memory (so the firing hits the
     * cache instead of copying the code or executing it remotely), the least loaded of them; without
     * one, the least-loaded CU. Affinity still wins when its CU has room.
     */
    static final class CodeLocality implements PlacementPolicy {
        private int examined;

        @Override
        public String name() {
            return "code-locality";
        }

        @Override
        public boolean readsCodeResidency() {
            return true;
        }

        @Override
        public int choose(View v, int affinityCu) {
            int n = v.cuCount();
            examined = n;
            if (affinityCu >= 0 && v.capable(affinityCu) && v.freeSlots(affinityCu) > 0) {
                return affinityCu;
            }
            int holder = -1;
            int any = -1;
            for (int k = 0; k < n; k++) {
                if (!v.capable(k) || v.freeSlots(k) == 0) {
                    continue;
                }
                if (any < 0 || v.load(k) < v.load(any)) {
                    any = k;
                }
                if (v.holdsCode(k) && (holder < 0 || v.load(k) < v.load(holder))) {
                    holder = k;
                }
            }
            return holder >= 0 ? holder : any;
        }

        @Override
        public int examined() {
            return examined;
        }
    }

    /**
     * Places a codelet where its declared data is cheapest to reach: the capable CU with room whose
     * {@link View#dataCycles} is least (the target's uncontended cost of the codelet's reads and
     * writes from that core), then the least loaded, then the lowest index. A codelet that declares
     * no data is placed as least-loaded places it. Affinity still wins when its CU has room.
     * Round-robin and least-loaded never look at data, so runs can compare the two.
     */
    static final class DataLocality implements PlacementPolicy {
        private int examined;

        @Override
        public String name() {
            return "data-locality";
        }

        @Override
        public int choose(View v, int affinityCu) {
            int n = v.cuCount();
            if (affinityCu >= 0 && v.capable(affinityCu) && v.freeSlots(affinityCu) > 0) {
                examined = 1;
                return affinityCu;
            }
            examined = n;
            int best = -1;
            long bestData = 0;
            for (int k = 0; k < n; k++) {
                if (!v.capable(k) || v.freeSlots(k) == 0) {
                    continue;
                }
                long data = v.dataCycles(k);
                if (best < 0 || data < bestData || (data == bestData && v.load(k) < v.load(best))) {
                    best = k;
                    bestData = data;
                }
            }
            return best;
        }

        @Override
        public int examined() {
            return examined;
        }
    }

    /**
     * The codelet half of the SU tree: a cluster SU deals the codelets of the procedures it was dealt
     * to its CUs in turn, as DARTS' {@code TPRoundRobin} deals them to its codelet schedulers
     * ({@code src/scheduler/TPSchedPolicy.cpp} of szuckerm/DARTS), so a run against
     * {@code round-robin} differs only by the tree. The procedure half is {@code TopScheduler}.
     */
    static final class Hierarchical implements PlacementPolicy {
        private final RoundRobin cus = new RoundRobin();

        @Override
        public String name() {
            return "hierarchical";
        }

        @Override
        public boolean dealsProceduresFromTop() {
            return true;
        }

        @Override
        public int choose(View v, int affinityCu) {
            return cus.choose(v, affinityCu);
        }

        @Override
        public int examined() {
            return cus.examined();
        }
    }
}
