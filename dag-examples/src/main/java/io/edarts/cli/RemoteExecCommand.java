package io.edarts.cli;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.experiment.RemoteExec;
import io.edarts.epiphany.experiment.RemoteExecCase;
import io.edarts.epiphany.experiment.LoopKind;
import io.edarts.epiphany.experiment.RemoteExecResult;
import io.edarts.report.SlowdownFiles;
import io.edarts.report.SlowdownTable;
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
        SlowdownTable table = table(r);
        Path csv = out.resolve("remote-exec.csv");
        SlowdownFiles.writeCsv(table, csv);
        stdout.println("wrote " + csv);
        for (SlowdownTable.Case c : table.cases()) {
            Path png = out.resolve("remote-exec-" + c.label() + ".png");
            SlowdownFiles.writeHeatmapPng(table, c, png);
            stdout.println("wrote " + png);
        }
        stdout.flush();
        return Edarts.OK;
    }

    /** The experiment's figures in the report module's neutral shape (the report knows no target). */
    static SlowdownTable table(RemoteExecResult r) {
        List<SlowdownTable.Case> cases = new ArrayList<>();
        int n = r.rows() * r.cols();
        for (RemoteExecCase c : RemoteExecCase.values()) {
            List<SlowdownTable.Loop> loops = new ArrayList<>();
            for (LoopKind loop : LoopKind.values()) {
                long[] cycles = new long[n];
                double[] slowdown = new double[n];
                boolean[] home = new boolean[n];
                for (int core = 0; core < n; core++) {
                    int row = core / r.cols();
                    int col = core % r.cols();
                    cycles[core] = r.cycles(c, loop, row, col);
                    slowdown[core] = r.slowdown(c, loop, row, col);
                    home[core] = r.isHome(c, row, col);
                }
                loops.add(new SlowdownTable.Loop(loop.label(), r.localCycles(loop), cycles, slowdown, home));
            }
            cases.add(new SlowdownTable.Case(c.label(),
                    c == RemoteExecCase.EXTERNAL_DRAM ? "in external DRAM" : "in core (0,0)", loops));
        }
        return new SlowdownTable(r.machine(), r.rows(), r.cols(), r.iterations(), cases);
    }
}
