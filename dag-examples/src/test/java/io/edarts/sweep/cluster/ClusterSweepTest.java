package io.edarts.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edarts.cli.CommandRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distributed sweep end to end on this host: a coordinator JVM and three worker JVMs, one of
 * them killed (destroyForcibly) while it runs a point. Every point folder the cluster wrote must be
 * the one a local sweep writes, file by file and byte by byte ({@code report.json} but its host-side
 * {@code host} block), and the killed worker's point must have been handed to another worker.
 *
 * <p>Nothing is timed: the waits are bounded (a stuck cluster fails the test instead of hanging it),
 * and generous, because JVMs start slowly on a loaded 2-core machine. A process that exits before
 * it should fails the test with its standard error.
 */
class ClusterSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bound on the whole sweep: far above what it takes, far below a hang. */
    private static final long SWEEP_MINUTES = 12;

    private final List<Node> nodes = new ArrayList<>();

    /** A JVM of ours: the process and where its output goes. */
    private record Node(String name, Process process, Path out, Path errFile) {
        String err() {
            try {
                return Files.exists(errFile) ? Files.readString(errFile) : "";
            } catch (IOException e) {
                return "(cannot read " + errFile + ": " + e + ")";
            }
        }

        String describe() {
            return name + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")") + ", stderr:\n" + err();
        }
    }

    private Node start(Path dir, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.edarts.cli.Edarts"));
        cmd.addAll(Arrays.asList(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Node n = new Node(name, p, out, err);
        nodes.add(n);
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until {@code node}'s stderr contains {@code text}; fails with every node's stderr if a node dies first. */
    private void awaitErr(Node node, String text, long deadlineNanos) throws InterruptedException {
        while (!node.err().contains(text)) {
            for (Node n : nodes) {
                if (!n.process().isAlive()) {
                    fail(n.name() + " stopped while waiting for '" + text + "' from " + node.name() + ": " + everything());
                }
            }
            if (System.nanoTime() > deadlineNanos) {
                fail("no '" + text + "' from " + node.name() + " in time: " + everything());
            }
            Thread.sleep(100);
        }
    }

    private String everything() {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes) {
            b.append("\n--- ").append(n.describe());
        }
        return b.toString();
    }

    @Test
    @Timeout(value = SWEEP_MINUTES + 3, unit = TimeUnit.MINUTES)
    void aWorkerKilledMidPointLosesNothingAndEveryReportIsTheLocalOne(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("spec.conf");
        // 6 small points (each well under a second of simulation), with traces: three files per point
        Files.writeString(spec, "programs = [{name = fib, n = 8}, {name = reduce, size = 128, block = 16}]\n"
                + "policies = [round-robin, least-loaded, critical-path]\n");
        int port = freePort();
        String at = "127.0.0.1:" + port;
        Path clusterOut = dir.resolve("cluster");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(SWEEP_MINUTES);
        try {
            Node coordinator = start(dir, "coordinator", "sweep", spec.toString(), "--out", clusterOut.toString(),
                    "--cluster", "--bind", at);
            awaitErr(coordinator, "coordinator at akka://edarts-sweep@" + at, deadline);
            Node victim = start(dir, "worker1", "worker", "--join", at);
            Node w2 = start(dir, "worker2", "worker", "--join", at);
            Node w3 = start(dir, "worker3", "worker", "--join", at);

            // the victim dies while it runs its first point
            awaitErr(victim, "worker: running ", deadline);
            String running = victim.err();
            String point = running.substring(running.indexOf("worker: running ") + "worker: running ".length()).lines()
                    .findFirst().orElseThrow().strip();
            victim.process().destroyForcibly();
            assertTrue(victim.process().waitFor(1, TimeUnit.MINUTES), "the killed worker is gone");
            boolean killedMidPoint = !victim.err().contains("worker: ran " + point);

            while (coordinator.process().isAlive() && System.nanoTime() < deadline) {
                for (Node n : List.of(w2, w3)) {
                    if (!n.process().isAlive() && n.process().exitValue() != 0) {
                        fail("a worker failed: " + everything());
                    }
                }
                coordinator.process().waitFor(1, TimeUnit.SECONDS);
            }
            assertFalse(coordinator.process().isAlive(), "the sweep did not finish in " + SWEEP_MINUTES + " min: "
                    + everything());
            assertEquals(0, coordinator.process().exitValue(), everything());
            for (Node n : List.of(w2, w3)) {
                assertTrue(n.process().waitFor(2, TimeUnit.MINUTES), n.name() + " did not stop after the sweep: "
                        + everything());
                assertEquals(0, n.process().exitValue(), everything());
                assertTrue(n.err().contains("worker: the sweep is over (6 points;"), n.describe());
            }
            String log = coordinator.err();
            System.out.println("killed worker1 " + (killedMidPoint ? "while it ran " : "after it ran ") + point + ":"
                    + everything());
            assertTrue(log.contains("[6/6]"), log);
            if (killedMidPoint) {
                assertTrue(log.contains("is unreachable; its points go to the other workers"), log);
                assertTrue(log.contains("re-issuing " + point), log);
            }
        } finally {
            for (Node n : nodes) {
                n.process().destroyForcibly();
            }
        }

        Path localOut = dir.resolve("local");
        CommandRun local = CommandRun.edarts("sweep", spec.toString(), "--out", localOut.toString(), "--quiet");
        assertEquals(0, local.code(), local.err());
        assertSameFolders(localOut.resolve("points"), clusterOut.resolve("points"));
        assertEquals(withoutLastColumn(Files.readAllLines(localOut.resolve("sweep.csv"))),
                withoutLastColumn(Files.readAllLines(clusterOut.resolve("sweep.csv"))));
    }

    /** Same point folders, same files in each, byte for byte (report.json without host). */
    private static void assertSameFolders(Path local, Path cluster) throws IOException {
        List<String> points = names(local);
        assertEquals(6, points.size(), points.toString());
        assertEquals(points, names(cluster), "no staging folder left, no point missing");
        for (String p : points) {
            List<String> files = names(local.resolve(p));
            assertEquals(List.of("report.html", "report.json", "trace.json"), files, p);
            assertEquals(files, names(cluster.resolve(p)), p);
            for (String f : files) {
                Path a = local.resolve(p).resolve(f);
                Path b = cluster.resolve(p).resolve(f);
                if (f.equals("report.json")) {
                    assertEquals(withoutHost(a), withoutHost(b), p + "/" + f);
                } else {
                    assertTrue(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)), p + "/" + f + " differs");
                }
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String withoutHost(Path report) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(report.toFile());
        assertTrue(n.has("host"), report.toString());
        n.remove("host");
        return n.toString();
    }

    private static List<String> withoutLastColumn(List<String> csv) {
        return csv.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList(); // hostMillis: host-side
    }
}
