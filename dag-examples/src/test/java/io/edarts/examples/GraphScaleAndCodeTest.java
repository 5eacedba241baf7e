package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import io.edarts.epiphany.Targets;
import io.edarts.examples.graph.RandomDag;
import io.edarts.examples.graph.TaskGraph;
import io.edarts.examples.programs.GraphProgram;
import io.edarts.report.JsonReport;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Task graphs that mean something on a mesh: {@code --graph-scale} turns a unit of processing time
 * into K cycles, {@code --graph-code} says what code the tasks run, and the placement policies that
 * look at code see the difference.
 */
class GraphScaleAndCodeTest {
    private static Simulator sim;
    private static final Machine PARALLELLA = MachineLoader.load("parallella16", List.of());
    private static final TaskGraph GRAPH = RandomDag.generate(600, 3);

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    private static RunResult run(Program<long[]> p, Target t, String policy) {
        RunResult r = sim.run(p, t, RunOptions.defaults().withPolicy(policy));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        return r;
    }

    private static long misses(RunResult r) {
        return r.cores().stream().mapToLong(c -> c.code().misses).sum();
    }

    @Test
    void aScaleOfKMakesEveryTaskKTimesLongerOnTheIdealMachine() {
        Target ideal = SimpleTarget.ideal(MachineLoader.load("ideal", List.of()));
        Program<long[]> one = GraphProgram.of("g", GRAPH, Map.of(), 1, GraphProgram.Code.DEFAULT);
        Program<long[]> ten = GraphProgram.of("g", GRAPH, Map.of(), 10, GraphProgram.Code.DEFAULT);
        // critical-path on ideal: each schedule decision is the same at every scale, so the makespan scales
        assertEquals(10 * run(one, ideal, "critical-path").makespanCycles(), run(ten, ideal, "critical-path").makespanCycles());
        long busy = run(ten, ideal, "round-robin").cores().stream().mapToLong(RunResult.CoreReport::busyCycles).sum();
        assertEquals(10 * GRAPH.totalWorkCycles(), busy);
    }

    @Test
    void localCodeMovesNothingAndThenCodeLocalityIsLeastLoaded() {
        Target t = Targets.forMachine(PARALLELLA);
        Program<long[]> local = GraphProgram.of("g", GRAPH, Map.of(), 100, GraphProgram.Code.parse("local:4"));
        RunResult codeLocality = run(local, t, "code-locality");
        assertEquals(0, misses(codeLocality));
        assertEquals(0, codeLocality.cores().stream().mapToLong(c -> c.code().bytesCopied).sum());
        // with no code to move, every CU holds every kernel: code-locality's choice is least-loaded's
        assertEquals(JsonReport.toJson(run(local, t, "least-loaded"), false).replace("least-loaded", "P"),
                JsonReport.toJson(codeLocality, false).replace("code-locality", "P"));
    }

    @Test
    void cachedKernelsAndHowManyAreSettable() {
        Target t = Targets.forMachine(PARALLELLA);
        RunResult one = run(GraphProgram.of("g", GRAPH, Map.of(), 100, GraphProgram.Code.parse("cached:1")), t,
                "round-robin");
        RunResult many = run(GraphProgram.of("g", GRAPH, Map.of(), 100, GraphProgram.Code.parse("cached:32")), t,
                "round-robin");
        // one kernel is copied once per CU and stays; 32 of 512 B do not fit the cache together
        assertTrue(misses(one) <= PARALLELLA.cuCount(), misses(one) + " misses");
        assertTrue(misses(many) > 10 * misses(one), misses(many) + " vs " + misses(one));
        assertTrue(many.makespanCycles() > one.makespanCycles());
        assertEquals(new GraphProgram.Code(Placement.CACHED, 8), GraphProgram.Code.DEFAULT);
        assertEquals("local:8", GraphProgram.Code.parse("local").toString());
    }

    @Test
    void earliestFinishKeepsCachedKernelsWhereTheyAreAndBeatsRoundRobin() {
        Target t = Targets.forMachine(PARALLELLA);
        Program<long[]> p = GraphProgram.of("g", GRAPH, Map.of(), 100, GraphProgram.Code.DEFAULT);
        RunResult rr = run(p, t, "round-robin");
        RunResult eft = run(p, t, "earliest-finish");
        assertTrue(misses(eft) < misses(rr), "misses: earliest-finish " + misses(eft) + ", round-robin " + misses(rr));
        assertTrue(eft.makespanCycles() < rr.makespanCycles(),
                "earliest-finish " + eft.makespanCycles() + " vs round-robin " + rr.makespanCycles());
        assertNotEquals(rr.makespanCycles(), eft.makespanCycles());
    }

    /** The new policies' choices rest on consumed events only: the same report for 1, 2 and 8 host threads. */
    @Test
    void earliestFinishCompactAndSpreadGiveTheSameReportFor1And2And8HostThreads() {
        Target t = Targets.forMachine(PARALLELLA);
        Program<long[]> p = GraphProgram.of("g", GRAPH, Map.of(), 100, GraphProgram.Code.DEFAULT);
        for (String policy : List.of("earliest-finish", "compact", "spread")) {
            String one = null;
            for (int threads : new int[] {1, 2, 8}) {
                try (Simulator s = Simulator.create(threads)) {
                    RunResult r = s.run(p, t, RunOptions.defaults().withPolicy(policy));
                    assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
                    String json = JsonReport.toJson(r, false);
                    if (one == null) {
                        one = json;
                    } else {
                        assertEquals(one, json, policy + " with " + threads + " host threads");
                    }
                }
            }
        }
    }

    @Test
    void aScaleThatPassesTheCycleBoundIsRefusedNamingTheTask() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraphProgram.of("g", GRAPH, Map.of(), Long.MAX_VALUE / 2, GraphProgram.Code.DEFAULT));
        assertTrue(e.getMessage().contains("task '"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GraphProgram.of("g", GRAPH, Map.of(), 0, GraphProgram.Code.DEFAULT));
    }
}
