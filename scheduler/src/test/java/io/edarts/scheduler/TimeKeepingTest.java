package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The time keeping of machines of several clusters ({@link Timekeeper}'s design note): pairwise
 * lookahead gives exactly what the global windows give, on several machines, programs, policies and
 * seeds, whatever the host threads; and the SUs' causality check catches SUs that are not kept in
 * step (each would consume events before messages due earlier had reached it).
 */
class TimeKeepingTest {
    @AfterEach
    void reset() {
        System.clearProperty("edarts.timekeeper");
    }

    /** mesh16 (hop latency, SU decisions charged, no contention) with {@code mesh} overrides, cut into clusters. */
    private static Target mesh(String... keys) {
        List<String> all = new ArrayList<>(List.of("target=simple-mesh"));
        all.addAll(List.of(keys));
        return SimpleTarget.simpleMesh(MachineLoader.load("mesh16", all));
    }

    private static Program<CodeletModelTest.Fib> fib(int n, long expect) {
        return Program.of("fib", CodeletModelTest.fibDefinition(), () -> new CodeletModelTest.Fib(n, null, new long[1], 0),
                f -> f.out[0] == expect ? CheckResult.passed("fib") : CheckResult.failed("fib = " + f.out[0]));
    }

    /** Everything a run simulated, as a comparable value (its host block left out). */
    private static List<Object> simulated(RunResult r) {
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        return List.of(r.makespanCycles(), r.codeletsFired(), r.scheduling(), r.work(), r.codeObjects(), r.links(),
                r.cores().stream().map(c -> List.of(c.id(), c.busyCycles(), c.idleCycles(), c.fired())).toList(),
                r.traceEvents(), r.timeline().spans());
    }

    private static List<Object> run(String scheme, int threads, Program<?> p, Target t, String policy) {
        System.setProperty("edarts.timekeeper", scheme);
        try (Simulator s = Simulator.create(threads)) {
            return simulated(s.run(p, t, RunOptions.defaults().withPolicy(policy).withVerify(true)));
        }
    }

    @ParameterizedTest(name = "{0} clusters, {1}, seed {2}")
    @CsvSource({
        "2x2, round-robin, 1", "2x2, round-robin, 2", "2x2, least-loaded, 3", "2x2, hierarchical, 4",
        "4x4, round-robin, 5", "4x4, critical-path, 6", "1x4, round-robin, 7", "4x1, work-stealing, 8",
    })
    void pairwiseLookaheadSimulatesExactlyWhatGlobalWindowsDo(String clusters, String policy, long seed) {
        Target t = mesh("mesh.rows=8", "mesh.cols=8", "clusters.rows=" + clusters.charAt(0),
                "clusters.cols=" + clusters.charAt(2));
        Program<?> dag = Programs.random(1500, seed, 3).program();
        List<Object> windows = run("global-windows", 2, dag, t, policy);
        assertEquals(windows, run("pairwise", 2, dag, t, policy), "random DAG");
        List<Object> w = run("global-windows", 2, fib(11, 89), t, policy);
        assertEquals(w, run("pairwise", 2, fib(11, 89), t, policy), "fib");
    }

    @Test
    void pairwiseLookaheadIsTheSameAtOneTwoAndEightHostThreads() {
        Target t = mesh("mesh.rows=8", "mesh.cols=8", "clusters.rows=2", "clusters.cols=2");
        Program<?> dag = Programs.random(3000, 11, 4).program();
        List<Object> one = run("pairwise", 1, dag, t, "round-robin");
        assertEquals(one, run("pairwise", 2, dag, t, "round-robin"));
        for (int i = 0; i < 3; i++) {
            assertEquals(one, run("pairwise", 8, dag, t, "round-robin"), "8 host threads, run " + i);
        }
    }

    @Test
    void unsynchronisedClustersTripTheCausalityCheck() {
        // every SU runs to its end at once: signals from the other clusters reach it after it consumed their cycles
        Target t = mesh("mesh.rows=8", "mesh.cols=8", "clusters.rows=2", "clusters.cols=2");
        Program<?> dag = Programs.random(1500, 1, 3).program();
        System.setProperty("edarts.timekeeper", "unsynchronised");
        try (Simulator s = Simulator.create(2)) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> s.run(dag, t, RunOptions.defaults()));
            String all = String.valueOf(e) + " " + String.valueOf(e.getCause());
            assertTrue(all.contains("causality: a message from core"), all);
        }
        // the same machine kept in step runs it
        assertNotEquals(List.of(), run("pairwise", 2, dag, t, "round-robin"));
    }

    @Test
    void anUnknownSchemeIsRefusedNamingTheProperty() {
        System.setProperty("edarts.timekeeper", "optimistic");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Timekeeper.Scheme::fromProperty);
        assertTrue(e.getMessage().contains("edarts.timekeeper is 'optimistic'"), e.getMessage());
    }
}
