package io.edarts.cli;

import io.edarts.report.PointTable;
import io.edarts.report.PointTableFiles;
import io.edarts.run.OutputSet;
import io.edarts.sweep.PointTables;
import io.edarts.sweep.ProgramCatalog;
import io.edarts.sweep.Sweep;
import io.edarts.sweep.SweepSpec;
import io.edarts.sweep.cluster.ClusterSweep;
import io.edarts.sweep.cluster.HostPort;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edarts sweep SPEC.conf}: the points of a HOCON file, in parallel and resumable. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs the points of a sweep file (HOCON: programs, machines, policies, seeds, placements, set; "
                + "or points) and writes sweep.csv, sweep.html and one report folder per point.")
final class SweepCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep file (see examples/sweep-policies.conf)")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "output folder: sweep.csv, sweep.html and points/<id>/ (a rerun skips the points done)")
    Path out;

    @Option(names = "--jobs", paramLabel = "N", description = "points run at once (default: the host's processors)")
    Integer jobs;

    @Option(names = "--host-threads", defaultValue = "1", paramLabel = "N",
            description = "host threads of each point's simulator; speed only (default: ${DEFAULT-VALUE})")
    int hostThreads;

    @Option(names = "--no-trace", description = "do not write trace.json for each point (as trace = false in the file)")
    boolean noTrace;

    @Option(names = "--quiet", description = "print only errors")
    boolean quiet;

    @Option(names = "--cluster", description = "run the points on the workers that join this coordinator "
            + "(edarts worker --join HOST:PORT) instead of locally; needs --bind")
    boolean cluster;

    @Option(names = "--bind", paramLabel = "HOST:PORT",
            description = "with --cluster: the address the coordinator listens at, which the workers --join")
    String bind;

    private final ProgramCatalog catalog;

    SweepCommand() {
        this(new CatalogPrograms());
    }

    /** With another catalog (tests: programs that fail on purpose). */
    SweepCommand(ProgramCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        HostPort at = clusterAddress();
        SweepSpec s = SweepSpec.read(file, catalog);
        Sweep.Options options = new Sweep.Options(out, jobs != null ? jobs : Runtime.getRuntime().availableProcessors(),
                hostThreads, s.trace() && !noTrace, quiet, stderr);
        Sweep.Outcome o;
        if (at == null) {
            o = Sweep.run(s.points(), catalog, options);
        } else {
            try (ClusterSweep c = ClusterSweep.start(at, hostThreads, options.trace(), stderr)) {
                o = Sweep.run(s.points(), catalog, options, c);
            }
        }
        PointTable t = PointTables.sweep("Sweep " + file.getFileName(), List.of(s.points().size() + " points from " + file
                + "; each is edarts run with the same options, its report under points/<point>/"), o.rows());
        try (OutputSet outs = OutputSet.open(out, "--out")) {
            PointTableFiles.writeCsv(t, outs.file("sweep.csv"));
            PointTableFiles.writeHtml(t, outs.file("sweep.html"));
            outs.keep();
        }
        if (!quiet) {
            PointTables.printSweep(o.rows(), stdout);
            long failed = o.rows().stream().filter(r -> !r.ok()).count();
            stdout.println("  " + o.rows().size() + " points (" + o.ran() + " run, " + o.skipped() + " already done), "
                    + failed + " failed; tables " + out.resolve("sweep.csv") + " and sweep.html");
            stdout.flush();
        }
        CompareCommand.printFailures(o.rows(), stderr);
        return o.allOk() ? Edarts.OK : Edarts.RUN_FAILED;
    }

    /** The coordinator's address with --cluster, null without; usage errors before anything runs. */
    private HostPort clusterAddress() {
        if (!cluster) {
            if (bind != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--bind " + bind + " applies to --cluster "
                        + "only: add --cluster to run the points on workers");
            }
            return null;
        }
        if (bind == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cluster needs --bind HOST:PORT: the address "
                    + "this coordinator listens at, which each `edarts worker --join HOST:PORT` names");
        }
        if (jobs != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs applies to a local sweep: with --cluster "
                    + "give each worker its own (edarts worker --join " + bind + " --jobs " + jobs + ")");
        }
        try {
            return HostPort.parse("--bind", bind, false);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
