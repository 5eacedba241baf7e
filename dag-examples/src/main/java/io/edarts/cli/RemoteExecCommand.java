package io.edarts.cli;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Target;
import io.edarts.epiphany.Targets;
import io.edarts.epiphany.experiment.LoopKind;
import io.edarts.epiphany.experiment.RemoteExec;
import io.edarts.epiphany.experiment.RemoteExecCase;
import io.edarts.examples.programs.RemoteExecProgram;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import io.edarts.report.SlowdownFiles;
import io.edarts.report.SlowdownTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edarts remote-exec}: the eDARTS study's experiment, as codelet runs. A loop of integer adds,
 * and one of float adds, lives in core (0,0)'s memory; every other core runs it, one at a time, then
 * all at once, then again from external DRAM. Each of the six (case, loop) pairs is one run of
 * {@link RemoteExecProgram} through the SU/CU actors and the machine's target (on the Epiphany
 * machines, the contended eMesh), and the tables, the CSV and the heatmaps are built from those
 * runs' firings. The slowdowns come out of the mesh model (routing, arbitration, link occupancy),
 * never from the published figures; {@code experiment.RemoteExec} stays the transaction-level
 * reference they are tested against.
 */
@Command(name = "remote-exec", mixinStandardHelpOptions = true,
        description = "Slowdown of executing code from core (0,0)'s memory or DRAM, per core (the eDARTS experiment, "
                + "as codelet runs).")
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
        if (iterations < 1 || iterations > RemoteExecProgram.MAX_ITERATIONS) {
            throw new IllegalArgumentException("--iterations " + iterations + ": expected 1.."
                    + RemoteExecProgram.MAX_ITERATIONS);
        }
        Machine m = MachineLoader.load(machine, overrides);
        Target target = Targets.forMachine(m);
        List<SlowdownTable.Case> cases = new ArrayList<>();
        try (Simulator sim = Simulator.create(2)) {
            long[][][] cycles;
            try {
                cycles = RemoteExecProgram.runAll(m, iterations, sim);
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("edarts: " + e.getMessage());
                return Edarts.RUN_FAILED;
            }
            for (RemoteExecCase c : RemoteExecCase.values()) {
                List<SlowdownTable.Loop> loops = new ArrayList<>();
                for (LoopKind loop : LoopKind.values()) {
                    loops.add(loop(c, loop, iterations, cycles[c.ordinal()][loop.ordinal()], m));
                }
                cases.add(new SlowdownTable.Case(c.label(),
                        c == RemoteExecCase.EXTERNAL_DRAM ? "in external DRAM" : "in core (0,0)", loops));
            }
        }
        SlowdownTable table = new SlowdownTable(m.label(), m.rows(), m.cols(), iterations, cases);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(format(table, target));
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

    /**
     * One (case, loop) of the table from a run's per-core loop cycles ({@code -1}: ran nothing).
     * Slowdown is cycles over the loop's cycles from local memory, timed instruction by instruction
     * ({@link io.edarts.epiphany.core.Kernel#localCycles}). The home core (0,0) of the on-chip cases
     * shows its local cycles and slowdown 1, as the study reports it; a core that ran nothing else
     * (an SU: (0,0) in external-dram on parallella16) shows 0 cycles and slowdown 0, flagged as not
     * running remote code.
     */
    static SlowdownTable.Loop loop(RemoteExecCase c, LoopKind loop, long iterations, long[] loopCycles, Machine m) {
        int n = m.coreCount();
        long local = loop.kernel().localCycles(iterations);
        long[] cycles = new long[n];
        double[] slowdown = new double[n];
        boolean[] home = new boolean[n];
        for (int core = 0; core < n; core++) {
            if (loopCycles[core] >= 0) {
                cycles[core] = loopCycles[core];
                slowdown[core] = (double) loopCycles[core] / local;
            } else {
                home[core] = true;
                boolean isHome = core == 0 && c != RemoteExecCase.EXTERNAL_DRAM;
                cycles[core] = isHome ? local : 0;
                slowdown[core] = isHome ? 1 : 0;
            }
        }
        return new SlowdownTable.Loop(loop.label(), local, cycles, slowdown, home);
    }

    /** A rows x cols slowdown grid per case and loop, for the console: "home" for (0,0), "-" where nothing ran. */
    static String format(SlowdownTable t, Target target) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Remote execution on %s (%dx%d), %d iterations, codelet runs: %s%n",
                t.machine(), t.rows(), t.cols(), t.iterations(), target.describe()));
        for (LoopKind loop : LoopKind.values()) {
            sb.append(String.format(Locale.ROOT, "  %s loop from local memory: %d cycles (%d bytes of code)%n",
                    loop.label(), loop.kernel().localCycles(t.iterations()), loop.kernel().bytes()));
        }
        for (SlowdownTable.Case c : t.cases()) {
            for (SlowdownTable.Loop loop : c.loops()) {
                double[] s = loop.slowdown();
                boolean[] home = loop.home();
                long[] cycles = loop.cycles();
                double max = 0;
                double sum = 0;
                int ran = 0;
                for (int core = 0; core < s.length; core++) {
                    if (!home[core]) {
                        max = Math.max(max, s[core]);
                        sum += s[core];
                        ran++;
                    }
                }
                sb.append(String.format(Locale.ROOT, "%n%s, %s loop, code %s: slowdown (max %.2f, mean %.2f)%n",
                        c.label(), loop.label(), c.where(), max, ran == 0 ? 0 : sum / ran));
                sb.append("row\\col");
                for (int k = 0; k < t.cols(); k++) {
                    sb.append(String.format(Locale.ROOT, "%8d", k));
                }
                sb.append('\n');
                for (int r = 0; r < t.rows(); r++) {
                    sb.append(String.format(Locale.ROOT, "%7d", r));
                    for (int k = 0; k < t.cols(); k++) {
                        int core = r * t.cols() + k;
                        sb.append(!home[core] ? String.format(Locale.ROOT, "%8.2f", s[core])
                                : cycles[core] > 0 ? "    home" : "       -");
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }
}
