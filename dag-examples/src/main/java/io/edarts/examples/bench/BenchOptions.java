package io.edarts.examples.bench;

import io.edarts.examples.graph.RandomDag;
import io.edarts.scheduler.Policies;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Bench#run} measures: {@code random-dag} graphs of the given sizes, each simulated on
 * {@code machine} (with {@code overrides}), on the {@code ideal} machine when {@code compareIdeal},
 * and run natively on a fork-join pool when {@code nativeBaseline}.
 *
 * @param sizes          codelet counts, each 1..{@link RandomDag#MAX_CODELETS}, run in this order
 * @param seed           seed of every graph
 * @param machine        built-in machine name or machine file
 * @param overrides      {@code key=value} machine overrides
 * @param policy         placement policy ({@link Policies#names()})
 * @param hostThreads    simulator host threads, and the parallelism of the native baseline, 1..256
 * @param repetitions    timed runs of each measurement, 1..1000; best and median are reported
 * @param compareIdeal   also simulate each graph on the {@code ideal} machine
 * @param nativeBaseline also run each graph's bodies natively
 * @param outputDir      where {@code bench.json} is written, or {@code null} for nowhere
 */
public record BenchOptions(List<Integer> sizes, long seed, String machine, List<String> overrides, String policy,
                           int hostThreads, int repetitions, boolean compareIdeal, boolean nativeBaseline,
                           Path outputDir) {
    /** The sizes of the issue: ten thousand, a hundred thousand and a million codelets. */
    public static final List<Integer> DEFAULT_SIZES = List.of(10_000, 100_000, 1_000_000);
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_REPETITIONS = 3;
    public static final int MAX_HOST_THREADS = 256;
    public static final int MAX_REPETITIONS = 1000;

    /**
     * @throws IllegalArgumentException for no sizes or a size out of range, a blank machine, an
     *                                  unknown policy, or a thread or repetition count out of range
     * @throws NullPointerException     for a null list, machine or policy
     */
    public BenchOptions {
        sizes = List.copyOf(Objects.requireNonNull(sizes, "sizes"));
        overrides = List.copyOf(Objects.requireNonNull(overrides, "overrides"));
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(policy, "policy");
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("sizes are empty: expected at least one codelet count");
        }
        for (int n : sizes) {
            if (n < 1 || n > RandomDag.MAX_CODELETS) {
                throw new IllegalArgumentException("size " + n + ": expected 1.." + RandomDag.MAX_CODELETS);
            }
        }
        if (machine.isBlank()) {
            throw new IllegalArgumentException("machine is blank: expected one of "
                    + io.edarts.cam.MachineRegistry.builtInNames() + " or a file");
        }
        Policies.byName(policy);
        if (hostThreads < 1 || hostThreads > MAX_HOST_THREADS) {
            throw new IllegalArgumentException("host threads " + hostThreads + ": expected 1.." + MAX_HOST_THREADS);
        }
        if (repetitions < 1 || repetitions > MAX_REPETITIONS) {
            throw new IllegalArgumentException("repetitions " + repetitions + ": expected 1.." + MAX_REPETITIONS);
        }
    }

    /**
     * The benchmark: 10k, 100k and 1M codelets on {@code parallella16}, default policy, one
     * host thread per processor, 3 repetitions, the ideal and native comparisons, no file.
     */
    public static BenchOptions defaults() {
        return new BenchOptions(DEFAULT_SIZES, DEFAULT_SEED, io.edarts.epiphany.Targets.DEFAULT_MACHINE, List.of(), Policies.DEFAULT,
                Math.min(MAX_HOST_THREADS, Runtime.getRuntime().availableProcessors()), DEFAULT_REPETITIONS,
                true, true, null);
    }

    public BenchOptions withSizes(List<Integer> s) {
        return new BenchOptions(s, seed, machine, overrides, policy, hostThreads, repetitions, compareIdeal,
                nativeBaseline, outputDir);
    }

    public BenchOptions withSizes(int... s) {
        return withSizes(java.util.Arrays.stream(s).boxed().toList());
    }

    public BenchOptions withSeed(long s) {
        return new BenchOptions(sizes, s, machine, overrides, policy, hostThreads, repetitions, compareIdeal,
                nativeBaseline, outputDir);
    }

    public BenchOptions withMachine(String m, List<String> o) {
        return new BenchOptions(sizes, seed, m, o, policy, hostThreads, repetitions, compareIdeal,
                nativeBaseline, outputDir);
    }

    public BenchOptions withPolicy(String p) {
        return new BenchOptions(sizes, seed, machine, overrides, p, hostThreads, repetitions, compareIdeal,
                nativeBaseline, outputDir);
    }

    public BenchOptions withHostThreads(int n) {
        return new BenchOptions(sizes, seed, machine, overrides, policy, n, repetitions, compareIdeal,
                nativeBaseline, outputDir);
    }

    public BenchOptions withRepetitions(int n) {
        return new BenchOptions(sizes, seed, machine, overrides, policy, hostThreads, n, compareIdeal,
                nativeBaseline, outputDir);
    }

    public BenchOptions withIdealComparison(boolean on) {
        return new BenchOptions(sizes, seed, machine, overrides, policy, hostThreads, repetitions, on,
                nativeBaseline, outputDir);
    }

    public BenchOptions withNativeBaseline(boolean on) {
        return new BenchOptions(sizes, seed, machine, overrides, policy, hostThreads, repetitions, compareIdeal,
                on, outputDir);
    }

    /** @param dir where {@code bench.json} goes (created if missing), or {@code null} for nowhere */
    public BenchOptions withOutputDir(Path dir) {
        return new BenchOptions(sizes, seed, machine, overrides, policy, hostThreads, repetitions, compareIdeal,
                nativeBaseline, dir);
    }
}
