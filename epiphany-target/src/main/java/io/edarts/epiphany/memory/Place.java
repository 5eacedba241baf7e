package io.edarts.epiphany.memory;

/**
 * Where an allocation goes: one bank of one core's local memory, anywhere in one core's local
 * memory, or the external DRAM.
 *
 * @param core core index, or -1 for DRAM
 * @param bank bank of that core (0..3 on the eCore), or -1 for any bank of it, or -1 for DRAM
 */
public record Place(int core, int bank) {
    /** @throws IllegalArgumentException unless both are -1 (DRAM), the core is >= 0 and the bank >= -1 */
    public Place {
        boolean dram = core == -1 && bank == -1;
        if (!dram && (core < 0 || bank < -1)) {
            throw new IllegalArgumentException("a place is a core's bank (both >= 0), a core's memory (core >= 0,"
                    + " bank -1) or DRAM (both -1), got core " + core + ", bank " + bank);
        }
    }

    /** Anywhere in core {@code core}'s local memory (an allocation may span banks). */
    public static Place core(int core) {
        if (core < 0) {
            throw new IllegalArgumentException("core must be >= 0, got " + core);
        }
        return new Place(core, -1);
    }

    /** Whether this is a whole core's memory rather than one bank or DRAM. */
    public boolean isAnyBank() {
        return core >= 0 && bank < 0;
    }

    /** Bank {@code bank} of core {@code core}. */
    public static Place bank(int core, int bank) {
        if (core < 0 || bank < 0) {
            throw new IllegalArgumentException("core and bank must be >= 0, got core " + core + ", bank " + bank);
        }
        return new Place(core, bank);
    }

    /** The external DRAM window. */
    public static Place dram() {
        return new Place(-1, -1);
    }

    public boolean isDram() {
        return core < 0;
    }

    @Override
    public String toString() {
        return isDram() ? "DRAM" : bank < 0 ? "core " + core : "core " + core + " bank " + bank;
    }
}
