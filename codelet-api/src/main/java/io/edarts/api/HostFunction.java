package io.edarts.api;

/**
 * A user-defined host function: Java code the host runs when a core makes host call
 * {@link Call#number()} ({@link CodeletContext#hostCall}), registered with
 * {@link Program#withHostFunction}. The runtime calls it on its own thread, one call at a time, in
 * the order the host carries the calls out (a deterministic order in simulated time), so it may keep
 * state without locks. What it returns is the call's result; an exception it throws fails the run,
 * naming the calling codelet.
 */
@FunctionalInterface
public interface HostFunction {
    /**
     * One call, as the host sees it.
     *
     * @param number the call number
     * @param args   the register arguments (a copy)
     * @param core   the calling core (row-major index)
     * @param cycle  the cycle the core made the call
     */
    record Call(int number, long[] args, int core, long cycle) {
        public Call {
            args = args.clone();
        }

        /** Argument {@code i}. */
        public long arg(int i) {
            return args[i];
        }
    }

    /** Carries out {@code call} and returns its result. */
    long call(Call call);
}
