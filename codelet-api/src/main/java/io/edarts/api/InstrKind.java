package io.edarts.api;

/** Instruction classes a body can charge: integer ALU, floating point, load/store and branch. */
public enum InstrKind {
    IALU,
    FPU,
    LOAD_STORE,
    BRANCH
}
