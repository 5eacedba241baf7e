package io.edarts.cam;

/** What a core does in the Codelet Abstract Machine. */
public enum CoreRole {
    /** Synchronization Unit: schedules the codelets of its cluster. */
    SU,
    /** Computation Unit: fires codelets. */
    CU
}
