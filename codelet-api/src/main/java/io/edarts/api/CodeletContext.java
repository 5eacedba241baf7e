package io.edarts.api;

/**
 * What a firing body sees: its threaded procedure's frame, where it runs, and the operations of the
 * codelet model. Bodies of codelets that are not ordered by dependencies must not write the same
 * data; the runtime may run them at once on different host threads.
 */
public interface CodeletContext<F> {
    /** The frame of the threaded procedure this codelet belongs to. */
    F frame();

    /** Index of this codelet in its threaded-procedure definition. */
    int index();

    /** Name of this codelet. */
    String name();

    /** The core (row-major index) firing this codelet. */
    int core();

    /** How many times this codelet instance fired before this firing (0 on the first). */
    long firing();

    /** The simulated cycle this firing started at, on the machine's clock. */
    long cycle();

    /** Charges {@code count} instructions of a kind on top of the declared cost. */
    void compute(InstrKind kind, long count);

    /** Charges a data load of {@code bytes} from a global address of the machine (or a local alias). */
    void load(long address, int bytes);

    /** Charges a data store of {@code bytes} to a global address of the machine (or a local alias). */
    void store(long address, int bytes);

    /** A reference to a slot of this threaded-procedure instance, for a callee to signal later. */
    SlotRef slot(SlotHandle slot);

    /** A reference to the enabling slot of a codelet of this instance. */
    SlotRef slotOf(CodeletHandle codelet);

    /** Decrements a slot when this firing completes; at zero its codelets become enabled. */
    void signal(SlotRef slot);

    /**
     * Starts a new threaded procedure with the given frame when this firing completes.
     *
     * @throws IllegalArgumentException for a null procedure or frame, naming this codelet
     */
    <G> void invoke(TpDefinition<G> procedure, G frame);

    /** Ends this threaded-procedure instance: its codelets that never fired are not waited for. */
    void exit();
}
