package io.edarts.cli;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.epiphany.cache.EvictionPolicies;
import io.edarts.examples.programs.CannonProgram;
import io.edarts.scheduler.Policies;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edarts list}: every name the options accept, each read from the registry that owns it. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the examples, machines, scheduling policies, code placements and code-cache policies.")
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("examples (edarts run NAME):");
        for (Examples.Example e : Examples.ALL) {
            // an example without options (hello) gets no empty "()"
            out.printf("  %-14s %s%s%n", e.name(), e.summary(),
                    e.options().isEmpty() ? "" : " (" + String.join(", ", e.options()) + ")");
        }
        out.println("machines (--machine NAME or a HOCON file; --set key=value overrides):");
        for (String name : io.edarts.cam.MachineRegistry.builtInNames()) {
            Machine m = MachineLoader.load(name, List.of());
            out.printf("  %-14s %dx%d mesh at %.0f MHz, %d cluster(s), %d CUs, target %s%s%n", name, m.rows(), m.cols(),
                    m.clockMhz(), m.clusters().size(), m.cuCount(), m.target(),
                    name.equals(io.edarts.cam.MachineRegistry.defaultMachine()) ? " (default)" : "");
        }
        out.println("policies (--policy NAME):");
        for (String p : Policies.names()) {
            out.printf("  %-14s %s%s%n", p, Policies.summary(p), p.equals(Policies.DEFAULT) ? " (default)" : "");
        }
        out.println("placements (--placement CODE=WHERE):");
        for (Placement p : Placement.values()) {
            out.printf("  %-14s %s%n", p.label(), placementSummary(p));
        }
        out.printf("  %-14s %s%n", RunCommand.CORE_PREFIX + "R,C", "resident in core (R,C)'s local memory only, "
                + "executed in place from there by every other core");
        out.println("code-cache policies (--set epiphany.code-cache.policy=NAME):");
        for (String c : EvictionPolicies.names()) {
            out.println("  " + c + (c.equals(EvictionPolicies.DEFAULT) ? " (default)" : ""));
        }
        out.println("cannon layouts (--layout L):");
        for (CannonProgram.Layout l : CannonProgram.Layout.values()) {
            out.printf("  %-14s %s%n", l.label, l.description);
        }
        out.printf("  %-14s the four side by side%n", "all");
        out.println("cannon shifts (--shift S):");
        for (CannonProgram.Shift sh : CannonProgram.Shift.values()) {
            out.printf("  %-14s %s%s%n", sh.label, sh.description, sh == CannonProgram.Shift.WRITE ? " (default)" : "");
        }
        out.println("launch procedures (edarts run --launch P; Epiphany machines):");
        for (io.edarts.epiphany.host.LaunchProcedure l : io.edarts.epiphany.host.LaunchProcedure.values()) {
            out.printf("  %-14s %s%s%n", l.label(), l.description(),
                    l == io.edarts.epiphany.host.LaunchProcedure.NONE ? " (default)" : "");
        }
        return Edarts.OK;
    }

    // A switch, not a second list: the compiler insists every placement has a line.
    private static String placementSummary(Placement p) {
        return switch (p) {
            case LOCAL -> "resident in each core's local memory, counted against its budget";
            case GLOBAL -> "kept in external DRAM and executed in place from there";
            case DYNAMIC -> "COPRTHR-2 dynamic call: copied into a dynamic-call region on first call";
            case CACHED -> "moved in and out of local memory by the eSDK software code cache";
        };
    }
}
