package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The serial rounds of the Epiphany machines of several clusters on one contended mesh (the
 * time keeper's design note): its direct turns (method calls, SU-to-SU mail left in the run's lists,
 * bodies fired by the SUs) write byte for byte the report.json and trace.json the message turns
 * write ({@code -Dedarts.timekeeper.turns=messages}, every turn an {@code Advance} and a report), at
 * 1 and 8 host threads (the messages at 2); a streamed run, which keeps message turns, is the same at 1 and 2.
 */
class SerialRoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void reset() {
        System.clearProperty("edarts.timekeeper.turns");
    }

    private static Path run(Path dir, String turns, String threads, String args, boolean trace) {
        System.setProperty("edarts.timekeeper.turns", turns);
        Path out = dir.resolve(turns + "-" + threads);
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args.split(" ")));
        all.addAll(List.of("--host-threads", threads, "--quiet", "--out", out.toString()));
        if (!trace) {
            all.add("--no-trace");
        }
        CommandRun o = edarts(all.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        return out;
    }

    private static String report(Path out) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(out.resolve("report.json").toFile());
        assertEquals("passed", n.get("result").get("check").asText(), n.get("result").toString());
        n.remove("host");
        return n.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "random-dag --codelets 1500 --seed 3 --machine e1024",
        "fib --n 11 --machine e1024 --policy hierarchical",
        "matmul --machine e1024",
        "random-dag --codelets 2000 --seed 5 --set clusters.rows=2 --set clusters.cols=2",
    })
    void directTurnsWriteTheMessageTurnsReport(String args, @TempDir Path dir) throws Exception {
        String messages = report(run(dir, "messages", "2", args, false));
        assertEquals(messages, report(run(dir, "direct", "1", args, false)), "direct, 1 host thread");
        assertEquals(messages, report(run(dir, "direct", "8", args, false)), "direct, 8 host threads");
    }

    @Test
    void directTurnsWriteTheMessageTurnsTrace(@TempDir Path dir) throws Exception {
        String args = "fib --n 10 --machine e1024";
        Path messages = run(dir, "messages", "2", args, true);
        Path direct = run(dir, "direct", "2", args, true);
        assertEquals(report(messages), report(direct));
        assertArrayEquals(Files.readAllBytes(messages.resolve("trace.json")), Files.readAllBytes(direct.resolve("trace.json")));
    }

    @Test
    void aStreamedRunOnTheSharedMeshIsTheSameAtOneAndTwoHostThreads(@TempDir Path dir) throws Exception {
        String args = "random-dag --codelets 300 --stream 4 --in-flight 2 --machine e1024";
        assertEquals(report(run(dir, "direct", "1", args, false)), report(run(dir, "direct", "2", args, false)));
    }
}
