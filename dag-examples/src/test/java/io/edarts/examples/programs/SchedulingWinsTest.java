package io.edarts.examples.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.MachineRegistry;
import io.edarts.epiphany.EpiphanyParams;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mechanism behind each row of the scheduling table (README, "Which scheduling wins, and why"),
 * on parallella16 with contention on, at small sizes: each asserts the relation that explains the
 * win (fewer SU cycles, less mesh traffic, a shorter makespan) against round-robin, never a number;
 * and for the rows nothing wins, the bound that round-robin already meets.
 */
class SchedulingWinsTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    private static RunResult run(Function<Machine, Program<?>> program, String policy, String... keys) {
        Machine m = MachineLoader.load("parallella16", List.of(keys));
        RunResult r = sim.run(program.apply(m), MachineRegistry.newTarget(m), RunOptions.defaults().withPolicy(policy));
        assertEquals(RunResult.Status.OK, r.status(), policy + " " + List.of(keys) + ": " + r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), policy + " " + List.of(keys) + ": " + r.check());
        return r;
    }

    private static long meshBytes(RunResult r) {
        return r.links().stream().mapToLong(RunResult.LinkReport::bytes).sum();
    }

    /** The busiest SU's decision cycles over the makespan. */
    private static double busiestSuShare(RunResult r) {
        return r.cores().stream().filter(c -> c.role().equals("SU")).mapToLong(RunResult.CoreReport::busyCycles).max()
                .orElseThrow() / (double) r.makespanCycles();
    }

    @Test
    void fibsOneSuIsTheBottleneckThatCuSideSchedulingAndClustersRelieve() {
        Function<Machine, Program<?>> fib = m -> FibProgram.of(16);
        RunResult rr = run(fib, "round-robin");
        assertTrue(busiestSuShare(rr) > 0.5, "fib's one SU is busy most of the run: " + busiestSuShare(rr));
        RunResult cuSide = run(fib, "round-robin", "scheduler.cu-side=on");
        assertTrue(cuSide.scheduling().cuSidePlacements() > 0);
        assertTrue(cuSide.scheduling().decisions() < rr.scheduling().decisions(), "continuations skip the SU");
        assertTrue(cuSide.scheduling().suBusyCycles() < rr.scheduling().suBusyCycles());
        assertTrue(cuSide.makespanCycles() < rr.makespanCycles(), cuSide.makespanCycles() + " vs " + rr.makespanCycles());
        RunResult four = run(fib, "work-stealing", "clusters.rows=2", "clusters.cols=2", "scheduler.cu-side=on");
        assertTrue(busiestSuShare(four) < busiestSuShare(rr), "four SUs split the decisions");
        assertTrue(four.makespanCycles() < cuSide.makespanCycles(), four.makespanCycles() + " vs " + cuSide.makespanCycles());
    }

    @Test
    void choleskysCriticalPathFirstBeatsTheBlindDeal() {
        Function<Machine, Program<?>> chol = m -> CholeskyProgram.of(64, 16, 1, m);
        RunResult rr = run(chol, "round-robin");
        RunResult cp = run(chol, "critical-path");
        assertTrue(cp.makespanCycles() < rr.makespanCycles(), cp.makespanCycles() + " vs " + rr.makespanCycles());
    }

    @Test
    void cannonsEarliestFinishPlacesWhereCodeAndDataAreAndMovesLessOverTheMesh() {
        Function<Machine, Program<?>> cannon = m -> CannonProgram.of(CannonProgram.DEFAULT_SIZE, 1,
                CannonProgram.Layout.LOCAL, m);
        RunResult rr = run(cannon, "round-robin");
        RunResult ef = run(cannon, "earliest-finish");
        assertTrue(meshBytes(ef) < meshBytes(rr), meshBytes(ef) + " vs " + meshBytes(rr));
        assertTrue(ef.makespanCycles() < rr.makespanCycles(), ef.makespanCycles() + " vs " + rr.makespanCycles());
    }

    @Test
    void stencilAndFft2dGainWhenCompletionsSkipTheSuRoundTrip() {
        Function<Machine, Program<?>> stencil = m -> StencilProgram.of(16, 8, m);
        RunResult rr = run(stencil, "round-robin");
        RunResult both = run(stencil, "work-stealing", "scheduler.cu-side=on");
        assertTrue(both.scheduling().suBusyCycles() < rr.scheduling().suBusyCycles());
        assertTrue(both.makespanCycles() < rr.makespanCycles(), both.makespanCycles() + " vs " + rr.makespanCycles());
        Function<Machine, Program<?>> fft = m -> Fft2dProgram.of(64, 1, m);
        RunResult frr = run(fft, "round-robin");
        RunResult fcu = run(fft, "round-robin", "scheduler.cu-side=on");
        assertTrue(fcu.scheduling().decisions() < frr.scheduling().decisions());
        assertTrue(fcu.makespanCycles() < frr.makespanCycles(), fcu.makespanCycles() + " vs " + frr.makespanCycles());
    }

    /**
     * stencil's tile (0,0) lives in the SU core's memory and its codelets have no pin; they declare
     * the tile's buffers, so data-locality with CU-side scheduling has a CU that enables one send it to
     * the least occupied of the CUs where that data costs least (one hop from (0,0)) instead of into
     * its own pool: faster than data-locality through the SU, and than CU-side placement that keeps
     * what a CU enables (round-robin), and the tile's firings never run farther than one hop.
     */
    @Test
    void stencilsTileOnTheSuCoreRunsNextToItsDataWhenCusPlaceByDeclaredData() {
        Function<Machine, Program<?>> stencil = m -> StencilProgram.of(16, 8, m);
        RunResult bySu = run(stencil, "data-locality");
        RunResult keeps = run(stencil, "round-robin", "scheduler.cu-side=on");
        RunResult byData = run(stencil, "data-locality", "scheduler.cu-side=on");
        assertTrue(byData.scheduling().cuSidePlacements() > 0);
        assertTrue(byData.makespanCycles() < bySu.makespanCycles(), byData.makespanCycles() + " vs " + bySu.makespanCycles());
        assertTrue(byData.makespanCycles() < keeps.makespanCycles(), byData.makespanCycles() + " vs " + keeps.makespanCycles());
    }

    /**
     * matmul reads every A and B tile from DRAM, and the chip's one off-chip read path takes
     * {@code dram-read-cycles-per-8kib} per 8 KB however the tiles are placed: that, not the CUs, is
     * the bound, and round-robin is already close to it, so no policy can gain much.
     */
    @Test
    void matmulIsBoundByTheOffChipReadPathNotByPlacement() {
        int n = 64;
        int b = 16;
        Function<Machine, Program<?>> mm = m -> MatmulProgram.of(n, b, 1, m);
        Machine p16 = MachineLoader.load("parallella16", List.of());
        long tiles = (long) (n / b) * (n / b);
        long readBytes = tiles * (n / b) * 2L * b * b * Float.BYTES; // each step reads one A and one B tile
        long bound = readBytes * EpiphanyParams.of(p16).dramReadCyclesPer8KiB() / 8192;
        RunResult rr = run(mm, "round-robin");
        assertTrue(rr.makespanCycles() >= bound, rr.makespanCycles() + " below the DRAM read bound " + bound);
        long cuMax = rr.cores().stream().filter(c -> c.role().equals("CU")).mapToLong(RunResult.CoreReport::busyCycles)
                .max().orElseThrow();
        assertTrue(cuMax < bound, "no CU is busy as long as the reads take: the CUs wait on DRAM");
        for (String policy : List.of("critical-path", "earliest-finish", "work-stealing")) {
            RunResult r = run(mm, policy);
            assertTrue(r.makespanCycles() >= bound, policy);
            assertTrue(r.makespanCycles() * 100 >= rr.makespanCycles() * 95, policy + " gains little: " + r.makespanCycles()
                    + " vs " + rr.makespanCycles());
        }
    }

    /**
     * nbody's 16 ranks keep their particles in the cores' memories, and rank 0's core is the SU, so
     * its codelets run on CUs that load rank 0's blocks over the mesh: rank 0's chain of firings is
     * the longest, and every rank waits on it round the ring. Round-robin already ends close to that
     * chain; no placement makes rank 0's data local.
     */
    @Test
    void nbodyIsBoundByTheChainOfTheRankWhoseDataSitsOnTheSuCore() {
        Machine m = MachineLoader.load("parallella16", List.of());
        RunResult rr = sim.run(NbodyProgram.of(512, 4, 1, m), MachineRegistry.newTarget(m),
                RunOptions.defaults().withPolicy("round-robin").withProfile(true));
        assertEquals(CheckResult.Status.PASSED, rr.check().status(), rr.check().message());
        long[] chain = new long[NbodyProgram.RANKS];
        for (io.edarts.scheduler.RunProfile.Codelet c : rr.profile().codelets()) {
            String label = c.codelet();
            int open = label.indexOf('(');
            int end = label.indexOf(',', open) > 0 ? label.indexOf(',', open) : label.indexOf(')', open);
            if (open > 0 && end > open) {
                chain[Integer.parseInt(label.substring(open + 1, end))] += c.stats().cycles();
            }
        }
        for (int q = 1; q < NbodyProgram.RANKS; q++) {
            assertTrue(chain[0] > 3 * chain[q] / 2, "rank 0's remote data makes its chain the longest: " + chain[0] + " vs "
                    + chain[q] + " (rank " + q + ")");
        }
        assertTrue(rr.makespanCycles() >= chain[0]);
        assertTrue(rr.makespanCycles() * 10 <= chain[0] * 11, "round-robin ends within 10% of rank 0's chain: "
                + rr.makespanCycles() + " vs " + chain[0]);
    }
}
