package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code hierarchical} policy: a top SU deals invoked procedures to cluster SUs
 * ({@link TopScheduler}). Each run test fails if the tree were not used: the top SU's decisions are
 * counted and charged, procedures go where the top SU's rule sends them, and the SU work of a
 * fine-grain run splits over the clusters.
 */
class HierarchicalTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    /** mesh16 (hop latency, SU decisions charged, no contention) cut into {@code r x c} clusters. */
    private static Target mesh(int r, int c) {
        return SimpleTarget.simpleMesh(MachineLoader.load("mesh16",
                List.of("target=simple-mesh", "clusters.rows=" + r, "clusters.cols=" + c)));
    }

    private static Program<CodeletModelTest.Fib> fib(int n, long expect) {
        return Program.of("fib", CodeletModelTest.fibDefinition(), () -> new CodeletModelTest.Fib(n, null, new long[1], 0),
                f -> f.out[0] == expect ? CheckResult.passed("fib") : CheckResult.failed("fib = " + f.out[0]));
    }

    private static RunResult run(Program<?> p, Target t, String policy) {
        RunResult r = sim.run(p, t, RunOptions.defaults().withPolicy(policy).withVerify(true));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        return r;
    }

    /** Codelets fired by the CUs of each cluster. */
    private static long[] firedPerCluster(RunResult r, Machine m) {
        long[] out = new long[m.clusters().size()];
        for (RunResult.CoreReport c : r.cores()) {
            if (c.role().equals("CU")) {
                out[m.clusterOf(c.id()).id()] += c.fired();
            }
        }
        return out;
    }

    private static long suBusy(RunResult r, int core) {
        return r.cores().stream().filter(c -> c.id() == core).findFirst().orElseThrow().busyCycles();
    }

    @Test
    void topDealsToTheClusterWithFewestLiveProceduresTheCreatorLastOnTies() {
        TopScheduler top = new TopScheduler(4);
        assertEquals(3, top.choose(2)); // all equal: the clusters after the creator first
        assertEquals(0, top.choose(2));
        assertEquals(1, top.choose(2));
        assertEquals(2, top.choose(2)); // the creator, which asked because it is full, last
        assertEquals(3, top.choose(2)); // every cluster has one: round again
        top.ended(0);
        assertEquals(0, top.choose(3)); // the only cluster with fewer
        assertEquals(0, top.choose(3)); // 0, 1 and 2 tie: the first after the creator
        assertEquals(4, top.examined());
        assertEquals(7, top.dealt());
        assertThrows(IllegalStateException.class, () -> new TopScheduler(2).ended(1));
    }

    @Test
    void onOneClusterItIsRoundRobin() {
        Target t = mesh(1, 1);
        RunResult h = run(fib(12, 144), t, "hierarchical");
        RunResult rr = run(fib(12, 144), t, "round-robin");
        assertEquals(rr.makespanCycles(), h.makespanCycles());
        assertEquals(rr.scheduling(), h.scheduling());
    }

    @Test
    void fullClustersPassProceduresUpAndTheTopSuPaysForEachDeal() {
        Target t = mesh(2, 2);
        RunResult h = run(fib(12, 144), t, "hierarchical");
        long deals = h.scheduling().decisions() - h.codeletsFired(); // every firing is one placement
        // fib(12) invokes 464 procedures: some, not all, were passed up and dealt
        assertTrue(deals > 0 && deals < 464, "deals " + deals);
        // each cost the top SU, core 0, one decision over the four clusters (24 + 4 x 2 instructions)
        assertTrue(suBusy(h, 0) >= deals * t.decisionCycles(0, 4), "top SU busy " + suBusy(h, 0));
        long[] fired = firedPerCluster(h, t.machine());
        for (long f : fired) {
            // the top SU's own cluster fires least: its SU also deals
            assertTrue(f > 20, "every cluster fires a share: " + java.util.Arrays.toString(fired));
        }
    }

    /** A root codelet on cluster 0 that invokes {@code k} procedures of one codelet each. */
    private static Program<long[]> fanOut(int k) {
        TpDefinition.Builder<long[]> sb = TpDefinition.builder("leaf");
        sb.codelet("s", ctx -> ctx.frame()[0] += 1).cycles(100);
        TpDefinition<long[]> leaf = sb.build();
        TpDefinition.Builder<long[]> rb = TpDefinition.builder("root");
        rb.codelet("a", ctx -> {
            for (int i = 0; i < k; i++) {
                ctx.invoke(leaf, ctx.frame());
            }
        }).cycles(10);
        return Program.of("fan-out", rb.build(), () -> new long[1],
                f -> f[0] == k ? CheckResult.passed("ok") : CheckResult.failed(f[0] + " leaves ran"))
                .withProcedures(leaf);
    }

    @Test
    void aClusterWithRoomKeepsWhatItInvokes() {
        Target t = mesh(2, 2);
        long[] tree = firedPerCluster(run(fanOut(2), t, "hierarchical"), t.machine());
        assertEquals(List.of(3L, 0L, 0L, 0L), List.of(tree[0], tree[1], tree[2], tree[3]));
        long[] flat = firedPerCluster(run(fanOut(2), t, "round-robin"), t.machine());
        assertTrue(flat[0] < 3, "the flat scheme homes by a counter: " + java.util.Arrays.toString(flat));
    }

    @Test
    void aFullClusterPassesTheRestUpAndTheTopSuSpreadsThem() {
        Target t = mesh(2, 2);
        RunResult r = run(fanOut(20), t, "hierarchical");
        long[] fired = firedPerCluster(r, t.machine());
        // cluster 0's 3 CUs x 4 pool places = 12 kept; the 8 others dealt 1,2,3,0,1,2,3,0 (the top SU
        // counts only what it dealt, so the creator takes its turn last)
        assertEquals(List.of(15L, 2L, 2L, 2L), List.of(fired[0], fired[1], fired[2], fired[3]));
        assertEquals(8, r.scheduling().decisions() - r.codeletsFired());
    }

    @Test
    void aFineGrainGraphSplitsTheSuWorkOverTheClusters() {
        Programs.Graph g = Programs.random(600, 7, 3);
        Target one = mesh(1, 1);
        Target four = mesh(2, 2);
        long single = suBusy(run(g.program(), one, "hierarchical"), 0);
        RunResult h = run(g.program(), four, "hierarchical");
        for (io.edarts.cam.Cluster c : four.machine().clusters()) {
            long busy = suBusy(h, c.suCore());
            assertTrue(busy > 0 && busy < single / 2, "SU " + c.suCore() + " busy " + busy + " against " + single
                    + " for the one SU");
        }
    }

    @Test
    void sameResultWhateverTheHostThreads() {
        Target t = mesh(2, 2);
        List<Object> seen = new ArrayList<>();
        for (int threads : new int[] {1, 2, 8}) {
            try (Simulator s = Simulator.create(threads)) {
                RunResult r = s.run(fib(11, 89), t, RunOptions.defaults().withPolicy("hierarchical"));
                seen.add(List.of(r.makespanCycles(), r.cores().stream().map(c -> List.of(c.id(), c.busyCycles(),
                        c.fired())).toList(), r.scheduling(), r.codeletsFired()));
            }
        }
        assertEquals(seen.get(0), seen.get(1));
        assertEquals(seen.get(0), seen.get(2));
    }

    @Test
    void keepsTheListSchedulingLowerBoundOnTheIdealMachineCutIntoClusters() {
        Machine m = MachineLoader.load("ideal", List.of("clusters.rows=2", "clusters.cols=2"));
        Target ideal = SimpleTarget.ideal(m);
        int cus = m.clusters().stream().mapToInt(io.edarts.cam.Cluster::cuCount).sum();
        for (long seed = 1; seed <= 6; seed++) {
            Programs.Graph g = Programs.random(120, seed, 4);
            RunResult r = run(g.program(), ideal, "hierarchical");
            long bound = Math.max(g.criticalPath(), (g.work() + cus - 1) / cus);
            assertTrue(r.makespanCycles() >= bound, "makespan " + r.makespanCycles() + " < " + bound);
        }
        RunResult f = run(fib(10, 55), ideal, "hierarchical");
        assertTrue(f.makespanCycles() > 0);
    }
}
