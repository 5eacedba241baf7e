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
    /** How the code got there, when it was worth a trace event ("cache miss", "in place"), else null. */
    public String codeEvent;
    /** Whether the code is in this core's local memory after the firing (for code-locality scheduling). */
    public boolean codeResident;
    /** Names of code objects this firing evicted from the core's cache (empty most of the time). */
    public final java.util.List<String> evicted = new java.util.ArrayList<>(2);

    public void reset() {
        dispatch = code = body = signal = ideal = 0;
        codeEvent = null;
        codeResident = false;
        evicted.clear();
    }

    public long total() {
        return dispatch + code + body + signal;
    }
}
