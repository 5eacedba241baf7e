package io.edarts.scheduler;

import akka.NotUsed;
import akka.stream.javadsl.Source;
import io.edarts.api.Program;
import java.util.function.IntFunction;

/**
 * A stream of program instances for {@link Simulator#run(Program, io.edarts.cam.Target, RunOptions,
 * InstanceStream)}: an akka-stream {@link Source} of {@link StreamArrival}s and the most instances the
 * simulated machine holds at once ({@code inFlight}, K). The source is pulled only as the machine's
 * slots free (back-pressure: at most K instances are admitted and not yet completed, and the source
 * builds an instance only when one is wanted, plus one ahead); it runs on a dispatcher of its own.
 *
 * <pre>{@code
 * InstanceStream s = InstanceStream.fixedInterval(8, 20_000, 2, i -> program);
 * RunResult r = sim.run(program, target, RunOptions.defaults(), s);
 * r.stream().throughputPerMillionCycles();
 * }</pre>
 *
 * Admission is decided in virtual time only: an instance arriving at cycle a is admitted at
 * max(a, the cycle its slot frees), in arrival order, whatever the host's speed.
 */
public final class InstanceStream {
    private final Source<StreamArrival, ?> source;
    private final int inFlight;
    private final String label;

    private InstanceStream(Source<StreamArrival, ?> source, int inFlight, String label) {
        this.source = source;
        this.inFlight = inFlight;
        this.label = label;
    }

    /**
     * A stream of whatever {@code source} emits, in order; their arrival cycles must not decrease
     * (a run whose stream goes back in time fails, naming the instance).
     *
     * @param label what the reports say the arrivals were, e.g. {@code "every 20000 cycles"}
     * @throws IllegalArgumentException for a null source or an in-flight bound below 1
     */
    public static InstanceStream of(Source<StreamArrival, ?> source, int inFlight, String label) {
        if (source == null) {
            throw new IllegalArgumentException("instance stream: null source");
        }
        checkInFlight(inFlight);
        return new InstanceStream(source, inFlight, label == null ? "" : label);
    }

    /**
     * {@code count} instances, instance i built by {@code build.apply(i)} (on the stream's side, when
     * it is pulled) and arriving at cycle {@code i * intervalCycles} (0: all at once).
     *
     * @throws IllegalArgumentException for a count or in-flight bound below 1, a negative interval or
     *                                  a last arrival beyond 2^63-1 cycles, naming the value
     */
    public static InstanceStream fixedInterval(int count, long intervalCycles, int inFlight,
                                               IntFunction<? extends Program<?>> build) {
        if (count < 1) {
            throw new IllegalArgumentException("stream of " + count + " instances: expected 1 or more");
        }
        checkInFlight(inFlight);
        if (intervalCycles < 0) {
            throw new IllegalArgumentException("arrival interval " + intervalCycles + " cycles: expected 0 or more");
        }
        try {
            Math.multiplyExact(intervalCycles, (long) count - 1);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("arrival interval " + intervalCycles + " cycles: " + count
                    + " instances would arrive beyond cycle 2^63-1", e);
        }
        if (build == null) {
            throw new IllegalArgumentException("stream of " + count + " instances: null instance builder");
        }
        Source<StreamArrival, NotUsed> s = Source.range(0, count - 1)
                .map(i -> StreamArrival.of(i * intervalCycles, build.apply(i)));
        return new InstanceStream(s, inFlight, intervalCycles == 0 ? "all at cycle 0"
                : "one every " + intervalCycles + " cycles");
    }

    private static void checkInFlight(int inFlight) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("in-flight bound " + inFlight + ": expected 1 or more instances");
        }
    }

    public Source<StreamArrival, ?> source() {
        return source;
    }

    /** The most instances admitted and not yet completed at any cycle (K). */
    public int inFlight() {
        return inFlight;
    }

    /** How the instances arrive, as the reports say it. */
    public String label() {
        return label;
    }
}
