package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10's host calls from the command line: {@code hello} and {@code host-calls} on the
 * Parallella, their outputs, the queue at the host daemon, determinism, and bad flags.
 */
class HostCallsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode report(Path out) throws Exception {
        return JSON.readTree(out.resolve("report.json").toFile());
    }

    @Test
    void helloPrintsOneTaggedLinePerCuToTheConsoleAndStdoutTxt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("hello");
        CommandRun o = edarts("run", "hello", "--no-trace", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = Files.readAllLines(out.resolve("stdout.txt"));
        assertEquals(15, lines.size(), lines.toString());
        for (String line : lines) {
            assertTrue(line.matches("\\[core (\\d),(\\d) cycle \\d+\\] Hello from core \\(\\1,\\2\\)"), line);
            assertTrue(o.out().contains(line), "on the console too: " + line);
        }
        JsonNode hc = report(out).get("hostCalls");
        assertEquals(15, hc.get("count").asLong());
        assertEquals(15, hc.get("printedLines").asLong());
        assertTrue(hc.get("meanWaitCycles").asLong() > 0 && hc.get("maxWaitCycles").asLong() >= hc.get("p99WaitCycles").asLong());
        assertTrue(o.out().contains("host calls   15 (0 failed)"), o.out());
    }

    private static long meanWait(Path dir, String cores) throws Exception {
        Path out = dir.resolve("cores" + cores);
        CommandRun o = edarts("run", "host-calls", "--cores", cores, "--calls", "20", "--no-trace", "--quiet",
                "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode hc = report(out).get("hostCalls");
        assertEquals(20L * Integer.parseInt(cores), hc.get("count").asLong());
        assertFalse(Files.exists(out.resolve("stdout.txt")), "nothing printed, no stdout.txt");
        return hc.get("meanWaitCycles").asLong();
    }

    @Test
    void hostCallsFromSeveralCoresAtOnceWaitLongerThanFromOne(@TempDir Path dir) throws Exception {
        long one = meanWait(dir, "1");
        long four = meanWait(dir, "4");
        long fifteen = meanWait(dir, "15");
        // one core calling back to back waits a sweep of the 16 cores; every core more adds its service to each sweep
        assertTrue(one < four && four < fifteen, one + " < " + four + " < " + fifteen);
        assertTrue(fifteen > 2.5 * one, "15 cores queue at one daemon: " + fifteen + " vs " + one);
    }

    @Test
    void reportAndStdoutAreByteIdenticalAtOneTwoAndEightHostThreads(@TempDir Path dir) throws Exception {
        for (String machine : new String[] {"parallella16", "e64"}) {
            String first = null;
            byte[] printed = null;
            for (String threads : new String[] {"1", "2", "8"}) {
                Path out = dir.resolve(machine + "-" + threads);
                CommandRun o = edarts("run", "hello", "--machine", machine, "--host-threads", threads, "--no-trace",
                        "--quiet", "--out", out.toString());
                assertEquals(0, o.code(), o.err());
                CommandRun c = edarts("run", "host-calls", "--machine", machine, "--cores", "7", "--calls", "5",
                        "--host-threads", threads, "--no-trace", "--quiet", "--out", out.resolve("calls").toString());
                assertEquals(0, c.code(), c.err());
                ObjectNode a = (ObjectNode) report(out);
                ObjectNode b = (ObjectNode) report(out.resolve("calls"));
                a.remove("host");
                b.remove("host");
                String both = a + "\n" + b;
                byte[] lines = Files.readAllBytes(out.resolve("stdout.txt"));
                if (first == null) {
                    first = both;
                    printed = lines;
                } else {
                    assertEquals(first, both, machine + ", " + threads + " host threads");
                    assertArrayEquals(printed, lines, machine + ", " + threads + " host threads: stdout.txt");
                }
            }
        }
    }

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of("--calls", new String[] {"run", "host-calls", "--calls", "abc"}),
                Arguments.of("host-calls --calls 0", new String[] {"run", "host-calls", "--calls", "0"}),
                Arguments.of("host-calls --cores 16: expected 1..15", new String[] {"run", "host-calls", "--cores", "16"}),
                Arguments.of("host-calls --cores 0", new String[] {"run", "host-calls", "--cores", "0"}),
                Arguments.of("host calls on a machine of 4 clusters need a target that models its interconnect",
                        new String[] {"run", "host-calls", "--set", "clusters.rows=2", "--set", "clusters.cols=2",
                                "--set", "epiphany.contention=off", "--no-trace"}),
                Arguments.of("at most 1,000,000 calls in all (cores x calls)",
                        new String[] {"run", "host-calls", "--cores", "15", "--calls", "1000000", "--no-trace"}),
                Arguments.of("--calls applies to host-calls, not to fib", new String[] {"run", "fib", "--calls", "3"}),
                Arguments.of("--cores applies to", new String[] {"run", "hello", "--cores", "3"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFlags")
    void badFlagsExitTwoNamingTheOptionAndWriteNothing(String mustName, String[] args, @TempDir Path dir) {
        Path out = dir.resolve("out");
        String[] all = Stream.concat(Stream.of(args), Stream.of("--out", out.toString())).toArray(String[]::new);
        CommandRun o = edarts(all);
        assertEquals(2, o.code(), String.join(" ", all) + ": " + o.err() + o.out());
        assertTrue(o.err().contains(mustName), "should name " + mustName + ": " + o.err());
        assertFalse(Files.exists(out), "wrote " + out);
    }
}
