package io.edarts.bench;

import io.edarts.examples.bench.NativeBaseline;
import io.edarts.examples.graph.RandomDag;
import java.util.concurrent.ForkJoinPool;
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
 * The native baseline: the bodies of the same {@code random-dag} graphs as
 * {@link SimulateRandomDagBench}, run on a fork-join pool with atomic dependency counters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
public class NativeBaselineBench {
    @Param({"10000", "100000"})
    public int codelets;

    /** Pool parallelism; 0 means one thread per available processor. */
    @Param({"0"})
    public int threads;

    private NativeBaseline baseline;
    private ForkJoinPool pool;

    @Setup(Level.Trial)
    public void setUp() {
        baseline = NativeBaseline.prepare(RandomDag.generate(codelets, 1));
        pool = new ForkJoinPool(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdown();
    }

    @Benchmark
    public long[] execute() {
        return baseline.execute(pool);
    }
}
