package io.edarts.cam;

/**
 * One call a core makes to its host, as a cost model needs it: the call number, how many arguments
 * it passes in registers, and the bytes the host must read besides the call record (a string to
 * print, data to write), which it reads from the calling core's memory. Immutable.
 *
 * <p>Call numbers follow the convention of a host-call jump table: below {@link #UTILITY_BASE} the
 * host's system calls, from {@link #UTILITY_BASE} to {@link #USER_BASE} - 1 the run-time's
 * utilities, from {@link #USER_BASE} up functions the program registers.
 *
 * @param number       the call number, {@code >= 0}
 * @param registerArgs arguments passed in registers, 0..{@link #MAX_REGISTER_ARGS}
 * @param payloadBytes bytes the host reads from the core for this call, {@code >= 0}
 * @param hostWorkCycles cycles of the machine's clock the host itself works on the call beyond
 *                     moving its bytes (a driver's call to a unit, {@link Target#offloadCost}), {@code >= 0}
 */
public record HostCall(int number, int registerArgs, long payloadBytes, long hostWorkCycles) {
    /** First call number of the run-time's utilities. */
    public static final int UTILITY_BASE = 512;
    /** First call number of user-defined functions. */
    public static final int USER_BASE = 1024;
    /** Arguments a call passes in registers (the first four argument registers of the C ABI). */
    public static final int MAX_REGISTER_ARGS = 4;

    /** @throws IllegalArgumentException for a negative number or payload, or too many register arguments */
    public HostCall {
        if (number < 0) {
            throw new IllegalArgumentException("host call number " + number + " must be >= 0");
        }
        if (registerArgs < 0 || registerArgs > MAX_REGISTER_ARGS) {
            throw new IllegalArgumentException("host call " + number + ": " + registerArgs
                    + " register arguments, expected 0.." + MAX_REGISTER_ARGS);
        }
        if (payloadBytes < 0 || hostWorkCycles < 0) {
            throw new IllegalArgumentException("host call " + number + ": negative payload " + payloadBytes
                    + " or host work " + hostWorkCycles);
        }
    }

    /** A call whose host does nothing beyond moving its bytes. */
    public HostCall(int number, int registerArgs, long payloadBytes) {
        this(number, registerArgs, payloadBytes, 0);
    }

    /** What kind of call {@code number} is by the convention above: "system", "utility" or "user". */
    public static String kind(int number) {
        return number < UTILITY_BASE ? "system" : number < USER_BASE ? "utility" : "user";
    }
}
