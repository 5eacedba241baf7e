package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * List-scheduling theory on arbitrary DAGs, on the {@code ideal} machine (no scheduling or
 * communication cost), for every policy and a few machine shapes: no schedule beats the critical
 * path or the work spread evenly over the CUs, and a work-conserving list scheduler is within
 * Graham's bound, makespan <= work / CUs + critical path (Graham 1969). Every run's answer is checked
 * against the graph's own reference values, so a schedule that ran a task early would fail too.
 * SchedulingTheoryTest has the same bounds on a few fixed graphs; this draws the graphs.
 */
class SchedulingBoundsPropertiesTest {

    /**
     * Policies that never leave a CU idle while a codelet is ready on the ideal machine (see
     * Policies.CriticalPath and Policies.EarliestFinish, whose estimates are exact there).
     */
    private static final Set<String> WORK_CONSERVING = Set.of("critical-path", "earliest-finish");

    /** Machine shapes: 1, 3 and 15 CUs under one SU; pools of 1 and 4. */
    private static final List<List<String>> SHAPES = List.of(
            List.of("mesh.rows=1", "mesh.cols=2", "pool-capacity=1"),
            List.of("mesh.rows=2", "mesh.cols=2"),
            List.of("mesh.rows=2", "mesh.cols=2", "pool-capacity=1"),
            List.of());

    /**
     * The same with CU-side scheduling on: a CU keeps what its completions enable, so no policy is
     * work-conserving there (Graham's bound is not claimed), but the lower bounds still hold.
     */
    private static final List<List<String>> CU_SIDE_SHAPES = List.of(
            List.of("mesh.rows=2", "mesh.cols=2", "pool-capacity=1", "scheduler.cu-side=on"),
            List.of("scheduler.cu-side=on"));

    private static Simulator sim;

    @BeforeContainer
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterContainer
    static void down() {
        sim.close();
    }

    /** A DAG as drawn: task {@code i}'s cost and its predecessors, all lower-numbered. */
    record Graph(long[] cost, int[][] preds) {
        int size() {
            return cost.length;
        }

        long work() {
            return Arrays.stream(cost).sum();
        }

        long criticalPath() {
            long[] finish = new long[size()];
            long cp = 0;
            for (int i = 0; i < size(); i++) {
                long start = 0;
                for (int p : preds[i]) {
                    start = Math.max(start, finish[p]);
                }
                finish[i] = start + cost[i];
                cp = Math.max(cp, finish[i]);
            }
            return cp;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("Graph[");
            for (int i = 0; i < size(); i++) {
                b.append(i).append(':').append(cost[i]).append(Arrays.toString(preds[i])).append(' ');
            }
            return b.append(']').toString();
        }
    }

    @Provide
    Arbitrary<Graph> graphs() {
        return Arbitraries.integers().between(1, 40).flatMap(n -> {
            List<Arbitrary<long[]>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Arbitrary<Long> cost = Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just(0L)),
                        Tuple.of(9, Arbitraries.longs().between(1, 1000)));
                Arbitrary<List<Integer>> preds = i == 0 ? Arbitraries.just(List.of())
                        : Arbitraries.integers().between(0, i - 1).set().ofMaxSize(Math.min(i, 4)).map(ArrayList::new);
                tasks.add(Combinators.combine(cost, preds).as((c, ps) -> {
                    long[] row = new long[1 + ps.size()];
                    row[0] = c;
                    for (int j = 0; j < ps.size(); j++) {
                        row[1 + j] = ps.get(j);
                    }
                    return row;
                }));
            }
            return Combinators.combine(tasks).as(rows -> {
                long[] cost = new long[rows.size()];
                int[][] preds = new int[rows.size()][];
                for (int i = 0; i < rows.size(); i++) {
                    cost[i] = rows.get(i)[0];
                    preds[i] = Arrays.stream(rows.get(i), 1, rows.get(i).length).mapToInt(v -> (int) v).sorted().toArray();
                }
                return new Graph(cost, preds);
            });
        });
    }

    @Provide
    Arbitrary<String> policies() {
        return Arbitraries.of(Policies.names());
    }

    @Provide
    Arbitrary<List<String>> shapes() {
        return Arbitraries.of(SHAPES);
    }

    @Provide
    Arbitrary<List<String>> allShapes() {
        List<List<String>> all = new ArrayList<>(SHAPES);
        all.addAll(CU_SIDE_SHAPES);
        return Arbitraries.of(all);
    }

    @Property(tries = 120)
    void noScheduleBeatsTheCriticalPathOrTheEvenSpread(@ForAll("graphs") Graph g, @ForAll("policies") String policy,
                                                       @ForAll("allShapes") List<String> shape) {
        Machine m = MachineLoader.load("ideal", shape);
        RunResult r = run(g, m, policy);
        int cus = m.cuCount();
        long lower = Math.max(g.criticalPath(), (g.work() + cus - 1) / cus);
        assertTrue(r.makespanCycles() >= lower, policy + " on " + cus + " CUs: makespan " + r.makespanCycles()
                + " < max(critical path " + g.criticalPath() + ", work / CUs " + (g.work() + cus - 1) / cus + ")");
        long busy = r.cores().stream().mapToLong(RunResult.CoreReport::busyCycles).sum();
        assertEquals(g.work(), busy, "on the ideal machine the CUs are busy exactly for the work");
    }

    @Property(tries = 80)
    void workConservingPoliciesStayWithinGrahamsBound(@ForAll("graphs") Graph g, @ForAll("shapes") List<String> shape) {
        Machine m = MachineLoader.load("ideal", shape);
        int cus = m.cuCount();
        for (String policy : WORK_CONSERVING) {
            RunResult r = run(g, m, policy);
            double upper = (double) g.work() / cus + g.criticalPath();
            assertTrue(r.makespanCycles() <= upper, policy + " on " + cus + " CUs: makespan " + r.makespanCycles()
                    + " > work / CUs + critical path = " + upper);
        }
    }

    /** Runs {@code g} with checked answers: each task stores its index plus its predecessors' values. */
    private static RunResult run(Graph g, Machine m, String policy) {
        int n = g.size();
        long[] expect = new long[n];
        for (int i = 0; i < n; i++) {
            long v = i;
            for (int p : g.preds()[i]) {
                v += expect[p];
            }
            expect[i] = v % 1_000_003;
        }
        Dag.Builder<long[]> b = Dag.builder("drawn");
        CodeletHandle[] h = new CodeletHandle[n];
        for (int i = 0; i < n; i++) {
            final int me = i;
            final int[] ps = g.preds()[i];
            h[i] = b.task("t" + i, ctx -> {
                long v = me;
                for (int p : ps) {
                    v += ctx.frame()[p];
                }
                ctx.frame()[me] = v % 1_000_003;
            }).cycles(g.cost()[i]);
        }
        for (int i = 0; i < n; i++) {
            for (int p : g.preds()[i]) {
                h[p].precede(h[i]);
            }
        }
        Program<long[]> prog = b.build(() -> new long[n],
                f -> Arrays.equals(f, expect) ? CheckResult.passed("ok") : CheckResult.failed(Arrays.toString(f)));
        Target ideal = SimpleTarget.ideal(m);
        RunResult r = sim.run(prog, ideal, RunOptions.defaults().withVerify(true).withPolicy(policy));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        assertEquals(n, r.codeletsFired());
        return r;
    }
}
