package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.CodeObject;
import io.edarts.cam.CoreRole;
import io.edarts.cam.Machine;
import io.edarts.cam.Placement;
import io.edarts.epiphany.core.Instr;
import io.edarts.epiphany.experiment.LoopKind;
import io.edarts.epiphany.experiment.RemoteExecCase;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The eDARTS remote-execution experiment (edarts-codelet-model.txt, "Moving code and executing code
 * from a different core") as an ordinary codelet program: one codelet per executing core, each
 * running the study's loop ({@link LoopKind}: {@code a = a + 1} N times, int or float, as e-gcc -O0
 * compiles it) once for {@code iterations} passes, with the loop's code homed in core (0,0)'s memory
 * ({@code core:0,0}) or in external DRAM ({@code global}).
 *
 * <pre>
 *   one-at-a-time:  run(0,1) ─▶ run(0,2) ─▶ ... ─▶ run(3,3)     a chain: one core at a time, the mesh otherwise idle
 *   all-at-once:    run(0,1)  run(0,2)  ...  run(3,3)          every CU but the home (0,0) at once
 *   external-dram:  run(0,1)  run(0,2)  ...  run(3,3)          every CU at once, code in DRAM
 * </pre>
 *
 * <p><b>Cost.</b> A codelet declares the loop's instructions by kind times the iterations (its
 * {@link io.edarts.epiphany.core.Kernel} body: loads and stores of {@code a} and {@code i} in the
 * executing core's own stack frame, IALU adds, the FPU add, the back-edge branch) and runs code of the
 * loop's size; the target prices fetching it line by line from its home.
 *
 * <p><b>Pinning.</b> Each codelet has affinity to its core. Affinity is a preference, so the check
 * verifies every codelet ran where it should: each policy honours affinity when the CU has room, and
 * here every CU gets at most one codelet at a time.
 *
 * <p><b>Where it differs from the study.</b> On {@code parallella16} the SU sits on core (0,0), which
 * matches the on-chip cases (the home runs nothing). In external-dram the study also runs (0,0); an
 * SU fires no codelets, so here (0,0) does not, and one core fewer shares the eLink.
 */
public final class RemoteExecProgram {
    /** The code object's name: {@code --placement loop=...} moves it. */
    public static final String CODE = "loop";
    /** The largest iteration count accepted (as {@code edarts remote-exec}). */
    public static final long MAX_ITERATIONS = 10_000_000;

    private RemoteExecProgram() {}

    /** The frame: per codelet, the core that ran it and the loop's result. */
    public static final class Frame {
        final int[] ranOn;
        final double[] result;

        Frame(int n) {
            ranOn = new int[n];
            java.util.Arrays.fill(ranOn, -1);
            result = new double[n];
        }
    }

    /**
     * The cores that execute the loop in case {@code c} on {@code m}, row-major: every CU, less the
     * home core (0,0) in the two on-chip cases.
     */
    public static List<Integer> executingCores(RemoteExecCase c, Machine m) {
        List<Integer> cores = new ArrayList<>();
        for (int core = 0; core < m.coreCount(); core++) {
            if (m.role(core) == CoreRole.CU && (c == RemoteExecCase.EXTERNAL_DRAM || core != 0)) {
                cores.add(core);
            }
        }
        return cores;
    }

    /** The code object of case {@code c}: the loop's bytes, homed in core (0,0) or in DRAM. */
    public static CodeObject code(RemoteExecCase c, LoopKind loop) {
        CodeObject code = CodeObject.of(CODE, loop.kernel().bytes(), c == RemoteExecCase.EXTERNAL_DRAM
                ? Placement.GLOBAL : Placement.LOCAL);
        return c == RemoteExecCase.EXTERNAL_DRAM ? code : code.homedOn(0);
    }

    /** One firing's declared cost: the loop body's instructions by kind, {@code iterations} times. */
    public static Cost cost(LoopKind loop, long iterations) {
        long ialu = 0;
        long fpu = 0;
        long ls = 0;
        long br = 0;
        for (Instr x : loop.kernel().body()) {
            switch (x.cls()) {
                case IALU -> ialu++;
                case FPU -> fpu++;
                case LOAD, STORE -> ls++;
                default -> br++;
            }
        }
        return Cost.instructions(ialu * iterations, fpu * iterations, ls * iterations, br * iterations);
    }

    /**
     * @throws IllegalArgumentException for iterations outside 1..{@value #MAX_ITERATIONS}, a null
     *                                  argument, or a machine whose CUs leave nobody to run the loop
     */
    public static Program<Frame> of(RemoteExecCase c, LoopKind loop, long iterations, Machine m) {
        if (c == null || loop == null || m == null) {
            throw new IllegalArgumentException("remote-exec needs a case, a loop and a machine");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("remote-exec --iterations " + iterations + ": expected 1.."
                    + MAX_ITERATIONS);
        }
        List<Integer> cores = executingCores(c, m);
        if (cores.isEmpty()) {
            throw new IllegalArgumentException("remote-exec " + c.label() + ": " + m.name()
                    + " has no CU besides the home core (0,0) to run the loop");
        }
        CodeObject code = code(c, loop);
        Cost cost = cost(loop, iterations);
        Dag.Builder<Frame> g = Dag.builder("remote-exec");
        CodeletHandle prev = null;
        for (int i = 0; i < cores.size(); i++) {
            int slot = i;
            int core = cores.get(i);
            CodeletHandle h = g.task("run_" + m.row(core) + "_" + m.col(core), ctx -> {
                ctx.frame().ranOn[slot] = ctx.core();
                ctx.frame().result[slot] = loop == LoopKind.INT ? intLoop(iterations) : floatLoop(iterations);
            }).code(code).cost(cost).affinity(core);
            if (c == RemoteExecCase.ONE_AT_A_TIME && prev != null) {
                prev.precede(h);
            }
            prev = h;
        }
        double expect = expected(loop, iterations);
        return g.build(() -> new Frame(cores.size()), f -> check(f, cores, expect, m), Map.of(
                "case", c.label(), "loop", loop.label(), "iterations", Long.toString(iterations)));
    }

    /** The int loop as compiled: {@code a = a + 1}, N times. */
    static int intLoop(long n) {
        int a = 0;
        for (long i = 0; i < n; i++) {
            a = a + 1;
        }
        return a;
    }

    /** The float loop as compiled: {@code a = a + 1.0f}, N times, in single precision. */
    static float floatLoop(long n) {
        float a = 0;
        for (long i = 0; i < n; i++) {
            a = a + 1.0f;
        }
        return a;
    }

    /**
     * The answer without running the loop: N for int (N fits an int here); for float N up to 2^24,
     * beyond which {@code a + 1.0f} rounds back to {@code a} (a float has a 24-bit significand).
     */
    static double expected(LoopKind loop, long n) {
        return loop == LoopKind.INT ? n : Math.min(n, 1L << 24);
    }

    private static CheckResult check(Frame f, List<Integer> cores, double expect, Machine m) {
        for (int i = 0; i < cores.size(); i++) {
            int want = cores.get(i);
            if (f.ranOn[i] != want) {
                return CheckResult.failed("the loop for core (" + m.row(want) + "," + m.col(want) + ") ran on "
                        + (f.ranOn[i] < 0 ? "no core" : "core (" + m.row(f.ranOn[i]) + "," + m.col(f.ranOn[i]) + ")"));
            }
            if (f.result[i] != expect) {
                return CheckResult.failed(String.format(Locale.ROOT, "core (%d,%d): a = %s, expected %s",
                        m.row(want), m.col(want), f.result[i], expect));
            }
        }
        return CheckResult.passed(String.format(Locale.ROOT, "a = %.0f on each of %d cores, each on its own core",
                expect, cores.size()));
    }

    /**
     * Per core (row-major) the cycles the loop took in {@code r}, a run of this program: its firing's
     * cycles less the runtime's own work in it (the CU's dispatch instructions before the body and its
     * signal instructions after, {@code costs.cu-dispatch-instructions} and
     * {@code cu-signal-instructions}, local work at one a cycle), as the study's cycle counter brackets
     * only the loop; -1 for cores that ran nothing.
     *
     * @throws IllegalStateException if the run kept no firing spans or a core fired twice
     */
    public static long[] loopCycles(RunResult r, RemoteExecCase c, Machine m) {
        Timeline t = r.timeline();
        if (!t.spansKept()) {
            throw new IllegalStateException("the run kept no firing spans (more than " + Timeline.SPAN_LIMIT + ")");
        }
        long[] out = new long[m.coreCount()];
        java.util.Arrays.fill(out, -1);
        List<Integer> cores = executingCores(c, m);
        int last = cores.get(cores.size() - 1);
        for (Timeline.Span s : t.spans()) {
            if (s.decision()) {
                continue;
            }
            if (out[s.core()] >= 0) {
                throw new IllegalStateException("core " + s.core() + " fired twice");
            }
            int signals = c == RemoteExecCase.ONE_AT_A_TIME && s.core() != last ? 1 : 0;
            out[s.core()] = s.cycles() - m.costs().cuDispatchInstructions()
                    - signals * m.costs().cuSignalInstructions();
        }
        return out;
    }

    /**
     * Runs every case with both loops on {@code m} and returns the loop cycles per case, loop and
     * core ({@code [case][loop][core]}, as {@link #loopCycles}; -1 for cores that ran nothing).
     *
     * @throws IllegalStateException naming the case and loop if a run fails
     */
    public static long[][][] runAll(Machine m, long iterations, io.edarts.scheduler.Simulator sim) {
        io.edarts.cam.Target target = io.edarts.epiphany.Targets.forMachine(m);
        RemoteExecCase[] cases = RemoteExecCase.values();
        LoopKind[] loops = LoopKind.values();
        long[][][] out = new long[cases.length][loops.length][];
        for (RemoteExecCase c : cases) {
            for (LoopKind loop : loops) {
                RunResult r = sim.run(of(c, loop, iterations, m), target, io.edarts.scheduler.RunOptions.defaults());
                if (!r.succeeded()) {
                    throw new IllegalStateException("remote-exec " + c.label() + ", " + loop.label() + " loop "
                            + r.status().json() + ": " + r.message());
                }
                out[c.ordinal()][loop.ordinal()] = loopCycles(r, c, m);
            }
        }
        return out;
    }
}
