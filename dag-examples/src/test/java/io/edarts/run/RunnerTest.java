package io.edarts.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edarts.cam.MachineConfigException;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.cli.Edarts;
import io.edarts.examples.programs.FibProgram;
import io.edarts.scheduler.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-call run: what it writes is what {@code edarts run} writes, and bad input fails before anything is written. */
class RunnerTest {
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

    @Test
    void runnerWritesTheSameReportTraceAndSummaryAsTheCommandLine(@TempDir Path dir) throws Exception {
        Path cli = dir.resolve("cli");
        Path api = dir.resolve("api");
        StringWriter cliOut = new StringWriter();
        int code = Edarts.execute(new String[] {"run", "fib", "--n", "10", "--set", "pool-capacity=2",
                "--policy", "least-loaded", "--seed", "3", "--out", cli.toString()},
                new PrintWriter(cliOut, true), new PrintWriter(new StringWriter(), true));
        assertEquals(Edarts.OK, code, cliOut.toString());

        StringWriter apiOut = new StringWriter();
        PrintWriter console = new PrintWriter(apiOut, true);
        RunResult r = Runner.run(FibProgram.of(10), RunSpec.on("parallella16").set("pool-capacity", "2")
                .policy("least-loaded").seed(3).console(console, console).out(api));
        assertTrue(r.succeeded(), r.message());

        assertEquals(names(cli), names(api));
        assertEquals(List.of("report.html", "report.json", "trace.json"), names(api));
        assertEquals(withoutHost(cli.resolve("report.json")), withoutHost(api.resolve("report.json")));
        assertEquals(Files.readString(cli.resolve("trace.json")), Files.readString(api.resolve("trace.json")));
        assertEquals(cliOut.toString().replace(cli.toString(), "OUT"), apiOut.toString().replace(api.toString(), "OUT"),
                "the same summary, but for the folder");
    }

    @Test
    void placementOfAnUnknownCodeObjectFailsBeforeTheFolderIsCreated(@TempDir Path dir) {
        Path out = dir.resolve("run");
        var e = assertThrows(IllegalArgumentException.class, () -> Runner.run(FibProgram.of(5),
                RunSpec.on("parallella16").placement("nosuch", Placement.LOCAL).quiet(true).out(out)));
        assertTrue(e.getMessage().contains("'nosuch'") && e.getMessage().contains("fib"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aFolderInTheWayOfAnOutputFailsBeforeTheRunAndLeavesNothingOfIt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("report.html"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Runner.run(FibProgram.of(5), RunSpec.on("parallella16").quiet(true).out(dir)));
        assertTrue(e.getMessage().contains("report.html is a folder"), e.getMessage());
        assertEquals(List.of("report.html"), names(dir));
    }

    @Test
    void badValuesFailAtTheCallNamingThem() {
        RunSpec s = RunSpec.on("parallella16");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.policy("fastest")).getMessage()
                .contains("fastest"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.hostThreads(0)).getMessage()
                .contains("host threads 0"));
        assertTrue(assertThrows(MachineConfigException.class, () -> s.set("pool-capacity", "0")).getMessage()
                .contains("edarts.machine.pool-capacity"));
        assertTrue(assertThrows(MachineConfigException.class, () -> RunSpec.on("parallela")).getMessage()
                .contains("parallela"));
        assertThrows(IllegalArgumentException.class, () -> s.placement("*", Placement.LOCAL).placement("*", Placement.GLOBAL));
        assertThrows(IllegalArgumentException.class, () -> Runner.run(null, s));
    }

    @Test
    void setOnALoadedMachineIsAnIllegalState() {
        RunSpec s = RunSpec.on(MachineLoader.load("parallella16", List.of()));
        var e = assertThrows(IllegalStateException.class, () -> s.set("pool-capacity", "2"));
        assertTrue(e.getMessage().contains("RunSpec.on(\"parallella16\")"), e.getMessage());
    }

    @Test
    void aSpecIsImmutable() {
        RunSpec base = RunSpec.on("parallella16");
        RunSpec changed = base.set("pool-capacity", "2").policy("critical-path").trace(false);
        assertEquals("parallella16", base.machine().label());
        assertEquals("round-robin", base.policy());
        assertTrue(base.trace());
        assertEquals("parallella16 (--set pool-capacity=2)", changed.machine().label());
        assertEquals(2, changed.machine().poolCapacity());
    }

    @Test
    void runEachRefusesASubFolderThatIsNotOnePlainName(@TempDir Path dir) {
        RunSpec s = RunSpec.on("parallella16").quiet(true).out(dir.resolve("cmp"));
        assertThrows(IllegalArgumentException.class, () -> Runner.runEach(java.util.Map.of("../x", FibProgram.of(3)), s));
        assertThrows(IllegalArgumentException.class,
                () -> Runner.runEach(java.util.Map.of("a", FibProgram.of(3)), s.out(null)));
        assertFalse(Files.exists(dir.resolve("cmp")));
    }
}
