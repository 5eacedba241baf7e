package io.edarts.cli;

import io.edarts.report.PointTable;
import io.edarts.report.PointTableFiles;
import io.edarts.run.OutputSet;
import io.edarts.scheduler.Policies;
import io.edarts.sweep.PointRow;
import io.edarts.sweep.PointTables;
import io.edarts.sweep.PolicyConfig;
import io.edarts.sweep.ProgramCatalog;
import io.edarts.sweep.Sweep;
import io.edarts.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edarts compare}: programs by policies on one machine, through the sweep engine, with the
 * speedup of each policy over round-robin (which runs as the baseline even when not asked for).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Runs programs by policies on one machine and tabulates makespan and speedup over round-robin.")
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--programs", required = true, split = ",", paramLabel = "P1,P2|all",
            description = "examples to run, or all (every example but remote-exec, a pinned hardware experiment)")
    List<String> programs;

    @Option(names = "--policies", required = true, split = ",", paramLabel = "A,B|all",
            description = "placement policies (${COMPLETION-CANDIDATES}), or all; a policy with machine keys of its own is "
                    + "POLICY@KEY=VALUE[@KEY=VALUE...] (work-stealing@scheduler.cu-side=on), still measured against "
                    + "round-robin without them", completionCandidates = Candidates.SchedulingPolicies.class)
    List<String> policies;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "a program option without its dashes (n=10, size=64), given to each listed program that reads it (repeatable)")
    List<String> params = new ArrayList<>();

    @Option(names = "--machine", defaultValue = io.edarts.epiphany.Targets.DEFAULT_MACHINE, paramLabel = "NAME|FILE",
            description = "built-in machine or a HOCON file (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a machine key (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "seed of the programs and runs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--jobs", paramLabel = "N", description = "points run at once (default: the host's processors)")
    Integer jobs;

    @Option(names = "--host-threads", defaultValue = "1", paramLabel = "N",
            description = "host threads of each point's simulator; speed only (default: ${DEFAULT-VALUE})")
    int hostThreads;

    @Option(names = "--no-trace", description = "do not write trace.json for each point")
    boolean noTrace;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "output folder: compare.csv, compare.html and points/<id>/ (a rerun skips the points done)")
    Path out;

    @Option(names = "--quiet", description = "print only errors")
    boolean quiet;

    private final ProgramCatalog catalog;

    CompareCommand() {
        this(new CatalogPrograms());
    }

    /** With another catalog (tests: programs that fail on purpose). */
    CompareCommand(ProgramCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        List<String> progs = programs.equals(List.of(SweepSpec.ALL)) ? catalog.comparable() : programs;
        List<PolicyConfig> configs = new ArrayList<>();
        for (String p : policies) {
            if (p.equals(SweepSpec.ALL)) {
                Policies.names().forEach(n -> configs.add(new PolicyConfig(n, List.of())));
                continue;
            }
            try {
                configs.add(PolicyConfig.parse(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--policies: " + e.getMessage(), e);
            }
        }
        PolicyConfig baseline = new PolicyConfig(PointTables.BASELINE, List.of());
        boolean added = !configs.contains(baseline);
        if (added) {
            configs.add(0, baseline);
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String kv : params) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--param '" + kv + "': expected KEY=VALUE, e.g. n=10");
            }
            given.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        List<SweepSpec.ProgramChoice> choices = new ArrayList<>();
        Map<String, Boolean> used = new LinkedHashMap<>();
        given.keySet().forEach(k -> used.put(k, false));
        for (String p : progs) {
            List<String> reads;
            try {
                reads = catalog.parameters(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--programs: " + e.getMessage(), e);
            }
            Map<String, String> mine = new LinkedHashMap<>();
            given.forEach((k, v) -> {
                if (reads.contains(k)) {
                    mine.put(k, v);
                    used.put(k, true);
                }
            });
            choices.add(new SweepSpec.ProgramChoice(p, mine));
        }
        used.forEach((k, u) -> {
            if (!u) {
                throw new IllegalArgumentException("--param " + k + ": none of " + String.join(", ", progs) + " reads --" + k);
            }
        });
        List<io.edarts.sweep.Point> points = new ArrayList<>();
        for (SweepSpec.ProgramChoice c : choices) {
            for (PolicyConfig pc : configs) {
                List<String> sets = new ArrayList<>(overrides);
                sets.addAll(pc.keys()); // after the common keys: the point's sets then start with them
                points.add(new io.edarts.sweep.Point(c.name(), c.parameters(), machine, sets, pc.policy(), seed, List.of()));
            }
        }
        Sweep.Outcome o = Sweep.run(points, catalog, new Sweep.Options(out, jobs != null ? jobs
                : Runtime.getRuntime().availableProcessors(), hostThreads, !noTrace, quiet, stderr));
        List<String> notes = new ArrayList<>();
        notes.add(points.size() + " points: " + progs.size() + " programs by " + configs.size() + " policies, seed " + seed
                + (added ? "; " + PointTables.BASELINE + " added as the baseline" : ""));
        notes.add("each point is edarts run with the same options; its report is under points/<point>/");
        notes.add("a policy@KEY=VALUE row runs with those machine keys too; its speedup is over " + PointTables.BASELINE
                + " without them");
        List<String> best = PointTables.bestLines(o.rows(), overrides);
        notes.addAll(best);
        String label = io.edarts.cam.Machine.label(machine, overrides);
        PointTable t = PointTables.compare("Policies compared on " + label, notes, o.rows(), overrides);
        try (OutputSet outs = OutputSet.open(out, "--out")) {
            PointTableFiles.writeCsv(t, outs.file("compare.csv"));
            PointTableFiles.writeHtml(t, outs.file("compare.html"));
            outs.keep();
        }
        if (!quiet) {
            stdout.println("Policies compared on " + label + " (speedup = makespan of " + PointTables.BASELINE
                    + " / makespan of the policy)");
            PointTables.printCompare(o.rows(), overrides, stdout);
            best.forEach(l -> stdout.println("  " + l));
            stdout.println("  " + o.ran() + " run, " + o.skipped() + " already done; tables " + out.resolve("compare.csv")
                    + " and compare.html, reports " + out.resolve(Sweep.POINTS) + "/<point>/");
        }
        printFailures(o.rows(), stderr);
        return o.allOk() ? Edarts.OK : Edarts.RUN_FAILED;
    }

    /** One line per point that did not pass, with why. */
    static void printFailures(List<PointRow> rows, PrintWriter err) {
        for (PointRow r : rows) {
            if (!r.ok()) {
                err.println("edarts: " + r.point().id() + " " + (r.status().equals("ok") ? "check failed" : r.status())
                        + ": " + r.message());
            }
        }
        err.flush();
    }
}
