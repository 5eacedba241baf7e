package io.edarts.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edarts.cam.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one point gave: its status and the headline figures of its {@code report.json}. A row is read
 * from the report the point wrote, whether the point ran now or in an earlier, interrupted sweep, so
 * a resumed table is the same as a fresh one.
 *
 * @param point          the point
 * @param status         {@code ok}, {@code failed}, {@code deadlocked} (the report's {@code result.status}) or
 *                       {@code error} (the run did not start or could not write its report: no report)
 * @param check          the program's check: {@code passed}, {@code failed}, {@code none}, or {@code -} without a report
 * @param message        the check's message, or why the run failed
 * @param makespanCycles the makespan, -1 without a report
 * @param suBusyShare    cycles the SUs spent deciding over (SU cores x makespan)
 * @param codeCacheMisses software code-cache misses, all cores
 * @param meshLinkBytes  bytes summed over every link crossing ({@code mesh.linkBytes})
 * @param meshWaitCycles cycles firings waited on the shared mesh, all cores ({@code counters[].meshWait})
 * @param fired          firings completed
 * @param hostMillis     host wall time of the run (host-side, never compared)
 */
public record PointRow(Point point, String status, String check, String message, long makespanCycles,
                       double suBusyShare, long codeCacheMisses, long meshLinkBytes, long meshWaitCycles, long fired,
                       long hostMillis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A point that produced no report, with why. */
    public static PointRow error(Point point, String message) {
        return new PointRow(point, "error", "-", message, -1, Double.NaN, -1, -1, -1, -1, -1);
    }

    /** Whether the run completed and its check did not fail. */
    public boolean ok() {
        return status.equals("ok") && !check.equals("failed");
    }

    /**
     * The row of the report in {@code folder}.
     *
     * @throws UncheckedIOException naming the file when it is missing or not a complete report
     */
    public static PointRow read(Point point, Path folder) {
        Path file = folder.resolve("report.json");
        JsonNode r;
        try {
            r = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicFiles.reason(e), e);
        }
        if (r == null || !r.path("makespanCycles").isIntegralNumber() || !r.path("result").path("status").isTextual()) {
            throw new UncheckedIOException(new IOException(file + " is not a complete report.json"));
        }
        long makespan = r.get("makespanCycles").asLong();
        int sus = 0;
        for (JsonNode c : r.path("cores")) {
            if ("SU".equals(c.path("role").asText())) {
                sus++;
            }
        }
        long suBusy = r.path("scheduling").path("suBusyCycles").asLong();
        double share = makespan > 0 && sus > 0 ? (double) suBusy / ((double) makespan * sus) : 0;
        long meshWait = 0;
        for (JsonNode c : r.path("counters")) {
            meshWait += c.path("meshWait").asLong();
        }
        JsonNode result = r.get("result");
        return new PointRow(point, result.path("status").asText(), result.path("check").asText("none"),
                result.path("message").asText(""), makespan, share, r.path("cache").path("misses").asLong(),
                r.path("mesh").path("linkBytes").asLong(), meshWait, r.path("codelets").path("fired").asLong(),
                r.path("host").path("wallMillis").asLong());
    }

    /** Whether {@code folder} holds a report this class can read. */
    static boolean complete(Point point, Path folder) {
        if (!Files.isRegularFile(folder.resolve("report.html"))) {
            return false;
        }
        try {
            read(point, folder);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }
}
