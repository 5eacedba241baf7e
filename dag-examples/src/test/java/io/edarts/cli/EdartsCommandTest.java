package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, end to end: exit codes, outputs, and that bad input writes nothing. */
class EdartsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void verifyPassesOnFibAndChangesNoByteOfTheReport(@TempDir Path dir) throws Exception {
        CommandRun plain = edarts("run", "fib", "--n", "10", "--no-trace", "--out", dir.resolve("plain").toString());
        CommandRun checked = edarts("run", "fib", "--n", "10", "--no-trace", "--verify", "--out",
                dir.resolve("verified").toString());
        assertEquals(0, plain.code(), plain.err());
        assertEquals(0, checked.code(), checked.err());
        JsonNode a = JSON.readTree(dir.resolve("plain/report.json").toFile());
        JsonNode b = JSON.readTree(dir.resolve("verified/report.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("host");
        ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove("host");
        assertEquals(a, b);
    }

    @Test
    void runMatmulPassesItsCheckAndWritesReportAndTrace(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CommandRun o = edarts("run", "matmul", "--size", "32", "--block", "8", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("makespan"), o.out());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(1, report.get("schemaVersion").asInt());
        assertEquals("ok", report.get("result").get("status").asText());
        assertEquals("passed", report.get("result").get("check").asText());
        assertTrue(report.get("makespanCycles").asLong() > 0);
        // 64 tile products (4 x 4 tiles, 4 steps each), a start per CU holding a tile (15) and the end
        assertEquals(80, report.get("codelets").get("fired").asLong());
        assertEquals(16, report.get("cores").size());
        assertEquals("SU", report.get("cores").get(0).get("role").asText());
        JsonNode trace = JSON.readTree(out.resolve("trace.json").toFile());
        long firings = 0;
        for (JsonNode e : trace.get("traceEvents")) {
            if ("codelet".equals(e.path("cat").asText())) {
                firings++;
                assertTrue(e.get("tid").asInt() > 0, "codelets run on CUs, not the SU at core 0");
            }
        }
        assertEquals(80, firings);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("matmul"), "report.html has plots");
        try (var files = Files.list(out)) {
            assertEquals(3, files.count(), "only report.json, report.html and trace.json are left");
        }
    }

    @Test
    void everyExamplePassesOnEveryBuiltInSmallMachine(@TempDir Path dir) {
        String[][] runs = {
            {"fib", "--n", "12"},
            {"random-dag", "--codelets", "2000"},
            {"matmul", "--size", "16", "--block", "4"},
        };
        for (String machine : new String[] {"parallella16", "ideal", "e64"}) {
            for (String[] r : runs) {
                String[] args = new String[r.length + 6];
                args[0] = "run";
                System.arraycopy(r, 0, args, 1, r.length);
                args[r.length + 1] = "--machine";
                args[r.length + 2] = machine;
                args[r.length + 3] = "--no-trace";
                args[r.length + 4] = "--out";
                args[r.length + 5] = dir.resolve(machine + "-" + r[0]).toString();
                CommandRun o = edarts(args);
                assertEquals(0, o.code(), machine + " " + r[0] + ": " + o.err() + o.out());
                assertTrue(o.out().contains("check passed"), o.out());
            }
        }
    }

    @Test
    void unknownMachineExitsTwoNamingItAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("nothing");
        CommandRun o = edarts("run", "fib", "--machine", "parallela", "--out", out.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("parallela"), o.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badOverrideExitsTwoNamingKeyAndValue(@TempDir Path dir) {
        CommandRun o = edarts("run", "fib", "--set", "pool-capacity=0", "--out", dir.resolve("x").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("pool-capacity") && o.err().contains("'0'"), o.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void unknownPolicyAndExampleExitTwo(@TempDir Path dir) {
        CommandRun p = edarts("run", "fib", "--policy", "fastest", "--out", dir.resolve("a").toString());
        assertEquals(2, p.code());
        assertTrue(p.err().contains("fastest"), p.err());
        CommandRun e = edarts("run", "quicksort", "--out", dir.resolve("b").toString());
        assertEquals(2, e.code());
        assertTrue(e.err().contains("quicksort"), e.err());
        CommandRun none = edarts("run");
        assertEquals(2, none.code());
    }

    @Test
    void malformedGraphFileExitsTwoNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path g = dir.resolve("bad.stg");
        Files.writeString(g, "2\n0 0 0\n1 10 1 0\n2 x 1 1\n3 0 1 2\n");
        CommandRun o = edarts("run", "--graph", g.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("bad.stg") && o.err().contains(":4"), o.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void runsAStandardTaskGraphFile(@TempDir Path dir) throws Exception {
        Path g = dir.resolve("chain.stg");
        Files.writeString(g, "3\n0 0 0\n1 100 1 0\n2 200 1 1\n3 300 1 2\n4 0 1 3\n# a comment block\n# ends the file\n");
        Path out = dir.resolve("out");
        CommandRun o = edarts("run", "--graph", g.toString(), "--machine", "ideal", "--no-trace", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(600, report.get("makespanCycles").asLong(), "a chain on the ideal machine takes the sum of its costs");
    }

    /** The README's {@code --graph-scale} and {@code --graph-code} line, on the chain above. */
    @Test
    void graphScaleAndGraphCodeScaleTheTimesAndSetTheKernels(@TempDir Path dir) throws Exception {
        Path g = dir.resolve("chain.stg");
        Files.writeString(g, "3\n0 0 0\n1 100 1 0\n2 200 1 1\n3 300 1 2\n4 0 1 3\n");
        Path out = dir.resolve("out");
        CommandRun o = edarts("run", "--graph", g.toString(), "--graph-scale", "1000", "--graph-code", "local:2",
                "--machine", "ideal", "--no-trace", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(600_000, report.get("makespanCycles").asLong());
        assertEquals("1000", report.get("parameters").get("graphScale").asText());
        assertEquals("local:2", report.get("parameters").get("graphCode").asText());
        Path cached = dir.resolve("cached");
        CommandRun c = edarts("run", "--graph", g.toString(), "--graph-scale", "100", "--graph-code", "cached:1",
                "--no-trace", "--out", cached.toString());
        assertEquals(0, c.code(), c.err());
        JsonNode r = JSON.readTree(cached.resolve("report.json").toFile());
        assertTrue(r.get("makespanCycles").asLong() > 60_000, r.get("makespanCycles").asText());
    }

    @Test
    void listNamesExamplesMachinesAndPolicies() {
        CommandRun o = edarts("list");
        assertEquals(0, o.code());
        for (String s : new String[] {"matmul", "fib", "random-dag", "parallella16", "e64", "e1024", "ideal",
                "round-robin", "least-loaded", "critical-path", "earliest-finish", "compact", "spread"}) {
            assertTrue(o.out().contains(s), "missing " + s + " in " + o.out());
        }
        assertFalse(o.out().contains("()"), "an example without options shows an empty (): " + o.out());
    }

    @Test
    void theReadmeCommandsBlockNamesEveryExample() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int from = readme.indexOf("edarts run EXAMPLE [options]");
        String runLine = readme.substring(from, readme.indexOf("edarts run --graph FILE", from)).replaceAll("\\s+", " ");
        for (Examples.Example e : Examples.ALL) {
            assertTrue(runLine.matches("(?s).*[ ,]" + java.util.regex.Pattern.quote(e.name()) + "[ ,\\n].*"),
                    "the README's run line lacks " + e.name() + ": " + runLine);
        }
    }

    @Test
    void remoteExecWritesOneCsvRowPerCoreLoopAndCaseAndAHeatmapPerCase(@TempDir Path dir) throws Exception {
        CommandRun o = edarts("remote-exec", "--iterations", "200", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("all-at-once"), o.out());
        List<String> csv = Files.readAllLines(dir.resolve("remote-exec.csv"));
        assertEquals("case,loop,row,col,cycles,slowdown", csv.get(0));
        assertEquals(1 + 3 * 2 * 16, csv.size());
        for (String c : new String[] {"one-at-a-time", "all-at-once", "external-dram"}) {
            assertTrue(Files.size(dir.resolve("remote-exec-" + c + ".png")) > 1000, c);
        }
    }

    @Test
    void remoteExecOnAnEightByEightMeshGivesEightByEightTables(@TempDir Path dir) throws Exception {
        CommandRun o = edarts("remote-exec", "--machine", "e64", "--iterations", "50", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(1 + 3 * 2 * 64, Files.readAllLines(dir.resolve("remote-exec.csv")).size());
    }

    @Test
    void cannonLayoutAllComparesTheFourLayouts(@TempDir Path dir) throws Exception {
        CommandRun o = edarts("run", "cannon", "--layout", "all", "--size", "32", "--no-trace", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        for (String l : new String[] {"local", "global-util", "global-inner", "dynamic-inner"}) {
            assertTrue(o.out().contains(l), o.out());
            JsonNode r = JSON.readTree(dir.resolve(l).resolve("report.json").toFile());
            assertEquals("passed", r.get("result").get("check").asText());
            assertEquals(l, r.get("parameters").get("layout").asText());
        }
        CommandRun bad = edarts("run", "cannon", "--layout", "everywhere", "--out", dir.resolve("x").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("everywhere"), bad.err());
    }

    @Test
    void cannonLayoutTableWithALaunchShowsTheLaunchApartFromTheProgram(@TempDir Path dir) throws Exception {
        CommandRun o = edarts("run", "cannon", "--layout", "all", "--size", "32", "--launch", "tree", "--no-trace",
                "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("launch cyc") && o.out().contains("program cyc"), o.out());
        assertTrue(o.out().contains("launch       tree: its own column"), o.out());
        for (String l : new String[] {"local", "global-util", "global-inner", "dynamic-inner"}) {
            JsonNode r = JSON.readTree(dir.resolve(l).resolve("report.json").toFile());
            long launch = r.get("launch").get("cycles").asLong();
            long program = r.get("makespanCycles").asLong() - launch;
            assertTrue(launch > 0, l);
            String row = String.format(java.util.Locale.ROOT, "%,14d %,14d", launch, program);
            assertTrue(o.out().lines().anyMatch(x -> x.startsWith("  " + l + " ") && x.contains(row)),
                    l + ": no row with launch and program cycles " + row + " in " + o.out());
        }
    }

    @Test
    void placementOverrideMovesCodeToGlobalMemory(@TempDir Path dir) throws Exception {
        CommandRun local = edarts("run", "matmul", "--size", "32", "--block", "8", "--no-trace", "--out", dir.resolve("a").toString(),
                "--placement", "*=local");
        CommandRun global = edarts("run", "matmul", "--size", "32", "--block", "8", "--no-trace", "--out", dir.resolve("b").toString(),
                "--placement", "matmul_block=global");
        assertEquals(0, local.code(), local.err());
        assertEquals(0, global.code(), global.err());
        JsonNode a = JSON.readTree(dir.resolve("a").resolve("report.json").toFile());
        JsonNode b = JSON.readTree(dir.resolve("b").resolve("report.json").toFile());
        assertTrue(b.get("makespanCycles").asLong() > 5 * a.get("makespanCycles").asLong(),
                "executing the kernel in place from DRAM is far slower");
        assertEquals(64, b.get("cache").get("inPlaceExecutions").asLong());
        CommandRun bad = edarts("run", "matmul", "--placement", "matmul_block=remote", "--out", dir.resolve("c").toString());
        assertEquals(2, bad.code());
    }

    @Test
    void placementOnACoreRunsTheCodeInPlaceFromThatCore(@TempDir Path dir) throws Exception {
        CommandRun local = edarts("run", "matmul", "--size", "32", "--block", "8", "--no-trace", "--out",
                dir.resolve("a").toString(), "--placement", "*=local");
        CommandRun homed = edarts("run", "matmul", "--size", "32", "--block", "8", "--no-trace", "--out",
                dir.resolve("b").toString(), "--placement", "matmul_block=core:0,0");
        assertEquals(0, local.code(), local.err());
        assertEquals(0, homed.code(), homed.err());
        JsonNode a = JSON.readTree(dir.resolve("a").resolve("report.json").toFile());
        JsonNode b = JSON.readTree(dir.resolve("b").resolve("report.json").toFile());
        assertTrue(b.get("makespanCycles").asLong() > 2 * a.get("makespanCycles").asLong(),
                "fetching the kernel line by line from core (0,0) is far slower than running it locally");
        assertEquals(64, b.get("cache").get("inPlaceExecutions").asLong(), "every firing runs it in place");
    }

    @Test
    void remoteExecRunsAsACodeletProgramAndChecksTheLoopsResult(@TempDir Path dir) throws Exception {
        for (String loop : new String[] {"int", "float"}) {
            CommandRun o = edarts("run", "remote-exec", "--case", "all-at-once", "--loop", loop, "--iterations", "50",
                    "--no-trace", "--out", dir.resolve(loop).toString());
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().contains("a = 50 on each of 15 cores"), o.out());
        }
    }

    @Test
    void localCodeLargerThanTheCodeBudgetIsRefusedBeforeTheRunWithExitTwo(@TempDir Path dir) throws Exception {
        // Regression: such a run used to fail at its first firing (exit 1, makespan 0, and a crash
        // rendering the page); what can be known before the run now fails before it.
        Path out = dir.resolve("out");
        CommandRun o = edarts("run", "matmul", "--size", "16", "--block", "8", "--placement", "*=local",
                "--set", "epiphany.budget.stack-bytes=28072", "--set", "epiphany.code-cache.region-bytes=256",
                "--set", "epiphany.dynamic-call-region-bytes=0", "--no-trace", "--out", out.toString());
        assertEquals(2, o.code(), o.out());
        assertTrue(o.err().contains("matmul_block") && o.err().contains("640")
                && o.err().contains("epiphany.budget.runtime-bytes"), o.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void affinityToACoreTheMachineLacksExitsTwoNamingTheTask(@TempDir Path dir) throws Exception {
        Path g = dir.resolve("far.json");
        Files.writeString(g, "{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":["
                + "{\"id\":\"a\",\"cycles\":10},{\"id\":\"far\",\"cycles\":10,\"after\":[\"a\"],\"affinity\":99}]}");
        CommandRun o = edarts("run", "--graph", g.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, o.code(), o.out());
        assertTrue(o.err().contains("'far'") && o.err().contains("99"), o.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }
}
