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

    /**
     * At 128 a rank's three 4 KB blocks and its buffer next to 8,736 B of local code (or the 6.4 KB
     * code cache of dynamic-inner) overflow the default 20 KB that runtime (4 KB) and stack (8 KB)
     * leave; with 2 KB each every layout and shift fits, as the source's did on the chip.
     */
    static final List<String> ROOM_AT_128 = List.of("epiphany.budget.runtime-bytes=2048",
            "epiphany.budget.stack-bytes=2048");

    @ParameterizedTest
    @ValueSource(ints = {16, 64, 128})
    void everyLayoutAndShiftComputesTheProductBitForBitWhateverTheNumberOfChunks(int n) {
        Machine m = MachineLoader.load("parallella16", ROOM_AT_128);
        Target t = Targets.forMachine(m);
        try (Simulator sim = Simulator.create(2)) {
            for (CannonProgram.Shift shift : CannonProgram.Shift.values()) {
                for (CannonProgram.Layout l : CannonProgram.Layout.values()) {
                    RunResult r = sim.run(CannonProgram.of(n, 5, l, shift, m), t, RunOptions.defaults());
                    assertEquals(CheckResult.Status.PASSED, r.check().status(), n + " " + l + " " + shift + ": "
                            + r.message());
                    assertTrue(r.check().message().contains("bit for bit"), r.check().message());
                }
            }
        }
    }

    @Test
    void theLocalLayoutAt128DoesNotFitTheDefaultBudgetAndTheRunSaysWhere() {
        Machine m = MachineLoader.load("parallella16", List.of());
        try (Simulator sim = Simulator.create(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.run(
                    CannonProgram.of(128, 1, CannonProgram.Layout.LOCAL, m), Targets.forMachine(m), RunOptions.defaults()));
            assertTrue(e.getMessage().contains("core (0,1)") && e.getMessage().contains("4096 B")
                    && e.getMessage().contains("code 8736"), e.getMessage());
        }
    }

    private static long sum(RunResult r, java.util.function.ToLongFunction<io.edarts.cam.Counters> f) {
        return r.cores().stream().mapToLong(c -> f.applyAsLong(c.counters())).sum();
    }

    @Test
    void theLoadsAndTheWriteBackAreDmaAndTheShiftsAreStoresOrDmaAsAsked() {
        Machine m = MachineLoader.load("parallella16", List.of());
        try (Simulator sim = Simulator.create(1)) {
            RunResult write = sim.run(CannonProgram.of(64, 1, CannonProgram.Layout.LOCAL, CannonProgram.Shift.WRITE, m),
                    Targets.forMachine(m), RunOptions.defaults());
            RunResult dma = sim.run(CannonProgram.of(64, 1, CannonProgram.Layout.LOCAL, CannonProgram.Shift.DMA, m),
                    Targets.forMachine(m), RunOptions.defaults());
            assertEquals(CheckResult.Status.PASSED, write.check().status(), write.message());
            assertEquals(CheckResult.Status.PASSED, dma.check().status(), dma.message());
            int block = 4 * 16 * 16;
            // 16 ranks: C, B and A read, C written back, each one 2D DMA of a block
            assertEquals(16 * 4, sum(write, c -> c.dmaTransfers));
            assertEquals(16L * 4 * block, sum(write, c -> c.dmaBytes));
            // shift dma adds one transfer of a block per shift: 3 rounds of a and b per rank
            assertEquals(16 * 4 + 16 * 6, sum(dma, c -> c.dmaTransfers));
            assertEquals(16L * 4 * block + 16L * 6 * block, sum(dma, c -> c.dmaBytes));
            // shift write stores those bytes into the neighbours' buffers from the cores themselves
            long shifted = 16L * 6 * block;
            long extra = sum(write, c -> c.meshBytes) - sum(dma, c -> c.meshBytes);
            assertTrue(extra >= shifted && extra < shifted + shifted / 10, "stores beyond dma's: " + extra);
            // all code is local: nothing is fetched from elsewhere
            assertEquals(0, sum(write, c -> c.extFetchStalls));
        }
    }

    @Test
    void rejectsASizeTheFourByFourKernelCannotBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CannonProgram.of(40, 1, CannonProgram.Layout.LOCAL, MachineLoader.load("parallella16", List.of())));
        assertTrue(e.getMessage().contains("--size 40"), e.getMessage());
    }
}
