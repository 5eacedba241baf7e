package io.edarts.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.memory.MeshGeometry;
import io.edarts.examples.programs.MatmulProgram;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contention inside {@code edarts run}: firings that share the mesh slow each other, and nothing else changes. */
class ContentionInRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Machine ON = MachineLoader.load("parallella16", List.of());
    private static final Machine OFF = MachineLoader.load("parallella16", List.of("epiphany.contention=off"));
    private static final MeshGeometry G = EpiphanyTarget.create(ON).geometry();
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** Per stream: {core, home}: the codelet on core reads {@code words} doublewords from home's bank 2. */
    private static Program<long[]> streams(int words, int[]... streams) {
        return streams(G, words, streams);
    }

    private static Program<long[]> streams(MeshGeometry geometry, int words, int[]... streams) {
        Dag.Builder<long[]> g = Dag.builder("streams");
        for (int s = 0; s < streams.length; s++) {
            int core = streams[s][0];
            long base = geometry.globalAddress(streams[s][1], 0x4000);
            int slot = s;
            CodeletHandle h = g.task("stream" + s, ctx -> {
                long sum = 0;
                for (int i = 0; i < words; i++) {
                    ctx.load(base + 8L * i, 8);
                    sum += i;
                }
                ctx.frame()[slot] = sum;
            }).cost(Cost.instructions(words, 0, 0, 1));
            h.affinity(core);
        }
        long expect = (long) words * (words - 1) / 2;
        return g.build(() -> new long[streams.length], f -> {
            for (long v : f) {
                if (v != expect) {
                    return CheckResult.failed("a stream summed " + v);
                }
            }
            return CheckResult.passed("every stream summed " + expect);
        }, Map.of());
    }

    private static RunResult run(Program<?> p, Machine m) {
        RunResult r = sim.run(p, io.edarts.epiphany.Targets.forMachine(m), RunOptions.defaults());
        assertTrue(r.succeeded() && r.check().status() == CheckResult.Status.PASSED, r.message());
        return r;
    }

    private static long busy(RunResult r, int core) {
        return r.cores().get(core).busyCycles();
    }

    @Test
    void twoCodeletsStreamingFromOneCoresMemoryTakeLongerThanAloneAndDisjointOnesDoNotInterfere() {
        int home = G.core(2, 2);
        int a = G.core(2, 1);
        int b = G.core(2, 3);
        RunResult aloneA = run(streams(2000, new int[] {a, home}), ON);
        RunResult aloneB = run(streams(2000, new int[] {b, home}), ON);
        RunResult both = run(streams(2000, new int[] {a, home}, new int[] {b, home}), ON);
        assertTrue(busy(both, a) >= busy(aloneA, a) && busy(both, b) >= busy(aloneB, b), "a reader got faster");
        assertTrue(busy(both, a) + busy(both, b) > busy(aloneA, a) + busy(aloneB, b),
                "sharing (2,2)'s memory: " + busy(both, a) + " + " + busy(both, b) + " vs " + busy(aloneA, a) + " + "
                        + busy(aloneB, b));
        assertTrue(both.makespanCycles() > Math.max(aloneA.makespanCycles(), aloneB.makespanCycles()));
        // the report says where the time went: the firings' wait for the mesh, on their cores
        long waited = both.cores().get(a).counters().meshWait + both.cores().get(b).counters().meshWait;
        assertEquals(busy(both, a) + busy(both, b) - busy(aloneA, a) - busy(aloneB, b), waited);
        assertEquals(0, aloneA.cores().get(a).counters().meshWait);
        // and on which links: the measured mesh shows transfers waiting where the two streams meet
        assertTrue(both.links().stream().anyMatch(l -> l.waitCycles() > 0), both.links().toString());

        // disjoint routes: (1,1) reads (1,2) eastwards, (3,2) reads (3,3) eastwards
        int c = G.core(1, 1);
        int d = G.core(3, 2);
        RunResult aloneC = run(streams(2000, new int[] {c, G.core(1, 2)}), ON);
        RunResult aloneD = run(streams(2000, new int[] {d, G.core(3, 3)}), ON);
        RunResult apart = run(streams(2000, new int[] {c, G.core(1, 2)}, new int[] {d, G.core(3, 3)}), ON);
        assertEquals(busy(aloneC, c), busy(apart, c));
        assertEquals(busy(aloneD, d), busy(apart, d));
    }

    @Test
    void onSixteenClustersStreamsOfDifferentClustersShareTheOneMesh() {
        Machine e1024 = MachineLoader.load("e1024", List.of());
        MeshGeometry g = EpiphanyTarget.create(e1024).geometry();
        // (4,6) reads (4,4), both in cluster (0,0) (8x8 clusters). Readers at (4,12)..(4,15), in
        // cluster (0,1), send their requests west along the same row links into the same port: four of
        // them pass its one request per 8 cycles, so (4,6) must slow down although its SU never sees them.
        int reader = g.core(4, 6);
        int home = g.core(4, 4);
        RunResult alone = run(streams(g, 1500, new int[] {reader, home}), e1024);
        RunResult shared = run(streams(g, 1500, new int[] {reader, home}, new int[] {g.core(4, 12), home},
                new int[] {g.core(4, 13), home}, new int[] {g.core(4, 14), home}, new int[] {g.core(4, 15), home}), e1024);
        assertTrue(busy(shared, reader) > busy(alone, reader) * 11 / 10,
                "readers in another cluster must slow it: " + busy(shared, reader) + " vs alone " + busy(alone, reader));
        assertTrue(shared.cores().get(reader).counters().meshWait > 0);
        assertTrue(shared.target().contains("one event loop"), shared.target());
    }

    @Test
    void aBodyThatThrowsOnSixteenClustersFailsTheRunAtItsCycle() {
        Machine e1024 = MachineLoader.load("e1024", List.of());
        MeshGeometry g = EpiphanyTarget.create(e1024).geometry();
        Dag.Builder<long[]> d = Dag.builder("throws");
        CodeletHandle first = d.task("first", ctx -> { }).cost(Cost.cycles(100)).affinity(g.core(20, 20));
        CodeletHandle bad = d.task("bad", ctx -> {
            throw new IllegalStateException("boom");
        }).cost(Cost.cycles(10)).affinity(g.core(3, 30));
        first.precede(bad);
        RunResult r = sim.run(d.build(() -> new long[1], f -> CheckResult.passed("-"), Map.of()),
                io.edarts.epiphany.Targets.forMachine(e1024), RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("'throws#0.bad'") && r.message().contains("boom"), r.message());
    }

    @Test
    void contentionOnAndOffAgreeForASingleFlow() {
        // one stream at a time: its dispatch, its reads and its completion never meet other traffic
        for (int[] s : new int[][] {{G.core(0, 1), G.core(3, 3)}, {G.core(3, 3), G.core(0, 1)}, {G.core(1, 2), G.dramNode()}}) {
            Program<long[]> p = s[1] == G.dramNode() ? dramStream(s[0], 300) : streams(1000, s);
            RunResult on = run(p, ON);
            RunResult off = run(p, OFF);
            assertEquals(off.makespanCycles(), on.makespanCycles(), "makespan, stream " + s[0] + " <- " + s[1]);
            assertEquals(busy(off, s[0]), busy(on, s[0]));
            assertEquals(0, on.cores().get(s[0]).counters().meshWait);
            // the measured links carry the bytes the closed form routes, and nobody waited
            assertEquals(linkBytes(off), linkBytes(on));
            assertTrue(on.links().stream().allMatch(l -> l.waitCycles() == 0), on.links().toString());
        }
    }

    private static Map<String, Long> linkBytes(RunResult r) {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (RunResult.LinkReport l : r.links()) {
            if (l.from() == l.to()) {
                continue; // a port into a node: measured with contention only
            }
            // a store to DRAM crosses the chip on the xMesh in the eMesh, on the cMesh in the closed form
            m.merge(l.from() + "->" + l.to() + (l.from() < 0 || l.to() < 0 ? " off-chip" : ""), l.bytes(), Long::sum);
        }
        return m;
    }

    /** One codelet on {@code core} whose code runs in place from DRAM and which loads from DRAM. */
    private static Program<long[]> dramStream(int core, int words) {
        Dag.Builder<long[]> g = Dag.builder("dram-stream");
        long base = G.dramBase() + 0x1000;
        g.task("stream", ctx -> {
            long sum = 0;
            for (int i = 0; i < words; i++) {
                ctx.load(base + 8L * i, 8);
                sum += 1;
            }
            ctx.frame()[0] = sum;
        }).cost(Cost.instructions(words, 0, 0, 1)).code(CodeObject.of("from-dram", 512, Placement.GLOBAL)).affinity(core);
        return g.build(() -> new long[1], f -> f[0] == words ? CheckResult.passed("ok") : CheckResult.failed("sum"),
                Map.of());
    }

    private static String reportWithoutHost(Path dir) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(dir.resolve("report.json").toFile());
        n.remove("host");
        return n.toString();
    }

    @Test
    void contendedRunsAreByteIdenticalAtOneTwoAndEightHostThreadsOnOneClusterAndOnSixteen(@TempDir Path dir)
            throws Exception {
        for (String machine : new String[] {"parallella16", "e1024"}) {
            String first = null;
            String firstTrace = null;
            for (int threads : new int[] {1, 2, 8}) {
                Path out = dir.resolve(machine + "-" + threads);
                RunResult r = Runner.run(MatmulProgram.of(64, 16, 1, MachineLoader.load(machine, List.of())), RunSpec.on(machine).placement("*", Placement.CACHED)
                        .hostThreads(threads).quiet(true).out(out));
                assertTrue(r.succeeded(), r.message());
                assertTrue(r.target().contains("contention on"), r.target());
                String report = reportWithoutHost(out);
                String trace = Files.readString(out.resolve("trace.json"));
                if (first == null) {
                    first = report;
                    firstTrace = trace;
                } else {
                    assertEquals(first, report, machine + " at " + threads + " host threads");
                    assertEquals(firstTrace, trace, machine + " trace at " + threads + " host threads");
                }
            }
        }
    }
}
