package io.edarts.cli;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.Targets;
import io.edarts.epiphany.host.HostNode;
import io.edarts.epiphany.host.LaunchProcedure;
import io.edarts.epiphany.host.Launcher;
import io.edarts.epiphany.host.ProgramImage;
import io.edarts.report.LoaderFiles;
import io.edarts.run.Launches;
import io.edarts.run.OutputSet;
import io.edarts.scheduler.RunOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edarts loaders}: the four ways of getting a program onto the cores (eSDK serial, COPRTHR-2
 * tree, hot load, re-execute) side by side, for one program on several machines, with
 * {@code loaders.csv} and a plot of load time against cores ({@code loaders.html}).
 */
@Command(name = "loaders", mixinStandardHelpOptions = true,
        description = "Compares the serial, tree, hot-load and re-execute launches of a program on several machines.")
final class LoadersCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--program", defaultValue = "cannon", paramLabel = "P",
            description = "the example whose image is loaded (default: ${DEFAULT-VALUE})")
    String program;

    @Option(names = "--machine", paramLabel = "NAME|FILE",
            description = "an Epiphany machine, repeatable (default: parallella16, e64 and e1024)")
    List<String> machines = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a machine key on every machine (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", defaultValue = "runs/loaders", paramLabel = "DIR",
            description = "where loaders.csv and loaders.html go (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Examples.byName(program);
        // The same check as run's --out, before any work (a file in the way is bad input, exit 2);
        // OutputSet.open below then creates the folder.
        try (OutputSet probe = OutputSet.open(out, "--out")) {
            probe.keep();
        }
        List<String> names = machines.isEmpty() ? List.of("parallella16", "e64", "e1024") : machines;
        List<LoaderFiles.Row> rows = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            Machine m = MachineLoader.load(name, overrides);
            if (!(Targets.forMachine(m) instanceof EpiphanyTarget t)) {
                throw new IllegalArgumentException("--machine " + name + ": the loaders need an Epiphany machine "
                        + "(parallella16, e64, e1024), not " + Targets.forMachine(m).describe());
            }
            Program<?> p = Examples.build(program, new Examples.Params(20, 10_000, null, null, 1, "local"), m);
            ProgramImage image = Launches.image(p, t, RunOptions.defaults());
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-13s %5d", m.label(), image.cores()));
            for (LaunchProcedure proc : LaunchProcedure.loads()) {
                Launcher.Launch l = Launcher.run(proc, image, t, HostNode.of(t));
                double us = l.cycles() / m.clockMhz();
                rows.add(new LoaderFiles.Row(m.label(), proc.label(), image.cores(), l.cycles(), us));
                line.append(String.format(Locale.ROOT, " %,14d %,11.1f", l.cycles(), us));
            }
            lines.add(line + String.format(Locale.ROOT, "   %,d + %,d B", image.syscoreBytes(), image.usrcoreBytes()));
        }
        Path csv;
        Path html;
        try (OutputSet outs = OutputSet.open(out, "--out")) {
            csv = outs.file("loaders.csv");
            html = outs.file("loaders.html");
            LoaderFiles.writeCsv(rows, csv);
            LoaderFiles.writeHtml(rows, "Launching " + program + ": serial, tree, hot load and re-execute", html);
            outs.keep();
        }
        stdout.printf(Locale.ROOT, "Launch of %s (cycles at each machine's clock, and us); every cost from the host rows "
                + "of the bandwidth table and the chip model%n", program);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-13s %5s", "machine", "cores"));
        for (LaunchProcedure proc : LaunchProcedure.loads()) {
            head.append(String.format(Locale.ROOT, " %14s %11s", proc.label() + " cyc", "us"));
        }
        stdout.println(head + "   syscore + usrcore");
        lines.forEach(stdout::println);
        stdout.println("  wrote        " + csv + " and " + html.getFileName() + " (load time against cores)");
        stdout.flush();
        return Edarts.OK;
    }
}
