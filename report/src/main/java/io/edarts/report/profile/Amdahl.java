package io.edarts.report.profile;

import java.util.List;

/**
 * The most a run's makespan could shrink if one code object were free: Amdahl's argument on a
 * machine of P compute units, made a bound for a makespan.
 *
 * <h2>Design note</h2>
 * "Free" means the code object's own work costs nothing: its firings move no code and their bodies
 * take no cycles (so they put nothing on the mesh and meet no contention). What the runtime does
 * for each firing stays: its dispatch and its signal. The classic {@code 1 / (1 - f)}, f the code's
 * share of the work, is not a bound for a parallel makespan: the work that stays may spread over
 * cores that the free code kept busy (a run at utilisation u can gain up to {@code 1 / (u (1 - f))}).
 * What does hold: the work that stays must still be done, by P compute units of which none does more
 * than one cycle of work per cycle, and each SU makes its own decisions one after the other, so the
 * makespan with the code free is at least
 * <pre>T' &gt;= max( K / P, D )</pre>
 * where K is the compute units' cycles that stay (every firing's dispatch and signal, and every other
 * code object's code movement and body; contention is left out, as freeing the code can remove it)
 * and D the most that one SU's decisions cost at the least (each at the cost of a decision that
 * examines no CU: the policy may examine fewer pools when the code is free; a first version used
 * the decisions' cycles as run, and {@code ProfileRunTest} caught critical-path beating it). The
 * speedup {@code T / T'} is then at most {@code T / max(K / P, D)}. Its premise is that what stays
 * costs at least what it cost in this run: true of dispatch and signal (instruction counts of the
 * runtime, per firing and per dependent), of bodies whose cost does not depend on where they run, and of code movement unless the free code's leaving the code
 * cache makes room for others. It is a bound of the whole schedule, so it is loose for a run that keeps
 * its CUs idle (little parallel work); a code object's share of the work says how much it matters.
 */
public final class Amdahl {
    private Amdahl() {}

    /** The bound for one code object, and the figures it comes from. */
    public record Bound(String codeObject, long staysCycles, long computeUnits, long decideFloor,
                        long makespanCycles) {
        /** The lower bound on the makespan with the code free: {@code max(ceil(K / P), D)}. */
        public long makespanAtLeast() {
            long perUnit = computeUnits == 0 ? 0 : (staysCycles + computeUnits - 1) / computeUnits;
            return Math.max(perUnit, decideFloor);
        }

        /** The most the run could speed up; infinite when nothing would stay. */
        public double speedupAtMost() {
            long t = makespanAtLeast();
            return t == 0 ? Double.POSITIVE_INFINITY : (double) makespanCycles / t;
        }
    }

    /** The bound for {@code codeObject} of {@code p}. */
    public static Bound of(ProfileData p, String codeObject) {
        long stays = 0;
        for (ProfileData.CodeObject c : p.codeObjects()) {
            ProfileData.Stats s = c.stats();
            stays += s.runtimePart();
            if (!c.name().equals(codeObject)) {
                stays += s.code() + s.body();
            }
        }
        long decide = 0;
        for (ProfileData.Core c : p.cores()) {
            decide = Math.max(decide, c.decideFloor());
        }
        return new Bound(codeObject, stays, p.computeUnits(), decide, p.makespanCycles());
    }

    /** The bound of every code object of {@code p}, in its order. */
    public static List<Bound> all(ProfileData p) {
        return p.codeObjects().stream().map(c -> of(p, c.name())).toList();
    }

    /** How the bound is computed, for the text and the page. */
    public static final String EXPLANATION = String.join("\n",
            "'free: at most' is a true upper bound on the whole run's speedup if that code object were free (its",
            "code movement and bodies cost nothing; each firing's dispatch and signal stay). With the code free the",
            "CUs must still do the cycles K that stay (every firing's dispatch and signal, every other code object's",
            "code and body; contention left out), none more than one cycle per cycle, and each SU its decisions in",
            "turn (D: the busiest SU's decisions, each at the least a decision costs), so the makespan T' is at",
            "least max(K / P, D) over the P CUs, and the speedup T / T' at most T / max(K / P, D). It uses the",
            "share of total work, not of the critical path: a critical path's share is no bound (the work that",
            "stays can move onto cores the free code kept busy), nor is 1 / (1 - share) for the same reason.",
            "Premise: what stays costs no less than here (the code cache and the placement of bodies unchanged).");
}
