package io.edarts.epiphany.cache;

/**
 * Where the bytes of a code object are read from: external DRAM or the local memory of another
 * core. Core numbers are the machine's linear core indices, as in {@code io.edarts.cam.Work}
 * ({@code codeHomeCore}, where -1 means DRAM).
 *
 * @param core the core holding the code, or -1 for external DRAM
 */
public record CodeSource(int core) {
    /** External DRAM behind the off-chip link (epiphany-facts.md, "Parallella external DRAM"). */
    public static final CodeSource DRAM = new CodeSource(-1);

    /** @throws IllegalArgumentException if {@code core < -1} */
    public CodeSource {
        if (core < -1) {
            throw new IllegalArgumentException("core must be -1 (DRAM) or a core index >= 0, got " + core);
        }
    }

    /**
     * The local memory of core {@code core}.
     *
     * @throws IllegalArgumentException if {@code core < 0}
     */
    public static CodeSource core(int core) {
        if (core < 0) {
            throw new IllegalArgumentException("core index must be >= 0, got " + core);
        }
        return new CodeSource(core);
    }

    public boolean isDram() {
        return core < 0;
    }

    @Override
    public String toString() {
        return isDram() ? "DRAM" : "core " + core;
    }
}
