package io.edarts.epiphany.experiment;

import io.edarts.cam.Machine;
import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.memory.MeshGeometry;
import io.edarts.epiphany.mesh.EMesh;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The eDARTS remote-execution experiment (edarts-codelet-model.txt, "Moving code and executing code
 * from a different core"; epiphany-facts.md, "Remote execution") on the model.
 *
 * <p>A loop ({@link LoopKind}) lives in core (0,0)'s memory. Every other core executes it in place,
 * first one core at a time on an idle mesh, then all at once; then the loop lives in external DRAM
 * and every core, (0,0) included, executes it at once. Each fetch of an 8-byte code line is a remote
 * read through one shared {@link EMesh}, so the cores' fetches interleave in virtual time and contend
 * for links exactly as the mesh model says; nothing else couples them. The slowdown of a core is its
 * cycles divided by the cycles of the same loop from local memory ({@link
 * io.edarts.epiphany.core.Kernel#localCycles}). In the two on-chip cases core (0,0) is the home: it
 * runs nothing and is reported with its local cycles and slowdown 1.
 *
 * <p><b>Driver.</b> A deterministic event queue ordered by (cycle, core, sequence number) holds each
 * core's next fetch; the mesh keeps its own queue in half-cycle ticks. The earliest of the two goes
 * next, a core's fetch before mesh events of the same tick, so submissions reach the mesh in
 * nondecreasing time. Results depend only on the machine and the iteration count.
 */
public final class RemoteExec {
    /** Passes over the loop body per core (the study's N is not published; 1000 reaches steady state). */
    public static final long DEFAULT_ITERATIONS = 1000;

    private RemoteExec() { }

    /** Runs the experiment on {@code machine} with {@link #DEFAULT_ITERATIONS}. */
    public static RemoteExecResult run(Machine machine) {
        return run(machine, DEFAULT_ITERATIONS);
    }

    /**
     * Runs the experiment on {@code machine}.
     *
     * @throws IllegalArgumentException if the machine is null, has a single core, or
     *                                  {@code iterations < 1}
     */
    public static RemoteExecResult run(Machine machine, long iterations) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        EpiphanyParams params = EpiphanyParams.of(machine);
        MeshGeometry g = MeshGeometry.of(machine, params);
        if (g.coreCount() < 2) {
            throw new IllegalArgumentException("the experiment needs at least 2 cores, got " + g.coreCount());
        }
        int n = g.coreCount();
        int home = 0;
        RemoteExecCase[] cases = RemoteExecCase.values();
        LoopKind[] loops = LoopKind.values();
        long[][][] cycles = new long[cases.length][loops.length][n];
        long[] local = new long[loops.length];
        for (LoopKind loop : loops) {
            long loc = loop.kernel().localCycles(iterations);
            local[loop.ordinal()] = loc;
            long[] one = cycles[RemoteExecCase.ONE_AT_A_TIME.ordinal()][loop.ordinal()];
            long[] all = cycles[RemoteExecCase.ALL_AT_ONCE.ordinal()][loop.ordinal()];
            long[] dram = cycles[RemoteExecCase.EXTERNAL_DRAM.ordinal()][loop.ordinal()];
            one[home] = loc;
            all[home] = loc;
            List<Integer> others = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                if (c != home) {
                    others.add(c);
                    one[c] = simulate(g, params, List.of(c), home, loop, iterations)[0];
                }
            }
            long[] together = simulate(g, params, others, home, loop, iterations);
            for (int i = 0; i < others.size(); i++) {
                all[others.get(i)] = together[i];
            }
            List<Integer> everyone = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                everyone.add(c);
            }
            long[] fromDram = simulate(g, params, everyone, g.dramNode(), loop, iterations);
            System.arraycopy(fromDram, 0, dram, 0, n);
        }
        return new RemoteExecResult(machine.name(), g.rows(), g.cols(), home, iterations, local, cycles);
    }

    /**
     * Runs {@code cores} (in this order of priority for ties) executing {@code loop} from node
     * {@code codeNode} through one fresh mesh; returns each core's cycles.
     */
    static long[] simulate(MeshGeometry g, EpiphanyParams params, List<Integer> cores, int codeNode, LoopKind loop,
                           long iterations) {
        EMesh mesh = new EMesh(g, params);
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a[0], b[0]);
            if (c != 0) {
                return c;
            }
            c = Long.compare(a[1], b[1]);
            return c != 0 ? c : Long.compare(a[2], b[2]);
        });
        RemoteKernelRun[] byCore = new RemoteKernelRun[g.coreCount()];
        long[] seq = {0};
        RemoteKernelRun.Scheduler sched = (cycle, run) -> queue.add(new long[] {cycle, run.core, seq[0]++});
        List<RemoteKernelRun> runs = new ArrayList<>();
        for (int core : cores) {
            RemoteKernelRun r = new RemoteKernelRun(core, codeNode, loop.kernel(), iterations, sched);
            byCore[core] = r;
            runs.add(r);
        }
        for (RemoteKernelRun r : runs) {
            r.start();
        }
        while (true) {
            long coreTick = queue.isEmpty() ? Long.MAX_VALUE : queue.peek()[0] * EpiphanyParams.TICKS_PER_CYCLE;
            long meshTick = mesh.nextEventTick();
            if (coreTick == Long.MAX_VALUE && meshTick == Long.MAX_VALUE) {
                break;
            }
            if (coreTick <= meshTick) {
                long[] ev = queue.poll();
                byCore[(int) ev[1]].issueFetch(mesh, ev[0]);
            } else {
                mesh.step();
            }
        }
        long[] out = new long[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            out[i] = runs.get(i).cycles();
        }
        return out;
    }
}
