package io.edarts.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edarts.api.BufferHandle;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Program;
import io.edarts.api.SlotHandle;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.cam.Target;
import io.edarts.cli.CommandRun;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.Targets;
import io.edarts.examples.programs.AxpyProgram;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, buffers: where data lives decides what its accesses cost and whether a program fits. */
class BuffersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The firing core, (1,1), a CU of parallella16; its neighbour east is (1,2). */
    private static final int ROW = 1;
    private static final int COL = 1;
    private static final int N = 64;

    /** A frame of one float array. */
    static final class F {
        final float[] v;

        F(int n) {
            v = new float[n];
        }
    }

    /** One codelet on (1,1) that reads {@code count} floats of a buffer placed at {@code place}. */
    private static Program<F> reader(BufferPlace place, int count) {
        TpDefinition.Builder<F> tp = TpDefinition.builder("reader");
        BufferHandle<float[]> v = tp.buffer("v", place, f -> f.v);
        tp.codelet("read", ctx -> {
            float[] a = ctx.read(v, 0, count);
            a[0] += 0; // the array to read is the frame's own
        }).affinity(ROW * 4 + COL);
        return Program.of("reader", tp.build(), () -> new F(N), f -> CheckResult.none());
    }

    private static RunResult run(Program<?> p, Target t) {
        try (Simulator sim = Simulator.create(2)) {
            return sim.run(p, t, RunOptions.defaults());
        }
    }

    private static Target parallella(String contention) {
        return Targets.forMachine(MachineLoader.load("parallella16", List.of("epiphany.contention=" + contention)));
    }

    /** What N reads at {@code place} add to the firing beyond the same codelet reading nothing. */
    private static long readCycles(BufferPlace place, Target t) {
        RunResult with = run(reader(place, N), t);
        RunResult without = run(reader(place, 0), t);
        assertEquals(RunResult.Status.OK, with.status(), with.message());
        return with.makespanCycles() - without.makespanCycles();
    }

    @Test
    void aBufferReadCostsWhatTheUncontendedMeshGivesForItsPlaceAndTheContendedMeshAgreesForOneFlow() {
        EpiphanyTarget off = (EpiphanyTarget) parallella("off");
        int core = ROW * 4 + COL;
        int east = core + 1;
        int dram = off.geometry().dramNode();
        // each element is one 4-byte load: one issue cycle, plus the round trip when it is not local
        long own = N;
        long neighbour = N * (1 + off.timing().readCycles(core, east, 4));
        long external = N * (1 + off.timing().readCycles(core, dram, 4));
        assertEquals(own, readCycles(BufferPlace.bank(ROW, COL, 1), off));
        assertEquals(neighbour, readCycles(BufferPlace.bank(ROW, COL + 1, 1), off));
        assertEquals(external, readCycles(BufferPlace.external(), off));
        assertTrue(own < neighbour && neighbour < external, own + " < " + neighbour + " < " + external);
        Target on = parallella("on");
        assertEquals(own, readCycles(BufferPlace.bank(ROW, COL, 1), on));
        assertEquals(neighbour, readCycles(BufferPlace.bank(ROW, COL + 1, 1), on));
        assertEquals(external, readCycles(BufferPlace.external(), on));
    }

    /** The largest firing-core scratch (in floats) that parallella16 accepts beside the codelets' code. */
    private static int largestScratch(CodeObject second) {
        Target t = parallella("on");
        int lo = 0;
        int hi = 32768 / 4;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            TpDefinition.Builder<F> tp = TpDefinition.builder("fits");
            tp.scratch("s", BufferPlace.firingCore(), float[].class, mid);
            tp.codelet("a", ctx -> { });
            tp.codelet("b", ctx -> { }).code(second);
            Program<F> p = Program.of("fits", tp.build(), () -> new F(1), f -> CheckResult.none());
            try {
                Simulator.check(p, t);
                lo = mid;
            } catch (IllegalArgumentException e) {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Test
    void dataAndCodeShareTheBudgetSoALocalCodeObjectShrinksTheLargestBufferByItsSize() {
        int without = largestScratch(CodeObject.DEFAULT);
        int with = largestScratch(CodeObject.of("kernel", 1000, Placement.LOCAL));
        assertEquals(1000 / 4, without - with, "1000 B of code = 250 floats less data");
        // 32 KB less 4 KB runtime, 8 KB stack and the default code object
        assertEquals((32768 - 4096 - 8192 - CodeObject.DEFAULT_SIZE) / 4, without);
    }

    @Test
    void overBudgetStaticDataIsRefusedBeforeTheRunWithExitTwoNamingCoreAndSizes(@TempDir Path dir) {
        Path out = dir.resolve("out");
        CommandRun o = CommandRun.edarts("run", "axpy", "--size", "16384", "--block", "8192", "--no-trace",
                "--out", out.toString());
        assertEquals(2, o.code(), o.out() + o.err());
        assertTrue(o.err().contains("scratch buffer 'blk' of axpy") && o.err().contains("(row 0, col 1)")
                && o.err().contains("needs 32768 B") && o.err().contains("B free"), o.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    /** A child procedure holding a 6000-byte buffer in bank 1 of core (1,1). */
    private static TpDefinition<F> child() {
        return child(BufferPlace.bank(ROW, COL, 1));
    }

    private static TpDefinition<F> child(BufferPlace place) {
        TpDefinition.Builder<F> c = TpDefinition.builder("child");
        BufferHandle<float[]> v = c.buffer("v", place, f -> f.v);
        c.codelet("touch", ctx -> ctx.write(v, 0, 1)[0] = 1).cycles(1000);
        return c.build();
    }

    @Test
    void twoLiveInstancesOverTheBankFailTheRunNamingCoreBankAndSizes() {
        TpDefinition<F> child = child();
        TpDefinition.Builder<F> tp = TpDefinition.builder("root");
        tp.codelet("spawn", ctx -> {
            ctx.invoke(child, new F(1500));
            ctx.invoke(child, new F(1500));
        });
        RunResult r = run(Program.of("two", tp.build(), () -> new F(1), f -> CheckResult.none()), parallella("on"));
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("buffer 'v' of child") && r.message().contains("core 5 (row 1, col 1) bank 1")
                && r.message().contains("needs 6000 B") && r.message().contains("only 2192 B free"), r.message());
    }

    /** Root: spawn a child, then, when it has ended, another; the second reuses the first's bank space. */
    static Program<F> oneAfterTheOther() {
        return oneAfterTheOther(BufferPlace.bank(ROW, COL, 1));
    }

    /**
     * The same with the child's buffer at {@code place}. On a machine of several clusters an SU
     * allocates only in its own cores' memory and its slice of DRAM, so there the place is DRAM.
     */
    static Program<F> oneAfterTheOther(BufferPlace place) {
        TpDefinition<F> child = child(place);
        TpDefinition.Builder<F> tp = TpDefinition.builder("root");
        SlotHandle first = tp.slot("first", 1, 0);
        tp.codelet("spawn", ctx -> ctx.invoke(child, new F(1500), ctx.slot(first)));
        tp.codelet("again", ctx -> ctx.invoke(child, new F(1500))).waitsOn(first);
        return Program.of("sequential", tp.build(), () -> new F(1), f -> CheckResult.none());
    }

    @Test
    void anInstancesBuffersAreFreedWhenItEnds() {
        RunResult r = run(oneAfterTheOther(), parallella("on"));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        io.edarts.cam.CoreMemory m = r.memory().cores().get(ROW * 4 + COL);
        assertEquals(6000, m.peakDataBytes(), "one child at a time");
        assertEquals(0, m.dataBytes(), "nothing static");
        assertTrue(r.memory().budgeted());
    }

    @Test
    void accessesOutsideABufferOrToAnotherProceduresBufferFailNamingBufferAndCodelet() {
        TpDefinition.Builder<F> other = TpDefinition.builder("other");
        BufferHandle<float[]> foreign = other.buffer("w", BufferPlace.external(), f -> f.v);
        other.codelet("x", ctx -> { });
        other.build();
        for (int variant = 0; variant < 3; variant++) {
            final int which = variant;
            TpDefinition.Builder<F> tp = TpDefinition.builder("ranges");
            BufferHandle<float[]> v = tp.buffer("v", BufferPlace.external(), f -> f.v);
            tp.codelet("bad", ctx -> {
                switch (which) {
                    case 0 -> ctx.read(v, 5, 10);
                    case 1 -> ctx.write(v, -1, 1);
                    default -> ctx.read(foreign, 0, 1);
                }
            });
            Machine ideal = MachineLoader.load("ideal", List.of());
            RunResult r = run(Program.of("ranges", tp.build(), () -> new F(8), f -> CheckResult.none()),
                    Targets.forMachine(ideal));
            assertEquals(RunResult.Status.FAILED, r.status());
            assertTrue(r.message().contains("ranges#0.bad"), r.message());
            assertTrue(r.message().contains(which < 2 ? "buffer 'v' of ranges, which has 8 elements"
                    : "buffer 'w' of other is not a buffer of ranges"), r.message());
        }
        TpDefinition.Builder<F> tp = TpDefinition.builder("api");
        assertThrows(IllegalArgumentException.class, () -> tp.buffer("p", BufferPlace.firingCore(), f -> f.v));
        assertThrows(IllegalArgumentException.class, () -> tp.scratch("s", BufferPlace.external(), Object[].class, 4));
        assertThrows(IllegalArgumentException.class, () -> tp.scratch("s", BufferPlace.external(), int[].class, 0));
        tp.scratch("s", BufferPlace.external(), int[].class, 4);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> tp.scratch("s", BufferPlace.external(), int[].class, 4)).getMessage().contains("duplicate"));
    }

    @Test
    void aBankOffTheMeshIsRefusedBeforeTheRun() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Simulator.check(reader(BufferPlace.bank(4, 0, 0), 1), parallella("on")));
        assertTrue(e.getMessage().contains("bank 0 of core (4,0) is not on parallella16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Simulator.check(reader(BufferPlace.bank(0, 1, 4), 1), parallella("on")));
        assertTrue(e.getMessage().contains("banks 0..3"), e.getMessage());
    }

    @Test
    void buffersWorkOnTheIdealTargetWithoutABudget(@TempDir Path dir) throws Exception {
        RunResult r = Runner.run(AxpyProgram.of(4096, 256, 3), RunSpec.on("ideal").quiet(true).out(dir));
        assertTrue(r.succeeded(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status());
        JsonNode mem = JSON.readTree(dir.resolve("report.json").toFile()).get("memory");
        assertFalse(mem.get("budgeted").asBoolean());
        assertEquals(2 * 4096 * 4, mem.get("externalPeakBytes").asLong());
    }

    private static String reportWithoutHost(Path dir) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(dir.resolve("report.json").toFile());
        n.remove("host");
        return n.toString();
    }

    @Test
    void runsWithBuffersAreByteIdenticalAtOneTwoAndEightHostThreads(@TempDir Path dir) throws Exception {
        for (String machine : new String[] {"parallella16", "e1024"}) {
            for (int prog = 0; prog < 2; prog++) {
                String first = null;
                for (int threads : new int[] {1, 2, 8}) {
                    Path out = dir.resolve(machine + "-" + prog + "-" + threads);
                    Program<?> p = prog == 0 ? AxpyProgram.of(8192, 256, 1)
                            : oneAfterTheOther(machine.equals("e1024") ? BufferPlace.external() : BufferPlace.bank(ROW, COL, 1));
                    RunResult r = Runner.run(p, RunSpec.on(machine).hostThreads(threads).quiet(true).out(out));
                    assertTrue(r.succeeded(), r.message());
                    String report = reportWithoutHost(out);
                    if (first == null) {
                        first = report;
                    } else {
                        assertEquals(first, report, machine + " program " + prog + " at " + threads + " host threads");
                    }
                }
            }
        }
    }

    @Test
    void axpyChecksOnParallella16AndReportsItsMemory(@TempDir Path dir) throws Exception {
        RunResult r = Runner.run(AxpyProgram.of(4096, 256, 2), RunSpec.on("parallella16").quiet(true).out(dir));
        assertTrue(r.succeeded(), r.message());
        JsonNode cores = JSON.readTree(dir.resolve("report.json").toFile()).get("memory").get("cores");
        JsonNode cu = cores.get(1);
        assertEquals(32768, cu.get("capacityBytes").asInt());
        assertEquals(1024, cu.get("dataBytes").asInt(), "the 256-float scratch on every CU");
        assertEquals(32768 - 4096 - 8192 - cu.get("codeBytes").asInt() - 1024, cu.get("freeBytes").asInt());
    }
}
