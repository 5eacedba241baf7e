package io.edarts.bench;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Target;
import io.edarts.examples.graph.RandomDag;
import io.edarts.examples.programs.GraphProgram;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host time of one simulation of {@code random-dag} (seed 1), from {@link Simulator#run} called to
 * returned: run set-up, the simulation and the program's check. Divide the score by
 * {@code codelets} for the time per codelet; the native baseline of the same graph is
 * {@link NativeBaselineBench}. The graph and program are made once per trial and are not measured.
 *
 * <p>Each invocation gets a simulator of its own, made and closed outside the measured time (a
 * run takes tens of milliseconds or more, far above the cost of per-invocation fixtures), as
 * {@code edarts run} and {@code edarts bench} do: no run inherits another's actors or garbage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
public class SimulateRandomDagBench {
    @Param({"10000", "100000"})
    public int codelets;

    @Param({"parallella16", "ideal"})
    public String machine;

    /**
     * Machine key overrides, {@code ;}-separated ({@code epiphany.contention=off} compares the
     * contended mesh with uncontended costs); empty for none.
     */
    @Param({""})
    public String set;

    /** Simulator host threads; 0 means one per available processor. */
    @Param({"0"})
    public int hostThreads;

    private int threads;
    private Program<long[]> program;
    private Target target;
    private Simulator simulator;

    @Setup(Level.Trial)
    public void setUp() {
        threads = hostThreads > 0 ? hostThreads : Runtime.getRuntime().availableProcessors();
        program = GraphProgram.of("random-dag", RandomDag.generate(codelets, 1), Map.of("codelets",
                Integer.toString(codelets)));
        target = targetFor(MachineLoader.load(machine, set.isEmpty() ? List.of() : List.of(set.split(";"))));
    }

    @Setup(Level.Invocation)
    public void startSimulator() {
        simulator = Simulator.create(threads);
    }

    @TearDown(Level.Invocation)
    public void closeSimulator() {
        simulator.close();
    }

    @Benchmark
    public RunResult simulate() {
        RunResult r = simulator.run(program, target, RunOptions.defaults());
        if (!r.succeeded()) {
            throw new IllegalStateException("simulation failed: " + r.message());
        }
        return r;
    }

    private static Target targetFor(Machine m) {
        return io.edarts.epiphany.Targets.forMachine(m);
    }
}
