package io.edarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.host.LaunchProcedure;
import io.edarts.examples.programs.CannonProgram;
import io.edarts.report.JsonReport;
import io.edarts.run.RunSpec;
import io.edarts.run.Runner;
import io.edarts.scheduler.Prelude;
import io.edarts.scheduler.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10's two halves joined: the host daemon on the host node's timeline after the launch, and cannon's result written through host calls. */
class HostWireTest {
    private static final PrintWriter QUIET = new PrintWriter(new StringWriter());

    private static RunResult hello(LaunchProcedure launch, int threads, Path out) {
        Machine m = MachineLoader.load("parallella16", List.of());
        Program<?> p = Examples.build("hello", new Examples.Params(20, 10_000, null, null, 1, "local"), m);
        return Runner.run(p, RunSpec.on(m).launch(launch).hostThreads(threads).quiet(true).console(QUIET, QUIET).out(out));
    }

    private static List<Prelude.HostSpan> calls(RunResult r) {
        return r.prelude().host().spans().stream().filter(s -> s.kind().equals("call")).toList();
    }

    @Test
    void afterALaunchTheDaemonStartsPollingAndServesTheCallsAsInARunThatStartsAtZero(@TempDir Path dir) {
        RunResult none = hello(LaunchProcedure.NONE, 1, dir.resolve("none"));
        RunResult tree = hello(LaunchProcedure.TREE, 1, dir.resolve("tree"));
        assertTrue(none.succeeded() && tree.succeeded(), tree.message());
        long launch = tree.launchCycles();
        long sweep = 16 * EpiphanyTarget.create(MachineLoader.load("parallella16", List.of())).hostCallParams().pollCycles();
        // a daemon polling from cycle 0 would meet the cores at another phase of its sweep
        assertNotEquals(0, launch % sweep, "the launch must end mid-sweep for this test to tell");
        assertEquals(none.makespanCycles() + launch, tree.makespanCycles(), "the run after the launch is the run alone");
        assertEquals(none.hostCalls().meanWaitCycles(), tree.hostCalls().meanWaitCycles());
        assertEquals(none.hostCalls().maxWaitCycles(), tree.hostCalls().maxWaitCycles());

        List<Prelude.HostSpan> served = calls(tree);
        assertEquals(15, tree.hostCalls().count());
        assertEquals(15, served.size(), "one span per call");
        assertEquals(15, tree.prelude().host().calls());
        List<Prelude.HostSpan> alone = calls(none);
        long busy = 0;
        long free = launch;
        for (int i = 0; i < served.size(); i++) {
            Prelude.HostSpan s = served.get(i);
            assertTrue(s.start() >= free, "call " + i + " starts at " + s.start() + ", the host is free from " + free);
            assertTrue(s.what().startsWith("printf for core " + s.core()) && s.bytes() > 0, s.toString());
            assertEquals(alone.get(i).start() + launch, s.start(), "shifted by the launch: " + s);
            assertEquals(alone.get(i).end() + launch, s.end());
            free = s.end();
            busy += s.end() - s.start();
        }
        Prelude.HostNode h = tree.prelude().host();
        assertEquals(busy, h.callBusyCycles());
        long launchBusy = h.spans().stream().filter(s -> !s.kind().equals("call")).mapToLong(s -> s.end() - s.start()).sum();
        assertTrue(launchBusy > 0);
        assertEquals(launchBusy, h.launchBusyCycles());
        assertEquals(launchBusy + busy, h.busyCycles());
        assertEquals(h.spans().size(), h.spanCount());
    }

    @Test
    void theHostTrackAndReportShowEachCallTheSameWhateverTheHostThreads(@TempDir Path dir) throws Exception {
        RunResult one = hello(LaunchProcedure.TREE, 1, dir.resolve("t1"));
        RunResult two = hello(LaunchProcedure.TREE, 2, dir.resolve("t2"));
        RunResult eight = hello(LaunchProcedure.TREE, 8, dir.resolve("t8"));
        String json = JsonReport.toJson(one, false);
        assertEquals(json, JsonReport.toJson(two, false));
        assertEquals(json, JsonReport.toJson(eight, false));
        com.fasterxml.jackson.databind.node.ObjectNode f1 = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(dir.resolve("t1/report.json").toFile());
        com.fasterxml.jackson.databind.node.ObjectNode f8 = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(dir.resolve("t8/report.json").toFile());
        f1.remove("host"); // wall time and threads: host-side only
        f8.remove("host");
        assertEquals(f1, f8, "the written reports agree but for the host block");
        JsonNode node = new ObjectMapper().readTree(dir.resolve("t1/report.json").toFile()).get("host-node");
        assertEquals(15, node.get("calls").asLong());
        assertEquals(one.prelude().host().callBusyCycles(), node.get("callBusyCycles").asLong());
        int calls = 0;
        for (JsonNode s : node.get("spans")) {
            calls += s.get("kind").asText().equals("call") ? 1 : 0;
        }
        assertEquals(15, calls);
        JsonNode trace = new ObjectMapper().readTree(dir.resolve("t1/trace.json").toFile()).get("traceEvents");
        int onHost = 0;
        for (JsonNode e : trace) {
            if (e.path("cat").asText().equals("host") && e.get("name").asText().startsWith("call printf for core")) {
                assertEquals(16, e.get("tid").asInt(), "on the host's track");
                assertTrue(e.get("args").get("startCycle").asLong() >= one.launchCycles());
                onHost++;
            }
        }
        assertEquals(15, onHost);
    }

    @Test
    void cannonWithALaunchWritesItsProductThroughHostCalls(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        CommandRun r = CommandRun.edarts("run", "cannon", "--size", "32", "--launch", "tree", "--write-result", "--quiet",
                "--no-trace", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        byte[] bytes = Files.readAllBytes(out.resolve("files").resolve(CannonProgram.RESULT_FILE));
        int n = 32;
        int b = n / CannonProgram.GRID;
        assertEquals(4 * n * n, bytes.length);
        float[] ref = CannonProgram.product(n, 1);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // 16 blocks in rank order, each b x b row by row
        for (int rank = 0; rank < CannonProgram.GRID * CannonProgram.GRID; rank++) {
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < b; j++) {
                    int row = rank / CannonProgram.GRID * b + i;
                    int col = rank % CannonProgram.GRID * b + j;
                    float v = in.getFloat();
                    assertEquals(Float.floatToIntBits(ref[row * n + col]), Float.floatToIntBits(v),
                            "C[" + row + "][" + col + "] = " + v + ", reference " + ref[row * n + col]);
                }
            }
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("passed", report.get("result").get("check").asText());
        assertEquals(18, report.get("hostCalls").get("count").asLong(), "open, 16 writes, close");
        assertEquals(18, report.get("host-node").get("calls").asLong());
        assertEquals(0, report.get("hostCalls").get("failed").asLong());
    }

    @Test
    void writeResultIsCannonsAndWithoutItCannonWritesNoFile(@TempDir Path dir) {
        Path out = dir.resolve("out");
        CommandRun fib = CommandRun.edarts("run", "fib", "--n", "5", "--write-result", "--out", out.toString());
        assertEquals(2, fib.code(), fib.err());
        assertTrue(fib.err().contains("--write-result") && fib.err().contains("cannon"), fib.err());
        assertFalse(Files.exists(out));
        CommandRun plain = CommandRun.edarts("run", "cannon", "--size", "32", "--launch", "tree", "--quiet", "--no-trace",
                "--out", out.toString());
        assertEquals(0, plain.code(), plain.err());
        assertFalse(Files.exists(out.resolve("files")), "a launch alone changes what loads the program, not what it does");
    }
}
