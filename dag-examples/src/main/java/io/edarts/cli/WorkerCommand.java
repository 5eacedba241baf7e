package io.edarts.cli;

import io.edarts.sweep.cluster.ClusterWorker;
import io.edarts.sweep.cluster.HostPort;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edarts worker --join HOST:PORT}: runs the points of a cluster sweep's coordinator. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Joins a sweep's coordinator (edarts sweep SPEC --cluster --bind HOST:PORT), runs the points it "
                + "hands out and sends their report folders back; exits when the sweep is over.")
final class WorkerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--join", required = true, paramLabel = "HOST:PORT",
            description = "the coordinator's --bind address, with the very same host name or address")
    String join;

    @Option(names = "--bind", paramLabel = "HOST:PORT",
            description = "this worker's own address (port 0: any free one; default: the address this host reaches "
                    + "the coordinator from, any free port)")
    String bind;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
            description = "points run at once: the most this worker holds (default: ${DEFAULT-VALUE})")
    int jobs;

    private final io.edarts.sweep.ProgramCatalog catalog;

    WorkerCommand() {
        this(new CatalogPrograms());
    }

    /** With another catalog (tests). */
    WorkerCommand(io.edarts.sweep.ProgramCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        HostPort to;
        HostPort self;
        try {
            to = HostPort.parse("--join", join, false);
            self = bind == null ? null : HostPort.parse("--bind", bind, true);
            if (jobs < 1 || jobs > ClusterWorker.MAX_JOBS) {
                throw new IllegalArgumentException("--jobs " + jobs + ": expected 1.." + ClusterWorker.MAX_JOBS);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return ClusterWorker.run(to, self, jobs, catalog, spec.commandLine().getErr()) == 0 ? Edarts.OK
                : Edarts.RUN_FAILED;
    }
}
