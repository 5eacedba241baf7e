package io.edarts.api;

/**
 * What a codelet declares it costs per firing: plain cycles plus instructions by kind. A body may
 * charge more as it runs ({@link CodeletContext#compute}, {@link CodeletContext#load}); the target
 * turns the total into cycles (and says how few cycles it can take: {@code Target.lowerBoundCycles}).
 */
public record Cost(long cycles, long ialu, long fpu, long loadStore, long branches) {
    public static final Cost ZERO = new Cost(0, 0, 0, 0, 0);

    /** @throws IllegalArgumentException if any count is negative or their sum overflows a long */
    public Cost {
        if (cycles < 0 || ialu < 0 || fpu < 0 || loadStore < 0 || branches < 0) {
            throw new IllegalArgumentException("negative cost: " + cycles + " cycles, " + ialu + " ialu, "
                    + fpu + " fpu, " + loadStore + " load/store, " + branches + " branches");
        }
        try {
            Math.addExact(cycles, Math.addExact(Math.addExact(ialu, fpu), Math.addExact(loadStore, branches)));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cost overflows a 64-bit cycle count: " + cycles + " cycles, " + ialu
                    + " ialu, " + fpu + " fpu, " + loadStore + " load/store, " + branches + " branches");
        }
    }

    /** A cost of plain cycles. */
    public static Cost cycles(long cycles) {
        return cycles == 0 ? ZERO : new Cost(cycles, 0, 0, 0, 0);
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
