package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's SU tree on the Epiphany machines: {@code parallella16} cut into 2x2-core clusters
 * (four SUs on the one contended chip) and {@code e1024}'s sixteen clusters, byte-identical reports
 * at 1, 2 and 8 host threads, the top SU's deals charged.
 */
class HierarchicalRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** report.json of {@code edarts run fib ARGS} at {@code threads} host threads, without its host block. */
    private static String report(Path dir, String threads, String... args) throws Exception {
        Path out = dir.resolve(threads);
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("run", "fib"));
        all.addAll(java.util.List.of(args));
        all.addAll(java.util.List.of("--host-threads", threads, "--no-trace", "--quiet", "--out", out.toString()));
        CommandRun o = edarts(all.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        ObjectNode n = (ObjectNode) JSON.readTree(out.resolve("report.json").toFile());
        assertEquals("passed", n.get("result").get("check").asText());
        n.remove("host");
        return n.toString();
    }

    @Test
    void parallella16CutIntoFourClustersIsByteIdenticalAtOneTwoAndEightHostThreads(@TempDir Path dir) throws Exception {
        String[] args = {"--n", "12", "--policy", "hierarchical", "--set", "clusters.rows=2", "--set", "clusters.cols=2"};
        String first = report(dir.resolve("h"), "1", args);
        assertEquals(first, report(dir.resolve("h"), "2", args), "2 host threads");
        assertEquals(first, report(dir.resolve("h"), "8", args), "8 host threads");
        JsonNode h = JSON.readTree(first);
        JsonNode rr = JSON.readTree(report(dir.resolve("rr"), "1", "--n", "12", "--set", "clusters.rows=2",
                "--set", "clusters.cols=2"));
        // the same codelets placed, plus the top SU's deals
        assertEquals(h.get("codelets").get("fired").asLong(), rr.get("codelets").get("fired").asLong());
        assertTrue(h.get("scheduling").get("decisions").asLong() > rr.get("scheduling").get("decisions").asLong(),
                h.get("scheduling") + " against " + rr.get("scheduling"));
    }

    @Test
    void e1024SixteenClustersIsByteIdenticalAtOneAndEightHostThreads(@TempDir Path dir) throws Exception {
        String[] args = {"--n", "10", "--machine", "e1024", "--policy", "hierarchical"};
        assertEquals(report(dir, "1", args), report(dir, "8", args));
    }
}
