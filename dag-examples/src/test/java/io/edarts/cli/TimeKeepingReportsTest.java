package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time keeping of the Epiphany machines of several clusters without a shared mesh
 * ({@code epiphany.contention=off}): pairwise lookahead writes byte for byte the report.json the
 * global windows write (the reference scheme, {@code -Dedarts.timekeeper=global-windows}), on
 * {@code e1024}'s sixteen clusters and {@code parallella16} cut into four, for several programs,
 * policies and seeds, and the same at 1 and 8 host threads.
 */
class TimeKeepingReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void reset() {
        System.clearProperty("edarts.timekeeper");
    }

    private static String report(Path dir, String scheme, String threads, String args) throws Exception {
        System.setProperty("edarts.timekeeper", scheme);
        Path out = dir.resolve(scheme + "-" + threads);
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args.split(" ")));
        all.addAll(List.of("--set", "epiphany.contention=off", "--host-threads", threads, "--no-trace", "--quiet",
                "--out", out.toString()));
        CommandRun o = edarts(all.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        ObjectNode n = (ObjectNode) JSON.readTree(out.resolve("report.json").toFile());
        assertEquals("passed", n.get("result").get("check").asText(), n.get("result").toString());
        n.remove("host");
        return n.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "random-dag --codelets 3000 --seed 3 --machine e1024",
        "fib --n 13 --machine e1024 --policy hierarchical",
        "matmul --machine e1024",
        "random-dag --codelets 2000 --seed 5 --set clusters.rows=2 --set clusters.cols=2",
        "fib --n 12 --policy hierarchical --set clusters.rows=2 --set clusters.cols=2",
        "matmul --policy least-loaded --set clusters.rows=2 --set clusters.cols=2",
    })
    void pairwiseLookaheadWritesTheGlobalWindowsReport(String args, @TempDir Path dir) throws Exception {
        String windows = report(dir, "global-windows", "2", args);
        assertEquals(windows, report(dir, "pairwise", "1", args), "pairwise, 1 host thread");
        assertEquals(windows, report(dir, "pairwise", "8", args), "pairwise, 8 host threads");
    }
}
