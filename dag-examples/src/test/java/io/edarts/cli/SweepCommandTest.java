package io.edarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edarts.api.CheckResult;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.sweep.ProgramCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edarts sweep} and {@code edarts compare}: the one engine's points are {@code edarts run}s,
 * resumable, parallel without changing a byte, and failures are rows while bad input writes nothing.
 */
class SweepCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String withoutHost(Path report) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(report.toFile());
        n.remove("host");
        return n.toString();
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Path spec(Path dir, String text) throws Exception {
        Path f = dir.resolve("spec.conf");
        Files.writeString(f, text);
        return f;
    }

    /** The catalog with one more program, whose check fails when its parameter says so. */
    private static final class WithFailing implements ProgramCatalog {
        private final CatalogPrograms real = new CatalogPrograms();

        @Override
        public List<String> names() {
            List<String> n = new ArrayList<>(real.names());
            n.add("wrong");
            return n;
        }

        @Override
        public List<String> parameters(String program) {
            return program.equals("wrong") ? List.of("answer") : real.parameters(program);
        }

        @Override
        public void check(String program, Map<String, String> parameters) {
            if (!program.equals("wrong")) {
                real.check(program, parameters);
            }
        }

        @Override
        public Program<?> build(String program, Map<String, String> parameters, long seed, Machine machine) {
            if (!program.equals("wrong")) {
                return real.build(program, parameters, seed, machine);
            }
            long answer = Long.parseLong(parameters.getOrDefault("answer", "42"));
            Dag.Builder<long[]> g = Dag.builder("wrong");
            g.task("a", ctx -> ctx.frame()[0] = answer).cycles(100);
            return g.build(() -> new long[1], f -> f[0] == 42 ? CheckResult.passed("42") : CheckResult.failed("got " + f[0]));
        }
    }

    private static CommandRun run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Edarts.execute(Edarts.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true)),
                args, new PrintWriter(err, true));
        return new CommandRun(code, out.toString(), err.toString());
    }

    @Test
    void pointReportsAreByteIdenticalToEdartsRunWithTheSameOptions(@TempDir Path dir) throws Exception {
        Path f = spec(dir, "points = [{program = {name = fib, n = 8}, machine = parallella16, policy = critical-path, "
                + "seed = 3, set {pool-capacity = 2}, placements = [\"*=local\"]}]\n");
        CommandRun s = CommandRun.edarts("sweep", f.toString(), "--out", dir.resolve("sw").toString(), "--quiet");
        assertEquals(Edarts.OK, s.code(), s.err());
        Path point = dir.resolve("sw/points/fib,n=8_parallella16,pool-capacity=2_critical-path_seed3_place,%2A=local");
        assertTrue(Files.isDirectory(point), names(dir.resolve("sw/points")).toString());

        Path plain = dir.resolve("plain");
        CommandRun r = CommandRun.edarts("run", "fib", "--n", "8", "--machine", "parallella16", "--set", "pool-capacity=2",
                "--policy", "critical-path", "--seed", "3", "--placement", "*=local", "--out", plain.toString(), "--quiet");
        assertEquals(Edarts.OK, r.code(), r.err());
        assertEquals(names(plain), names(point));
        assertEquals(withoutHost(plain.resolve("report.json")), withoutHost(point.resolve("report.json")));
        assertEquals(Files.readString(plain.resolve("trace.json")), Files.readString(point.resolve("trace.json")));
        assertEquals(Files.readString(plain.resolve("report.html")), Files.readString(point.resolve("report.html")));
    }

    @Test
    void theExampleSpecRunsAndItsCsvIsTheSameForOneAndTwoJobs(@TempDir Path dir) throws Exception {
        Path example = Path.of("..", "examples", "sweep-policies.conf");
        CommandRun one = CommandRun.edarts("sweep", example.toString(), "--out", dir.resolve("j1").toString(), "--jobs", "1");
        assertEquals(Edarts.OK, one.code(), one.err());
        CommandRun two = CommandRun.edarts("sweep", example.toString(), "--out", dir.resolve("j2").toString(), "--jobs", "2",
                "--quiet");
        assertEquals(Edarts.OK, two.code(), two.err());
        assertTrue(one.err().contains("[12/12]"), one.err());
        assertTrue(one.err().contains("ETA"), one.err());
        List<String> csv1 = Files.readAllLines(dir.resolve("j1/sweep.csv"));
        List<String> csv2 = Files.readAllLines(dir.resolve("j2/sweep.csv"));
        assertEquals(13, csv1.size());
        assertTrue(csv1.get(0).startsWith("program,machine,policy,seed,makespanCycles,check,"), csv1.get(0));
        assertTrue(csv1.get(0).endsWith(",hostMillis"), csv1.get(0)); // host-side, the one column that may differ
        assertEquals(withoutLastColumn(csv1), withoutLastColumn(csv2));
        List<String> ids = csv1.subList(1, csv1.size()).stream().map(l -> l.split(",")[column(csv1, "point")]).toList();
        assertEquals(ids.stream().sorted().toList(), ids, "rows sorted by point id");
        assertEquals(12, names(dir.resolve("j1/points")).size());
        String html = Files.readString(dir.resolve("j1/sweep.html"));
        assertTrue(html.contains("makespan (cycles) by policy"), "a plot per knob that varies");
        assertTrue(html.contains("makespan (cycles) by set.pool-capacity"));
    }

    private static int column(List<String> csv, String name) {
        return Arrays.asList(csv.get(0).split(",")).indexOf(name);
    }

    private static List<String> withoutLastColumn(List<String> csv) {
        return csv.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void aRerunSkipsDonePointsAndRerunsAnIncompleteOne(@TempDir Path dir) throws Exception {
        Path f = spec(dir, "programs = [{name = fib, n = 6}]\npolicies = [round-robin, least-loaded]\ntrace = false\n");
        Path out = dir.resolve("out");
        assertEquals(Edarts.OK, CommandRun.edarts("sweep", f.toString(), "--out", out.toString(), "--quiet").code());
        String csv = Files.readString(out.resolve("sweep.csv"));
        Path rr = out.resolve("points/fib,n=6_parallella16_round-robin_seed1");
        Path ll = out.resolve("points/fib,n=6_parallella16_least-loaded_seed1");
        long rrTime = Files.getLastModifiedTime(rr.resolve("report.json")).toMillis();
        Files.delete(ll.resolve("report.html"));               // an incomplete folder
        Files.createDirectories(out.resolve("points/.junk.partial")); // a killed sweep's staging folder

        CommandRun again = CommandRun.edarts("sweep", f.toString(), "--out", out.toString());
        assertEquals(Edarts.OK, again.code(), again.err());
        assertTrue(again.err().contains("1 of 2 points already done"), again.err());
        assertTrue(again.out().contains("1 run, 1 already done"), again.out());
        assertEquals(rrTime, Files.getLastModifiedTime(rr.resolve("report.json")).toMillis(), "the done point was not rerun");
        assertTrue(Files.isRegularFile(ll.resolve("report.html")), "the incomplete one ran again");
        assertFalse(Files.exists(out.resolve("points/.junk.partial")));
        assertEquals(withoutLastColumn(List.of(csv.split("\n"))),
                withoutLastColumn(List.of(Files.readString(out.resolve("sweep.csv")).split("\n"))));
    }

    @Test
    void aFailingPointIsARowAndTheSweepExitsOne(@TempDir Path dir) throws Exception {
        Path f = spec(dir, "programs = [{name = wrong, answer = [42, 41]}]\ntrace = false\n");
        Path out = dir.resolve("out");
        CommandRun r = run(new SweepCommand(new WithFailing()), f.toString(), "--out", out.toString(), "--quiet");
        assertEquals(Edarts.RUN_FAILED, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(3, csv.size(), "both points are rows");
        int check = column(csv, "check");
        assertEquals(List.of("failed", "passed"), csv.subList(1, 3).stream().map(l -> l.split(",")[check]).toList());
        assertTrue(r.err().contains("wrong,answer=41_parallella16_round-robin_seed1 check failed: got 41"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("points/wrong,answer=41_parallella16_round-robin_seed1/report.json")));
    }

    @Test
    void badSpecsAndUnknownNamesAreExitTwoWithNothingWritten(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        String[][] cases = {
                {"programs = [fib]\npolicies = [round-robin, fastest]\n", "spec.conf: 2: policies: unknown policy 'fastest'"},
                {"programs = [fib, nosuch]\n", "spec.conf: 1: programs: unknown example 'nosuch'"},
                {"programs = [{name = fib, size = 4}]\n", "fib: unknown parameter 'size': fib reads n"},
                {"programs = [fib]\nmachines = [parallella16,\n  nosuch-machine]\n", "spec.conf: 3: machines:"},
                {"programs = [fib]\nset { pool-capacity = [0] }\n", "pool-capacity"},
                {"programs = [fib]\npolicy = round-robin\n", "spec.conf: 2: policy: unknown key"},
                {"programs = [fib\n", "spec.conf: 2"},
                {"programs = [fib]\nseeds = [x]\n", "spec.conf: 2: seeds: 'x' is not an integer"},
        };
        for (String[] c : cases) {
            Path f = spec(dir, c[0]);
            CommandRun r = CommandRun.edarts("sweep", f.toString(), "--out", out.toString());
            assertEquals(Edarts.BAD_INPUT, r.code(), c[0] + " -> " + r.err());
            assertTrue(r.err().contains(c[1]), c[0] + " -> " + r.err());
            assertFalse(Files.exists(out), c[0] + " wrote " + out);
        }
        CommandRun unknown = CommandRun.edarts("compare", "--programs", "fib", "--policies", "nosuch", "--out", out.toString());
        assertEquals(Edarts.BAD_INPUT, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("--policies: unknown policy 'nosuch'"), unknown.err());
        CommandRun badMachine = CommandRun.edarts("compare", "--programs", "fib", "--policies", "all", "--machine", "nosuch",
                "--out", out.toString());
        assertEquals(Edarts.BAD_INPUT, badMachine.code(), badMachine.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void compareSpeedupIsRoundRobinMakespanOverThePolicysOfTheSameProgram(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cmp");
        CommandRun r = CommandRun.edarts("compare", "--programs", "fib,reduce", "--policies", "critical-path,least-loaded",
                "--param", "n=8", "--param", "size=128", "--no-trace", "--jobs", "2", "--out", out.toString());
        assertEquals(Edarts.OK, r.code(), r.err());
        assertTrue(r.out().contains("vs rr"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
        assertTrue(csv.get(0).startsWith("program,machine,policy,makespanCycles,check,speedupVsRoundRobin,"), csv.get(0));
        assertEquals(7, csv.size(), "2 programs x (2 policies + round-robin as the baseline)");
        int prog = column(csv, "program");
        int pol = column(csv, "policy");
        int mk = column(csv, "makespanCycles");
        int su = column(csv, "speedupVsRoundRobin");
        for (String line : csv.subList(1, csv.size())) {
            String[] c = line.split(",");
            String base = csv.stream().filter(l -> l.split(",")[prog].equals(c[prog])
                    && l.split(",")[pol].equals("round-robin")).findFirst().orElseThrow();
            double expected = Double.parseDouble(base.split(",")[mk]) / Double.parseDouble(c[mk]);
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f", expected), c[su], line);
        }
        String html = Files.readString(out.resolve("compare.html"));
        assertTrue(html.contains("<svg"), "the speedup plot is inline");
        // the same comparison with one job: the same bytes
        Path one = dir.resolve("one");
        assertEquals(Edarts.OK, CommandRun.edarts("compare", "--programs", "fib,reduce", "--policies",
                "critical-path,least-loaded", "--param", "n=8", "--param", "size=128", "--no-trace", "--jobs", "1",
                "--quiet", "--out", one.toString()).code());
        assertEquals(Files.readString(out.resolve("compare.csv")), Files.readString(one.resolve("compare.csv")));
        assertEquals(html, Files.readString(one.resolve("compare.html")));
    }

    @Test
    void comparePoliciesWithMachineKeysAreMeasuredAgainstPlainRoundRobinAndNamedInTheirOwnColumn(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("cfg");
        CommandRun r = CommandRun.edarts("compare", "--programs", "fib", "--param", "n=8", "--policies",
                "round-robin@scheduler.cu-side=on,hierarchical@clusters.rows=2@clusters.cols=2", "--no-trace", "--jobs", "2",
                "--out", out.toString());
        assertEquals(Edarts.OK, r.code(), r.err());
        assertTrue(r.out().contains("round-robin@scheduler.cu-side=on"), r.out());
        assertTrue(r.out().contains("best for fib n=8: "), r.out());
        assertTrue(r.out().contains("geometric mean of the best speedups over 1 programs: "), r.out());
        List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
        assertEquals(4, csv.size(), "plain round-robin as the baseline and the two configurations: " + csv);
        int pol = column(csv, "policy");
        int keys = column(csv, "keys");
        int mk = column(csv, "makespanCycles");
        int su = column(csv, "speedupVsRoundRobin");
        String base = csv.stream().skip(1).filter(l -> l.split(",", -1)[keys].isEmpty()).findFirst().orElseThrow();
        assertEquals("round-robin", base.split(",", -1)[pol]);
        List<String> keyed = csv.stream().skip(1).map(l -> l.split(",", -1)[keys]).filter(k -> !k.isEmpty()).sorted().toList();
        assertEquals(List.of("clusters.rows=2 clusters.cols=2", "scheduler.cu-side=on"), keyed);
        for (String line : csv.subList(1, csv.size())) {
            String[] c = line.split(",", -1);
            double expected = Double.parseDouble(base.split(",", -1)[mk]) / Double.parseDouble(c[mk]);
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f", expected), c[su], line);
        }
        // each configuration's point is the edarts run with its keys
        assertTrue(Files.isDirectory(out.resolve("points/fib,n=8_parallella16,scheduler.cu-side=on_round-robin_seed1")),
                names(out.resolve("points")).toString());
    }

    @Test
    void compareRefusesABadPolicyConfigurationBeforeItRuns(@TempDir Path dir) {
        Path out = dir.resolve("bad");
        String[][] cases = {
            {"work-stealing@cu-side", "--policies: 'work-stealing@cu-side': 'cu-side' after work-stealing@: expected KEY=VALUE"},
            {"nosuch@scheduler.cu-side=on", "unknown policy 'nosuch'"},
            {"work-stealing@scheduler.cu-side=maybe", "scheduler.cu-side"},
        };
        for (String[] c : cases) {
            CommandRun r = CommandRun.edarts("compare", "--programs", "fib", "--policies", c[0], "--out", out.toString());
            assertEquals(Edarts.BAD_INPUT, r.code(), c[0] + " -> " + r.err());
            assertTrue(r.err().contains(c[1]), c[0] + " -> " + r.err());
            assertFalse(Files.exists(out), c[0] + " wrote " + out);
        }
    }
}
