package io.edarts.cli;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.examples.programs.CannonProgram;
import io.edarts.run.PlacementOverride;
import io.edarts.run.RunSpec;
import io.edarts.run.Runner;
import io.edarts.scheduler.Policies;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edarts run}: one program on one machine, with a report and a trace. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs an example or a task-graph file and writes report.json and trace.json.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXAMPLE", completionCandidates = Examples.Names.class,
            description = "one of ${COMPLETION-CANDIDATES} (see 'edarts list'); omit with --graph")
    String example;

    @Option(names = "--graph", paramLabel = "FILE",
            description = "run a task graph from a file: .json (docs/graph-format.md) or Standard Task Graph format")
    Path graph;

    @Option(names = "--machine", defaultValue = io.edarts.epiphany.Targets.DEFAULT_MACHINE, paramLabel = "NAME|FILE",
            completionCandidates = Candidates.Machines.class,
            description = "built-in machine (${COMPLETION-CANDIDATES}) or a HOCON file (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--policy", defaultValue = Policies.DEFAULT, paramLabel = "NAME",
            completionCandidates = Candidates.SchedulingPolicies.class,
            description = "placement policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; see 'edarts list')")
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

    @Option(names = "--n", defaultValue = "20", paramLabel = "N", description = "fib: the argument (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--codelets", defaultValue = "10k", paramLabel = "N", converter = CountConverter.class,
            description = "random-dag: number of codelets, 1 to 10M; k = 1,000 and M = 1,000,000 (default: ${DEFAULT-VALUE})")
    int codelets;

    @Option(names = "--size", paramLabel = "N",
            description = "matmul, cholesky: matrix size; cannon: matrix size (default 64); fft2d: transform side, 64 "
                    + "or 128; stencil: interior grid side, a multiple of 16 (default 16); nbody: particles (default "
                    + "2048); axpy, dma-stream: array length; scatter-sum: floats; reduce, mergesort: input size "
                    + "(default 128 unless stated)")
    Integer size;

    @Option(names = "--block", paramLabel = "N",
            description = "matmul: block size, a divisor of --size; cholesky: tile side, a divisor of --size; axpy, "
                    + "dma-stream, scatter-sum: elements per block; reduce: leaf block; mergesort: cutoff (default 16)")
    Integer block;

    @Option(names = "--layout", defaultValue = "local", paramLabel = "L", completionCandidates = Candidates.Layouts.class,
            description = "cannon: ${COMPLETION-CANDIDATES} (all compares them; default: ${DEFAULT-VALUE})")
    String layout;

    @Option(names = "--shift", defaultValue = "write", paramLabel = "write|dma",
            description = "cannon: the shifts as remote stores into the neighbour's MPI buffer, or one DMA transfer of "
                    + "each block (default: ${DEFAULT-VALUE})")
    String shift;

    @Option(names = "--write-result", arity = "0..1", fallbackValue = "true",
            description = "cannon: the ranks also write C to files/" + CannonProgram.RESULT_FILE + " under --out through host "
                    + "calls (open, one write per block, close), 16 blocks in rank order, float32 little-endian; the check "
                    + "checks every write")
    boolean writeResult;

    @Option(names = "--case", defaultValue = "one-at-a-time", paramLabel = "CASE",
            description = "remote-exec: one-at-a-time, all-at-once or external-dram (default: ${DEFAULT-VALUE})")
    String remoteCase;

    @Option(names = "--loop", defaultValue = "int", paramLabel = "int|float",
            description = "remote-exec: the loop of int or of float adds (default: ${DEFAULT-VALUE})")
    String loop;

    @Option(names = "--iterations", paramLabel = "N", description = "remote-exec: loop iterations each core runs "
            + "(default " + io.edarts.epiphany.experiment.RemoteExec.DEFAULT_ITERATIONS + "); stencil: sweeps; nbody: "
            + "time steps (default 32 for both)")
    Long iterations;

    @Option(names = "--buffers", defaultValue = "" + Examples.Params.BUFFERS, paramLabel = "1|2",
            description = "dma-stream: local buffers per direction, 1 (single) or 2 (double buffering; default: ${DEFAULT-VALUE})")
    int buffers;

    @Option(names = "--cores", defaultValue = "" + Examples.Params.CORES, paramLabel = "K",
            description = "dma-stream: independent streams, one per CU, each its own slice; host-calls: CUs that call"
                    + " (default: ${DEFAULT-VALUE})")
    int cores;

    @Option(names = "--calls", defaultValue = "" + Examples.Params.CALLS, paramLabel = "K",
            description = "host-calls: empty host calls each core makes (default: ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--messages", defaultValue = "" + Examples.Params.MESSAGES, paramLabel = "N",
            description = "serialize: messages in the stream (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--batch", defaultValue = "" + Examples.Params.BATCH, paramLabel = "B",
            description = "serialize: messages per codelet, so per offload call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--offload", defaultValue = Examples.Params.OFFLOAD, paramLabel = "on|off|auto",
            description = "serialize: encode on the machine's serializer unit through the host's driver (on), in "
                    + "software on the CUs (off; default: ${DEFAULT-VALUE}), or let the runtime choose per batch from "
                    + "the cycles it measures (auto)")
    String offload;

    @Option(names = "--degree", defaultValue = "" + Examples.Params.DEGREE, paramLabel = "D",
            description = "dma-stream: degree of the polynomial, FMADDs per element (default: ${DEFAULT-VALUE})")
    int degree;

    @Option(names = "--placement", paramLabel = "CODE=WHERE", completionCandidates = Candidates.Placements.class,
            description = "run a code object with another placement: WHERE is one of ${COMPLETION-CANDIDATES} "
                    + "(core:R,C: resident in core (R,C)'s memory, run in place from there by every other core); "
                    + "CODE * for all (repeatable)")
    List<String> placementOverrides = new ArrayList<>();

    @Option(names = "--quiet", description = "print only errors")
    boolean quiet;

    @Option(names = "--verify", description = "check the schedule against the codelet model after the run: every "
            + "firing starts no earlier than the signals that enabled it arrive, and no codelet instance fires "
            + "concurrently with itself (slower; the reports are the same when it passes)")
    boolean verify;

    @Option(names = "--graph-scale", paramLabel = "K",
            description = "--graph: cycles per unit of a task's processing time (Standard Task Graph times are in "
                    + "abstract units; default 1)")
    Long graphScale;

    @Option(names = "--graph-code", paramLabel = "local[:N]|cached[:N]",
            description = "--graph: what tasks without a code object of their own run: N kernels of "
                    + io.edarts.examples.programs.GraphProgram.KERNEL_BYTES + " B (task t runs kernel t mod N), "
                    + "resident in every CU (local: no code moves) or copied into a core's software cache on a miss "
                    + "(cached); N defaults to " + io.edarts.examples.programs.GraphProgram.KERNELS + " (default: cached:"
                    + io.edarts.examples.programs.GraphProgram.KERNELS + ")")
    String graphCode;
    @Option(names = "--launch", defaultValue = "none", paramLabel = "none|serial|tree|hot|reexec",
            description = "load the program onto the cores first, as part of the makespan: none (default), serial "
                    + "(eSDK loader), tree (COPRTHR-2 distributed tree loader), hot (usrcore into cores waiting in "
                    + "syscore) or reexec (a signal only)")
    String launch;

    @Option(names = "--verbose", description = "also print the program image's layout (syscore, usrcore, sysmem, usrmem); "
            + "on a machine without one (ideal, mesh16), a line saying so")
    boolean verbose;

    @Option(names = "--profile", description = "also write the run's profile: profile.json (what 'edarts profile' "
            + "reads), profile.txt, profile.folded (collapsed stacks) and profile.html (a flame graph)")
    boolean profile;

    @Option(names = "--stream", paramLabel = "N", converter = CountConverter.class,
            description = "run N instances of the program as a stream through the machine, at most --in-flight at once;"
                    + " the reports add throughput and per-instance latency (README: Streaming instances)")
    Integer stream;

    @Option(names = "--in-flight", paramLabel = "K",
            description = "--stream: most instances admitted and not completed at any cycle (default: "
                    + StreamOptions.DEFAULT_IN_FLIGHT + ")")
    Integer inFlight;

    @Option(names = "--arrival-interval", paramLabel = "CYCLES",
            description = "--stream: instance i arrives at cycle i x CYCLES and waits outside the machine for a slot "
                    + "(default 0: all arrive at cycle 0)")
    Long arrivalInterval;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (example != null && graph != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give an EXAMPLE or --graph FILE, not both ('"
                    + example + "' and --graph " + graph + ")");
        }
        if (example == null && graph == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give an EXAMPLE (" + String.join(", ", Examples.names()) + ") or --graph FILE");
        }
        if (example != null) {
            Examples.byName(example);
        }
        checkOptionsApply();
        if (graph == null && (graphScale != null || graphCode != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), (graphScale != null ? "--graph-scale" : "--graph-code")
                    + " applies to --graph FILE, not to " + example);
        }
        if (graphScale != null && graphScale < 1) {
            throw new IllegalArgumentException("--graph-scale " + graphScale + ": expected at least 1 cycle per unit");
        }
        io.edarts.examples.programs.GraphProgram.Code code = io.edarts.examples.programs.GraphProgram.Code.DEFAULT;
        if (graphCode != null) {
            try {
                code = io.edarts.examples.programs.GraphProgram.Code.parse(graphCode);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--graph-code " + e.getMessage(), e);
            }
        }
        if (hostThreads < 1 || hostThreads > RunSpec.MAX_HOST_THREADS) {
            throw new IllegalArgumentException("--host-threads " + hostThreads + ": expected 1.." + RunSpec.MAX_HOST_THREADS);
        }
        try {
            Policies.byName(policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--policy: " + e.getMessage(), e);
        }
        io.edarts.epiphany.host.LaunchProcedure launchProcedure;
        try {
            launchProcedure = io.edarts.epiphany.host.LaunchProcedure.of(launch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--launch: " + e.getMessage(), e);
        }
        StreamOptions streaming = StreamOptions.check(stream, inFlight, arrivalInterval, example,
                "cannon".equals(example) && "all".equals(layout));
        Map<String, Object> placements = parsePlacements();
        Machine m = MachineLoader.load(machine, overrides);
        RunSpec run = RunSpec.on(m).policy(policy).seed(seed).hostThreads(hostThreads).trace(!noTrace).out(out)
                .quiet(quiet).verify(verify).profile(profile).console(stdout, stderr).launch(launchProcedure).verbose(verbose);
        for (Map.Entry<String, Object> p : placements.entrySet()) {
            run = p.getValue() instanceof RunOptions.HomeCore h ? run.homedOn(p.getKey(), h.row(), h.col())
                    : run.placement(p.getKey(), (Placement) p.getValue());
        }
        if ("cannon".equals(example) && "all".equals(layout)) {
            return compareLayouts(m, run, stdout);
        }
        Examples.Params params = new Examples.Params(n, codelets, size, block, seed, layout, remoteCase, loop,
                iterations, buffers, cores, degree, shift, calls, writeResult, messages, batch, offload);
        Program<?> program = graph != null ? Examples.fromFile(graph, graphScale, graphCode != null ? code : null)
                : Examples.build(example, params, m);
        // the one way to run and write outputs, shared with user code
        return Runner.run(program, run, streaming == null ? null : streaming.of(example, program, params, m)).succeeded()
                ? Edarts.OK : Edarts.RUN_FAILED;
    }

    /** COPRTHR-2's Table 2, simulated: the four layouts of Cannon side by side. */
    private int compareLayouts(Machine m, RunSpec run, PrintWriter stdout) {
        Map<String, Program<?>> programs = new LinkedHashMap<>();
        for (CannonProgram.Layout l : CannonProgram.layouts()) {
            programs.put(l.label, Examples.build("cannon", new Examples.Params(n, codelets, size, block, seed, l.label,
                    remoteCase, loop, iterations, buffers, cores, degree, shift, calls, writeResult), m));
        }
        Path dir = out != null ? out : Runner.newFolder("cannon-layouts");
        Map<String, RunResult> results = Runner.runEach(programs, run.out(dir));
        boolean ok = results.values().stream().allMatch(RunResult::succeeded);
        if (!quiet) {
            List<CannonProgram.Layout> layouts = CannonProgram.layouts();
            // with a launch the layouts are compared on the program alone: the launch (its own column)
            // depends on the usrcore's size, which would otherwise hide in the makespans
            boolean launched = results.values().stream().anyMatch(r -> r.launchCycles() > 0);
            long base = programCycles(results.get(layouts.get(0).label));
            int cannonSize = size != null ? size : CannonProgram.DEFAULT_SIZE;
            stdout.printf(java.util.Locale.ROOT, "Cannon %dx%d on %s, %s: code layouts as in COPRTHR-2 Table 2, shift %s%n",
                    cannonSize, cannonSize, m.label(), results.get(layouts.get(0).label).target(), shift);
            if (launched) {
                stdout.printf(java.util.Locale.ROOT, "  %-14s %10s %6s %14s %14s %12s %9s  %s%n", "layout", "user code",
                        "of 32K", "launch cyc", "program cyc", "us", "vs local", "check");
            } else {
                stdout.printf(java.util.Locale.ROOT, "  %-14s %10s %6s %14s %12s %9s  %s%n", "layout", "user code", "of 32K",
                        "makespan cyc", "us", "vs local", "check");
            }
            for (CannonProgram.Layout l : layouts) {
                RunResult r = results.get(l.label);
                int bytes = CannonProgram.userCodeBytes(l);
                String check = r.check().status().name().toLowerCase(java.util.Locale.ROOT);
                long program = programCycles(r);
                if (launched) {
                    stdout.printf(java.util.Locale.ROOT, "  %-14s %10d %5.1f%% %,14d %,14d %,12.1f %8.2fx  %s%n", l.label,
                            bytes, 100.0 * bytes / 32768, r.launchCycles(), program, program / r.clockMhz(),
                            (double) program / base, check);
                } else {
                    stdout.printf(java.util.Locale.ROOT, "  %-14s %10d %5.1f%% %,14d %,12.1f %8.2fx  %s%n", l.label,
                            bytes, 100.0 * bytes / 32768, r.makespanCycles(), r.makespanMicros(),
                            (double) r.makespanCycles() / base, check);
                }
            }
            if (launched) {
                stdout.println("  launch       " + results.get(layouts.get(0).label).prelude().procedure() + ": its own column; program cyc, us and vs local"
                        + " leave it out (each report.json's makespan includes it)");
            }
            stdout.println("  reports      " + dir + "/<layout>/report.json");
            stdout.flush();
        }
        return ok ? Edarts.OK : Edarts.RUN_FAILED;
    }

    /** The run's makespan without its launch. */
    private static long programCycles(RunResult r) {
        return r.makespanCycles() - r.launchCycles();
    }

    /**
     * The {@code --placement} overrides by code name, in the order given: a {@link Placement}, or a
     * {@link RunOptions.HomeCore} for {@code core:R,C} (whether (R,C) is on the mesh is the run's check).
     */
    private Map<String, Object> parsePlacements() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String o : placementOverrides) {
            PlacementOverride p = PlacementOverride.parse(o); // the one parser, shared with edarts sweep
            if (m.put(p.code(), p.home() != null ? p.home() : p.placement()) != null) {
                throw new IllegalArgumentException("--placement " + p.code() + " is given twice");
            }
        }
        return m;
    }

    /** What {@code --placement CODE=core:R,C} starts with. */
    static final String CORE_PREFIX = PlacementOverride.CORE_PREFIX;

    /**
     * Refuses an example-specific option the chosen example does not read ({@code run fib --size 64}
     * used to be silently ignored). Options every run reads are not in {@link Examples#EXAMPLE_OPTIONS}.
     */
    private void checkOptionsApply() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> reads = example == null ? List.of() : Examples.byName(example).options();
        for (String option : Examples.EXAMPLE_OPTIONS) {
            if (parsed.hasMatchedOption(option) && !reads.contains(option)) {
                List<String> users = new ArrayList<>();
                for (Examples.Example e : Examples.ALL) {
                    if (e.options().contains(option)) {
                        users.add(e.name());
                    }
                }
                throw new CommandLine.ParameterException(spec.commandLine(), option + " applies to "
                        + String.join(" and ", users) + ", not to " + (example == null ? "--graph" : example));
            }
        }
    }
}
