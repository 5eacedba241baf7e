package io.edarts.examples.bench;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Target;
import io.edarts.examples.graph.RandomDag;
import io.edarts.examples.graph.TaskGraph;
import io.edarts.examples.programs.GraphProgram;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * The simulator's speed: host time per simulated codelet of {@code random-dag} graphs, next to the
 * same graphs' bodies run natively ({@link NativeBaseline}) and simulated on the {@code ideal}
 * machine. Behind {@code edarts bench}; the JMH benchmarks of module {@code benchmarks} measure the
 * same things with JMH's rigour, this gives the table in one run.
 *
 * <h2>Design note: what is timed</h2>
 * For each size, in order: generating the graph ({@link RandomDag}, seeded); building its codelet
 * program ({@link GraphProgram#of}); then {@code repetitions} simulations on the machine, the same
 * on {@code ideal}, and the same native runs. A simulation's time is {@link Simulator#run} as a
 * caller sees it: setting the run up, simulating, and the program's check (a sequential
 * recomputation of every value, a few per cent of the total). Each run gets a simulator of its
 * own, created before the clock starts and closed after it stops, as {@code edarts run} does: no
 * run inherits another's actors or their garbage, and the actor system's start-up is not counted. A native run's time is {@link NativeBaseline#execute}
 * on a pool created once, with {@code hostThreads} threads, its set-up (copying the graph) not
 * counted. Before the first size the smallest graph is run a few times of each kind, untimed
 * ({@link #warmUpRuns}), so that the JIT has compiled the hot paths; larger sizes need no warm-up
 * of their own, a run of them being long against compilation. The best repetition is the figure quoted (the least disturbed by GC
 * and the OS), with the median next to it.
 *
 * <p>Memory: each simulation starts after a full collection ({@link BenchHeapProbe}, which also
 * measures its peak heap from the collector's notifications); a size's graph, program and results
 * are dropped before the next size, so a million codelets has the heap to itself.
 *
 * <p>This is the only class of the project that reads the host clock for a result: benchmarks are
 * the place for it; model code never does.
 */
public final class Bench {
    /** The name programs carry in the report, as the {@code edarts} command calls the workload. */
    public static final String PROGRAM = "random-dag";
    private static final String IDEAL = "ideal";
    /** Firings of warm-up: at ~5 us each on two cores, about a quarter of a second per kind. */
    private static final long WARM_UP_CODELETS = 50_000;
    private static final int MAX_WARM_UP_RUNS = 5;

    private Bench() {
    }

    /** {@link #run(BenchOptions, Consumer)} without progress messages. */
    public static BenchReport run(BenchOptions options) {
        return run(options, line -> { });
    }

    /**
     * Runs the benchmark and, if {@code options.outputDir()} is set, writes {@code bench.json} there.
     *
     * @param progress receives a line per step, for a console
     * @throws io.edarts.cam.MachineConfigException if the machine cannot be loaded
     * @throws UncheckedIOException                 if {@code bench.json} cannot be written
     * @throws IllegalStateException                if the simulator itself fails
     */
    public static BenchReport run(BenchOptions options, Consumer<String> progress) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        double loadBefore = loadAverage();
        Machine machine = MachineLoader.load(options.machine(), options.overrides());
        Target target = targetFor(machine);
        Target ideal = options.compareIdeal() ? targetFor(MachineLoader.load(IDEAL, List.of())) : null;
        RunOptions runOptions = new RunOptions(options.policy(), options.seed(), null, null);
        int smallest = Collections.min(options.sizes());
        List<BenchReport.SizeResult> results = new ArrayList<>();
        BenchReport.Environment env;
        ForkJoinPool pool = options.nativeBaseline() ? new ForkJoinPool(options.hostThreads()) : null;
        try (BenchHeapProbe heap = new BenchHeapProbe()) {
            Runner runner = new Runner(options, pool, heap, runOptions, target, ideal, progress);
            runner.warmUp(smallest);
            for (int n : options.sizes()) {
                results.add(runner.measure(n));
                // The next size gets a heap without this one's graph and program.
                System.gc();
            }
            env = environment(options, target, heap, loadBefore);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
        BenchReport report = new BenchReport(env, results, null);
        if (options.outputDir() != null) {
            try {
                report = report.writtenTo(report.writeJson(options.outputDir()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + options.outputDir().resolve(BenchReport.JSON_FILE)
                        + ": " + e.getMessage(), e);
            }
        }
        return report;
    }

    /**
     * Enough runs of {@code n} codelets for about {@link #WARM_UP_CODELETS} firings, 1..{@link
     * #MAX_WARM_UP_RUNS}: one run of 10k codelets leaves the simulator's hot paths interpreted.
     */
    static int warmUpRuns(int n) {
        return (int) Math.max(1, Math.min(MAX_WARM_UP_RUNS, WARM_UP_CODELETS / n));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static Target targetFor(Machine m) {
        return io.edarts.epiphany.Targets.forMachine(m);
    }

    private static BenchReport.Environment environment(BenchOptions o, Target target, BenchHeapProbe heap,
                                                       double loadBefore) {
        return new BenchReport.Environment(System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), heap.collectorNames(),
                loadBefore, loadAverage(), target.machine().name(), o.overrides(), target.describe(), o.policy(), o.seed(), o.hostThreads(),
                o.repetitions(),
                "System.nanoTime around each call, best and median of the repetitions",
                "garbage-collection notifications: peak = largest heap occupancy just before a collection "
                        + "or at the end of the run (heap pools summed); live = largest occupancy just after a "
                        + "collection; each simulation starts after System.gc()");
    }

    /** The measurements of one benchmark run, sharing its simulator, pool and probe. */
    private static final class Runner {
        private final BenchOptions options;
        private final ForkJoinPool pool;
        private final BenchHeapProbe heap;
        private final RunOptions runOptions;
        private final Target target;
        private final Target ideal;
        private final Consumer<String> progress;

        Runner(BenchOptions options, ForkJoinPool pool, BenchHeapProbe heap, RunOptions runOptions,
               Target target, Target ideal, Consumer<String> progress) {
            this.options = options;
            this.pool = pool;
            this.heap = heap;
            this.runOptions = runOptions;
            this.target = target;
            this.ideal = ideal;
            this.progress = progress;
        }

        void warmUp(int n) {
            int runs = warmUpRuns(n);
            progress.accept(String.format(Locale.ROOT, "warm-up: %d codelets, %d untimed run(s) of each kind", n, runs));
            TaskGraph g = RandomDag.generate(n, options.seed());
            Program<long[]> p = program(g, n);
            NativeBaseline baseline = pool == null ? null : NativeBaseline.prepare(g);
            for (int r = 0; r < runs; r++) {
                check(simulateOnce(p, target), "warm-up on " + target.machine().name());
                if (ideal != null) {
                    check(simulateOnce(p, ideal), "warm-up on " + IDEAL);
                }
                if (baseline != null) {
                    baseline.execute(pool);
                }
            }
        }

        BenchReport.SizeResult measure(int n) {
            long t0 = System.nanoTime();
            TaskGraph g = RandomDag.generate(n, options.seed());
            long generated = System.nanoTime() - t0;
            t0 = System.nanoTime();
            Program<long[]> p = program(g, n);
            long built = System.nanoTime() - t0;
            progress.accept(String.format(Locale.ROOT, "%d codelets, %d edges: generated in %.1f ms, built in %.1f ms",
                    n, g.edgeCount(), generated / 1e6, built / 1e6));
            BenchReport.Simulation s = simulate(p, n, target);
            BenchReport.Simulation i = ideal == null ? null : simulate(p, n, ideal);
            p = null;   // the native runs do not need the program; let it go before they allocate
            BenchReport.Native nat = pool == null ? null : runNatively(g);
            Double simOverNative = nat == null ? null : s.time().bestMillis() / nat.time().bestMillis();
            Double machineOverIdeal = i == null ? null : s.time().bestMillis() / i.time().bestMillis();
            return new BenchReport.SizeResult(n, g.edgeCount(), generated / 1e6, built / 1e6, s, i, nat,
                    simOverNative, machineOverIdeal);
        }

        private static Program<long[]> program(TaskGraph g, int n) {
            return GraphProgram.of(PROGRAM, g, Map.of("codelets", Integer.toString(n)));
        }

        private BenchReport.Simulation simulate(Program<long[]> p, int n, Target t) {
            String machine = t.machine().name();
            long[] nanos = new long[options.repetitions()];
            boolean passed = true;
            String message = "";
            long makespan = 0;
            long fired = 0;
            long peak = 0;
            long live = 0;
            int collections = 0;
            long gcMillis = 0;
            for (int r = 0; r < nanos.length; r++) {
                RunResult result;
                BenchHeapProbe.Sample h;
                try (Simulator sim = Simulator.create(options.hostThreads())) {
                    heap.start();
                    long t0 = System.nanoTime();
                    result = sim.run(p, t, runOptions);
                    nanos[r] = System.nanoTime() - t0;
                    h = heap.stop();
                }
                peak = Math.max(peak, h.peakBytes());
                live = Math.max(live, h.liveBytes());
                collections += h.collections();
                gcMillis += h.gcMillis();
                // Every repetition must agree: the simulation is deterministic.
                if (r > 0 && (result.makespanCycles() != makespan || result.codeletsFired() != fired)) {
                    passed = false;
                    message = "repetition " + r + " gave makespan " + result.makespanCycles() + " and "
                            + result.codeletsFired() + " firings, repetition 0 gave " + makespan + " and " + fired;
                }
                makespan = result.makespanCycles();
                fired = result.codeletsFired();
                if (!result.succeeded() || fired != n) {
                    passed = false;
                    message = result.status().json() + ": " + result.message();
                } else if (message.isEmpty()) {
                    message = result.message();
                }
                progress.accept(String.format(Locale.ROOT, "  %s rep %d: %.1f ms, %.0f ns/codelet, makespan %d cycles, "
                                + "heap MB: %d at start, %d peak, %d live, %d GCs (%d ms), %s", machine, r + 1,
                        nanos[r] / 1e6, (double) nanos[r] / n, makespan, h.baseBytes() >> 20, h.peakBytes() >> 20,
                        h.liveBytes() >> 20, h.collections(), h.gcMillis(),
                        result.succeeded() ? "check passed" : "FAILED"));
            }
            BenchReport.Timing time = BenchReport.Timing.ofNanos(nanos);
            return new BenchReport.Simulation(machine, t.describe(), time, time.bestMillis() * 1e6 / n, makespan,
                    fired, passed, message, peak, live, collections, gcMillis);
        }

        private RunResult simulateOnce(Program<long[]> p, Target t) {
            try (Simulator sim = Simulator.create(options.hostThreads())) {
                return sim.run(p, t, runOptions);
            }
        }

        private BenchReport.Native runNatively(TaskGraph g) {
            int n = g.size();
            NativeBaseline baseline = NativeBaseline.prepare(g);
            long[] reference = GraphProgram.reference(g);
            long[] nanos = new long[options.repetitions()];
            boolean matches = true;
            System.gc();
            for (int r = 0; r < nanos.length; r++) {
                long t0 = System.nanoTime();
                long[] values = baseline.execute(pool);
                nanos[r] = System.nanoTime() - t0;
                matches &= Arrays.equals(values, reference);
                progress.accept(String.format(Locale.ROOT, "  native rep %d: %.1f ms, %.0f ns/codelet",
                        r + 1, nanos[r] / 1e6, (double) nanos[r] / n));
            }
            BenchReport.Timing time = BenchReport.Timing.ofNanos(nanos);
            return new BenchReport.Native(pool.getParallelism(), time, time.bestMillis() * 1e6 / n, matches);
        }

        private static void check(RunResult r, String what) {
            if (!r.succeeded()) {
                throw new IllegalStateException(what + " did not succeed: " + r.status().json() + ": " + r.message());
            }
        }
    }

    /**
     * {@code java -Xmx2g -cp ... io.edarts.examples.bench.Bench [options]}: runs the benchmark,
     * prints the table and writes {@code bench.json}. Options: {@code --sizes 10k,100k,1M},
     * {@code --seed N}, {@code --machine NAME|FILE}, {@code --set key=value} (repeatable),
     * {@code --policy NAME}, {@code --threads N}, {@code --reps N}, {@code --out DIR} (default
     * {@code .}), {@code --no-ideal}, {@code --no-native}. Exits 1 if a check failed, 2 for bad
     * arguments.
     */
    public static void main(String[] args) {
        BenchOptions o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("usage: Bench [--sizes 10k,100k,1M] [--seed N] [--machine NAME|FILE] [--set key=value]..."
                    + " [--policy NAME] [--threads N] [--reps N] [--out DIR] [--no-ideal] [--no-native]");
            System.exit(2);
            return;
        }
        BenchReport report = run(o, System.err::println);
        System.out.print(report.table());
        if (report.jsonFile() != null) {
            System.out.println("wrote " + report.jsonFile());
        }
        System.exit(report.passed() ? 0 : 1);
    }

    static BenchOptions parse(String[] args) {
        BenchOptions o = BenchOptions.defaults().withOutputDir(Path.of("."));
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--no-ideal" -> o = o.withIdealComparison(false);
                case "--no-native" -> o = o.withNativeBaseline(false);
                case "--sizes", "--seed", "--machine", "--set", "--policy", "--threads", "--reps", "--out" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--sizes" -> o = o.withSizes(Arrays.stream(v.split(",")).map(Bench::count).toList());
                        case "--seed" -> o = o.withSeed(number(a, v));
                        case "--machine" -> o = o.withMachine(v, o.overrides());
                        case "--set" -> overrides.add(v);
                        case "--policy" -> o = o.withPolicy(v);
                        case "--threads" -> o = o.withHostThreads(smallNumber(a, v));
                        case "--reps" -> o = o.withRepetitions(smallNumber(a, v));
                        default -> o = o.withOutputDir(Path.of(v));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        return o.withMachine(o.machine(), overrides);
    }

    /** A codelet count: digits with optional underscores and an optional {@code k} or {@code M} suffix. */
    private static int count(String s) {
        String t = s.strip().replace("_", "");
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("K")) {
            unit = 1_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m") || t.endsWith("M")) {
            unit = 1_000_000;
            t = t.substring(0, t.length() - 1);
        }
        long v = number("--sizes", t) * unit;
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size '" + s + "' is too large");
        }
        return (int) v;
    }

    private static int smallNumber(String option, String v) {
        long n = number(option, v);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + " " + v + " is out of range");
        }
        return (int) n;
    }

    private static long number(String option, String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + v + "': expected a whole number", e);
        }
    }
}
