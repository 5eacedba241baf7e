package io.edarts.sweep;

import io.edarts.report.PointTable;
import io.edarts.scheduler.Policies;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The two views of one matrix's rows: {@link #sweep} (every knob and metric, makespan plots per knob
 * that varies) and {@link #compare} (programs by policies with the speedup over round-robin). Both
 * are {@link PointTable}s of the same rows, in the rows' order (by point id), so they cannot drift
 * from each other or depend on the order points finished.
 */
public final class PointTables {
    /** The policy every other is measured against in a comparison. */
    public static final String BASELINE = Policies.DEFAULT;

    private PointTables() {}

    /** A knob of a point: its column name and its value (blank when the point lacks it). */
    private record Knob(String name, Function<Point, String> value) {}

    /**
     * The sweep table: {@code program,machine,policy,seed,makespanCycles,check}, then each program
     * parameter, {@code set.KEY} per machine key and {@code placements} that any point has, then the
     * metrics, the point id, the message and last {@code hostMillis} (host-side, never compared).
     */
    public static PointTable sweep(String title, List<String> notes, List<PointRow> rows) {
        List<Knob> knobs = extraKnobs(rows);
        List<String> cols = new ArrayList<>(List.of("program", "machine", "policy", "seed", "makespanCycles", "check"));
        knobs.forEach(k -> cols.add(k.name()));
        cols.addAll(METRICS);
        cols.add("hostMillis");
        List<List<String>> cells = new ArrayList<>();
        for (PointRow r : rows) {
            Point p = r.point();
            List<String> c = new ArrayList<>(List.of(p.program(), p.machine(), p.policy(), Long.toString(p.seed()),
                    count(r.makespanCycles()), r.check()));
            knobs.forEach(k -> c.add(k.value().apply(p)));
            c.addAll(metrics(r));
            c.add(count(r.hostMillis()));
            cells.add(c);
        }
        return new PointTable(title, notes, cols, cells, rows.stream().map(r -> !r.ok()).toList(), sweepCharts(rows));
    }

    /**
     * The comparison table: {@code program,machine,policy,makespanCycles,check,speedupVsRoundRobin}
     * (makespan of the same point under {@value #BASELINE} on the machine with only {@code baseSets}
     * over this one's; blank when either failed), then the seed, {@code keys} (the machine keys of
     * the row's {@link PolicyConfig} beyond {@code baseSets}, space-separated: blank for a policy
     * alone), the other knobs and the metrics. No host figure: the file is the same for any jobs.
     */
    public static PointTable compare(String title, List<String> notes, List<PointRow> rows, List<String> baseSets) {
        List<Knob> knobs = extraKnobs(rows);
        List<String> cols = new ArrayList<>(List.of("program", "machine", "policy", "makespanCycles", "check",
                "speedupVsRoundRobin", "seed", "keys"));
        knobs.forEach(k -> cols.add(k.name()));
        cols.addAll(METRICS);
        List<List<String>> cells = new ArrayList<>();
        Map<PointRow, Double> speedups = speedups(rows, baseSets);
        for (PointRow r : rows) {
            Point p = r.point();
            double s = speedups.get(r);
            List<String> c = new ArrayList<>(List.of(p.program(), p.machine(), p.policy(), count(r.makespanCycles()),
                    r.check(), Double.isNaN(s) ? "" : fixed(s, 3), Long.toString(p.seed()),
                    String.join(" ", config(p, baseSets).keys())));
            knobs.forEach(k -> c.add(k.value().apply(p)));
            c.addAll(metrics(r));
            cells.add(c);
        }
        return new PointTable(title, notes, cols, cells, rows.stream().map(r -> !r.ok()).toList(),
                List.of(speedupChart(rows, speedups, baseSets)));
    }

    /**
     * The configuration a comparison's row stands for: its policy and the machine keys it has beyond
     * the comparison's own {@code baseSets} (which come first in a point's sets).
     */
    public static PolicyConfig config(Point p, List<String> baseSets) {
        List<String> sets = p.sets();
        boolean prefixed = sets.size() >= baseSets.size() && sets.subList(0, baseSets.size()).equals(baseSets);
        return new PolicyConfig(p.policy(), prefixed ? sets.subList(baseSets.size(), sets.size()) : sets);
    }

    /**
     * Per row, {@code makespan(baseline) / makespan(row)} where the baseline is the same program,
     * machine, seed and placements with policy {@value #BASELINE} and only {@code baseSets}; NaN when
     * there is none or either did not pass.
     */
    public static Map<PointRow, Double> speedups(List<PointRow> rows, List<String> baseSets) {
        Map<Point, PointRow> byPoint = new HashMap<>();
        rows.forEach(r -> byPoint.put(r.point(), r));
        Map<PointRow, Double> out = new HashMap<>();
        for (PointRow r : rows) {
            Point p = r.point();
            PointRow base = byPoint.get(new Point(p.program(), p.parameters(), p.machine(), baseSets, BASELINE, p.seed(),
                    p.placements()));
            out.put(r, base == null || !base.ok() || !r.ok() || r.makespanCycles() <= 0 ? Double.NaN
                    : (double) base.makespanCycles() / r.makespanCycles());
        }
        return out;
    }

    /**
     * The fastest passing row of one program (its parameters included), with its speedup.
     *
     * @param program the program with its parameters, as {@link #programLabel} writes it
     * @param best    the row with the highest speedup (the first by point id on ties)
     * @param speedup its speedup over the baseline
     */
    public record Best(String program, PointRow best, double speedup) {}

    /** Per program in the rows' order, its fastest passing configuration; programs without a baseline are left out. */
    public static List<Best> best(List<PointRow> rows, List<String> baseSets) {
        Map<PointRow, Double> speedups = speedups(rows, baseSets);
        Map<String, Best> byProgram = new java.util.LinkedHashMap<>();
        for (PointRow r : rows) {
            double s = speedups.get(r);
            if (Double.isNaN(s)) {
                continue;
            }
            String prog = programLabel(r.point());
            Best b = byProgram.get(prog);
            if (b == null || s > b.speedup()) {
                byProgram.put(prog, new Best(prog, r, s));
            }
        }
        return List.copyOf(byProgram.values());
    }

    /** The geometric mean of the best speedups, NaN for none. */
    public static double geometricMean(List<Best> best) {
        if (best.isEmpty()) {
            return Double.NaN;
        }
        double logs = 0;
        for (Best b : best) {
            logs += Math.log(b.speedup());
        }
        return Math.exp(logs / best.size());
    }

    /** One line per program naming its best configuration, then their geometric mean. */
    public static List<String> bestLines(List<PointRow> rows, List<String> baseSets) {
        List<Best> best = best(rows, baseSets);
        List<String> out = new ArrayList<>();
        for (Best b : best) {
            out.add("best for " + b.program() + ": " + config(b.best().point(), baseSets).label() + ", "
                    + fixed(b.speedup(), 2) + "x");
        }
        if (!best.isEmpty()) {
            out.add("geometric mean of the best speedups over " + best.size() + " programs: "
                    + fixed(geometricMean(best), 3) + "x");
        }
        return out;
    }

    /** Prints the comparison as a fixed-width table. */
    public static void printCompare(List<PointRow> rows, List<String> baseSets, PrintWriter out) {
        Map<PointRow, Double> speedups = speedups(rows, baseSets);
        int w = Math.max(7, rows.stream().mapToInt(r -> programLabel(r.point()).length()).max().orElse(7));
        int pw = Math.max(6, rows.stream().mapToInt(r -> config(r.point(), baseSets).label().length()).max().orElse(6));
        String fmt = "  %-" + w + "s  %-" + pw + "s %14s  %-7s %8s %8s %10s %14s%n";
        out.printf(Locale.ROOT, fmt, "program", "policy", "makespan cyc", "check", "vs " + "rr", "SU busy", "cc misses",
                "mesh bytes");
        for (PointRow r : rows) {
            double s = speedups.get(r);
            out.printf(Locale.ROOT, fmt, programLabel(r.point()), config(r.point(), baseSets).label(),
                    r.makespanCycles() < 0 ? "-" : String.format(Locale.ROOT, "%,d", r.makespanCycles()),
                    r.status().equals("ok") ? r.check() : r.status(), Double.isNaN(s) ? "-" : fixed(s, 2) + "x",
                    Double.isNaN(r.suBusyShare()) ? "-" : fixed(100 * r.suBusyShare(), 1) + "%",
                    r.codeCacheMisses() < 0 ? "-" : String.format(Locale.ROOT, "%,d", r.codeCacheMisses()),
                    r.meshLinkBytes() < 0 ? "-" : String.format(Locale.ROOT, "%,d", r.meshLinkBytes()));
        }
        out.flush();
    }

    /** Prints one line per point: id, status, check, makespan. */
    public static void printSweep(List<PointRow> rows, PrintWriter out) {
        int w = rows.stream().mapToInt(r -> r.point().id().length()).max().orElse(5);
        String fmt = "  %-" + w + "s  %-10s %-7s %14s%n";
        out.printf(Locale.ROOT, fmt, "point", "status", "check", "makespan cyc");
        for (PointRow r : rows) {
            out.printf(Locale.ROOT, fmt, r.point().id(), r.status(), r.check(),
                    r.makespanCycles() < 0 ? "-" : String.format(Locale.ROOT, "%,d", r.makespanCycles()));
        }
        out.flush();
    }

    private static final List<String> METRICS = List.of("status", "suBusyShare", "codeCacheMisses", "meshLinkBytes",
            "meshWaitCycles", "codeletsFired", "point", "message");

    private static List<String> metrics(PointRow r) {
        return List.of(r.status(), Double.isNaN(r.suBusyShare()) ? "" : fixed(r.suBusyShare(), 4),
                count(r.codeCacheMisses()), count(r.meshLinkBytes()), count(r.meshWaitCycles()), count(r.fired()),
                r.point().id(), r.message());
    }

    /** The knobs beyond program, machine, policy and seed that any row has. */
    private static List<Knob> extraKnobs(List<PointRow> rows) {
        Set<String> params = new TreeSet<>();
        Set<String> sets = new TreeSet<>();
        boolean placements = false;
        for (PointRow r : rows) {
            params.addAll(r.point().parameters().keySet());
            r.point().sets().forEach(s -> sets.add(key(s)));
            placements |= !r.point().placements().isEmpty();
        }
        List<Knob> knobs = new ArrayList<>();
        for (String k : params) {
            knobs.add(new Knob(k, p -> p.parameters().getOrDefault(k, "")));
        }
        for (String k : sets) {
            knobs.add(new Knob("set." + k, p -> setValue(p, k)));
        }
        if (placements) {
            knobs.add(new Knob("placements", p -> String.join(" ", p.placements())));
        }
        return knobs;
    }

    private static String key(String kv) {
        int eq = kv.indexOf('=');
        return eq < 0 ? kv : kv.substring(0, eq);
    }

    private static String setValue(Point p, String key) {
        String v = "";
        for (String s : p.sets()) {
            if (key(s).equals(key)) {
                v = s.substring(s.indexOf('=') + 1); // the last one takes effect
            }
        }
        return v;
    }

    /**
     * Every knob that varies, for the sweep's plots. A program parameter varies when one program
     * runs with more than one value of it (values that differ only between programs are part of the
     * program: {@code fib n=10}); the program knob is the program with its other parameters.
     */
    private static List<Knob> varyingKnobs(List<PointRow> rows) {
        Set<String> params = new TreeSet<>();
        Map<String, Set<String>> seen = new HashMap<>();
        for (PointRow r : rows) {
            r.point().parameters().forEach((k, v) ->
                    seen.computeIfAbsent(r.point().program() + "\n" + k, x -> new TreeSet<>()).add(v));
        }
        seen.forEach((k, values) -> {
            if (values.size() > 1) {
                params.add(k.substring(k.indexOf('\n') + 1));
            }
        });
        List<Knob> candidates = new ArrayList<>();
        candidates.add(new Knob("program", p -> {
            StringBuilder b = new StringBuilder(p.program());
            p.parameters().forEach((k, v) -> {
                if (!params.contains(k)) {
                    b.append(' ').append(k).append('=').append(v);
                }
            });
            return b.toString();
        }));
        for (String k : params) {
            candidates.add(new Knob(k, p -> p.parameters().getOrDefault(k, "")));
        }
        candidates.add(new Knob("machine", Point::machine));
        candidates.add(new Knob("policy", Point::policy));
        candidates.add(new Knob("seed", p -> Long.toString(p.seed())));
        for (Knob k : extraKnobs(rows)) {
            if (k.name().startsWith("set.") || k.name().equals("placements")) {
                candidates.add(k);
            }
        }
        List<Knob> varying = new ArrayList<>();
        for (Knob k : candidates) {
            if (rows.stream().map(r -> k.value().apply(r.point())).distinct().count() > 1) {
                varying.add(k);
            }
        }
        return varying;
    }

    /** One chart per knob that varies (program only when nothing else does): makespan, grouped by the others. */
    private static List<PointTable.Bars> sweepCharts(List<PointRow> rows) {
        List<Knob> varying = varyingKnobs(rows);
        List<Knob> plotted = varying.stream().filter(k -> !k.name().equals("program")).toList();
        if (plotted.isEmpty()) {
            plotted = varying;
        }
        List<PointTable.Bars> charts = new ArrayList<>();
        for (Knob k : plotted) {
            List<Knob> rest = varying.stream().filter(o -> o != k).toList();
            Set<String> categories = new LinkedHashSet<>();
            Set<String> series = new LinkedHashSet<>();
            for (PointRow r : rows) {
                categories.add(label(rest, r.point()));
                series.add(k.value().apply(r.point()));
            }
            List<String> cats = new ArrayList<>(categories);
            List<String> ser = new ArrayList<>(series);
            double[][] v = new double[ser.size()][cats.size()];
            for (double[] line : v) {
                Arrays.fill(line, Double.NaN);
            }
            for (PointRow r : rows) {
                if (r.ok()) {
                    v[ser.indexOf(k.value().apply(r.point()))][cats.indexOf(label(rest, r.point()))] = r.makespanCycles();
                }
            }
            charts.add(new PointTable.Bars("makespan (cycles) by " + k.name() + (rest.isEmpty() ? ""
                    : ", grouped by " + String.join(", ", rest.stream().map(Knob::name).toList())),
                    "makespan (cycles)", cats, ser, v, Double.NaN));
        }
        if (charts.isEmpty()) {
            List<String> ids = rows.stream().map(r -> r.point().id()).toList();
            double[][] v = {rows.stream().mapToDouble(r -> r.ok() ? r.makespanCycles() : Double.NaN).toArray()};
            charts.add(new PointTable.Bars("makespan (cycles) per point", "makespan (cycles)", ids, List.of("makespan"), v,
                    Double.NaN));
        }
        return charts;
    }

    private static String label(List<Knob> knobs, Point p) {
        if (knobs.isEmpty()) {
            return "all";
        }
        List<String> parts = new ArrayList<>();
        for (Knob k : knobs) {
            parts.add(k.name().equals("program") ? k.value().apply(p) : k.name() + "=" + k.value().apply(p));
        }
        return String.join(" ", parts);
    }

    /** The program with its parameters, as the comparison's groups name it: {@code fib n=10}. */
    static String programLabel(Point p) {
        StringBuilder b = new StringBuilder(p.program());
        p.parameters().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** Speedup over the baseline per program, one bar per other configuration, with a line at 1. */
    private static PointTable.Bars speedupChart(List<PointRow> rows, Map<PointRow, Double> speedups,
                                                List<String> baseSets) {
        Set<String> programs = new LinkedHashSet<>();
        Set<String> policies = new LinkedHashSet<>();
        for (PointRow r : rows) {
            programs.add(programLabel(r.point()));
            String c = config(r.point(), baseSets).label();
            if (!c.equals(BASELINE)) {
                policies.add(c);
            }
        }
        if (policies.isEmpty()) {
            policies.add(BASELINE);
        }
        List<String> cats = new ArrayList<>(programs);
        List<String> ser = new ArrayList<>(policies);
        double[][] v = new double[ser.size()][cats.size()];
        for (double[] line : v) {
            Arrays.fill(line, Double.NaN);
        }
        for (PointRow r : rows) {
            int s = ser.indexOf(config(r.point(), baseSets).label());
            if (s >= 0) {
                v[s][cats.indexOf(programLabel(r.point()))] = speedups.get(r);
            }
        }
        return new PointTable.Bars("speedup over " + BASELINE + " (makespan of " + BASELINE
                + " / makespan of the policy; above the line is faster)", "speedup vs " + BASELINE, cats, ser, v, 1.0);
    }

    private static String count(long v) {
        return v < 0 ? "" : Long.toString(v);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
