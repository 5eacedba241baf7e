package io.edarts.cam;

/** What an allocation in a {@link MemoryPlan} holds: code and data compete for the same memory. */
public enum MemoryKind {
    /** Resident code: local code objects, a code cache, a dynamic-call region. */
    CODE,
    /** Data buffers. */
    DATA
}
