package io.edarts.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import io.edarts.scheduler.TraceEvent;
import io.edarts.scheduler.TraceFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trace.json: Chrome Trace Event Format that Perfetto opens, one track per core, the same bytes whatever the host threading. */
class ChromeTraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String encode(Machine m, List<TraceEvent> events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceFormat.Events source = v -> {
            for (TraceEvent e : events) {
                v.accept(e);
            }
        };
        ChromeTrace.FORMAT.write(m, source, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Machine tiny() {
        return MachineLoader.load("mesh16", List.of("mesh.rows=1", "mesh.cols=2", "clusters.rows=1", "clusters.cols=1"));
    }

    @Test
    void writesTheHeadATrackPerCoreAndOneEventPerLine() throws IOException {
        Machine m = tiny();
        String mhz = Double.toString(m.clockMhz());
        double clock = m.clockMhz();
        String got = encode(m, List.of(new TraceEvent.Decision(0, 0, 60),
                new TraceEvent.Firing("t0", 1, 120, 600),
                new TraceEvent.Instant("cache miss body", 1, 120)));
        String expected = "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"machine\":\"mesh16\",\"clockMhz\":" + mhz + "},"
                + "\"traceEvents\":[\n"
                + "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":0,\"args\":{\"name\":\"mesh16\"}},\n"
                + "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":0,\"tid\":0,\"args\":{\"name\":\"SU (0,0)\"}},\n"
                + "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":0,\"tid\":0,\"args\":{\"sort_index\":0}},\n"
                + "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":0,\"tid\":1,\"args\":{\"name\":\"CU (0,1)\"}},\n"
                + "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":0,\"tid\":1,\"args\":{\"sort_index\":1}},\n"
                + "{\"name\":\"schedule\",\"cat\":\"su\",\"ph\":\"X\",\"pid\":0,\"tid\":0,\"ts\":0.0,\"dur\":" + (60 / clock) + "},\n"
                + "{\"name\":\"t0\",\"cat\":\"codelet\",\"ph\":\"X\",\"pid\":0,\"tid\":1,\"ts\":" + (120 / clock) + ",\"dur\":"
                + (600 / clock) + ",\"args\":{\"startCycle\":120,\"cycles\":600}},\n"
                + "{\"name\":\"cache miss body\",\"cat\":\"code\",\"ph\":\"i\",\"s\":\"t\",\"pid\":0,\"tid\":1,\"ts\":" + (120 / clock) + "}\n"
                + "]}\n";
        assertEquals(expected, got);
    }

    /** Regression guard for hand-written escaping: any label survives, markup, quotes, controls and all. */
    @Test
    void anyCodeletNameRoundTripsThroughTheJson() throws IOException {
        String evil = "\"quoted\" \\back\\ \n\t\u0001 <script> \u00e9\u4e2d \ud83d\ude00 \u2028";
        JsonNode root = JSON.readTree(encode(tiny(), List.of(new TraceEvent.Firing(evil, 1, 0, 1),
                new TraceEvent.Instant("evict " + evil, 1, 0))));
        JsonNode events = root.get("traceEvents");
        assertEquals(evil, events.get(events.size() - 2).get("name").asText());
        assertEquals("evict " + evil, events.get(events.size() - 1).get("name").asText());
    }

    private static Program<long[]> randomDag(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Dag.Builder<long[]> g = Dag.builder("random");
        CodeletHandle[] h = new CodeletHandle[n];
        for (int i = 0; i < n; i++) {
            final int me = i;
            h[i] = g.task("t" + i, ctx -> ctx.frame()[me] = me).cycles(1 + rnd.nextInt(400));
            java.util.Set<Integer> preds = new java.util.TreeSet<>();
            for (int k = i == 0 ? 0 : rnd.nextInt(Math.min(i, 3) + 1); k > 0; k--) {
                preds.add(rnd.nextInt(i));
            }
            for (int p : preds) {
                h[p].precede(h[i]);
            }
        }
        return g.build(() -> new long[n], f -> CheckResult.passed("ran"));
    }

    private static Target fourClusters() {
        return SimpleTarget.simpleMesh(MachineLoader.load("mesh16",
                List.of("target=simple-mesh", "clusters.rows=2", "clusters.cols=2")));
    }

    private static RunResult run(int threads, Path trace) {
        try (Simulator sim = Simulator.create(threads)) {
            return sim.run(randomDag(1200, 7), fourClusters(), RunOptions.defaults().withTrace(trace, ChromeTrace.FORMAT));
        }
    }

    @Test
    void aRunsTraceIsTheSameBytesFor1And2And8HostThreads(@TempDir Path dir) throws IOException {
        run(1, dir.resolve("t1.json"));
        run(2, dir.resolve("t2.json"));
        run(8, dir.resolve("t8.json"));
        byte[] one = Files.readAllBytes(dir.resolve("t1.json"));
        assertEquals(new String(one, StandardCharsets.UTF_8), Files.readString(dir.resolve("t2.json")));
        assertEquals(new String(one, StandardCharsets.UTF_8), Files.readString(dir.resolve("t8.json")));
    }

    /** What Perfetto's JSON importer needs: known phases, pid/tid on every event, a named track per core, spans on their tracks. */
    @Test
    void aRunsTraceHasANamedTrackPerCoreAndEveryFiringOnItsCore(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("trace.json");
        RunResult r = run(2, trace);
        Machine m = fourClusters().machine();
        JsonNode root = JSON.readTree(trace.toFile());
        assertEquals("ns", root.get("displayTimeUnit").asText());
        Map<Integer, String> names = new HashMap<>();
        long firings = 0;
        long decisions = 0;
        long all = 0;
        for (JsonNode e : root.get("traceEvents")) {
            String ph = e.get("ph").asText();
            assertEquals(0, e.get("pid").asInt(), e.toString());
            if (ph.equals("M")) {
                if (e.get("name").asText().equals("thread_name")) {
                    names.put(e.get("tid").asInt(), e.get("args").get("name").asText());
                }
                continue;
            }
            all++;
            int tid = e.get("tid").asInt();
            assertTrue(tid >= 0 && tid < m.coreCount(), e.toString());
            assertTrue(e.get("ts").asDouble() >= 0, e.toString());
            if (ph.equals("X")) {
                assertTrue(e.get("dur").asDouble() >= 0, e.toString());
                if (e.get("cat").asText().equals("codelet")) {
                    firings++;
                    assertEquals("CU", m.role(tid).name(), "a firing on a CU's track: " + e);
                    assertEquals(e.get("args").get("startCycle").asLong() / m.clockMhz(), e.get("ts").asDouble(), 1e-9);
                } else {
                    decisions++;
                    assertEquals("SU", m.role(tid).name(), "a decision on an SU's track: " + e);
                }
            } else {
                assertEquals("i", ph, e.toString());
                assertEquals("t", e.get("s").asText());
            }
        }
        assertEquals(m.coreCount(), names.size());
        assertEquals("SU (0,0)", names.get(0));
        assertEquals("CU (3,3)", names.get(15));
        assertEquals(r.codeletsFired(), firings);
        assertTrue(decisions > 0);
        assertEquals(r.traceEvents(), all);
    }
}
