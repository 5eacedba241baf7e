package io.edarts.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Bench#run} measured: where it ran and, per graph size, the simulation's host time
 * against the native baseline and the ideal machine. Times are host milliseconds unless named
 * otherwise; {@code nsPerCodelet} is the best time divided by the number of codelets.
 *
 * @param environment the host, the JVM and the options
 * @param results     one entry per size, in the order run
 * @param jsonFile    where the report was written, or {@code null} if nowhere (not in the JSON)
 */
public record BenchReport(Environment environment, List<SizeResult> results, Path jsonFile) {
    /** The name of the JSON file in the output directory. */
    public static final String JSON_FILE = "bench.json";

    public BenchReport {
        Objects.requireNonNull(environment, "environment");
        results = List.copyOf(results);
    }

    /**
     * Where and how the figures were taken.
     *
     * @param loadAverageBefore the host's one-minute load average when the benchmark started, or
     *                          a negative number where the OS does not say: a load above the
     *                          processor count means other work competed for the host
     * @param loadAverageAfter  the same when it ended
     * @param timing            how host time is measured
     * @param heapMethod        how {@code peakHeapBytes} and {@code liveHeapBytes} are measured
     */
    public record Environment(String javaVersion, String javaVm, int availableProcessors, long maxHeapBytes,
                              String collectors, double loadAverageBefore, double loadAverageAfter,
                              String machine, List<String> overrides, String target,
                              String policy, long seed, int hostThreads, int repetitions, String timing,
                              String heapMethod) {
        public Environment {
            overrides = List.copyOf(overrides);
        }
    }

    /**
     * Host time of repeated runs.
     *
     * @param repMillis every timed repetition, in the order run
     */
    public record Timing(double bestMillis, double medianMillis, List<Double> repMillis) {
        public Timing {
            repMillis = List.copyOf(repMillis);
        }

        /** From nanosecond readings; the median of an even count is the mean of the middle two. */
        static Timing ofNanos(long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            int m = s.length / 2;
            double median = s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
            return new Timing(s[0] / 1e6, median / 1e6, Arrays.stream(nanos).mapToObj(n -> n / 1e6).toList());
        }
    }

    /**
     * One machine's simulations of a graph.
     *
     * @param checkPassed   every repetition succeeded and its values matched the reference
     * @param peakHeapBytes the largest heap occupancy during any repetition, garbage included
     * @param liveHeapBytes the largest occupancy right after a collection during any repetition
     * @param collections   collections during the repetitions, all together
     * @param gcMillis      time the collectors reported for them
     */
    public record Simulation(String machine, String target, Timing time, double nsPerCodelet,
                             long makespanCycles, long codeletsFired, boolean checkPassed, String message,
                             long peakHeapBytes, long liveHeapBytes, int collections, long gcMillis) {}

    /**
     * The graph's bodies run on a fork-join pool ({@link NativeBaseline}).
     *
     * @param matchesReference every repetition computed the sequential reference's values
     */
    public record Native(int parallelism, Timing time, double nsPerCodelet, boolean matchesReference) {}

    /**
     * One graph size.
     *
     * @param generateMillis   time to generate the graph
     * @param buildMillis      time to turn it into a codelet program
     * @param simulation       the run on the benchmarked machine
     * @param ideal            the run on the {@code ideal} machine, or {@code null} if not asked for
     * @param nativeBaseline   the native run, or {@code null} if not asked for
     * @param simOverNative    best simulation time over best native time, or {@code null}
     * @param machineOverIdeal best simulation time over best ideal-machine time, or {@code null}
     */
    public record SizeResult(int codelets, int edges, double generateMillis, double buildMillis,
                             Simulation simulation, Simulation ideal, Native nativeBaseline,
                             Double simOverNative, Double machineOverIdeal) {
        /** Whether every simulation's check passed and the native values matched. */
        public boolean passed() {
            return simulation.checkPassed()
                    && (ideal == null || ideal.checkPassed())
                    && (nativeBaseline == null || nativeBaseline.matchesReference());
        }
    }

    /** Whether every size passed. */
    public boolean passed() {
        return results.stream().allMatch(SizeResult::passed);
    }

    /** A copy naming the file it was written to. */
    BenchReport writtenTo(Path file) {
        return new BenchReport(environment, results, file);
    }

    /** The report as a fixed-width console table, with a header naming the set-up and a legend. */
    public String table() {
        Environment e = environment;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "edarts bench: random-dag (seed %d) on %s%s [%s], policy %s, "
                        + "%d host threads, %d processors (load %.1f before, %.1f after), max heap %d MB, "
                        + "best of %d repetitions%n",
                e.seed(), e.machine(), e.overrides().isEmpty() ? "" : " " + e.overrides(), e.target(), e.policy(),
                e.hostThreads(), e.availableProcessors(), e.loadAverageBefore(), e.loadAverageAfter(),
                e.maxHeapBytes() >> 20, e.repetitions()));
        String h1 = "%10s %8s %8s | %9s %9s %10s %14s %5s %8s %8s | %9s %9s %8s | %9s %8s%n";
        b.append(String.format(Locale.ROOT, h1, "codelets", "gen ms", "build ms", "sim ms", "sim med", "ns/codelet",
                "makespan cyc", "check", "peak MB", "live MB", "native ms", "nat ns/c", "sim/nat", "ideal ms",
                "mach/idl"));
        b.append("-".repeat(151)).append('\n');
        for (SizeResult r : results) {
            Simulation s = r.simulation();
            Native n = r.nativeBaseline();
            Simulation i = r.ideal();
            b.append(String.format(Locale.ROOT, "%10d %8.1f %8.1f | %9.1f %9.1f %10.0f %14d %5s %8.0f %8s | %9s %9s %8s | %9s %8s%n",
                    r.codelets(), r.generateMillis(), r.buildMillis(), s.time().bestMillis(), s.time().medianMillis(),
                    s.nsPerCodelet(), s.makespanCycles(), r.passed() ? "ok" : "FAIL", s.peakHeapBytes() / 1048576.0,
                    s.collections() == 0 ? "-" : fmt("%.0f", s.liveHeapBytes() / 1048576.0),
                    n == null ? "-" : fmt("%.1f", n.time().bestMillis()),
                    n == null ? "-" : fmt("%.0f", n.nsPerCodelet()),
                    r.simOverNative() == null ? "-" : fmt("%.1fx", r.simOverNative()),
                    i == null ? "-" : fmt("%.1f", i.time().bestMillis()),
                    r.machineOverIdeal() == null ? "-" : fmt("%.2fx", r.machineOverIdeal())));
        }
        b.append("sim ms/native ms/ideal ms: best host time of the repetitions (a simulation includes its check "
                + "against the sequential reference); sim med: median;\n"
                + "ns/codelet, nat ns/c: best time per codelet; peak MB: largest heap occupancy during a simulation, "
                + "garbage included; live MB: largest occupancy after a GC (- if none ran);\n"
                + "sim/nat: simulation over native baseline (" + e.hostThreads() + "-thread fork-join pool); "
                + "mach/idl: " + e.machine() + " over the ideal machine.\n");
        return b.toString();
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }

    /**
     * Writes the report as JSON into {@code dir} (created if missing) through a temporary file moved
     * into place, so a reader sees the old file or the whole new one.
     *
     * @return the file written
     * @throws IOException if the directory or the file cannot be written
     */
    public Path writeJson(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(JSON_FILE);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("environment", environment);
        json.put("results", results);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        io.edarts.cam.AtomicFiles.write(target, out -> mapper.writeValue(out, json));
        return target;
    }
}
