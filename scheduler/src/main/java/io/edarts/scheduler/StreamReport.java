package io.edarts.scheduler;

import java.util.List;

/**
 * What a streamed run measured per instance ({@link Simulator#run(io.edarts.api.Program,
 * io.edarts.cam.Target, RunOptions, InstanceStream)}): when each instance arrived, was admitted into
 * the machine and completed, and the throughput and latency distributions derived from them. All in
 * simulated cycles.
 *
 * @param inFlight     the in-flight bound K
 * @param arrivals     how the instances arrived ({@link InstanceStream#label})
 * @param instances    every admitted instance, in arrival order
 * @param spanCycles   from the first arrival to the last completion
 * @param latency      completion minus arrival, over the completed instances
 * @param queueing     admission minus arrival (the wait outside the machine for a slot)
 * @param service      completion minus admission (the time inside the machine)
 * @param mostInFlight the most instances admitted and not completed at any cycle (at most K)
 */
public record StreamReport(int inFlight, String arrivals, List<Instance> instances, long spanCycles,
                           Distribution latency, Distribution queueing, Distribution service, int mostInFlight) {
    public StreamReport {
        instances = List.copyOf(instances);
    }

    /**
     * One instance: its index in the stream, its arrival, admission and completion cycles
     * ({@code completedCycle} -1 if it never completed), and its own check.
     */
    public record Instance(int index, long arrivalCycle, long admittedCycle, long completedCycle, String check,
                           String message) {
        public long latencyCycles() {
            return completedCycle - arrivalCycle;
        }

        public long queueingCycles() {
            return admittedCycle - arrivalCycle;
        }

        public long serviceCycles() {
            return completedCycle - admittedCycle;
        }
    }

    /**
     * A distribution of cycles per instance: {@code mean} (rounded), {@code p50}, {@code p90},
     * {@code p99} (HdrHistogram, 3 significant digits, never above {@code max}) and {@code max} (exact).
     */
    public record Distribution(long mean, long p50, long p90, long p99, long max) {
        public static final Distribution NONE = new Distribution(0, 0, 0, 0, 0);
    }

    /** Instances that completed. */
    public long completed() {
        return instances.stream().filter(i -> i.completedCycle() >= 0).count();
    }

    /** Completed instances per million cycles of {@link #spanCycles} (0 for an empty span). */
    public double throughputPerMillionCycles() {
        return spanCycles <= 0 ? 0 : completed() * 1e6 / spanCycles;
    }
}
