package io.edarts.scheduler;

import io.edarts.api.Cost;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Work;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an SU expects of its CUs' time, for policies that place by estimated finish (HEFT's rule):
 * the target's estimate of a codelet on each CU, and when each CU will have done what it was given.
 *
 * <h2>Design note</h2>
 * A CU fires its pool in placement order, each firing starting at {@code max(previous end, the
 * descriptor's arrival)}. So the SU keeps, per CU, the firings placed but not yet completed, each
 * with its estimated arrival and its estimated cycles, and the end of the last firing whose
 * completion it consumed (exact, from the CU's answer). A CU's expected free cycle is that end
 * folded through the outstanding firings by the same rule, and never before the SU's current cycle.
 * On the {@code ideal} target every estimate is exact, so a policy that places where a codelet
 * finishes first never leaves a CU idle while a placed codelet waits: it is work-conserving.
 *
 * <p>Code. An estimate counts a cached or dynamic code object as held when the directory of
 * consumed completions says so, or when a firing of the same code is already placed on that CU (it
 * will have copied it in by then). Everything here is as of consumed events, so the estimates, and
 * the choices made from them, are deterministic.
 */
final class FinishEstimates {
    /** One firing placed on a CU and not completed yet. */
    private record Placed(long arrival, long cycles, String code) {}

    private final RunContext run;
    private final List<ArrayDeque<Placed>> outstanding = new ArrayList<>();
    /** Per CU: the end of the last firing whose completion was consumed. */
    private final long[] lastEnd;
    /** Per CU: code names of its outstanding firings, with counts. */
    private final List<Map<String, Integer>> pendingCode = new ArrayList<>();
    private final Work.Builder work = new Work.Builder();

    FinishEstimates(RunContext run, int cus) {
        this.run = run;
        this.lastEnd = new long[cus];
        for (int k = 0; k < cus; k++) {
            outstanding.add(new ArrayDeque<>());
            pendingCode.add(new HashMap<>());
        }
    }

    /**
     * The target's estimate of codelet {@code c} of {@code inst} on {@code core}, whose directory entry
     * says whether it holds the code ({@code resident}); the CU's outstanding firings count too.
     */
    long cycles(InstanceRef inst, int c, int k, int core, boolean resident) {
        CodeObject code = run.codeOf(inst.def(), c);
        Cost cost = inst.def().cost(c);
        work.reset().code(code).declaredCycles(cost.cycles())
                .instructions(cost.ialu(), cost.fpu(), cost.loadStore(), cost.branches())
                .codeHomeCore(code.hasHomeCore() ? code.homeCore() : -1)
                .signals(inst.def().signalCount(c));
        boolean held = resident || pendingCode.get(k).containsKey(code.name());
        return run.target.estimateCycles(core, work.build(), held);
    }

    /** The cycle CU {@code k} is expected to have done all it was given, at the SU's cycle {@code now}. */
    long freeAt(int k, long now) {
        long t = lastEnd[k];
        for (Placed p : outstanding.get(k)) {
            t = RunContext.saturatedAdd(Math.max(t, p.arrival()), p.cycles());
        }
        return Math.max(t, now);
    }

    /** A firing of {@code code} was placed on CU {@code k}, arriving at {@code arrival}, estimated {@code cycles}. */
    void placed(int k, long arrival, long cycles, String code) {
        outstanding.get(k).addLast(new Placed(arrival, cycles, code));
        pendingCode.get(k).merge(code, 1, Integer::sum);
    }

    /** The completion of CU {@code k}'s oldest outstanding firing, which ended at {@code end}, was consumed. */
    void completed(int k, long end) {
        Placed p = outstanding.get(k).pollFirst();
        if (p != null) {
            pendingCode.get(k).computeIfPresent(p.code(), (name, n) -> n == 1 ? null : n - 1);
        }
        lastEnd[k] = Math.max(lastEnd[k], end);
    }
}
