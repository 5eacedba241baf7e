package io.edarts.examples.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Cost;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Target;
import io.edarts.epiphany.Targets;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cannon's routines as mpi-epiphany's cannon/mpi_tfunc.c performs them. */
class CannonProgramTest {

    @Test
    void matrixMultiplyOfA32BlockIsTheRegisterBlockedKernelsCount() {
        Cost mm = CannonProgram.Costs.matrixMultiply(32);
        // 512 k-steps of 64 fmaf, 32 loads, 10 IALU and a back-edge; 64 cells of 32 C loads/stores
        assertEquals(32 * 32 * 32, mm.fpu(), "one fmaf per multiply-add");
        assertEquals(512 * 32 + 64 * 32 + 20, mm.loadStore(), "half a load per fmaf, plus C once per cell");
        assertEquals(512 * 10 + 64 * 8 + 8 * 8 + 2, mm.ialu());
        assertEquals(512 + 64 + 8 + 1, mm.branches(), "one back-edge per k-step of 64 fmaf");
    }

    @Test
    void aBlockOf128SquaredGoesThroughTheBufferInThreeChunks() {
        int block = 4 * 32 * 32;
        assertEquals(1536, CannonProgram.chunkBytes(block, 0));
        assertEquals(1536, CannonProgram.chunkBytes(block, 1));
        assertEquals(1024, CannonProgram.chunkBytes(block, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 64, 128})
    void everyLayoutComputesTheProductWhateverTheNumberOfChunks(int n) {
        Machine m = MachineLoader.load("parallella16", List.of());
        Target t = Targets.forMachine(m);
        try (Simulator sim = Simulator.create(2)) {
            for (CannonProgram.Layout l : CannonProgram.Layout.values()) {
                RunResult r = sim.run(CannonProgram.of(n, 5, l, m), t, RunOptions.defaults());
                assertEquals(CheckResult.Status.PASSED, r.check().status(), n + " " + l + ": " + r.message());
            }
        }
    }

    @Test
    void theDmaTransfersAreDramReadsAndTheLocalLayoutFetchesNothing() {
        Machine m = MachineLoader.load("parallella16", List.of());
        try (Simulator sim = Simulator.create(1)) {
            RunResult r = sim.run(CannonProgram.of(128, 1, CannonProgram.Layout.LOCAL, m), Targets.forMachine(m),
                    RunOptions.defaults());
            // all code is local, so the external load stalls are the DMA reads from DRAM:
            // 16 blocks x 3 blocks read x 512 doublewords, each at least the DRAM latency (502 cycles)
            long stalls = r.cores().stream().mapToLong(c -> c.counters().extLoadStalls).sum();
            assertTrue(stalls >= 16L * 3 * 512 * 502, "external load stalls " + stalls);
            assertTrue(stalls < 16L * 3 * 512 * 600, "external load stalls " + stalls);
            assertEquals(0, r.cores().stream().mapToLong(c -> c.counters().extFetchStalls).sum());
        }
    }

    @Test
    void rejectsASizeTheFourByFourKernelCannotBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CannonProgram.of(40, 1, CannonProgram.Layout.LOCAL, MachineLoader.load("parallella16", List.of())));
        assertTrue(e.getMessage().contains("--size 40"), e.getMessage());
    }
}
