package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link PlacementPolicy} keeps, written once and run against each name in
 * {@link Policies#names()}, on a fake cluster whose loads change as an SU's would: each step either
 * places a codelet where the policy chose or completes one. A policy may hold a codelet back (-1)
 * only when no CU it accepts exists; it never picks a full or incapable CU; it honours affinity when
 * the affine CU is as good a choice as any; and it is a function of the views it was shown.
 */
class PlacementPolicyContractTest {

    /**
     * Work-conserving list schedulers place only on idle CUs (load 0), so a busy CU with free slots
     * is not a CU they accept: see {@code Policies.CriticalPath}. Every other policy accepts any
     * capable CU with a free slot.
     */
    private static final Set<String> IDLE_ONLY = Set.of("critical-path");

    /**
     * Layouts that map a pin to a CU of their own order (DARTS' spread: rank k on the k-th CU of the
     * spread order), so the affine CU is not where they honour it: see
     * {@link #spreadRunsRankKOnTheKthCuOfTheQuadrantOrder}.
     */
    private static final Set<String> REMAPS_PINS = Set.of("spread");

    /**
     * What "as good a choice as any" means for a policy: the expected finish for earliest-finish, the
     * load for every other policy.
     */
    private static long merit(String policy, FakeView v, int k) {
        return policy.equals("earliest-finish") ? v.free[k] + v.estimate[k] + v.data[k] : v.load(k);
    }

    static List<String> policies() {
        return Policies.names();
    }

    /** A cluster of CUs as a policy sees it; loads always within 0..capacity. */
    static final class FakeView implements PlacementPolicy.View {
        final int capacity;
        final int[] load;
        final boolean[] capable;
        final boolean[] holds;
        /** Data movement per CU, as the target would estimate it for the codelet being placed. */
        final long[] data;
        /** The target's estimate of the codelet per CU, and when each CU is expected to be free. */
        final long[] estimate;
        final long[] free;

        FakeView(int capacity, int[] load, boolean[] capable, boolean[] holds) {
            this(capacity, load, capable, holds, new long[load.length]);
        }

        FakeView(int capacity, int[] load, boolean[] capable, boolean[] holds, long[] data) {
            this(capacity, load, capable, holds, data, new long[load.length], new long[load.length]);
        }

        FakeView(int capacity, int[] load, boolean[] capable, boolean[] holds, long[] data, long[] estimate,
                 long[] free) {
            this.capacity = capacity;
            this.load = load;
            this.capable = capable;
            this.holds = holds;
            this.data = data;
            this.estimate = estimate;
            this.free = free;
        }

        static FakeView random(SplittableRandom rnd) {
            int n = 1 + rnd.nextInt(8);
            int cap = 1 + rnd.nextInt(4);
            int[] load = new int[n];
            boolean[] capable = new boolean[n];
            boolean[] holds = new boolean[n];
            long[] data = new long[n];
            long[] estimate = new long[n];
            long[] free = new long[n];
            for (int k = 0; k < n; k++) {
                load[k] = rnd.nextInt(cap + 1);
                capable[k] = rnd.nextInt(5) != 0;
                holds[k] = rnd.nextBoolean();
                data[k] = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(4) * 1000L; // ties on purpose
                estimate[k] = 100L * (1 + rnd.nextInt(3));
                free[k] = 1000L * load[k] + 100L * rnd.nextInt(3);
            }
            return new FakeView(cap, load, capable, holds, data, estimate, free);
        }

        FakeView copy() {
            return new FakeView(capacity, load.clone(), capable.clone(), holds.clone(), data.clone(), estimate.clone(),
                    free.clone());
        }

        @Override public int cuCount() { return load.length; }
        @Override public int core(int k) { return k + 1; } // core 0 is the SU
        @Override public int load(int k) { return load[k]; }
        @Override public int freeSlots(int k) { return capacity - load[k]; }
        @Override public boolean holdsCode(int k) { return holds[k]; }
        @Override public boolean capable(int k) { return capable[k]; }
        @Override public long dataCycles(int k) { return data[k]; }
        @Override public long estimateCycles(int k) { return estimate[k]; }
        @Override public long freeAt(int k) { return free[k]; }
        @Override public int row(int k) { return core(k) / 4; } // a 4-column mesh
        @Override public int col(int k) { return core(k) % 4; }

        @Override
        public String toString() {
            return "capacity " + capacity + ", load " + Arrays.toString(load) + ", capable "
                    + Arrays.toString(capable) + ", holds " + Arrays.toString(holds) + ", data " + Arrays.toString(data);
        }
    }

    private static boolean accepts(String policy, FakeView v, int k) {
        return v.capable(k) && v.freeSlots(k) > 0 && (!IDLE_ONLY.contains(policy) || v.load(k) == 0);
    }

    /** One choice and what the policy was shown for it. */
    record Step(FakeView view, int affinity, int choice, int examined) {}

    /**
     * Drives a fresh policy through {@code steps} decisions on an evolving cluster: a placement
     * raises the chosen CU's load; between decisions, random completions lower loads, capabilities
     * and code residency change now and then.
     */
    private static List<Step> drive(String policy, long seed, int steps) {
        PlacementPolicy p = Policies.byName(policy).get();
        SplittableRandom rnd = new SplittableRandom(seed);
        FakeView v = FakeView.random(rnd);
        List<Step> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            int n = v.cuCount();
            int affinity = rnd.nextInt(3) == 0 ? rnd.nextInt(n) : -1;
            FakeView shown = v.copy();
            int c = p.choose(v, affinity);
            out.add(new Step(shown, affinity, c, p.examined()));
            if (c >= 0 && c < n && v.load[c] < v.capacity) {
                v.load[c]++;
                v.free[c] += v.estimate[c];
            }
            int completions = rnd.nextInt(3);
            for (int i = 0; i < completions; i++) {
                int k = rnd.nextInt(n);
                if (v.load[k] > 0) {
                    v.load[k]--;
                    v.free[k] = Math.max(0, v.free[k] - 100);
                }
            }
            if (rnd.nextInt(10) == 0) {
                int k = rnd.nextInt(n);
                v.capable[k] = !v.capable[k];
                v.holds[rnd.nextInt(n)] ^= true;
                v.data[rnd.nextInt(n)] = rnd.nextInt(4) * 1000L;
                v.estimate[rnd.nextInt(n)] = 100L * (1 + rnd.nextInt(3));
            }
            if (rnd.nextInt(50) == 0) {
                v = FakeView.random(rnd); // another cluster shape now and then
            }
        }
        return out;
    }

    private static final long[] SEEDS = {1, 2, 3, 42, 1234567};

    @ParameterizedTest
    @MethodSource("policies")
    void neverChoosesAFullOrIncapableCu(String policy) {
        for (long seed : SEEDS) {
            for (Step s : drive(policy, seed, 2000)) {
                int n = s.view().cuCount();
                assertTrue(s.choice() >= -1 && s.choice() < n, policy + " chose " + s.choice() + " of " + n + " CUs");
                if (s.choice() >= 0) {
                    assertTrue(accepts(policy, s.view(), s.choice()),
                            policy + " chose CU " + s.choice() + " that is full, incapable or busy: " + s.view());
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void holdsBackOnlyWhenNoCuCanTakeTheCodelet(String policy) {
        for (long seed : SEEDS) {
            for (Step s : drive(policy, seed, 2000)) {
                if (s.choice() == -1) {
                    for (int k = 0; k < s.view().cuCount(); k++) {
                        assertTrue(!accepts(policy, s.view(), k),
                                policy + " held a codelet back while CU " + k + " had room: " + s.view());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void examinesBetweenNoneAndAllCus(String policy) {
        for (long seed : SEEDS) {
            for (Step s : drive(policy, seed, 2000)) {
                assertTrue(s.examined() >= 0 && s.examined() <= s.view().cuCount(),
                        policy + " examined " + s.examined() + " of " + s.view().cuCount() + " CUs");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void theSameViewsGiveTheSameChoices(String policy) {
        for (long seed : SEEDS) {
            List<Step> a = drive(policy, seed, 1000);
            List<Step> b = drive(policy, seed, 1000);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).choice(), b.get(i).choice(), policy + " step " + i + " seed " + seed);
                assertEquals(a.get(i).examined(), b.get(i).examined(), policy + " step " + i + " seed " + seed);
            }
        }
    }

    /** Two instances (two SUs) share no state: interleaving their calls changes neither's choices. */
    @ParameterizedTest
    @MethodSource("policies")
    void instancesShareNoState(String policy) {
        List<Step> alone = drive(policy, 7, 500);
        PlacementPolicy x = Policies.byName(policy).get();
        PlacementPolicy y = Policies.byName(policy).get();
        assertNotSame(x, y);
        for (int i = 0; i < alone.size(); i++) {
            Step s = alone.get(i);
            y.choose(s.view().copy(), -1); // the other SU's decision in between
            assertEquals(s.choice(), x.choose(s.view().copy(), s.affinity()), policy + " step " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void honoursAffinityWhenTheAffineCuIsAsGoodAsAny(String policy) {
        if (REMAPS_PINS.contains(policy)) {
            return; // it honours the CU its layout maps the pin to, tested on its own
        }
        int checked = 0;
        for (long seed : SEEDS) {
            for (Step s : drive(policy, seed, 2000)) {
                int a = s.affinity();
                if (a < 0 || !accepts(policy, s.view(), a)) {
                    continue;
                }
                long least = Long.MAX_VALUE;
                for (int k = 0; k < s.view().cuCount(); k++) {
                    if (accepts(policy, s.view(), k)) {
                        least = Math.min(least, merit(policy, s.view(), k));
                    }
                }
                if (merit(policy, s.view(), a) <= least) {
                    checked++;
                    assertEquals(a, s.choice(), policy + " ignored affinity to CU " + a + ": " + s.view());
                }
            }
        }
        assertTrue(checked > 100, "too few affinity cases drawn: " + checked);
    }

    @ParameterizedTest
    @MethodSource("policies")
    void holdsBackWhenEveryPoolIsFullOrIncapable(String policy) {
        PlacementPolicy p = Policies.byName(policy).get();
        FakeView full = new FakeView(2, new int[] {2, 2, 2}, new boolean[] {true, true, true}, new boolean[3]);
        assertEquals(-1, p.choose(full, -1));
        assertEquals(-1, p.choose(full, 1));
        FakeView incapable = new FakeView(2, new int[3], new boolean[3], new boolean[] {true, true, true});
        assertEquals(-1, p.choose(incapable, -1));
        assertEquals(-1, p.choose(incapable, 0));
        FakeView one = new FakeView(2, new int[] {2, 0, 1}, new boolean[] {true, true, false}, new boolean[3]);
        assertEquals(1, p.choose(one, -1), "the only idle capable CU");
        assertEquals(1, p.choose(one, 2), "affinity to an incapable CU goes elsewhere");
    }

    @Test
    void dataLocalityPicksTheCuWithTheLeastDataMovementWithRoomThenTheLeastLoaded() {
        PlacementPolicy p = Policies.byName("data-locality").get();
        boolean[] all = {true, true, true, true};
        // the data is on CU 2's core: it wins though it is the most loaded with room
        FakeView v = new FakeView(3, new int[] {0, 1, 2, 0}, all, new boolean[4], new long[] {900, 400, 0, 900});
        assertEquals(2, p.choose(v, -1));
        // without room there, the next cheapest
        v.load[2] = 3;
        assertEquals(1, p.choose(v, -1));
        // ties in data go to the least loaded, then the lowest index
        FakeView tie = new FakeView(3, new int[] {2, 1, 1, 0}, all, new boolean[4], new long[] {0, 0, 0, 50});
        assertEquals(1, p.choose(tie, -1));
        // affinity with room still wins
        assertEquals(3, p.choose(tie, 3));
        // round-robin and least-loaded do not look at data
        for (String blind : List.of("round-robin", "least-loaded")) {
            PlacementPolicy b = Policies.byName(blind).get();
            FakeView far = new FakeView(3, new int[] {0, 0, 0, 0}, all, new boolean[4], new long[] {900, 900, 0, 900});
            assertEquals(0, b.choose(far, -1), blind);
        }
    }

    @Test
    void everyPolicyIsNamedAsRegisteredAndTheIdleOnlyListNamesRealPolicies() {
        for (String name : Policies.names()) {
            assertEquals(name, Policies.byName(name).get().name());
        }
        assertTrue(Policies.names().containsAll(IDLE_ONLY), "IDLE_ONLY names an unknown policy: " + IDLE_ONLY);
        assertTrue(Policies.names().containsAll(REMAPS_PINS), "REMAPS_PINS names an unknown policy: " + REMAPS_PINS);
    }

    @Test
    void earliestFinishPicksTheCuWhereTheCodeletFinishesFirstTiesToTheLowestIndex() {
        PlacementPolicy p = Policies.byName("earliest-finish").get();
        boolean[] all = {true, true, true, true};
        // CU 0 is idle but slow for this codelet (its code must be copied in); CU 2 holds it and is free
        // soon: 300 + 100 < 0 + 900
        FakeView v = new FakeView(4, new int[] {0, 1, 1, 2}, all, new boolean[4], new long[4],
                new long[] {900, 800, 100, 100}, new long[] {0, 500, 300, 200});
        assertEquals(3, p.choose(v, -1), "CU 3 finishes at 300, CU 2 at 400");
        // data counts: 2000 cycles of data from CU 3
        v.data[3] = 2000;
        assertEquals(2, p.choose(v, -1));
        // no room on CU 2: the next earliest
        v.load[2] = 4;
        assertEquals(0, p.choose(v, -1), "CU 0 finishes at 900, CU 1 at 1300, CU 3 at 2300");
    }

    @Test
    void earliestFinishBreaksTiesByLowestIndexAndTakesTheAffineCuOnlyWhenItFinishesNoLater() {
        PlacementPolicy p = Policies.byName("earliest-finish").get();
        boolean[] all = {true, true, true};
        // the codelet declares data, 10 cycles of it from every CU: the estimate decides
        FakeView tie = new FakeView(4, new int[] {1, 1, 1}, all, new boolean[3], new long[] {10, 10, 10},
                new long[] {100, 100, 100}, new long[] {50, 50, 50});
        assertEquals(0, p.choose(tie, -1));
        assertEquals(2, p.choose(tie, 2), "affinity wins a tie");
        tie.free[2] = 51;
        assertEquals(0, p.choose(tie, 2), "affinity loses by one cycle");
        assertEquals(3, p.examined());
        // without declared data the pin is where its data is: kept while it has room, looking at nothing else
        java.util.Arrays.fill(tie.data, 0);
        assertEquals(2, p.choose(tie, 2));
        assertEquals(1, p.examined());
        tie.load[2] = 4;
        assertEquals(0, p.choose(tie, 2), "a full pin: the earliest finish");
    }

    /** Cores as FakeView lays them out: CU k is core k+1 of a 4-column mesh, core 0 the SU. */
    private static FakeView fifteenCus(int capacity) {
        boolean[] all = new boolean[15];
        Arrays.fill(all, true);
        return new FakeView(capacity, new int[15], all, new boolean[15]);
    }

    @Test
    void spreadRunsRankKOnTheKthCuOfTheQuadrantOrder() {
        // the 4x4 mesh less the SU at (0,0): quadrants top-left {(0,1),(1,0),(1,1)}, bottom-right
        // {(2,2),(2,3),(3,2),(3,3)}, top-right {(0,2),(0,3),(1,2),(1,3)}, bottom-left {(2,0),(2,1),(3,0),(3,1)}
        int[] cores = {1, 10, 2, 8, 4, 11, 3, 9, 5, 14, 6, 12, 15, 7, 13};
        PlacementPolicy p = Policies.byName("spread").get();
        FakeView v = fifteenCus(4);
        for (int rank = 0; rank < 15; rank++) {
            assertEquals(cores[rank], v.core(p.choose(v, rank)), "rank " + rank);
        }
        // unpinned codelets are dealt along the same order
        PlacementPolicy q = Policies.byName("spread").get();
        for (int i = 0; i < 30; i++) {
            assertEquals(cores[i % 15], v.core(q.choose(v, -1)), "codelet " + i);
        }
        // a full CU passes the codelet on along the order
        v.load[0] = 4; // CU 0 is core 1
        assertEquals(10, v.core(p.choose(v, 0)));
        // consecutive ranks are far apart: 39 hops over 14 steps, against 23 in the cluster's row order
        int spread = 0;
        int rows = 0;
        for (int rank = 0; rank + 1 < 15; rank++) {
            spread += hops(cores[rank], cores[rank + 1]);
            rows += hops(rank + 1, rank + 2);
        }
        assertEquals(39, spread);
        assertEquals(23, rows);
    }

    private static int hops(int a, int b) {
        return Math.abs(a / 4 - b / 4) + Math.abs(a % 4 - b % 4);
    }

    @Test
    void compactKeepsPinsAndPacksOtherWorkOntoNeighbouringCores() {
        PlacementPolicy p = Policies.byName("compact").get();
        FakeView v = fifteenCus(2);
        assertEquals(6, p.choose(v, 6), "a pin with room is kept");
        // unpinned work: least loaded, ties along the snake (0,1) (0,2) (0,3) (1,3) (1,2) (1,1) (1,0) (2,0) ...
        int[] snake = {1, 2, 3, 7, 6, 5, 4, 8, 9, 10, 11, 15, 14, 13, 12};
        for (int i = 0; i < 15; i++) {
            int k = p.choose(v, -1);
            assertEquals(snake[i], v.core(k), "codelet " + i);
            v.load[k]++;
        }
        // a full pin overflows to the least-loaded CU nearest to it: core 6 (1,2) is full, and among the
        // CUs with load 1, core 5 (1,1), 7 (1,3), 2 (0,2) and 10 (2,2) are one hop away; the snake puts 2 first
        v.load[5] = 2;
        assertEquals(2, v.core(p.choose(v, 5)));
    }
}
