package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.Counters;
import io.edarts.cam.Dma;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.memory.MeshGeometry;
import io.edarts.examples.programs.DmaStreamProgram;
import io.edarts.run.RunSpec;
import io.edarts.run.Runner;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import io.edarts.scheduler.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dma-stream example on parallella16, contention on and off: single against double buffering
 * in a compute-bound and a transfer-bound setting, measured against the firings' own compute and
 * the target's uncontended transfer times, so the test fails if double buffering stopped hiding the
 * transfers or single buffering started to.
 */
class DmaStreamTest {
    private static final int SIZE = 16_384;
    private static final int BLOCK = 512;
    private static final int BLOCKS = SIZE / BLOCK;
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Machine machine(String contention) {
        return MachineLoader.load("parallella16", List.of("epiphany.contention=" + contention));
    }

    /** A run, its check passed, and the cycles its firings named {@code prefix...} took together. */
    private record Run(RunResult result, long compute, long shortFirings) {}

    private static Run run(Machine m, int buffers, int degree) {
        Program<?> p = DmaStreamProgram.of(SIZE, BLOCK, buffers, 1, degree, 1, m);
        RunResult r = sim.run(p, EpiphanyTarget.create(m), RunOptions.defaults());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message() + " " + r.check().message());
        assertTrue(r.timeline().spansKept(), "spans kept");
        long compute = 0;
        long small = 0;
        for (Timeline.Span s : r.timeline().spans()) {
            if (s.decision()) {
                continue;
            }
            if (s.name().contains(".compute")) {
                compute += s.cycles();
            } else {
                small += s.cycles();
            }
        }
        return new Run(r, compute, small);
    }

    /** Uncontended cycles of one block's transfer in (DRAM to the stream's core) and out. */
    private static long[] transfers(Machine m) {
        EpiphanyTarget t = EpiphanyTarget.create(m);
        MeshGeometry g = t.geometry();
        int core = DmaStreamProgram.streamCores(m, 1)[0];
        long local = g.globalAddress(core, 0x4000);
        long in = t.dmaCycles(core, Dma.copy(g.dramAddress(0), local, BLOCK * 4));
        long out = t.dmaCycles(core, Dma.copy(local, g.dramAddress(0x10_0000), BLOCK * 4));
        return new long[] {in, out};
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void doubleBufferingHidesDmaBehindComputeWhenComputeIsLonger(String contention) {
        Machine m = machine(contention);
        long[] t = transfers(m);
        Run single = run(m, 1, 64);
        Run dbl = run(m, 2, 64);
        long perBlock = dbl.compute() / BLOCKS;
        assertTrue(perBlock > 2 * (t[0] + t[1]), "compute-bound: a block computes " + perBlock + " cycles, moves "
                + t[0] + " in and " + t[1] + " out");
        // double: compute alone plus the first block's landing and the last write-back (and the short
        // codelets that start the transfers), within 1%
        long hidden = dbl.compute() + dbl.shortFirings() + t[0] + t[1];
        long d = dbl.result().makespanCycles();
        assertTrue(d >= dbl.compute() && d <= hidden * 101 / 100, "double " + d + ", compute " + dbl.compute()
                + " + one transfer in and out " + (t[0] + t[1]) + " + short firings " + dbl.shortFirings());
        // single: every block pays its landing after the compute before it
        long s = single.result().makespanCycles();
        long paid = single.compute() + (long) BLOCKS * t[0];
        assertTrue(s >= paid, "single " + s + " < compute " + single.compute() + " + " + BLOCKS + " x " + t[0]);
        assertTrue(s <= (single.compute() + single.shortFirings() + BLOCKS * (t[0] + t[1])) * 105 / 100,
                "single " + s + " pays more than compute + transfer per block");
        Counters c = dbl.result().cores().get(DmaStreamProgram.streamCores(m, 1)[0]).counters();
        assertEquals(2L * BLOCKS, c.dmaTransfers);
        assertEquals(2L * SIZE * 4, c.dmaBytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void bothAreBoundByTheTransfersWhenTransferIsLonger(String contention) {
        Machine m = machine(contention);
        long[] t = transfers(m);
        Run single = run(m, 1, 2);
        Run dbl = run(m, 2, 2);
        long perBlock = dbl.compute() / BLOCKS;
        assertTrue(perBlock < t[0], "transfer-bound: a block computes " + perBlock + " cycles, lands in " + t[0]);
        long d = dbl.result().makespanCycles();
        long s = single.result().makespanCycles();
        Counters c = dbl.result().cores().get(DmaStreamProgram.streamCores(m, 1)[0]).counters();
        if (contention.equals("off")) {
            assertEquals((long) BLOCKS * (t[0] + t[1]), c.dmaBusy, "uncontended, the channels are busy for the sum of "
                    + "the transfers");
        } else {
            assertTrue(c.dmaBusy >= (long) BLOCKS * (t[0] + t[1]), "contended transfers take no less: " + c.dmaBusy);
        }
        // double buffering: the transfers set the pace, at best both channels busy all the time; the
        // compute hides behind them and adds nothing beyond the channels' busy time
        assertTrue(d >= c.dmaBusy / 2 && d <= c.dmaBusy, "double " + d + ", channels busy " + c.dmaBusy);
        assertTrue(d >= 3 * dbl.compute() / 2, "double " + d + " against compute " + dbl.compute());
        // single buffering: every block's landing and then its compute, one after the other
        assertTrue(s >= (long) BLOCKS * t[0] + single.compute(), "single " + s + " < " + BLOCKS + " landings of "
                + t[0] + " + compute " + single.compute());
        assertTrue(d < s, "double " + d + " not below single " + s);
    }

    private static String withoutHost(Path report) throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(Files.readString(report));
        n.remove("host");
        return n.toString();
    }

    @Test
    void reportsAreByteIdenticalAcrossHostThreads(@TempDir Path dir) throws Exception {
        Machine m = machine("on");
        String[] out = new String[3];
        int[] threads = {1, 2, 8};
        for (int i = 0; i < threads.length; i++) {
            Path d = dir.resolve("t" + threads[i]);
            RunResult r = Runner.run(DmaStreamProgram.of(8192, 256, 2, 3, 16, 5, m),
                    RunSpec.on(m).hostThreads(threads[i]).out(d).quiet(true));
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
            out[i] = withoutHost(d.resolve("report.json"));
        }
        assertEquals(out[0], out[1]);
        assertEquals(out[0], out[2]);
    }

    @Test
    void checksPassWithPartialBlocksAndSeveralStreams() {
        for (String contention : new String[] {"on", "off"}) {
            Machine m = machine(contention);
            for (int buffers = 1; buffers <= 2; buffers++) {
                RunResult r = sim.run(DmaStreamProgram.of(1000, 96, buffers, 4, 3, 9, m), EpiphanyTarget.create(m),
                        RunOptions.defaults());
                assertEquals(CheckResult.Status.PASSED, r.check().status(), contention + " " + buffers + ": "
                        + r.check().message());
            }
        }
    }

    @Test
    void badKnobsNameTheOption() {
        Machine m = machine("on");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DmaStreamProgram.of(100, 200, 2, 1, 4, 1, m))
                .getMessage().contains("--block 200"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DmaStreamProgram.of(100, 10, 3, 1, 4, 1, m))
                .getMessage().contains("--buffers 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DmaStreamProgram.of(100, 10, 2, 16, 4, 1, m))
                .getMessage().contains("--cores 16: expected 1..15"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DmaStreamProgram.of(100, 10, 2, 1, -1, 1, m))
                .getMessage().contains("--degree -1"));
    }
}
