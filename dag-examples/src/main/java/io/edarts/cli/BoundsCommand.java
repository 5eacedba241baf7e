package io.edarts.cli;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.examples.graph.RandomDag;
import io.edarts.run.RunSpec;
import io.edarts.scheduler.Policies;
import io.edarts.scheduler.Simulator;
import io.edarts.sweep.BoundRatios;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edarts bounds}: makespan over the list-scheduling lower bound max(CP, work / CUs) of each
 * policy on seeded random task graphs ({@link BoundRatios}), by graph size, with Graham's bound for scale.
 */
@Command(name = "bounds", mixinStandardHelpOptions = true,
        description = "Runs policies on seeded random task graphs and prints makespan / max(critical path, work / CUs).")
final class BoundsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policies", split = ",", defaultValue = "critical-path", paramLabel = "A,B",
            completionCandidates = Candidates.SchedulingPolicies.class,
            description = "placement policies (${COMPLETION-CANDIDATES}) (default: ${DEFAULT-VALUE})")
    List<String> policies;

    @Option(names = "--machine", defaultValue = "ideal", paramLabel = "NAME|FILE",
            description = "built-in machine or a HOCON file (default: ${DEFAULT-VALUE}, no overheads: Graham's bound holds)")
    String machine;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a machine key (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--sizes", split = ",", defaultValue = "100,1000,5000", paramLabel = "N",
            converter = CountConverter.class, description = "tasks per graph; k = 1,000 (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--seeds", defaultValue = "20", paramLabel = "S",
            description = "graphs per size, seeds 1..S (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--host-threads", defaultValue = "1", paramLabel = "N",
            description = "host threads of the simulator; speed only (default: ${DEFAULT-VALUE})")
    int hostThreads;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        for (String p : policies) {
            try {
                Policies.byName(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--policies: " + e.getMessage(), e);
            }
        }
        for (int n : sizes) {
            if (n < 1 || n > RandomDag.MAX_CODELETS) {
                throw new IllegalArgumentException("--sizes " + n + ": expected 1.." + RandomDag.MAX_CODELETS + " tasks");
            }
        }
        if (seeds < 1 || seeds > 10_000) {
            throw new IllegalArgumentException("--seeds " + seeds + ": expected 1..10000");
        }
        if (hostThreads < 1 || hostThreads > RunSpec.MAX_HOST_THREADS) {
            throw new IllegalArgumentException("--host-threads " + hostThreads + ": expected 1.." + RunSpec.MAX_HOST_THREADS);
        }
        Machine m = MachineLoader.load(machine, overrides);
        stdout.printf(Locale.ROOT, "Random task graphs on %s (%d CUs), seeds 1..%d: ratio = makespan / max(critical path, "
                + "work / CUs); Graham = (work / CUs + critical path) / that bound%n", Machine.label(machine, overrides),
                m.cuCount(), seeds);
        String fmt = "  %-16s %8s %6s %11s %10s %12s%n";
        stdout.printf(Locale.ROOT, fmt, "policy", "tasks", "runs", "mean ratio", "max ratio", "mean Graham");
        try (Simulator sim = Simulator.create(hostThreads)) {
            for (String p : policies) {
                List<BoundRatios.Run> runs = BoundRatios.measure(sim, m, p, sizes, seeds);
                for (BoundRatios.Summary s : BoundRatios.summarize(p, runs)) {
                    stdout.printf(Locale.ROOT, fmt, p, s.size(), s.runs(), String.format(Locale.ROOT, "%.4f", s.meanRatio()),
                            String.format(Locale.ROOT, "%.4f", s.maxRatio()), String.format(Locale.ROOT, "%.4f", s.meanGraham()));
                }
                BoundRatios.Summary all = BoundRatios.summarize(p, runs.stream()
                        .map(r -> new BoundRatios.Run(0, r.seed(), r.makespan(), r.criticalPath(), r.work(), r.cus())).toList()).get(0);
                stdout.printf(Locale.ROOT, fmt, p, "all", all.runs(), String.format(Locale.ROOT, "%.4f", all.meanRatio()),
                        String.format(Locale.ROOT, "%.4f", all.maxRatio()), String.format(Locale.ROOT, "%.4f", all.meanGraham()));
                stdout.flush();
            }
        }
        return Edarts.OK;
    }
}
