package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edarts sweep --cluster} and {@code edarts worker}: a bad address, a missing or a misplaced
 * option is exit 2 with a message naming it, before anything runs, and nothing is written.
 */
class ClusterCommandsBadInputTest {

    private static Path spec(Path dir) throws Exception {
        Path f = dir.resolve("spec.conf");
        Files.writeString(f, "programs = [{name = fib, n = 6}]\ntrace = false\n");
        return f;
    }

    private static void refusedSweep(Path dir, String mustName, String... args) throws Exception {
        Path out = dir.resolve("out");
        List<String> all = new ArrayList<>(List.of("sweep", spec(dir).toString(), "--out", out.toString()));
        all.addAll(Arrays.asList(args));
        CommandRun o = edarts(all.toArray(new String[0]));
        assertEquals(Edarts.BAD_INPUT, o.code(), all + ": " + o.err() + o.out());
        assertTrue(o.err().contains(mustName), all + " should name " + mustName + ": " + o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(out), all + " wrote " + out);
    }

    private static void refusedWorker(String mustName, String... args) {
        List<String> all = new ArrayList<>(List.of("worker"));
        all.addAll(Arrays.asList(args));
        CommandRun o = edarts(all.toArray(new String[0]));
        assertEquals(Edarts.BAD_INPUT, o.code(), all + ": " + o.err() + o.out());
        assertTrue(o.err().contains(mustName), all + " should name " + mustName + ": " + o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    @Test
    void clusterWithoutBindIsRefused(@TempDir Path dir) throws Exception {
        refusedSweep(dir, "--cluster needs --bind HOST:PORT", "--cluster");
    }

    @Test
    void bindWithoutClusterIsRefused(@TempDir Path dir) throws Exception {
        refusedSweep(dir, "--bind 127.0.0.1:25520 applies to --cluster only", "--bind", "127.0.0.1:25520");
    }

    @Test
    void jobsWithClusterBelongToTheWorkers(@TempDir Path dir) throws Exception {
        refusedSweep(dir, "edarts worker --join 127.0.0.1:25520 --jobs 2", "--cluster", "--bind", "127.0.0.1:25520",
                "--jobs", "2");
    }

    @Test
    void badCoordinatorAddressesAreRefused(@TempDir Path dir) throws Exception {
        refusedSweep(dir, "--bind 'localhost': expected HOST:PORT", "--cluster", "--bind", "localhost");
        refusedSweep(dir, "port 'x' is not a number", "--cluster", "--bind", "localhost:x");
        refusedSweep(dir, "port 70000 out of range 1..65535", "--cluster", "--bind", "localhost:70000");
        refusedSweep(dir, "port 0 out of range 1..65535", "--cluster", "--bind", "localhost:0");
        refusedSweep(dir, "--bind ':25520': no host before the port", "--cluster", "--bind", ":25520");
        refusedSweep(dir, "expected [IPv6]:PORT", "--cluster", "--bind", "[::1]");
    }

    @Test
    void aTakenPortIsRefusedBeforeTheSweepRuns(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String at = "127.0.0.1:" + taken.getLocalPort();
            refusedSweep(dir, "--bind " + at + ": cannot listen there", "--cluster", "--bind", at);
        }
    }

    @Test
    void badWorkerOptionsAreRefused() {
        refusedWorker("--join", new String[0]);
        refusedWorker("--join 'nowhere': expected HOST:PORT", "--join", "nowhere");
        refusedWorker("port 0 out of range 1..65535", "--join", "127.0.0.1:0");
        refusedWorker("--bind '127.0.0.1:99999'", "--join", "127.0.0.1:25520", "--bind", "127.0.0.1:99999");
        refusedWorker("--jobs 0: expected 1..1024", "--join", "127.0.0.1:25520", "--jobs", "0");
        refusedWorker("unknown host no-such-host.invalid", "--join", "no-such-host.invalid:25520");
    }
}
