package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Program;
import io.edarts.api.SlotHandle;
import io.edarts.api.TpDefinition;
import io.edarts.cam.Counters;
import io.edarts.cam.Dma;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.CoreRole;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.memory.MeshGeometry;
import io.edarts.run.RunSpec;
import io.edarts.run.Runner;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DMA codelets on the Epiphany model, with contention on (transfers replayed by the shared mesh's
 * DMA engines) and off (the same replay alone, per transfer): double buffering written as dataflow
 * hides the transfers behind compute, the channels bound what runs at once, and runs are
 * deterministic across host threads, on e1024's serial rounds too.
 */
class DmaEpiphanyTest {
    private static final int BLOCKS = 4;
    private static final int BLOCK_BYTES = 2048;
    private static final long COMPUTE = 10_000;
    private static final long[] BUF = {0x2000, 0x2800};
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

    /** The blocks in DRAM as Java data, and the kernel's running sum. */
    static final class Stream {
        final long[] data = new long[BLOCKS * BLOCK_BYTES / 8];
        long sum;

        Stream() {
            for (int i = 0; i < data.length; i++) {
                data[i] = 3L * i + 1;
            }
        }
    }

    /**
     * A kernel over {@link #BLOCKS} blocks in DRAM, each moved into a local buffer by DMA and then
     * summed ({@link #COMPUTE} cycles). {@code fetch_i} starts block i's transfer. Single buffering:
     * {@code fetch_i -> dma -> compute_i -> fetch_i+1}. Double buffering: block i's landing enables
     * {@code fetch_i+1}, which also waits for {@code compute_i-1} to free its buffer, and
     * {@code compute_i} follows {@code fetch_i+1}, so it runs while block i+1 moves.
     */
    static Program<Stream> kernel(MeshGeometry g, int core, boolean doubleBuffered) {
        TpDefinition.Builder<Stream> b = TpDefinition.builder(doubleBuffered ? "double" : "single");
        SlotHandle[] fetchSlot = new SlotHandle[BLOCKS];
        SlotHandle[] computeSlot = new SlotHandle[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            int fetchDeps = i == 0 ? 0 : doubleBuffered ? (i >= 2 ? 2 : 1) : 1;
            fetchSlot[i] = b.slot("fetch" + i, fetchDeps, 0);
            computeSlot[i] = b.slot("compute" + i, 1, 0);
        }
        CodeletHandle[] fetch = new CodeletHandle[BLOCKS];
        CodeletHandle[] compute = new CodeletHandle[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            int block = i;
            long src = g.dramAddress(0x0100_0000L + (long) block * BLOCK_BYTES);
            SlotHandle landed = doubleBuffered && block + 1 < BLOCKS ? fetchSlot[block + 1] : computeSlot[block];
            fetch[i] = b.codelet("fetch" + i, ctx -> ctx.dma(Dma.copy(src, BUF[block % 2], BLOCK_BYTES),
                    ctx.slot(landed))).waitsOn(fetchSlot[i]).affinity(core).needsDmaChannel().cycles(20);
            compute[i] = b.codelet("compute" + i, ctx -> {
                Stream s = ctx.frame();
                for (int w = 0; w < BLOCK_BYTES / 8; w++) {
                    s.sum += s.data[block * (BLOCK_BYTES / 8) + w];
                }
            }).waitsOn(computeSlot[i]).affinity(core).cycles(COMPUTE);
        }
        for (int i = 0; i < BLOCKS; i++) {
            if (doubleBuffered) {
                if (i + 1 < BLOCKS) {
                    fetch[i + 1].signals(computeSlot[i]);
                }
                if (i + 2 < BLOCKS) {
                    compute[i].signals(fetchSlot[i + 2]);
                }
            } else if (i + 1 < BLOCKS) {
                compute[i].signals(fetchSlot[i + 1]);
            }
        }
        long expect = 0;
        for (long v : new Stream().data) {
            expect += v;
        }
        long want = expect;
        return Program.of("dma-kernel", b.build(), Stream::new, s -> s.sum == want
                ? CheckResult.passed("sum " + want) : CheckResult.failed("sum " + s.sum + ", expected " + want));
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void doubleBufferingHidesTheTransfersBehindCompute(String contention) {
        Machine m = machine(contention);
        EpiphanyTarget t = EpiphanyTarget.create(m);
        MeshGeometry g = t.geometry();
        int core = g.core(1, 1);
        long transfer = t.dmaCycles(core, Dma.copy(g.dramAddress(0x0100_0000L), BUF[0], BLOCK_BYTES));
        assertTrue(transfer > 5000, "a 2 KB block from DRAM takes " + transfer + " cycles");
        RunResult single = sim.run(kernel(g, core, false), t, RunOptions.defaults());
        RunResult dbl = sim.run(kernel(g, core, true), t, RunOptions.defaults());
        assertEquals(CheckResult.Status.PASSED, single.check().status(), single.message());
        assertEquals(CheckResult.Status.PASSED, dbl.check().status(), dbl.message());
        // single buffering pays every transfer; double buffering only the first, the rest overlap compute
        assertTrue(single.makespanCycles() >= BLOCKS * (transfer + COMPUTE),
                "single " + single.makespanCycles() + " < " + BLOCKS + " x (" + transfer + " + " + COMPUTE + ")");
        long hidden = single.makespanCycles() - dbl.makespanCycles();
        assertTrue(hidden >= (BLOCKS - 1) * transfer * 9 / 10, "double buffering saved " + hidden + " of "
                + (BLOCKS - 1) * transfer + " transfer cycles (single " + single.makespanCycles() + ", double "
                + dbl.makespanCycles() + ")");
        Counters c = dbl.cores().get(core).counters();
        assertEquals(BLOCKS, c.dmaTransfers);
        assertEquals((long) BLOCKS * BLOCK_BYTES, c.dmaBytes);
        assertTrue(c.dmaBusy >= BLOCKS * transfer, "busy " + c.dmaBusy);
    }

    /**
     * One codelet starts three transfers: a 1 KB read from DRAM (bound by the off-chip read path), a
     * 1 KB write into core (2,2) (bound by the engine's one doubleword a cycle) and another DRAM read;
     * {@code after} follows it and needs a channel.
     */
    private static Program<long[]> threeTransfers(MeshGeometry g, int core) {
        Dma[] transfers = {Dma.copy(g.dramAddress(0x0100_0000L), 0x2000, 1024),
                Dma.copy(0x4000, g.globalAddress(g.core(2, 2), 0x4000), 1024),
                Dma.copy(g.dramAddress(0x0100_1000L), 0x3000, 1024)};
        TpDefinition.Builder<long[]> b = TpDefinition.builder("three");
        SlotHandle[] done = new SlotHandle[3];
        for (int i = 0; i < 3; i++) {
            done[i] = b.slot("done" + i, 1, 0);
            int k = i;
            b.codelet("landed" + i, ctx -> ctx.frame()[k] = ctx.cycle()).waitsOn(done[i]).affinity(core).cycles(1);
        }
        CodeletHandle issue = b.codelet("issue", ctx -> {
            for (int i = 0; i < 3; i++) {
                ctx.dma(transfers[i], ctx.slot(done[i]));
            }
        }).affinity(core).cycles(10);
        CodeletHandle after = b.codelet("after", ctx -> ctx.frame()[3] = ctx.cycle()).affinity(core).cycles(1)
                .needsDmaChannel();
        issue.precede(after);
        return Program.of("three", b.build(), () -> new long[4], null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void twoTransfersOverlapAThirdWaitsAndACodeletNeedingAChannelWaits(String contention) {
        EpiphanyTarget t = EpiphanyTarget.create(machine(contention));
        MeshGeometry g = t.geometry();
        int core = g.core(2, 1);
        long[][] seen = new long[1][];
        RunResult r = sim.run(threeTransfers(g, core).withCheck((f, makespan) -> {
            seen[0] = f;
            return CheckResult.none();
        }), t, RunOptions.defaults());
        assertTrue(r.succeeded(), r.message());
        long write = t.dmaCycles(core, Dma.copy(0x4000, g.globalAddress(g.core(2, 2), 0x4000), 1024));
        Counters c = r.cores().get(core).counters();
        assertEquals(3, c.dmaTransfers);
        long[] at = seen[0];
        // on one channel in issue order the write could not land before the read issued ahead of it
        assertTrue(at[1] < at[0], "the write landed at " + at[1] + ", the first read at " + at[0]);
        // the third found both channels busy and took the write's when it fell free (with contention the
        // write issued only after the read's 128 requests: channel 0 has the engine's issue slot first)
        assertTrue(c.dmaQueueWait >= write && c.dmaQueueWait <= write + 128 + 40, "queued " + c.dmaQueueWait
                + " cycles; the write takes " + write);
        assertTrue(at[2] > at[1], "the third landed at " + at[2]);
        // 'after' was enabled when 'issue' ended, but both channels stayed busy past the write's end
        assertTrue(c.dmaFireWait > write, "'after' waited " + c.dmaFireWait + " cycles for a channel");
    }

    private static String withoutHost(Path report) throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(Files.readString(report));
        n.remove("host");
        return n.toString();
    }

    @Test
    void dmaRunsAreByteIdenticalAcrossHostThreadsOnE1024(@TempDir Path dir) throws Exception {
        Machine e1024 = MachineLoader.load("e1024", List.of());
        MeshGeometry g = EpiphanyTarget.create(e1024).geometry();
        int[] cores = {g.core(1, 1), g.core(9, 20), g.core(30, 3)};
        for (int c : cores) {
            assertEquals(CoreRole.CU, e1024.role(c));
        }
        String[] out = new String[3];
        int[] threads = {1, 2, 8};
        for (int i = 0; i < threads.length; i++) {
            Path d = dir.resolve("t" + threads[i]);
            RunResult r = Runner.run(spread(g, cores), RunSpec.on(e1024).hostThreads(threads[i]).out(d).quiet(true));
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
            out[i] = withoutHost(d.resolve("report.json"));
        }
        assertEquals(out[0], out[1]);
        assertEquals(out[0], out[2]);
        assertTrue(out[0].contains("\"dmaTransfers\":" + 2), out[0].substring(0, 200));
    }

    /** On each core a double-buffered pair: the kernel of {@link #kernel}, one per core, in one procedure. */
    private static Program<long[]> spread(MeshGeometry g, int[] cores) {
        TpDefinition.Builder<long[]> b = TpDefinition.builder("spread");
        for (int c = 0; c < cores.length; c++) {
            int core = cores[c];
            int k = c;
            SlotHandle landed = b.slot("landed" + c, 2, 0);
            b.codelet("use" + c, ctx -> ctx.frame()[k] = 1).waitsOn(landed).affinity(core).cycles(5);
            b.codelet("fetch" + c, ctx -> {
                ctx.dma(Dma.copy(g.dramAddress(0x0100_0000L + k * 8192L), 0x2000, 2048), ctx.slot(landed));
                ctx.dma(Dma.copy2d(g.dramAddress(0x0100_4000L + k * 8192L), 256, 0x4000, 128, 128, 8),
                        ctx.slot(landed));
            }).affinity(core).needsDmaChannel().cycles(20);
        }
        return Program.of("spread", b.build(), () -> new long[cores.length], f -> {
            for (long v : f) {
                if (v != 1) {
                    return CheckResult.failed("a core's transfers never landed");
                }
            }
            return CheckResult.passed("every core's transfers landed");
        }, Map.of());
    }
}
