package io.edarts.examples.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.Targets;
import io.edarts.epiphany.experiment.LoopKind;
import io.edarts.epiphany.experiment.RemoteExec;
import io.edarts.epiphany.experiment.RemoteExecCase;
import io.edarts.epiphany.experiment.RemoteExecResult;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The remote-execution experiment run as codelets through the SU/CU actors and the contended mesh
 * agrees with the transaction-level reference ({@link RemoteExec}, which drives the same eMesh from
 * a line-by-line model of the kernel) within 10% on every core of every case, both loops.
 *
 * <p>Where the two differ (measured at 100 iterations on parallella16: int within +3.8%, float
 * within -4.6%), it is the codelet's coarser description of the same loop, not the mesh: the core
 * model fetches instructions x {@code mean-instruction-bytes} (3.2) / 8 lines, 4.0 per int pass
 * (the kernel's 32 bytes are 4 lines: equal) but 4.8 per float pass where the kernel's 38 bytes
 * touch 5 lines (the reference refetches from the loop label after every taken branch); it charges
 * the back edge's 3-cycle taken-branch penalty after the fetch stalls, where the reference overlaps
 * it with the next line's fetch (+3 cycles a pass); and it times the body as a mix ({@code
 * MixTiming}: 14 cycles per float pass, fadd paired) where the reference issues it instruction by
 * instruction ({@code IssueModel}: 17, with the fadd-to-store dependency stall). Dispatch skew
 * (the SU places the all-at-once codelets one decision apart) is below 0.1% of a firing. External
 * DRAM agrees although the reference also runs (0,0): the eLink moves 8 bytes in 9.3 cycles
 * ({@code elink-cycles-per-8kib} = 9504), so 16 cores with one 8-byte line in flight per ~543-cycle
 * round trip use about a quarter of it and the 15 CUs see the same latency as 16 cores.
 */
class RemoteExecAgreementTest {
    /** Enough passes for steady state (the reference's slowdowns move < 1% from 100 to 1000). */
    private static final long ITERATIONS = 100;

    @Test
    void codeletRunsAgreeWithTheReferenceWithinTenPercentOnEveryCore() {
        Machine m = MachineLoader.load("parallella16", List.of());
        RemoteExecResult ref = RemoteExec.run(m, ITERATIONS);
        StringBuilder table = new StringBuilder();
        double worstAll = 0;
        try (Simulator sim = Simulator.create(2)) {
            for (RemoteExecCase c : RemoteExecCase.values()) {
                for (LoopKind loop : LoopKind.values()) {
                    RunResult r = sim.run(RemoteExecProgram.of(c, loop, ITERATIONS, m), Targets.forMachine(m),
                            RunOptions.defaults());
                    assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
                    long[] cycles = RemoteExecProgram.loopCycles(r, c, m);
                    double worst = 1;
                    String where = "";
                    for (int core : RemoteExecProgram.executingCores(c, m)) {
                        double ratio = (double) cycles[core] / ref.cycles(c, loop, m.row(core), m.col(core));
                        if (Math.abs(ratio - 1) >= Math.abs(worst - 1)) {
                            worst = ratio;
                            where = "(" + m.row(core) + "," + m.col(core) + ")";
                        }
                    }
                    worstAll = Math.max(worstAll, Math.abs(worst - 1));
                    table.append(String.format(Locale.ROOT, "%-14s %-6s worst codelet/reference %.3f at %s%n",
                            c.label(), loop.label(), worst, where));
                }
            }
        }
        System.out.print(table);
        assertTrue(worstAll <= 0.10, table.toString());
    }

    @Test
    void allAtOnceIsSlowerThanOneAtATimeByTheReferencesMargin() {
        Machine m = MachineLoader.load("parallella16", List.of());
        RemoteExecResult ref = RemoteExec.run(m, ITERATIONS);
        long[][][] runs;
        try (Simulator sim = Simulator.create(2)) {
            runs = RemoteExecProgram.runAll(m, ITERATIONS, sim);
        }
        for (LoopKind loop : LoopKind.values()) {
            double codelets = 0;
            double reference = 0;
            for (int core : RemoteExecProgram.executingCores(RemoteExecCase.ALL_AT_ONCE, m)) {
                codelets += (double) runs[RemoteExecCase.ALL_AT_ONCE.ordinal()][loop.ordinal()][core]
                        / runs[RemoteExecCase.ONE_AT_A_TIME.ordinal()][loop.ordinal()][core];
                reference += (double) ref.cycles(RemoteExecCase.ALL_AT_ONCE, loop, m.row(core), m.col(core))
                        / ref.cycles(RemoteExecCase.ONE_AT_A_TIME, loop, m.row(core), m.col(core));
            }
            // mean over the cores of all-at-once over one-at-a-time: about 3-4x on the 4x4
            assertTrue(codelets > 2 * RemoteExecProgram.executingCores(RemoteExecCase.ALL_AT_ONCE, m).size(),
                    loop.label() + ": contention barely slowed the codelet runs: " + codelets);
            assertEquals(1.0, codelets / reference, 0.10, loop.label() + ": codelet margin " + codelets
                    + " vs reference " + reference + " (sums over cores)");
        }
    }

    @Test
    void onSixteenClustersAllAtOnceAgreesWithTheReferenceChipWide() {
        // every core but (0,0) fetches from (0,0): 1,023 readers across 16 clusters and their SUs
        Machine m = MachineLoader.load("e1024", List.of());
        long iterations = 10;
        RemoteExecResult ref = RemoteExec.run(m, iterations);
        RunResult r;
        try (Simulator sim = Simulator.create(2)) {
            r = sim.run(RemoteExecProgram.of(RemoteExecCase.ALL_AT_ONCE, LoopKind.INT, iterations, m),
                    Targets.forMachine(m), RunOptions.defaults());
        }
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
        long[] cycles = RemoteExecProgram.loopCycles(r, RemoteExecCase.ALL_AT_ONCE, m);
        double codelets = 0;
        double reference = 0;
        int n = 0;
        for (int core : RemoteExecProgram.executingCores(RemoteExecCase.ALL_AT_ONCE, m)) {
            codelets += cycles[core];
            reference += ref.cycles(RemoteExecCase.ALL_AT_ONCE, LoopKind.INT, m.row(core), m.col(core));
            n++;
        }
        // per cluster, each SU's own mesh, the mean was about 12x too low (107x against 1,353x at 100 iterations)
        assertEquals(1.0, codelets / reference, 0.10, "mean cycles over " + n + " cores: codelets " + codelets / n
                + ", reference " + reference / n);
    }
}
