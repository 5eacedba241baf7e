package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.BufferHandle;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * eLink offloads in whole runs: a core's DMA stream to DRAM shares the eLink with the direct calls of
 * other cores when the mesh is contended, and not when it is not; the host call is gone.
 */
class ElinkOffloadRunTest {
    private static final String ELINK = "epiphany.host.accelerators.protobuf.call-path=elink";
    private static final int WORDS = 4096; // 16 KB from core (0,1)'s memory to DRAM: 2,048 eLink transactions
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    /** The run's data: the stream's source in core (0,1) and its destination in DRAM. */
    static final class Frame {
        final float[] local = new float[WORDS];
        final float[] dram = new float[WORDS];
    }

    /** Core 1 streams 16 KB to DRAM by DMA while cores 4.. 4+callers-1 each offload 2 KB in, 1 KB out. */
    private static Program<Frame> program(int callers) {
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("elink-vs-dram");
        BufferHandle<float[]> local = tp.buffer("local", BufferPlace.core(0, 1), f -> f.local);
        BufferHandle<float[]> dram = tp.buffer("dram", BufferPlace.external(), f -> f.dram);
        CodeletHandle done = tp.codelet("done", ctx -> { }).cost(Cost.instructions(2, 0, 0, 1)).deps(1 + callers);
        tp.codelet("stream", ctx -> ctx.dma(local, 0, dram, 0, WORDS, ctx.slotOf(done)))
                .affinity(1).needsDmaChannel().cost(Cost.instructions(4, 0, 0, 1));
        for (int i = 0; i < callers; i++) {
            CodeletHandle c = tp.codelet("call" + i, ctx -> { }).affinity(4 + i).cost(Cost.instructions(4, 0, 0, 1))
                    .precede(done);
            tp.requires(c, "protobuf", ctx -> ctx.offload("protobuf", 2048, 1024));
        }
        return Program.of("elink-vs-dram", tp.build(), Frame::new, f -> CheckResult.passed("ran"), java.util.Map.of())
                .withOffload(callers > 0);
    }

    private static RunResult run(int callers, String... sets) {
        EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of(sets)));
        RunResult r = sim.run(program(callers), t, RunOptions.defaults());
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        return r;
    }

    /** Cycles core 1's DMA engine ran the stream. */
    private static long streamCycles(RunResult r) {
        return r.cores().stream().filter(c -> c.id() == 1).mapToLong(c -> c.counters().dmaBusy).sum();
    }

    @Test
    void eLinkCallsOfOtherCoresSlowADramStreamUnderContentionAndNotWithout() {
        long alone = streamCycles(run(0, ELINK));
        long shared = streamCycles(run(4, ELINK));
        assertTrue(alone > 0);
        // four callers put 4 x 258 transactions on the eLink the stream's 2,048 need: a tenth or more
        assertTrue(shared > alone + alone / 10, "alone " + alone + ", with four eLink callers " + shared);
        long aloneOff = streamCycles(run(0, ELINK, "epiphany.contention=off"));
        assertEquals(aloneOff, streamCycles(run(4, ELINK, "epiphany.contention=off")));
        assertEquals(alone, aloneOff, "a lone stream costs the same either way");
    }

    @Test
    void aDirectCallIsNoHostCallAndItsUnitReportsTheELinkPhases() {
        RunResult r = run(4, ELINK);
        assertEquals(0, r.hostCalls().count(), "no host call, no daemon");
        RunResult.UnitReport u = r.hostCalls().units().get(0);
        assertEquals(4, u.calls());
        List<String> phases = u.phases().stream().map(p -> p.name()).toList();
        assertEquals(List.of("write", "setup", "stream", "pipeline", "write-back", "spin"), phases);
        RunResult host = run(4);
        assertEquals(4, host.hostCalls().count());
        assertTrue(host.hostCalls().units().get(0).phases().stream().anyMatch(p -> p.name().equals("syscall")));
    }
}
