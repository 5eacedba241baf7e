package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CodeletHandle;
import io.edarts.api.Program;
import io.edarts.api.SlotHandle;
import io.edarts.api.TpDefinition;
import io.edarts.cam.Counters;
import io.edarts.cam.Dma;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DMA transfers as the scheduler runs them on the simple mesh, where a transfer of n bytes takes
 * n / 8 cycles (link-bytes-per-cycle): two channels per core, a third transfer waits, completions
 * signal slots, and a codelet that needs a channel is enabled but not fireable while none is free.
 */
class DmaScheduleTest {
    private static final int CORE = 5;
    /** 8,000 bytes: 1,000 cycles on the simple mesh's 8 bytes a cycle. */
    private static final long BYTES = 8000;
    private static final long TRANSFER = 1000;
    private static Simulator sim;
    private static Target mesh;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
        mesh = SimpleTarget.simpleMesh(MachineLoader.load("mesh16", List.of("target=simple-mesh")));
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    /** When each codelet fired (cycle), by name. */
    static final class Times {
        final java.util.Map<String, Long> at = new java.util.TreeMap<>();
    }

    /**
     * {@code issue} starts {@code transfers} transfers when it ends, each signalling its own
     * {@code done<i>} codelet; {@code after} follows {@code issue} at once and, with
     * {@code needsChannel}, needs a free channel to fire.
     */
    private static Program<Times> program(int transfers, boolean needsChannel) {
        TpDefinition.Builder<Times> b = TpDefinition.builder("dma");
        SlotHandle[] done = new SlotHandle[transfers];
        for (int i = 0; i < transfers; i++) {
            done[i] = b.slot("done" + i, 1, 0);
            String name = "done" + i;
            b.codelet(name, ctx -> ctx.frame().at.put(name, ctx.cycle())).waitsOn(done[i]).affinity(CORE).cycles(1);
        }
        CodeletHandle issue = b.codelet("issue", ctx -> {
            ctx.frame().at.put("issue", ctx.cycle());
            for (int i = 0; i < transfers; i++) {
                ctx.dma(Dma.copy(0x2000 + i * 0x100, 0x4000, BYTES), ctx.slot(done[i]));
            }
        }).affinity(CORE).cycles(10);
        CodeletHandle after = b.codelet("after", ctx -> ctx.frame().at.put("after", ctx.cycle())).affinity(CORE)
                .cycles(1);
        if (needsChannel) {
            after.needsDmaChannel();
        }
        issue.precede(after);
        return Program.of("dma", b.build(), Times::new, null);
    }

    private static RunResult run(Simulator s, Program<Times> p) {
        RunResult r = s.run(p, mesh, RunOptions.defaults());
        assertTrue(r.succeeded(), r.message());
        return r;
    }

    private static Counters counters(RunResult r) {
        return r.cores().get(CORE).counters();
    }

    @Test
    void twoTransfersOnOneCoreOverlapAndAThirdWaits() {
        Times[] seen = new Times[1];
        RunResult r = sim.run(program(3, false).withCheck((f, makespan) -> {
            seen[0] = f;
            return io.edarts.api.CheckResult.none();
        }), mesh, RunOptions.defaults());
        assertTrue(r.succeeded(), r.message());
        Counters c = counters(r);
        assertEquals(3, c.dmaTransfers);
        assertEquals(3 * BYTES, c.dmaBytes);
        assertEquals(3 * TRANSFER, c.dmaBusy);
        // the third found both channels busy and waited for the first to end
        assertEquals(TRANSFER, c.dmaQueueWait);
        long d0 = seen[0].at.get("done0");
        long d1 = seen[0].at.get("done1");
        long d2 = seen[0].at.get("done2");
        assertTrue(Math.abs(d1 - d0) < TRANSFER / 2, "done0 " + d0 + ", done1 " + d1 + ": they ran at once");
        assertTrue(d2 >= d0 + TRANSFER, "done2 " + d2 + " must follow done0 " + d0 + " by a transfer");
        // the run lasts until the last transfer has landed and its codelet fired
        assertTrue(r.makespanCycles() > seen[0].at.get("issue") + 2 * TRANSFER);
    }

    @Test
    void aCodeletThatNeedsAChannelWaitsWhileBothAreBusy() {
        Times[] needs = new Times[1];
        RunResult r = sim.run(program(2, true).withCheck((f, makespan) -> {
            needs[0] = f;
            return io.edarts.api.CheckResult.none();
        }), mesh, RunOptions.defaults());
        assertTrue(r.succeeded(), r.message());
        Times[] free = new Times[1];
        RunResult control = sim.run(program(2, false).withCheck((f, makespan) -> {
            free[0] = f;
            return io.edarts.api.CheckResult.none();
        }), mesh, RunOptions.defaults());
        long issue = needs[0].at.get("issue");
        long after = needs[0].at.get("after");
        assertTrue(after >= issue + 10 + TRANSFER, "'after' fired at " + after + ", before a channel fell free");
        assertTrue(free[0].at.get("after") < free[0].at.get("issue") + TRANSFER, "without the dependency it fires at once");
        Counters c = counters(r);
        assertTrue(c.dmaFireWait > 0 && c.dmaFireWait <= TRANSFER, "fire wait " + c.dmaFireWait);
        assertEquals(0, counters(control).dmaFireWait);
    }

    @Test
    void dmaRunsAreIdenticalWhateverTheHostThreads() {
        try (Simulator one = Simulator.create(1); Simulator eight = Simulator.create(8)) {
            RunResult a = run(one, program(3, true));
            RunResult b = run(eight, program(3, true));
            assertEquals(a.makespanCycles(), b.makespanCycles());
            for (int k = 0; k < a.cores().size(); k++) {
                Counters x = a.cores().get(k).counters();
                Counters y = b.cores().get(k).counters();
                assertEquals(List.of(x.dmaTransfers, x.dmaBytes, x.dmaBusy, x.dmaQueueWait, x.dmaFireWait, x.clock),
                        List.of(y.dmaTransfers, y.dmaBytes, y.dmaBusy, y.dmaQueueWait, y.dmaFireWait, y.clock));
                assertEquals(a.cores().get(k).busyCycles(), b.cores().get(k).busyCycles());
            }
        }
    }

    @Test
    void aNullDoneSlotFailsTheRunNamingTheCodelet() {
        TpDefinition.Builder<Times> b = TpDefinition.builder("bad");
        b.codelet("starter", ctx -> ctx.dma(Dma.copy(0x2000, 0x4000, 64), null)).cycles(1);
        RunResult r = sim.run(Program.of("bad", b.build(), Times::new, null), mesh, RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("starter'") && r.message().contains("not a slot of this run"), r.message());
    }

    @Test
    void aNegativeByteCountFailsTheRunNamingTheCodelet() {
        TpDefinition.Builder<Times> b = TpDefinition.builder("bad");
        SlotHandle s = b.slot("s", 1, 0);
        b.codelet("sink", ctx -> { }).waitsOn(s);
        b.codelet("starter", ctx -> ctx.dma(Dma.copy(0x2000, 0x4000, -8), ctx.slot(s))).cycles(1);
        RunResult r = sim.run(Program.of("bad", b.build(), Times::new, null), mesh, RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("starter'") && r.message().contains("-8 bytes"), r.message());
    }

    /** A matrix in external memory and a block of it in one core's bank, for the buffer-level tests. */
    static final class Blocks {
        final float[] matrix = new float[8 * 8];
        final float[] block = new float[3 * 4];
        final float[] back = new float[8 * 8];
        long copied = -1;

        Blocks() {
            for (int i = 0; i < matrix.length; i++) {
                matrix[i] = i;
            }
        }
    }

    /**
     * A 2D transfer of a 3x4 block at (2,1) of an 8x8 matrix into a bank buffer moves exactly those
     * elements, after the issuing body wrote to the source (the data moves when the firing ends), and
     * the codelet it signals sees them; a 1D transfer back lands them; the transfers take the
     * target's time (bytes / 8 on the simple mesh).
     */
    @Test
    void bufferTransfersMoveTheDataTheyDescribe() {
        TpDefinition.Builder<Blocks> b = TpDefinition.builder("blocks");
        var matrix = b.buffer("matrix", io.edarts.cam.BufferPlace.external(), (Blocks f) -> f.matrix);
        var block = b.buffer("block", io.edarts.cam.BufferPlace.bank(1, 1, 1), (Blocks f) -> f.block);
        var back = b.buffer("back", io.edarts.cam.BufferPlace.external(), (Blocks f) -> f.back);
        SlotHandle landed = b.slot("landed", 1, 0);
        SlotHandle home = b.slot("home", 1, 0);
        b.codelet("fetch", ctx -> {
            ctx.dma2d(matrix, 2 * 8 + 1, 8, block, 0, 4, 4, 3, ctx.slot(landed));
            ctx.write(matrix, 2 * 8 + 1, 1)[2 * 8 + 1] = -1f; // written after the call: still moved
        }).affinity(CORE).cycles(10);
        b.codelet("use", ctx -> {
            ctx.frame().copied = ctx.cycle();
            ctx.dma(block, 0, back, 0, 12, ctx.slot(home));
        }).waitsOn(landed).affinity(CORE).cycles(1);
        b.codelet("end", ctx -> { }).waitsOn(home).affinity(CORE).cycles(1);
        Blocks[] frame = new Blocks[1];
        RunResult r = sim.run(Program.of("blocks", b.build(), () -> frame[0] = new Blocks(), null), mesh,
                RunOptions.defaults());
        assertTrue(r.succeeded(), r.message());
        float[] want = {-1, 18, 19, 20, 25, 26, 27, 28, 33, 34, 35, 36};
        assertEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(frame[0].block));
        assertEquals(java.util.Arrays.toString(want),
                java.util.Arrays.toString(java.util.Arrays.copyOf(frame[0].back, 12)));
        // 48 bytes: 6 cycles on the simple mesh, after the 10-cycle issuing firing
        assertTrue(frame[0].copied >= 10 + 6, "use fired at " + frame[0].copied);
        Counters c = counters(r);
        assertEquals(2, c.dmaTransfers);
        assertEquals(96, c.dmaBytes);
    }

    @Test
    void aBufferTransferOutsideItsBufferFailsTheRunNamingIt() {
        TpDefinition.Builder<Blocks> b = TpDefinition.builder("blocks");
        var matrix = b.buffer("matrix", io.edarts.cam.BufferPlace.external(), (Blocks f) -> f.matrix);
        var block = b.buffer("block", io.edarts.cam.BufferPlace.bank(1, 1, 1), (Blocks f) -> f.block);
        SlotHandle landed = b.slot("landed", 1, 0);
        b.codelet("fetch", ctx -> ctx.dma2d(matrix, 6 * 8, 8, block, 0, 4, 4, 3, ctx.slot(landed)))
                .affinity(CORE).cycles(10);
        b.codelet("use", ctx -> { }).waitsOn(landed).cycles(1);
        RunResult r = sim.run(Program.of("blocks", b.build(), Blocks::new, null), mesh, RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("fetch") && r.message().contains("matrix")
                && r.message().contains("elements 48..67"), r.message());
    }
}
