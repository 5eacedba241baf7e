package io.edarts.scheduler;

import io.edarts.scheduler.PlacementPolicy.View;
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
                    + "the affinity CU first when it has room; with scheduler.cu-side=on a CU sends a codelet it enabled that "
                    + "has no affinity but declares data to the least occupied of the CUs where that data costs least",
                    DataLocality::new),
            new Entry("earliest-finish", "HEFT's rule: the ready codelet with the longest path to the end goes to "
                    + "the CU with room where the target's estimate says it finishes first (when the CU is free of "
                    + "what it was given, plus the codelet's cycles there, its code's copy or remote fetches, and its "
                    + "declared data), ties to the lowest index; a pinned codelet that declares no data stays on its pin when "
                    + "it has room (the pin is where its data is), else the affinity CU when it finishes no later",
                    EarliestFinish::new),
            new Entry("compact", "DARTS' compact layout: a pinned codelet on its own CU (rank k on the cluster's k-th "
                    + "CU); other work packed onto neighbouring cores: the least-loaded CU, ties by a snake walk of "
                    + "the mesh from the top-left; a full pin overflows to the nearest least-loaded CU", Compact::new),
            new Entry("spread", "DARTS' spread layout: consecutive work far apart: rank k (a codelet pinned to the "
                    + "cluster's k-th CU) runs on the k-th CU of an order that deals the cluster's mesh quadrants in "
                    + "turn (top-left, bottom-right, top-right, bottom-left); unpinned codelets are dealt along the "
                    + "same order; a full CU passes the codelet to the next in that order", Spread::new),
            new Entry("work-stealing", "the SU deals as round-robin does; an idle CU with an empty pool steals the "
                    + "newest waiting codelet of another CU's pool, nearest CU (mesh hops) first, each request and "
                    + "reply a mesh message; affinity as round-robin", WorkStealing::new),
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
        public boolean placesByDataOnCus() {
            return true;
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

    /** {@code a + b} for non-negative cycle counts, held at {@link Long#MAX_VALUE} instead of wrapping. */
    private static long plus(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * HEFT's processor-selection rule (Topcuoglu, Hariri and Wu, "Performance-effective and
     * low-complexity task scheduling for heterogeneous computing", IEEE TPDS 13(3), 2002) on a
     * dynamic ready list: the ready codelet with the longest path to the end (the upward rank) is
     * placed first, on the capable CU with room where it is expected to finish first:
     * {@link View#freeAt} + {@link View#estimateCycles} + {@link View#dataCycles}, ties to the lowest
     * index. A CU's speed, where the code is (held, to copy, or run in place) and where the data is all
     * come from the target's own estimate, so it works for heterogeneous CUs too. A pinned codelet
     * whose declared data costs nothing from anywhere (most pinned programs declare none: they pin work
     * to the core that holds its data) stays on its pin when the pin has room, since the pin is then
     * all the policy knows of where the data is; with declared data the estimate decides, and the pin
     * wins ties. It places into busy
     * CUs' pools (the descriptor travels while the CU works); on a target whose estimates are exact
     * (ideal) that is still work-conserving, since a codelet waits behind a busy CU only when every CU
     * is busy at least that long (see {@link FinishEstimates}).
     */
    static final class EarliestFinish implements PlacementPolicy {
        private int examined;

        @Override
        public String name() {
            return "earliest-finish";
        }

        @Override
        public boolean prioritizesCriticalPath() {
            return true;
        }

        @Override
        public boolean placesOnIdleOnly() {
            return false;
        }

        @Override
        public boolean readsCodeResidency() {
            return true;
        }

        @Override
        public boolean readsFinishEstimates() {
            return true;
        }

        @Override
        public int choose(View v, int affinityCu) {
            int n = v.cuCount();
            if (affinityCu >= 0 && accepts(v, affinityCu) && dataUnknown(v)) {
                // the pin is all the program says of where its data is: moving it could cost anything
                examined = 1;
                return affinityCu;
            }
            examined = n;
            int best = -1;
            long bestFinish = Long.MAX_VALUE;
            for (int k = 0; k < n; k++) {
                if (!v.capable(k) || v.freeSlots(k) == 0) {
                    continue;
                }
                long finish = finish(v, k);
                if (best < 0 || finish < bestFinish) {
                    best = k;
                    bestFinish = finish;
                }
            }
            if (best >= 0 && affinityCu >= 0 && affinityCu != best && v.capable(affinityCu)
                    && v.freeSlots(affinityCu) > 0 && finish(v, affinityCu) <= bestFinish) {
                return affinityCu;
            }
            return best;
        }

        /** Whether the codelet's declared data costs nothing from every CU (none declared, or all on the firing core). */
        private static boolean dataUnknown(View v) {
            for (int k = 0; k < v.cuCount(); k++) {
                if (v.dataCycles(k) != 0) {
                    return false;
                }
            }
            return true;
        }

        /** When the codelet being placed is expected to finish on CU {@code k}. */
        static long finish(View v, int k) {
            return plus(plus(v.freeAt(k), v.estimateCycles(k)), v.dataCycles(k));
        }

        @Override
        public int examined() {
            return examined;
        }
    }

    /**
     * The orders of a cluster's CUs that DARTS' affinity layouts stand for, computed from the view's
     * mesh coordinates and kept while the view shows the same CUs.
     */
    private static final class Layout {
        private long signature = -1;
        private int[] order = new int[0];
        /** Position of each CU in {@link #order}. */
        private int[] position = new int[0];

        /** A cheap fingerprint of the CUs' coordinates: an SU's view never changes, a test's may. */
        private static long signature(View v) {
            long h = v.cuCount();
            for (int k = 0; k < v.cuCount(); k++) {
                h = h * 1_000_003L + v.row(k) * 4099L + v.col(k);
            }
            return h & Long.MAX_VALUE;
        }

        int[] order(View v, boolean spread) {
            long sig = signature(v);
            if (sig != signature || order.length != v.cuCount()) {
                signature = sig;
                order = spread ? spreadOrder(v) : snakeOrder(v);
                position = new int[order.length];
                for (int i = 0; i < order.length; i++) {
                    position[order[i]] = i;
                }
            }
            return order;
        }

        int position(int k) {
            return position[k];
        }

        /** The CUs row by row, alternate rows right to left, so each next CU is a neighbour where the mesh allows. */
        private static int[] snakeOrder(View v) {
            Integer[] ks = new Integer[v.cuCount()];
            for (int k = 0; k < ks.length; k++) {
                ks[k] = k;
            }
            java.util.Arrays.sort(ks, java.util.Comparator.<Integer>comparingInt(v::row)
                    .thenComparingInt(k -> v.row(k) % 2 == 0 ? v.col(k) : -v.col(k)).thenComparingInt(k -> k));
            return java.util.Arrays.stream(ks).mapToInt(Integer::intValue).toArray();
        }

        /**
         * The CUs dealt to the quadrants of their bounding box in turn, as DARTS' spread mask deals
         * ranks to clusters in turn ({@code ThreadAffinity::generateMask}, {@code i % maxCluster}):
         * top-left, bottom-right, top-right, bottom-left, so consecutive ranks sit in opposite or
         * adjacent quadrants; within a quadrant in the cluster's order. Empty quadrants (a one-row
         * cluster) are skipped.
         */
        private static int[] spreadOrder(View v) {
            int n = v.cuCount();
            int rMin = Integer.MAX_VALUE;
            int rMax = Integer.MIN_VALUE;
            int cMin = Integer.MAX_VALUE;
            int cMax = Integer.MIN_VALUE;
            for (int k = 0; k < n; k++) {
                rMin = Math.min(rMin, v.row(k));
                rMax = Math.max(rMax, v.row(k));
                cMin = Math.min(cMin, v.col(k));
                cMax = Math.max(cMax, v.col(k));
            }
            int rMid = (rMin + rMax + 1) / 2;
            int cMid = (cMin + cMax + 1) / 2;
            List<List<Integer>> quadrants = List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>(),
                    new java.util.ArrayList<>(), new java.util.ArrayList<>());
            for (int k = 0; k < n; k++) {
                boolean top = v.row(k) < rMid || rMin == rMax;
                boolean left = v.col(k) < cMid || cMin == cMax;
                int q = top ? (left ? 0 : 2) : (left ? 3 : 1);
                quadrants.get(q).add(k);
            }
            int[] out = new int[n];
            int i = 0;
            for (int round = 0; i < n; round++) {
                for (List<Integer> q : quadrants) {
                    if (round < q.size()) {
                        out[i++] = q.get(round);
                    }
                }
            }
            return out;
        }
    }

    private static boolean accepts(View v, int k) {
        return v.capable(k) && v.freeSlots(k) > 0;
    }

    private static int hops(View v, int a, int b) {
        return Math.abs(v.row(a) - v.row(b)) + Math.abs(v.col(a) - v.col(b));
    }

    /**
     * DARTS' {@code COMPACT} affinity mask ({@code ThreadAffinity::generateMask} in szuckerm/DARTS:
     * worker {@code i} on unit {@code i}, consecutive workers on consecutive units of a cluster): a
     * codelet pinned to a CU runs there, rank {@code k} on the cluster's {@code k}-th CU as the program
     * laid it out. Other work is packed onto neighbouring cores: the least-loaded CU with room, ties by
     * a snake walk of the mesh (each next CU a neighbour), so scarce work stays on a few adjacent cores
     * and their code caches. A pin whose CU is full overflows to the least-loaded CU nearest to it.
     */
    static final class Compact implements PlacementPolicy {
        private final Layout layout = new Layout();
        private int examined;

        @Override
        public String name() {
            return "compact";
        }

        @Override
        public int choose(View v, int affinityCu) {
            int n = v.cuCount();
            if (affinityCu >= 0 && accepts(v, affinityCu)) {
                examined = 1;
                return affinityCu;
            }
            examined = n;
            int[] order = layout.order(v, false);
            int best = -1;
            for (int k : order) {
                if (!accepts(v, k)) {
                    continue;
                }
                if (best < 0 || v.load(k) < v.load(best) || (v.load(k) == v.load(best) && affinityCu >= 0
                        && hops(v, k, affinityCu) < hops(v, best, affinityCu))) {
                    best = k;
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
     * DARTS' {@code SPREAD} affinity mask ({@code ThreadAffinity::generateMask}: consecutive workers
     * dealt to clusters in turn): consecutive work lands far apart. The cluster's CUs are ordered by
     * dealing the quadrants of the mesh in turn ({@link Layout#spreadOrder}); a codelet pinned to the
     * cluster's {@code k}-th CU (rank {@code k}, as DARTS' static TP scheduler reads a codelet's
     * worker number) runs on the {@code k}-th CU of that order, and unpinned codelets are dealt along
     * it in turn, as eDARTS deals round-robin. A full or incapable CU passes the codelet to the next CU
     * of the order. Pins are remapped, so a pinned codelet's data may be far from where it runs: the
     * layout's cost, which is what it is there to measure.
     */
    static final class Spread implements PlacementPolicy {
        private final Layout layout = new Layout();
        private int next;
        private int examined;

        @Override
        public String name() {
            return "spread";
        }

        @Override
        public int choose(View v, int affinityCu) {
            int n = v.cuCount();
            int[] order = layout.order(v, true);
            boolean pinned = affinityCu >= 0 && affinityCu < n;
            int from = pinned ? affinityCu : next % n;
            examined = 0;
            for (int i = 0; i < n; i++) {
                int k = order[(from + i) % n];
                examined++;
                if (accepts(v, k)) {
                    if (!pinned) {
                        next = (layout.position(k) + 1) % n;
                    }
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
     * Round-robin dealing by the SU, with stealing between the CUs' pools ({@link CuPools} has the
     * steal protocol, its costs and its victim order). The SU's choice is round-robin's, so the two
     * policies differ only by the steals.
     */
    static final class WorkStealing implements PlacementPolicy {
        private final RoundRobin deal = new RoundRobin();

        @Override
        public String name() {
            return "work-stealing";
        }

        @Override
        public boolean stealsBetweenCus() {
            return true;
        }

        @Override
        public int choose(View v, int affinityCu) {
            return deal.choose(v, affinityCu);
        }

        @Override
        public int examined() {
            return deal.examined();
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
