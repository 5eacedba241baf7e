package io.edarts.cli;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Target;
import io.edarts.scheduler.Policies;
import io.edarts.scheduler.ReportWriter;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edarts run}: one program on one machine, with a report and a trace. */
@Command(name = "run", description = "Runs an example or a task-graph file and writes report.json and trace.json.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXAMPLE",
            description = "matmul, fib or random-dag (see 'edarts list'); omit with --graph")
    String example;

    @Option(names = "--graph", paramLabel = "FILE",
            description = "run a task graph from a file: .json (docs/graph-format.md) or Standard Task Graph format")
    Path graph;

    @Option(names = "--machine", defaultValue = MachineLoader.DEFAULT, paramLabel = "NAME|FILE",
            description = "built-in machine (parallella16, e64, e1024, ideal) or a HOCON file (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--policy", defaultValue = Policies.DEFAULT, paramLabel = "NAME",
            description = "round-robin, least-loaded or critical-path (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a machine key, e.g. --set mesh.rows=8 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "seed of generated programs and the run (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: a new folder under runs/)")
    Path out;

    @Option(names = "--host-threads", defaultValue = "2", paramLabel = "N",
            description = "threads of the actor and body dispatchers; changes speed, never results (default: ${DEFAULT-VALUE})")
    int hostThreads;

    @Option(names = "--no-trace", description = "do not write trace.json")
    boolean noTrace;

    @Option(names = "--n", defaultValue = "20", description = "fib: the argument (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--codelets", defaultValue = "10000", description = "random-dag: number of codelets (default: ${DEFAULT-VALUE})")
    int codelets;

    @Option(names = "--size", defaultValue = "128", description = "matmul: matrix size (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--block", defaultValue = "16", description = "matmul: block size (default: ${DEFAULT-VALUE})")
    int block;

    @Option(names = "--quiet", description = "print only errors")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if ((example == null) == (graph == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give either an EXAMPLE or --graph FILE (see 'edarts list')");
        }
        if (hostThreads < 1 || hostThreads > 256) {
            throw new IllegalArgumentException("--host-threads " + hostThreads + ": expected 1..256");
        }
        Policies.byName(policy);
        Machine m = MachineLoader.load(machine, overrides);
        Target target = Targets.forMachine(m);
        Program<?> program = graph != null ? Examples.fromFile(graph)
                : Examples.build(example, new Examples.Params(n, codelets, size, block, seed));
        Path dir = outputDir(program.name());
        Path trace = noTrace ? null : dir.resolve("trace.json");
        RunResult r;
        try (Simulator sim = Simulator.create(hostThreads);
             ProgressBar bar = new ProgressBar(stderr, program.root().codeletCount(), program.name(), quiet)) {
            r = sim.run(program, target, new RunOptions(policy, seed, trace, bar::update));
        }
        Path report = dir.resolve("report.json");
        ReportWriter.write(r, report);
        if (!quiet) {
            Summary.print(r, new java.io.PrintStream(new WriterOutputStream(stdout), true));
            stdout.println("  report       " + report);
            if (trace != null) {
                stdout.println("  trace        " + trace + " (" + r.traceEvents() + " events; open in ui.perfetto.dev)");
            }
            stdout.flush();
        }
        if (!r.succeeded()) {
            stderr.println("edarts: " + r.program() + " " + r.status().json() + ": " + r.message());
            return Edarts.RUN_FAILED;
        }
        return Edarts.OK;
    }

    private Path outputDir(String programName) {
        Path dir = out;
        if (dir == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path base = Path.of("runs", programName.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + stamp);
            dir = base;
            for (int i = 2; Files.exists(dir); i++) {
                dir = Path.of(base + "-" + i);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** Lets the summary printer write through picocli's writer. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final PrintWriter w;

        WriterOutputStream(PrintWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            w.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            w.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            w.flush();
        }
    }
}
