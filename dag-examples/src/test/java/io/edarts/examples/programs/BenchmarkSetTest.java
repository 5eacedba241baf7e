package io.edarts.examples.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Cost;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.MachineRegistry;
import io.edarts.cli.CommandRun;
import io.edarts.report.JsonReport;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The threaded-MPI benchmark set (issue 9 item 2) at test sizes: each passes on parallella16 and on
 * ideal, a body that computes one wrong value fails its check, each program's cost derivation of one
 * codelet is the count its javadoc gives, and runs are byte-identical across host threads.
 */
class BenchmarkSetTest {

    /** Each program at a small size, the faulty variant when {@code faulty}. */
    private static Program<?> program(String name, Machine m, boolean faulty) {
        return switch (name) {
            case "stencil" -> StencilProgram.of(16, 4, m, faulty ? 5 : -1);
            case "fft2d" -> Fft2dProgram.of(64, 3, m, faulty);
            case "nbody" -> NbodyProgram.of(256, 2, 4, m, faulty);
            case "cholesky" -> CholeskyProgram.of(32, 8, 2, m, faulty);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static RunResult run(Program<?> p, Machine m, int threads, String policy) {
        try (Simulator sim = Simulator.create(threads)) {
            return sim.run(p, MachineRegistry.newTarget(m), RunOptions.defaults().withPolicy(policy));
        }
    }

    private static Machine machine(String name) {
        return MachineLoader.load(name, List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"stencil", "fft2d", "nbody", "cholesky"})
    void passesItsCheckOnParallella16AndOnIdeal(String name) {
        for (String machine : List.of("parallella16", "ideal")) {
            Machine m = machine(machine);
            RunResult r = run(program(name, m, false), m, 2, "round-robin");
            assertEquals(RunResult.Status.OK, r.status(), name + " on " + machine + ": " + r.message());
            assertEquals(CheckResult.Status.PASSED, r.check().status(), name + " on " + machine + ": " + r.check());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stencil", "fft2d", "nbody", "cholesky"})
    void aBodyThatComputesOneWrongValueFailsTheCheck(String name) {
        Machine m = machine("ideal");
        RunResult r = run(program(name, m, true), m, 2, "round-robin");
        assertEquals(CheckResult.Status.FAILED, r.check().status(), name + ": " + r.check());
    }

    @Test
    void stencilAndFft2dReportsAreByteIdenticalFor1And2HostThreads() {
        Machine m = machine("parallella16");
        for (String name : List.of("stencil", "fft2d")) {
            String one = JsonReport.toJson(run(program(name, m, false), m, 1, "least-loaded"), false);
            String two = JsonReport.toJson(run(program(name, m, false), m, 2, "least-loaded"), false);
            assertEquals(one, two, name);
        }
    }

    @Test
    void theStencilSweepOfA4x4TileIsOneRegisterBlock() {
        // one block: 16 points of FMUL + 4 FMA; 19 IALU per block + 13 per j-block + 5 per sweep
        Cost c = StencilProgram.Costs.sweep(4);
        assertEquals(80, c.fpu());
        assertEquals(19 + 13 + 5, c.ialu());
        assertEquals(1 + 1 + 1, c.branches());
        assertEquals(0, c.loadStore(), "the 24 loads and 16 stores are charged by the body");
        Cost big = StencilProgram.Costs.sweep(32);
        assertEquals(64 * 80, big.fpu(), "five flops a point, as main's FLOPS_PER_POINT counts 9 with the fma as two");
    }

    @Test
    void anFftRowOf128IsSevenStagesOf64Butterflies() {
        assertEquals(56, Fft2dProgram.Costs.pairs(128), "(128 - 16 palindromes) / 2 bit-reversal pairs");
        Cost row = Fft2dProgram.Costs.row(128);
        // 64 first-stage butterflies of 11 FPU, 6 stages of 32 double butterflies of 22
        assertEquals(64 * 11 + 6 * 32 * 22, row.fpu());
        assertEquals(4928, row.fpu());
        assertEquals(1596, row.ialu());
        assertEquals(831, row.branches());
        // 7 x 64 = 448 butterflies, 10 flops each in C99 complex arithmetic plus the NaN test
        assertEquals(7 * 64 * 11, row.fpu());
    }

    @Test
    void anNbodyPassIsNineteenFlopsAnInteraction() {
        Cost pass = NbodyProgram.Costs.accel(128, false, true);
        assertEquals(19L * 128 * 128 + 24 * 16, pass.fpu());
        assertEquals(311_680, pass.fpu());
        assertEquals(37_550, pass.ialu());
        assertEquals(2_324, pass.branches());
        Cost last = NbodyProgram.Costs.accel(128, false, false);
        assertEquals(pass.ialu() - 10 - 256, last.ialu(), "the last pass passes nothing on");
    }

    @Test
    void aCholeskyGemmTileIsBCubedMultiplyAdds() {
        Cost g = CholeskyProgram.Costs.gemm(16);
        assertEquals(4096, g.fpu());
        assertEquals(4096 / 4 + 3 * 256 + 6, g.ialu());
        assertEquals(1798, g.ialu());
        assertEquals(1282, g.branches());
        // the four kernels' multiply-adds of one k step add up to the factorization's n^3/6 leading term
        assertEquals(120, CholeskyProgram.tasks(8).size(), "8 POTRF, 28 TRSM, 28 SYRK, 56 GEMM");
    }

    @Test
    void theCholeskyBoundRejectsAFactorWithOnePerturbedElement() {
        Machine m = machine("ideal");
        Program<CholeskyProgram.Frame> p = CholeskyProgram.of(32, 8, 2, m);
        float[][] tiles = CholeskyProgram.reference(32, 8, 2);
        CholeskyProgram.Frame f = p.newFrame();
        for (int i = 0; i < tiles.length; i++) {
            if (tiles[i] != null) {
                System.arraycopy(tiles[i], 0, f.tiles[i], 0, tiles[i].length);
            }
        }
        float[] l = CholeskyProgram.lower(f);
        assertEquals(CheckResult.Status.PASSED, CholeskyProgram.backwardError(l, f.a, 32).status());
        l[20 * 32 + 3] *= 1.0001f; // 1e-4 relative, fifty times the bound's gamma_33
        assertEquals(CheckResult.Status.FAILED, CholeskyProgram.backwardError(l, f.a, 32).status());
    }

    @Test
    void theFftBoundRejectsATransformWithOneWrongElement() {
        float[] got = Fft2dProgram.reference(64, 3);
        float[] input = Fft2dProgram.input(64, 3);
        assertEquals(CheckResult.Status.PASSED, Fft2dProgram.againstDft(got, input, 64).status());
        got[2 * 100] += 1f; // 3e-4 of the norm of the transform, forty times the bound
        assertEquals(CheckResult.Status.FAILED, Fft2dProgram.againstDft(got, input, 64).status());
    }

    @Test
    void theCommandLineRunsEachWithItsOwnDefaultsAndRefusesABadSizeWithExitTwo(@TempDir Path dir) {
        CommandRun bad = CommandRun.edarts("run", "stencil", "--size", "20", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("stencil --size 20"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written");
        CommandRun ok = CommandRun.edarts("run", "cholesky", "--size", "32", "--block", "8", "--machine", "ideal",
                "--no-trace", "--quiet", "--out", dir.resolve("ok").toString());
        assertEquals(0, ok.code(), ok.err());
        CommandRun notRead = CommandRun.edarts("run", "fft2d", "--iterations", "3", "--out", dir.resolve("n").toString());
        assertEquals(2, notRead.code(), notRead.err());
        assertTrue(notRead.err().contains("--iterations applies to"), notRead.err());
    }

    @Test
    void badSizesAreRefusedNamingTheOption() {
        Machine m = machine("parallella16");
        List<BiFunction<Integer, Machine, Program<?>>> makers = List.of(
                (n, mm) -> StencilProgram.of(n, 4, mm), (n, mm) -> Fft2dProgram.of(n, 1, mm),
                (n, mm) -> NbodyProgram.of(n, 1, 1, mm), (n, mm) -> CholeskyProgram.of(n, 16, 1, mm));
        List<String> names = List.of("stencil --size 20", "fft2d --size 20", "nbody --size 20", "cholesky --block 16");
        for (int i = 0; i < makers.size(); i++) {
            BiFunction<Integer, Machine, Program<?>> make = makers.get(i);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> make.apply(20, m));
            assertTrue(e.getMessage().contains(names.get(i)), e.getMessage());
        }
        assertEquals(2, StencilProgram.neighbours(0, 0).length, "a corner tile has two neighbours");
    }
}
