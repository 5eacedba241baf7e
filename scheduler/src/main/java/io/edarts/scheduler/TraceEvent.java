package io.edarts.scheduler;

/**
 * One event of a run's trace, in simulated cycles on one core's track. The scheduler records these
 * and knows nothing of how they are written; a {@link TraceFormat} encodes them.
 */
public sealed interface TraceEvent {
    /** The core whose track the event is on. */
    int core();

    /**
     * A codelet firing.
     *
     * @param codelet    the codelet's label (procedure instance and codelet name)
     * @param startCycle when the CU began the firing
     * @param cycles     how long it took, dispatch to signal
     */
    record Firing(String codelet, int core, long startCycle, long cycles) implements TraceEvent {}

    /**
     * A moment on a core: a cache miss, an eviction, an execution in place.
     *
     * @param what    what happened, e.g. {@code "cache miss fib"} or {@code "evict body"}
     * @param atCycle when
     */
    record Instant(String what, int core, long atCycle) implements TraceEvent {}

    /** An SU's scheduling decision, on the SU's own track. */
    record Decision(int core, long startCycle, long cycles) implements TraceEvent {}

    /**
     * A stretch of the host node's time (a transfer, a signal, host work), on the host's own track
     * ({@link #core} is -1).
     *
     * @param what       what the host did
     * @param startCycle when it began
     * @param cycles     how long it took
     * @param toCore     the core it moved data to or from, or -1
     * @param bytes      the bytes it moved
     */
    record Host(String what, long startCycle, long cycles, int toCore, long bytes) implements TraceEvent {
        @Override
        public int core() {
            return -1;
        }
    }
}
