package io.edarts.cli;

import io.edarts.cam.MachineLoader;
import io.edarts.examples.bench.Bench;
import io.edarts.examples.bench.BenchOptions;
import io.edarts.examples.bench.BenchReport;
import io.edarts.examples.graph.RandomDag;
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
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures host time per simulated codelet (random-dag) against a native ForkJoinPool run.")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "10k,100k,1M", paramLabel = "N",
            converter = CountConverter.class,
            description = "codelet counts; k = 1,000 and M = 1,000,000 (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--machine", defaultValue = io.edarts.epiphany.Targets.DEFAULT_MACHINE, paramLabel = "NAME|FILE",
            completionCandidates = Candidates.Machines.class,
            description = "built-in machine (${COMPLETION-CANDIDATES}) or a HOCON file (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a machine key (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--policy", defaultValue = Policies.DEFAULT, completionCandidates = Candidates.SchedulingPolicies.class,
            description = "placement policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
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
        // Checked here so that messages name the options, not BenchOptions' fields.
        for (int n : sizes) {
            if (n < 1 || n > RandomDag.MAX_CODELETS) {
                throw new IllegalArgumentException("--sizes " + n + ": expected 1.." + RandomDag.MAX_CODELETS + " codelets");
            }
        }
        if (hostThreads < 1 || hostThreads > BenchOptions.MAX_HOST_THREADS) {
            throw new IllegalArgumentException("--host-threads " + hostThreads + ": expected 1.." + BenchOptions.MAX_HOST_THREADS);
        }
        if (reps < 1 || reps > BenchOptions.MAX_REPETITIONS) {
            throw new IllegalArgumentException("--reps " + reps + ": expected 1.." + BenchOptions.MAX_REPETITIONS);
        }
        try {
            Policies.byName(policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--policy: " + e.getMessage(), e);
        }
        MachineLoader.load(machine, overrides);
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
