package io.edarts.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's plumbing on tiny graphs; its speed is measured by running it, never here. */
class BenchTest {

    @Test
    void reportsPassingChecksAndPositiveFiguresAndWritesJson(@TempDir Path dir) throws IOException {
        BenchOptions options = BenchOptions.defaults().withSizes(200, 500).withRepetitions(1).withHostThreads(2)
                .withOutputDir(dir.resolve("out"));

        BenchReport report = Bench.run(options);

        assertTrue(report.passed(), report::table);
        assertEquals(List.of(200, 500), report.results().stream().map(BenchReport.SizeResult::codelets).toList());
        for (BenchReport.SizeResult r : report.results()) {
            assertTrue(r.edges() > 0, "edges");
            assertTrue(r.generateMillis() > 0 && r.buildMillis() > 0, "generation and build times");
            BenchReport.Simulation s = r.simulation();
            assertEquals("parallella16", s.machine());
            assertEquals(r.codelets(), s.codeletsFired());
            assertTrue(s.time().bestMillis() > 0 && s.nsPerCodelet() > 0 && s.makespanCycles() > 0, "simulation");
            assertTrue(s.peakHeapBytes() > 0, "peak heap");
            assertEquals("ideal", r.ideal().machine());
            assertTrue(r.ideal().checkPassed() && r.ideal().time().bestMillis() > 0, "ideal");
            assertTrue(r.ideal().makespanCycles() > 0, "ideal makespan");
            assertTrue(r.nativeBaseline().matchesReference() && r.nativeBaseline().nsPerCodelet() > 0, "native");
            assertTrue(r.simOverNative() > 0 && r.machineOverIdeal() > 0, "ratios");
        }
        String table = report.table();
        assertTrue(table.contains("ns/codelet") && table.contains("sim/nat") && table.contains("mach/idl"), table);

        Path json = dir.resolve("out").resolve(BenchReport.JSON_FILE);
        assertEquals(json, report.jsonFile());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, root.path("results").size());
        JsonNode first = root.path("results").get(0);
        assertEquals(200, first.path("codelets").asInt());
        assertTrue(first.path("simulation").path("checkPassed").asBoolean());
        assertTrue(first.path("simulation").path("time").path("bestMillis").asDouble() > 0);
        assertTrue(first.path("nativeBaseline").path("nsPerCodelet").asDouble() > 0);
        assertTrue(first.path("simOverNative").asDouble() > 0);
        assertEquals("parallella16", root.path("environment").path("machine").asText());
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(List.of(json), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void leavesOutTheComparisonsNotAskedForAndWritesNoFileWithoutADirectory() {
        BenchOptions options = BenchOptions.defaults().withSizes(100).withRepetitions(2).withHostThreads(1)
                .withIdealComparison(false).withNativeBaseline(false);

        BenchReport report = Bench.run(options);

        BenchReport.SizeResult r = report.results().get(0);
        assertTrue(r.passed());
        assertEquals(2, r.simulation().time().repMillis().size());
        assertNull(r.ideal());
        assertNull(r.nativeBaseline());
        assertNull(r.simOverNative());
        assertNull(r.machineOverIdeal());
        assertNull(report.jsonFile());
        assertTrue(report.table().contains(" - "), report.table());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        BenchReport.Timing t = BenchReport.Timing.ofNanos(new long[] {4_000_000, 1_000_000, 2_000_000, 3_000_000});
        assertEquals(1.0, t.bestMillis());
        assertEquals(2.5, t.medianMillis());
        assertEquals(List.of(4.0, 1.0, 2.0, 3.0), t.repMillis());
    }

    @Test
    void rejectsOptionsOutOfRangeNamingTheValue() {
        BenchOptions d = BenchOptions.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withSizes(0)).getMessage().contains("0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withSizes(List.of())).getMessage()
                .contains("empty"));
        assertEquals(List.of(10_000_000), d.withSizes(10_000_000).sizes(), "ten million is the largest size");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withSizes(20_000_000)).getMessage()
                .contains("20000000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withHostThreads(0)).getMessage()
                .contains("0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withRepetitions(0)).getMessage()
                .contains("0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withPolicy("fastest")).getMessage()
                .contains("fastest"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMachine(" ", List.of())).getMessage()
                .contains("blank"));
    }

    @Test
    void parsesTheCommandLine() {
        BenchOptions o = Bench.parse(new String[] {"--sizes", "10k,1_000,1M", "--seed", "9", "--machine", "e64",
                "--set", "pool-capacity=4", "--policy", "least-loaded", "--threads", "3", "--reps", "5",
                "--out", "x", "--no-ideal", "--no-native"});
        assertEquals(List.of(10_000, 1_000, 1_000_000), o.sizes());
        assertEquals(9, o.seed());
        assertEquals("e64", o.machine());
        assertEquals(List.of("pool-capacity=4"), o.overrides());
        assertEquals("least-loaded", o.policy());
        assertEquals(3, o.hostThreads());
        assertEquals(5, o.repetitions());
        assertEquals(Path.of("x"), o.outputDir());
        assertTrue(!o.compareIdeal() && !o.nativeBaseline());
        assertNotNull(Bench.parse(new String[0]).outputDir());
        assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[] {"--reps"}));
        assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[] {"--seed", "one"}));
    }
}
