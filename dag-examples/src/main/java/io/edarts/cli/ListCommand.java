package io.edarts.cli;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.scheduler.Policies;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edarts list}: examples, machines and policies. */
@Command(name = "list", description = "Lists the examples, machines and scheduling policies.")
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("examples:");
        for (Map.Entry<String, String> e : Examples.DESCRIPTIONS.entrySet()) {
            out.printf("  %-12s %s%n", e.getKey(), e.getValue());
        }
        out.println("machines (--machine NAME or a HOCON file; --set key=value overrides):");
        for (String name : io.edarts.cam.MachineRegistry.builtInNames()) {
            Machine m = MachineLoader.load(name, List.of());
            out.printf("  %-12s %dx%d mesh at %.0f MHz, %d cluster(s), %d CUs, target %s%n", name, m.rows(), m.cols(),
                    m.clockMhz(), m.clusters().size(), m.cuCount(), m.target());
        }
        out.println("policies (--policy NAME):");
        for (String p : Policies.names()) {
            out.println("  " + p + (p.equals(Policies.DEFAULT) ? " (default)" : ""));
        }
        return Edarts.OK;
    }
}
