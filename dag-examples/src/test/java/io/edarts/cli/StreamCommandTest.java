package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code edarts run --stream N --in-flight K --arrival-interval CYCLES}: the README's example, the
 * report's {@code stream} block against its own per-instance records, byte-identical reports across
 * host threads, and bad input refused with exit 2 before anything is written.
 */
class StreamCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** report.json without its host block (the only part that may differ between runs). */
    private static String withoutHost(Path dir) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("report.json")));
        n.remove("host");
        return n.toPrettyString();
    }

    @Test
    void readmeStreamExampleReportsThroughputAndLatencyFromItsInstances(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fib-stream");
        // README-STREAM-BEGIN
        CommandRun r = edarts("run", "fib", "--n", "12", "--stream", "8", "--in-flight", "2",
                "--arrival-interval", "3000", "--no-trace", "--out", out.toString());
        // README-STREAM-END
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("  stream       8 of 8 instances completed, at most 2 in flight (--in-flight 2), "
                + "arrivals one every 3000 cycles;"), r.out());
        assertTrue(r.out().contains("  latency      p50 ") && r.out().contains("  queueing     p50 "), r.out());
        assertTrue(r.out().contains("check passed: 8 of 8 instances passed their check (instance 0: fib(12) = 144)"),
                r.out());
        JsonNode s = JSON.readTree(Files.readString(out.resolve("report.json"))).get("stream");
        assertEquals(8, s.get("instances").asInt());
        assertEquals(8, s.get("completed").asInt());
        assertEquals(2, s.get("inFlight").asInt());
        assertEquals(2, s.get("mostInFlight").asInt(), "instances arrive faster than one completes: both slots fill");
        long first = Long.MAX_VALUE;
        long last = 0;
        long maxLatency = 0;
        long maxQueue = 0;
        List<long[]> spans = new ArrayList<>();
        for (JsonNode i : s.get("perInstance")) {
            long a = i.get("arrival").asLong();
            long adm = i.get("admitted").asLong();
            long c = i.get("completed").asLong();
            assertEquals(3000L * i.get("index").asInt(), a);
            assertTrue(adm >= a && c > adm);
            assertEquals("passed", i.get("check").asText());
            first = Math.min(first, a);
            last = Math.max(last, c);
            maxLatency = Math.max(maxLatency, c - a);
            maxQueue = Math.max(maxQueue, adm - a);
            spans.add(new long[] {adm, c});
        }
        for (long[] x : spans) { // at the cycle each instance enters, at most K are inside ([admitted, completed))
            long in = spans.stream().filter(y -> y[0] <= x[0] && x[0] < y[1]).count();
            assertTrue(in <= 2, "more than --in-flight 2 instances at cycle " + x[0]);
        }
        assertEquals(last - first, s.get("spanCycles").asLong());
        assertEquals(Math.round(8e6 / (last - first) * 1000) / 1000.0, s.get("throughputPerMillionCycles").asDouble(), 1e-9);
        assertEquals(maxLatency, s.get("latencyCycles").get("max").asLong());
        assertEquals(maxQueue, s.get("queueingCycles").get("max").asLong());
        assertTrue(maxQueue > 0, "8 arrivals every 3,000 cycles outpace two slots: some wait");
        assertTrue(Files.readString(out.resolve("report.html")).contains("Instance stream"));
    }

    @Test
    void serializeStreamsBatchesOfItsOwnAndOffloadRaisesThroughputAboveTheBreakEvenBatch(@TempDir Path dir)
            throws Exception {
        double[] throughput = new double[2];
        String[] modes = {"off", "on"};
        for (int k = 0; k < 2; k++) {
            Path out = dir.resolve("offload-" + modes[k]);
            // one offload call of 32 messages per instance, well above the break-even batch (README)
            CommandRun r = edarts("run", "serialize", "--messages", "32", "--batch", "32", "--offload", modes[k],
                    "--stream", "4", "--in-flight", "2", "--no-trace", "--quiet", "--out", out.toString());
            assertEquals(0, r.code(), r.err() + r.out());
            JsonNode s = JSON.readTree(Files.readString(out.resolve("report.json"))).get("stream");
            assertEquals(4, s.get("completed").asInt());
            for (JsonNode i : s.get("perInstance")) {
                assertEquals("passed", i.get("check").asText(), "instance " + i.get("index") + " with offload " + modes[k]);
            }
            throughput[k] = s.get("throughputPerMillionCycles").asDouble();
        }
        assertTrue(throughput[1] > throughput[0], "offload on " + throughput[1] + " vs off " + throughput[0]);
    }

    @Test
    void streamedReportIsByteIdenticalAcrossHostThreads(@TempDir Path dir) throws Exception {
        List<String> reports = new ArrayList<>();
        for (String threads : new String[] {"1", "2", "8"}) {
            Path out = dir.resolve("t" + threads);
            CommandRun r = edarts("run", "random-dag", "--codelets", "300", "--stream", "6", "--in-flight", "3",
                    "--arrival-interval", "500", "--host-threads", threads, "--quiet", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            reports.add(withoutHost(out));
            assertTrue(Files.size(out.resolve("trace.json")) > 0);
        }
        assertEquals(reports.get(0), reports.get(1));
        assertEquals(reports.get(0), reports.get(2));
        assertTrue(reports.get(0).contains("\"perInstance\""));
    }

    @Test
    void streamedReportIsByteIdenticalAcrossHostThreadsOnFourClusters(@TempDir Path dir) throws Exception {
        List<String> reports = new ArrayList<>();
        for (String threads : new String[] {"1", "8"}) {
            Path out = dir.resolve("t" + threads);
            CommandRun r = edarts("run", "fib", "--n", "9", "--machine", "mesh16", "--set", "clusters.rows=2",
                    "--set", "clusters.cols=2", "--stream", "5", "--in-flight", "2", "--host-threads", threads,
                    "--quiet", "--no-trace", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            reports.add(withoutHost(out));
        }
        assertEquals(reports.get(0), reports.get(1));
    }

    static Stream<Arguments> badStreams() {
        return Stream.of(
                Arguments.of("--stream 0", new String[] {"fib", "--stream", "0"}),
                Arguments.of("--in-flight 0", new String[] {"fib", "--stream", "4", "--in-flight", "0"}),
                Arguments.of("--arrival-interval -5", new String[] {"fib", "--stream", "4", "--arrival-interval", "-5"}),
                Arguments.of("--in-flight applies to --stream N", new String[] {"fib", "--in-flight", "2"}),
                Arguments.of("--arrival-interval applies to --stream N", new String[] {"fib", "--arrival-interval", "9"}),
                Arguments.of("cannon --write-result cannot stream", new String[] {"cannon", "--write-result", "--stream", "2"}),
                Arguments.of("cannon --layout all compares four", new String[] {"cannon", "--layout", "all", "--stream", "2"}),
                Arguments.of("beyond cycle 2^63-1", new String[] {"fib", "--stream", "3", "--arrival-interval",
                        "" + Long.MAX_VALUE}),
                Arguments.of("'x' is not a count", new String[] {"fib", "--stream", "x"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStreams")
    void badStreamOptionsExitTwoNamingTheOptionAndWriteNothing(String mustName, String[] args, @TempDir Path dir) {
        Path out = dir.resolve("out");
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(Arrays.asList(args));
        all.add("--out");
        all.add(out.toString());
        CommandRun r = edarts(all.toArray(new String[0]));
        assertEquals(2, r.code(), all + ": " + r.err() + r.out());
        assertTrue(r.err().contains(mustName), all + " should say " + mustName + ": " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(out), all + " wrote " + out);
    }
}
