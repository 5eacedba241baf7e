package io.edarts.sweep;

import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.Placement;
import io.edarts.cam.Target;
import io.edarts.epiphany.Targets;
import io.edarts.examples.graph.RandomDag;
import io.edarts.examples.graph.TaskGraph;
import io.edarts.examples.programs.GraphProgram;
import io.edarts.scheduler.Policies;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How close a policy comes to the lower bound of list scheduling on seeded random task graphs.
 *
 * <p>No schedule of a graph on {@code m} identical CUs is shorter than
 * {@code LB = max(CP, ceil(work / m))}, the critical path and the work spread evenly; Graham (1969,
 * "Bounds on multiprocessing timing anomalies", SIAM J. Appl. Math. 17(2)) proved that any
 * work-conserving list schedule is at most {@code work / m + CP}, so on a machine without overheads
 * ({@code ideal}) such a policy's {@code makespan / LB} is between 1 and
 * {@code (work / m + CP) / LB} (at most 2). The graphs are {@link RandomDag}'s (layers of 1..64
 * tasks, 200..2000 cycles each), with their code {@code local} so that no code moves and a task's
 * cycles are its whole cost on {@code ideal}; each run's answer is checked. On another machine the
 * ratio also counts what the machine charges (scheduling, mesh, code), so it says how far from the
 * graph's own bound that machine and policy end up.
 */
public final class BoundRatios {
    private BoundRatios() {}

    /**
     * One graph run.
     *
     * @param size         tasks
     * @param seed         the graph's seed
     * @param makespan     the run's makespan in cycles
     * @param criticalPath the graph's longest path in cycles
     * @param work         the graph's total cycles
     * @param cus          the machine's CUs
     */
    public record Run(int size, long seed, long makespan, long criticalPath, long work, int cus) {
        /** {@code max(CP, ceil(work / CUs))}: no schedule is shorter. */
        public long lowerBound() {
            return Math.max(criticalPath, (work + cus - 1) / cus);
        }

        /** makespan over the lower bound, at least 1. */
        public double ratio() {
            return (double) makespan / lowerBound();
        }

        /** Graham's bound {@code work / CUs + CP} over the lower bound: where a work-conserving schedule must end. */
        public double grahamRatio() {
            return ((double) work / cus + criticalPath) / lowerBound();
        }
    }

    /**
     * Runs of one size summed up.
     *
     * @param policy     the policy
     * @param size       tasks per graph
     * @param runs       graphs (seeds)
     * @param meanRatio  mean of makespan / LB
     * @param maxRatio   the largest makespan / LB
     * @param meanGraham mean of Graham's bound / LB, for scale
     */
    public record Summary(String policy, int size, int runs, double meanRatio, double maxRatio, double meanGraham) {}

    /**
     * Runs {@code policy} on the random graphs of each size with seeds {@code 1..seeds}.
     *
     * @throws IllegalArgumentException for an unknown policy, a size outside {@code 1..}{@link RandomDag#MAX_CODELETS},
     *                                  or seeds below 1
     * @throws IllegalStateException    when a run fails or its check does not pass
     */
    public static List<Run> measure(Simulator sim, Machine machine, String policy, List<Integer> sizes, int seeds) {
        Policies.byName(policy);
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds " + seeds + ": expected at least 1");
        }
        for (int n : sizes) {
            if (n < 1 || n > RandomDag.MAX_CODELETS) {
                throw new IllegalArgumentException("size " + n + ": expected 1.." + RandomDag.MAX_CODELETS + " tasks");
            }
        }
        Target target = Targets.forMachine(machine);
        List<Run> out = new ArrayList<>();
        for (int n : sizes) {
            for (long seed = 1; seed <= seeds; seed++) {
                TaskGraph g = RandomDag.generate(n, seed);
                Program<long[]> p = GraphProgram.of("random-dag", g, Map.of("codelets", Integer.toString(n)), 1,
                        new GraphProgram.Code(Placement.LOCAL, GraphProgram.KERNELS));
                RunResult r = sim.run(p, target, RunOptions.defaults().withPolicy(policy));
                if (r.status() != RunResult.Status.OK || r.check().status() != CheckResult.Status.PASSED) {
                    throw new IllegalStateException("random-dag " + n + " seed " + seed + " under " + policy + ": "
                            + r.status() + ", check " + r.check().status() + ": " + r.message());
                }
                out.add(new Run(n, seed, r.makespanCycles(), g.criticalPathCycles(), g.totalWorkCycles(),
                        machine.cuCount()));
            }
        }
        return out;
    }

    /** Per size, in the order the runs give them. */
    public static List<Summary> summarize(String policy, List<Run> runs) {
        List<Summary> out = new ArrayList<>();
        List<Integer> sizes = runs.stream().map(Run::size).distinct().toList();
        for (int n : sizes) {
            List<Run> of = runs.stream().filter(r -> r.size() == n).toList();
            out.add(new Summary(policy, n, of.size(), of.stream().mapToDouble(Run::ratio).average().orElse(Double.NaN),
                    of.stream().mapToDouble(Run::ratio).max().orElse(Double.NaN),
                    of.stream().mapToDouble(Run::grahamRatio).average().orElse(Double.NaN)));
        }
        return out;
    }
}
