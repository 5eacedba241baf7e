package io.edarts.cam;

/**
 * Where a buffer lives in the machine's memories: one bank of one core's local memory, anywhere in
 * one core's local memory, the external memory, or the local memory of whichever core fires the
 * codelet that touches it (per-core private data: one copy in every CU's local memory, at the same
 * local offset, as a C global is in each core's image). Coordinates are checked against the machine
 * when the buffer is allocated.
 *
 * @param kind which of the four
 * @param row  the core's row for {@link Kind#BANK} and {@link Kind#CORE}, else -1
 * @param col  the core's column for {@link Kind#BANK} and {@link Kind#CORE}, else -1
 * @param bank the bank for {@link Kind#BANK}, else -1
 */
public record BufferPlace(Kind kind, int row, int col, int bank) {
    /** The four kinds of place. */
    public enum Kind {
        /** One bank of one core's local memory: the buffer must fit that bank. */
        BANK,
        /** Anywhere in one core's local memory (it may span banks). */
        CORE,
        /** The machine's external memory (DRAM). */
        EXTERNAL,
        /** The firing core's own local memory: a private copy on every CU. */
        FIRING_CORE
    }

    /** @throws IllegalArgumentException for a null kind or coordinates that do not suit it */
    public BufferPlace {
        if (kind == null) {
            throw new IllegalArgumentException("a buffer place needs a kind");
        }
        boolean onCore = kind == Kind.BANK || kind == Kind.CORE;
        if (onCore && (row < 0 || col < 0)) {
            throw new IllegalArgumentException("buffer place " + kind + ": row and column must be >= 0, got (" + row
                    + "," + col + ")");
        }
        if (kind == Kind.BANK && bank < 0) {
            throw new IllegalArgumentException("buffer place BANK: bank must be >= 0, got " + bank);
        }
        if (!onCore && (row != -1 || col != -1 || bank != -1)) {
            throw new IllegalArgumentException("buffer place " + kind + " names no core or bank, got (" + row + ","
                    + col + ") bank " + bank);
        }
        if (kind == Kind.CORE && bank != -1) {
            throw new IllegalArgumentException("buffer place CORE names no bank, got bank " + bank);
        }
    }

    /**
     * Bank {@code bank} of core ({@code row}, {@code col})'s local memory.
     *
     * @throws IllegalArgumentException for a negative coordinate or bank
     */
    public static BufferPlace bank(int row, int col, int bank) {
        return new BufferPlace(Kind.BANK, row, col, bank);
    }

    /**
     * Anywhere in core ({@code row}, {@code col})'s local memory.
     *
     * @throws IllegalArgumentException for a negative coordinate
     */
    public static BufferPlace core(int row, int col) {
        return new BufferPlace(Kind.CORE, row, col, -1);
    }

    /** The external memory (DRAM). */
    public static BufferPlace external() {
        return new BufferPlace(Kind.EXTERNAL, -1, -1, -1);
    }

    /** The local memory of the core that fires: one private copy per CU. */
    public static BufferPlace firingCore() {
        return new BufferPlace(Kind.FIRING_CORE, -1, -1, -1);
    }

    /** Whether the place is one named core's memory ({@link Kind#BANK} or {@link Kind#CORE}). */
    public boolean isOnCore() {
        return kind == Kind.BANK || kind == Kind.CORE;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BANK -> "bank " + bank + " of core (" + row + "," + col + ")";
            case CORE -> "core (" + row + "," + col + ")";
            case EXTERNAL -> "external memory";
            case FIRING_CORE -> "the firing core's local memory";
        };
    }
}
