package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.api.Dag;
import io.edarts.api.HostCalls;
import io.edarts.api.Program;
import io.edarts.cam.CoreRole;
import io.edarts.cam.Machine;
import java.util.Map;

/**
 * The figure COPRTHR-2 measures for host calls: each of {@code cores} CUs makes {@code calls}
 * empty user-defined host calls, one after the other, in one firing (a loop around the call):
 *
 * <pre>
 *   calls(0,1)   calls(0,2)   ...     each: K x hostCall(EMPTY) -- the core waits for each answer
 * </pre>
 *
 * The host function {@link #EMPTY} does nothing and answers 0, so what the run's {@code hostCalls}
 * report measures is the cost of the mechanism: the core's wait from flagging a call to seeing the
 * answer. With one core that is the call alone; with several their calls queue at the host's one
 * daemon. The check: every call was answered.
 */
public final class HostCallsProgram {
    /** The call number of the empty host function, the first user-defined number. */
    public static final int EMPTY = HostCalls.USER_BASE;
    /** Calls per core when not given. */
    public static final int DEFAULT_CALLS = 10;
    /** The most calls per core accepted. */
    public static final int MAX_CALLS = 1_000_000;
    /**
     * The most calls of all cores together (cores x calls). A run keeps every call until its end: its
     * request, its accesses and, on the Epiphany target, its ops in the core's firing script (about
     * 1.1 KB a call: 15 x 100,000 calls took 1.66 GB), so the default 2 GB heap of {@code ./edarts}
     * holds about a million; refused before the run rather than dying of OutOfMemoryError in it.
     */
    public static final long MAX_TOTAL_CALLS = 1_000_000;

    /** Per core, the answers its calls got. */
    public static final class Frame {
        final long[] answered;

        Frame(int n) {
            answered = new long[n];
        }
    }

    private HostCallsProgram() {}

    /**
     * @throws IllegalArgumentException for cores outside 1..the machine's CUs, calls outside 1..{@value #MAX_CALLS},
     *                                  or more than {@value #MAX_TOTAL_CALLS} calls in all
     */
    public static Program<Frame> of(int cores, int calls, Machine m) {
        int[] cus = java.util.stream.IntStream.range(0, m.coreCount()).filter(c -> m.role(c) == CoreRole.CU).toArray();
        if (cores < 1 || cores > cus.length) {
            throw new IllegalArgumentException("host-calls --cores " + cores + ": expected 1.." + cus.length + " (the CUs of "
                    + m.name() + ")");
        }
        if (calls < 1 || calls > MAX_CALLS) {
            throw new IllegalArgumentException("host-calls --calls " + calls + ": expected 1.." + MAX_CALLS);
        }
        if ((long) cores * calls > MAX_TOTAL_CALLS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "host-calls --cores %d --calls %d: "
                    + "%,d calls in all; a run keeps every call's record until its end (about 1.1 KB each), so it takes "
                    + "at most %,d calls in all (cores x calls)", cores, calls, (long) cores * calls, MAX_TOTAL_CALLS));
        }
        Dag.Builder<Frame> g = Dag.builder("host-calls");
        for (int i = 0; i < cores; i++) {
            final int task = i;
            g.task("calls(" + m.row(cus[i]) + "," + m.col(cus[i]) + ")", ctx -> {
                Frame f = ctx.frame();
                for (int k = 0; k < calls; k++) {
                    ctx.hostCall(EMPTY, new long[0], r -> f.answered[task]++);
                }
            }).affinity(cus[i]).cycles(1);
        }
        return g.build(() -> new Frame(cores), f -> {
            for (int i = 0; i < cores; i++) {
                if (f.answered[i] != calls) {
                    return CheckResult.failed("core " + cus[i] + " got " + f.answered[i] + " answers to " + calls + " calls");
                }
            }
            return CheckResult.passed(cores + " x " + calls + " empty host calls answered");
        }, Map.of("cores", Integer.toString(cores), "calls", Integer.toString(calls)))
                .withHostFunction(EMPTY, "empty", call -> 0);
    }
}
