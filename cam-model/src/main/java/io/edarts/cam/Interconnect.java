package io.edarts.cam;

/**
 * The shared resources of a machine (links, routers, the off-chip link) that firings and the
 * runtime's messages contend for, as a discrete-event model driven by one owner in virtual time.
 *
 * <p>Contract. The owner submits work with {@link #send} and {@link #fire} at cycles no earlier
 * than the interconnect's current time, and advances it one event at a time with {@link #step};
 * completions come back through {@link Done} callbacks during {@code step}, at the cycle the work
 * ended. A firing or message alone on an idle interconnect takes exactly its uncontended cost
 * ({@link Charge#cost()} total, {@link Target#messageCycles}); sharing can only make it longer.
 * Deterministic: the same calls in the same order give the same callbacks. Not thread-safe.
 */
public interface Interconnect {

    /** Called when submitted work ends. */
    @FunctionalInterface
    interface Done {
        void done(long cycle);
    }

    /**
     * A message of {@code bytes} from core {@code from} to core {@code to} (a posted write), injected
     * at {@code cycle}; {@code done} when its last byte is delivered.
     */
    void send(int from, int to, int bytes, long cycle, Done done);

    /**
     * Runs the firing charged {@code charge} on {@code core} from {@code cycle}, replaying its
     * {@link Charge#traffic()}; {@code done} at the cycle the firing ends.
     */
    void fire(int core, Charge charge, long cycle, Done done);

    /**
     * Runs {@code transfer} on channel {@code channel} of core {@code core}'s DMA engine from
     * {@code cycle}; {@code done} when its last byte has landed. Alone on an idle interconnect it takes
     * {@link Target#dmaCycles}; sharing can only make it longer.
     *
     * @throws UnsupportedOperationException if this interconnect models no DMA engine
     */
    default void dma(int core, int channel, Dma transfer, long cycle, Done done) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " models no DMA engine");
    }

    /**
     * The owner's promise that from now on it submits in nondecreasing cycle order (as one scheduling
     * unit driving its own interconnect does, not several owners sharing one): the interconnect may
     * then start a submission at once instead of queueing it as an event. A submission that breaks
     * the promise fails with {@link IllegalStateException}. The same calls give the same callbacks
     * with or without it.
     */
    default void submitsInOrder() {
        // an interconnect that gains nothing from the promise ignores it
    }

    /**
     * Core {@code core} asks its host to carry out {@code call}: at {@code cycle} its request is
     * stored where the host reads it and its run-state says so; the core then waits. {@code done} at
     * the cycle the core sees the host's answer. Calls from several cores queue at the host. The
     * default, for machines without a host model, answers at {@code cycle}, before returning.
     */
    default void hostCall(int core, HostCall call, long cycle, Done done) {
        done.done(cycle);
    }

    /**
     * Core {@code core} calls a unit directly ({@link Target#offloadsDirectly}): from {@code cycle} it
     * sends the call and its input to the unit and waits; {@code done} at the cycle it sees the
     * unit's answer. Calls from several cores queue at the unit, and their traffic shares the
     * machine with everything else. Alone on an idle interconnect the call takes
     * {@code cost.total()} ({@link Target#offloadCost}). The default, for interconnects without a
     * unit model, answers after {@code cost.total()}, before returning.
     */
    default void offload(int core, Offload call, OffloadCost cost, long cycle, Done done) {
        done.done(Math.addExact(cycle, cost.total()));
    }

    /**
     * One host call the machine's host carried out, for the host's timeline: {@code core} flagged
     * {@code call} at {@code flagged}, the host took it up at {@code seen} and the core saw the
     * answer at {@code answered}; the host was busy with it from {@code seen} to {@code answered}.
     */
    record HostService(int core, HostCall call, long flagged, long seen, long answered) {
        /** The call's number. */
        public int number() {
            return call.number();
        }
    }

    /**
     * The host calls carried out so far, in the order the host served them; empty for an
     * interconnect without a host model (whose calls take no host time).
     */
    default java.util.List<HostService> hostServices() {
        return java.util.List.of();
    }

    /** The cycle of the next event, or {@link Long#MAX_VALUE} when nothing is in flight. */
    long nextEventCycle();

    /** Processes the next event, which may call back {@link Done}s. */
    void step();

    /**
     * Processes the next event if it comes before {@code cycle}: what
     * {@code if (nextEventCycle() < cycle) step();} does, in one call (a shared chip's time keeper
     * steps the mesh this way between the SUs' turns, once per event).
     *
     * @return whether an event was processed
     */
    default boolean stepBefore(long cycle) {
        if (nextEventCycle() >= cycle) {
            return false;
        }
        step();
        return true;
    }

    /**
     * What each directed link between nodes carried so far, as measured (bytes, busy cycles, cycles
     * transfers waited for it), in a fixed order; empty if this interconnect measures no links.
     */
    default java.util.List<LinkLoad> linkLoads() {
        return java.util.List.of();
    }
}
