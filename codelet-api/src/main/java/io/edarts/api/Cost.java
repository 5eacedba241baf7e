package io.edarts.api;

/**
 * What a codelet declares it costs per firing: plain cycles plus instructions by kind. A body may
 * charge more as it runs ({@link CodeletContext#compute}, {@link CodeletContext#load}); the target
 * turns the total into cycles (and says how few cycles it can take: {@code Target.lowerBoundCycles}).
 */
public record Cost(long cycles, long ialu, long fpu, long loadStore, long branches) {
    public static final Cost ZERO = new Cost(0, 0, 0, 0, 0);

    /**
     * The largest {@link #total()} of one cost, and of the costs of all codelets of one threaded
     * procedure (checked when it is built): 2^62 cycles, 24 years at 600 MHz. It leaves a factor of
     * two below {@code Long.MAX_VALUE} for what a run adds (dispatch, code movement, signals), so the
     * simulated clock cannot overflow on a legal input. Task-graph files are held to the same bound.
     */
    public static final long MAX_TOTAL = 1L << 62;

    /** @throws IllegalArgumentException if any count is negative or the total exceeds {@link #MAX_TOTAL} */
    public Cost {
        if (cycles < 0 || ialu < 0 || fpu < 0 || loadStore < 0 || branches < 0) {
            throw new IllegalArgumentException("negative cost: " + describe(cycles, ialu, fpu, loadStore, branches));
        }
        long room = MAX_TOTAL;
        for (long part : new long[] {cycles, ialu, fpu, loadStore, branches}) {
            if (part > room) {
                throw new IllegalArgumentException("cost of " + describe(cycles, ialu, fpu, loadStore, branches)
                        + " exceeds the limit of " + MAX_TOTAL + " (2^62) cycles and instructions in all");
            }
            room -= part;
        }
    }

    private static String describe(long cycles, long ialu, long fpu, long loadStore, long branches) {
        return cycles + " cycles, " + ialu + " ialu, " + fpu + " fpu, " + loadStore + " load/store, "
                + branches + " branches";
    }

    /** Declared cycles plus instructions of every kind: the quantity {@link #MAX_TOTAL} bounds. */
    public long total() {
        return cycles + ialu + fpu + loadStore + branches;
    }

    /**
     * Plain-cycle costs below this are shared: graphs of millions of codelets declare costs from a
     * few thousand values, and one 56-byte record per codelet was 560 MB at ten million.
     */
    private static final int SHARED_CYCLES = 1 << 14;
    /** Made on first use; a race makes equal records twice, which is harmless (records are immutable). */
    private static final Cost[] SHARED = new Cost[SHARED_CYCLES];

    /** A cost of plain cycles. */
    public static Cost cycles(long cycles) {
        if (cycles == 0) {
            return ZERO;
        }
        if (cycles > 0 && cycles < SHARED_CYCLES) {
            Cost c = SHARED[(int) cycles];
            if (c == null) {
                c = new Cost(cycles, 0, 0, 0, 0);
                SHARED[(int) cycles] = c;
            }
            return c;
        }
        return new Cost(cycles, 0, 0, 0, 0);
    }

    /** A cost given as instructions by kind. */
    public static Cost instructions(long ialu, long fpu, long loadStore, long branches) {
        return new Cost(0, ialu, fpu, loadStore, branches);
    }

    /** Instructions over all kinds. */
    public long instructions() {
        return ialu + fpu + loadStore + branches;
    }
}
