package io.edarts.epiphany.memory;

/**
 * What a piece of a core's 32 KB is for. The local memory is shared by the runtime, code, data and
 * the stack (epiphany-facts.md, "local memory"); the runtime and the stack are reserved
 * ({@link RegionBudget}), code and data compete for the rest.
 */
public enum Region {
    /** IVT, loader configuration, crt0 and the codelet runtime (resident). */
    RUNTIME,
    /** Application code: resident codelets, the code cache and the dynamic-call region. */
    CODE,
    /** Buffers: a program's globals and its procedures' data. */
    DATA,
    /** The C stack, growing down from the top of bank 3 (fast.ldf). */
    STACK
}
