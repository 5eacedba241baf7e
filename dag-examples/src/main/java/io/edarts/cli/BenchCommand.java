package io.edarts.cli;

import io.edarts.cam.MachineLoader;
import io.edarts.examples.bench.Bench;
import io.edarts.examples.bench.BenchOptions;
import io.edarts.examples.bench.BenchReport;
import io.edarts.scheduler.Policies;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edarts bench}: host time per simulated codelet for random-dag, against the same bodies run
 * natively on a ForkJoinPool and against the ideal machine. Speed is measured here, never in tests.
 */
@Command(name = "bench", description = "Measures host time per simulated codelet (random-dag) against a native ForkJoinPool run.")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,1000000",
            description = "codelet counts (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--machine", defaultValue = io.edarts.epiphany.Targets.DEFAULT_MACHINE, description = "machine (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a machine key (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--policy", defaultValue = Policies.DEFAULT, description = "placement policy (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--seed", defaultValue = "1", description = "graph seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--host-threads", defaultValue = "1",
            description = "dispatcher threads of the simulation (default: ${DEFAULT-VALUE})")
    int hostThreads;

    @Option(names = "--reps", defaultValue = "3", description = "repetitions; best and median reported (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--out", defaultValue = "runs/bench", description = "folder for bench.json (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--no-ideal", description = "skip the run on the ideal machine")
    boolean noIdeal;

    @Option(names = "--no-native", description = "skip the native ForkJoinPool baseline")
    boolean noNative;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        MachineLoader.load(machine, overrides);
        Policies.byName(policy);
        BenchOptions o = BenchOptions.defaults().withSizes(sizes).withSeed(seed).withMachine(machine, overrides)
                .withPolicy(policy).withHostThreads(hostThreads).withRepetitions(reps)
                .withIdealComparison(!noIdeal).withNativeBaseline(!noNative).withOutputDir(out);
        BenchReport r = Bench.run(o, line -> {
            stderr.println(line);
            stderr.flush();
        });
        stdout.print(r.table());
        if (r.jsonFile() != null) {
            stdout.println("wrote " + r.jsonFile());
        }
        stdout.flush();
        return r.passed() ? Edarts.OK : Edarts.RUN_FAILED;
    }
}
