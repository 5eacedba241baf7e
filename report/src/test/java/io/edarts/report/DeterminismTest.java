package io.edarts.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import io.edarts.scheduler.Programs;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import io.edarts.scheduler.TraceOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same program, machine and seed give byte-identical reports and traces whatever the host threading. */
class DeterminismTest {

    private static String runWith(int threads, Target target, String policy, Path trace) {
        return runWith(threads, target, policy, trace, false);
    }

    private static String runWith(int threads, Target target, String policy, Path trace, boolean verify) {
        try (Simulator sim = Simulator.create(threads)) {
            Programs.Graph g = Programs.random(1500, 11, 4);
            RunResult r = sim.run(g.program(), target, RunOptions.defaults().withPolicy(policy).withVerify(verify)
                    .withTrace(trace == null ? null : new TraceOutput(trace, ChromeTrace.FORMAT)));
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
            return JsonReport.toJson(r, false);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "least-loaded", "critical-path"})
    void reportsAreIdenticalFor1And2And8HostThreads(String policy, @TempDir Path dir) throws Exception {
        Target t = SimpleTarget.simpleMesh(MachineLoader.load("mesh16", List.of("target=simple-mesh")));
        String one = runWith(1, t, policy, dir.resolve("t1.json"));
        String two = runWith(2, t, policy, dir.resolve("t2.json"));
        String eight = runWith(8, t, policy, dir.resolve("t8.json"));
        assertEquals(one, two);
        assertEquals(one, eight);
        assertEquals(Files.readString(dir.resolve("t1.json")), Files.readString(dir.resolve("t8.json")));
        assertTrue(!one.contains("\"host\""), "host figures must be left out of the comparison");
    }

    @Test
    void fourClustersWithTheirOwnSusAreDeterministicToo(@TempDir Path dir) throws Exception {
        Machine m = MachineLoader.load("mesh16", List.of("target=simple-mesh", "clusters.rows=2", "clusters.cols=2"));
        assertEquals(4, m.clusters().size());
        Target t = SimpleTarget.simpleMesh(m);
        String one = runWith(1, t, "round-robin", dir.resolve("a.json"));
        String eight = runWith(8, t, "round-robin", dir.resolve("b.json"));
        assertEquals(one, eight);
        assertEquals(Files.readString(dir.resolve("a.json")), Files.readString(dir.resolve("b.json")));
    }

    @Test
    void verifyChangesNoByteOfTheReportOrTheTraceWhenItPasses(@TempDir Path dir) throws Exception {
        Machine m = MachineLoader.load("mesh16", List.of("target=simple-mesh", "clusters.rows=2", "clusters.cols=2"));
        Target t = SimpleTarget.simpleMesh(m);
        String plain = runWith(2, t, "least-loaded", dir.resolve("plain.json"), false);
        String verified = runWith(2, t, "least-loaded", dir.resolve("verified.json"), true);
        assertEquals(plain, verified);
        assertEquals(Files.readString(dir.resolve("plain.json")), Files.readString(dir.resolve("verified.json")));
    }

    @Test
    void fourClustersOnTheIdealMachineUseZeroLookaheadRounds() {
        Machine m = MachineLoader.load("ideal", List.of("clusters.rows=2", "clusters.cols=2"));
        Target t = SimpleTarget.ideal(m);
        String one = runWith(1, t, "least-loaded", null);
        String two = runWith(2, t, "least-loaded", null);
        assertEquals(one, two);
    }
}
