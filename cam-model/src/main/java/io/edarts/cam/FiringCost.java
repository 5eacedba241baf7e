package io.edarts.cam;

/**
 * The cycles one firing costs on its core, split the way every report shows them, and what the same
 * work would cost with all code local and free scheduling. The one shape of a cost breakdown: a
 * target's {@link CoreModel} returns it, the scheduler sums it, the reports print it.
 *
 * @param dispatch popping the ready pool and calling the body
 * @param code     getting the code to the core: cache lookup, miss copy, or stalls of executing it remotely
 * @param body     the body itself: instructions and data accesses, including remote-data stalls
 * @param signal   decrementing dependent slots and writing the completion signal
 * @param ideal    the same work with all code local and free scheduling (the base of slowdowns)
 */
public record FiringCost(long dispatch, long code, long body, long signal, long ideal) {
    public static final FiringCost ZERO = new FiringCost(0, 0, 0, 0, 0);

    /**
     * @throws IllegalArgumentException if a phase is negative or the phases' sum overflows a long
     */
    public FiringCost {
        if (dispatch < 0 || code < 0 || body < 0 || signal < 0 || ideal < 0) {
            throw new IllegalArgumentException("negative firing cost: dispatch " + dispatch + ", code " + code
                    + ", body " + body + ", signal " + signal + ", ideal " + ideal);
        }
        try {
            Math.addExact(Math.addExact(dispatch, code), Math.addExact(body, signal));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("firing cost overflows the cycle counter: dispatch " + dispatch
                    + " + code " + code + " + body " + body + " + signal " + signal);
        }
    }

    /** Cycles the firing holds its core: every phase but {@code ideal}. */
    public long total() {
        return dispatch + code + body + signal;
    }

    /**
     * Phase-wise sum.
     *
     * @throws ArithmeticException if a sum overflows a long
     */
    public FiringCost plus(FiringCost o) {
        return new FiringCost(Math.addExact(dispatch, o.dispatch), Math.addExact(code, o.code),
                Math.addExact(body, o.body), Math.addExact(signal, o.signal), Math.addExact(ideal, o.ideal));
    }

    /** How many times the ideal these firings took ({@code total / ideal}; 1 when there was no work). */
    public double slowdown() {
        return ideal == 0 ? 1 : (double) total() / ideal;
    }

    /**
     * The share of all cycles spent (by CUs and SUs) on anything but the ideal work: scheduling,
     * dispatch, signalling and code movement.
     *
     * @param schedulerCycles cycles the SUs were busy deciding placements
     */
    public double overheadFraction(long schedulerCycles) {
        long all = total() + schedulerCycles;
        return all == 0 ? 0 : (double) (all - ideal) / all;
    }
}
