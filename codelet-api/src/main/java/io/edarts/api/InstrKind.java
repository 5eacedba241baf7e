package io.edarts.api;

/** Instruction classes a body can charge, matching the eCore's execution units. */
public enum InstrKind {
    IALU,
    FPU,
    LOAD_STORE,
    BRANCH
}
