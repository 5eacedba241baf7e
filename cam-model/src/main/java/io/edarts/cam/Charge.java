package io.edarts.cam;

/**
 * The cycles one firing costs on its core, split the way the report shows them. Mutable and reused;
 * filled by {@link CoreModel#fire}.
 */
public final class Charge {
    /** Popping the ready pool and calling the body. */
    public long dispatch;
    /** Getting the code to the core: cache lookup, miss copy, or stalls of executing it remotely. */
    public long code;
    /** The body itself: instructions and data accesses, including remote-data stalls. */
    public long body;
    /** Decrementing dependent slots and writing the completion signal. */
    public long signal;
    /** What the same firing would cost with all code local and free scheduling (for slowdowns). */
    public long ideal;

    public void reset() {
        dispatch = code = body = signal = ideal = 0;
    }

    public long total() {
        return dispatch + code + body + signal;
    }
}
