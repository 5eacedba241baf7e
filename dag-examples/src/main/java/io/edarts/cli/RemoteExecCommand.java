package io.edarts.cli;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.experiment.RemoteExec;
import io.edarts.epiphany.experiment.RemoteExecCase;
import io.edarts.epiphany.experiment.RemoteExecResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edarts remote-exec}: the eDARTS study's experiment. A loop of integer adds, and one of float
 * adds, lives in core (0,0)'s memory; every other core runs it, one at a time, then all at once, then
 * again from external DRAM. The slowdowns come out of the eMesh model (routing, arbitration, link
 * occupancy), never from the published figures.
 */
@Command(name = "remote-exec", mixinStandardHelpOptions = true,
        description = "Slowdown of executing code from core (0,0)'s memory or DRAM, per core (the eDARTS experiment).")
final class RemoteExecCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--machine", defaultValue = io.edarts.epiphany.Targets.DEFAULT_MACHINE, paramLabel = "NAME|FILE",
            description = "machine (default: ${DEFAULT-VALUE}); an 8x8 mesh gives 8x8 tables")
    String machine;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a machine key (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--iterations", defaultValue = "" + RemoteExec.DEFAULT_ITERATIONS,
            description = "loop iterations each core runs (default: ${DEFAULT-VALUE})")
    long iterations;

    @Option(names = "--out", defaultValue = "runs/remote-exec", paramLabel = "DIR",
            description = "folder for remote-exec.csv and the heatmaps (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        if (iterations < 1 || iterations > 10_000_000) {
            throw new IllegalArgumentException("--iterations " + iterations + ": expected 1..10000000");
        }
        Machine m = MachineLoader.load(machine, overrides);
        RemoteExecResult r = RemoteExec.run(m, iterations);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(r.formatTables());
        Path csv = out.resolve("remote-exec.csv");
        r.writeCsv(csv);
        stdout.println("wrote " + csv);
        for (RemoteExecCase c : RemoteExecCase.values()) {
            Path png = out.resolve("remote-exec-" + c.label() + ".png");
            r.writeHeatmapPng(png, c);
            stdout.println("wrote " + png);
        }
        stdout.flush();
        return Edarts.OK;
    }
}
