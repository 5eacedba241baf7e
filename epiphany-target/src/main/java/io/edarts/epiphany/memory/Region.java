package io.edarts.epiphany.memory;

/**
 * What a piece of a core's 32 KB is for. The local memory is shared by the runtime, code, data and
 * the stack (epiphany-facts.md, "local memory"); each has its own budget ({@link RegionBudget}).
 */
public enum Region {
    /** IVT, loader configuration, crt0 and the codelet runtime (resident). */
    RUNTIME,
    /** Application code: resident codelets, the code cache and the dynamic-call region. */
    CODE,
    /** Globals, ready pools, sync slots, TP frames. */
    DATA,
    /** The C stack, growing down from the top of bank 3 (fast.ldf). */
    STACK
}
