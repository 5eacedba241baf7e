package io.edarts.epiphany.hostcall;

import io.edarts.cam.HostCall;

/**
 * What a host call costs, from the {@code epiphany.host.calls} block (epiphany-target's
 * {@code reference.conf} cites each default) and the machine's clock. The transfer rates are the
 * host rows of the Parallella bandwidth table (facts, "Measured on a Parallella"), turned into
 * cycles of the chip's clock per byte; every derived cost is rounded up to a whole cycle.
 *
 * @param clockMhz            the chip's clock, MHz
 * @param runStateBytes       bytes of a core's run-state word, which the daemon reads per poll
 * @param replyBytes          bytes the host writes back into the core: the result and the run-state
 * @param sramToHostMiBps     host reads of a core's local memory, MiB/s
 * @param eramToHostMiBps     host reads of external DRAM, MiB/s
 * @param hostToSramMiBps     host writes into a core's local memory, MiB/s
 * @param serviceCycles       the host's own work per call beyond moving its bytes, chip cycles
 */
public record HostCallParams(double clockMhz, int runStateBytes, int replyBytes, double sramToHostMiBps,
                             double eramToHostMiBps, double hostToSramMiBps, long serviceCycles) {
    /**
     * Local memory the host-call service takes in a core's syscore, bytes, whatever the number of
     * calls (coprthr2-paper.txt 3.5: "a fixed cost of 128 bytes to provide the feature as a service
     * within syscore"): inside syscore's {@code epiphany.host.image.syscore-bytes}, so inside the
     * runtime reserve, and never counted again in the budget or the image.
     */
    public static final int SERVICE_BYTES = 128;
    /**
     * Bytes of one jump-table entry per call number: {@code mov ip, #n} and a branch to
     * {@code _ehostcall} (coprthr2-paper.txt 3.5: "only 8 bytes per call").
     */
    public static final int ENTRY_BYTES = 8;
    /** Bytes of each word the core stores in the call record (call number, registers, stack pointer). */
    public static final int WORD_BYTES = 4;

    /** @throws IllegalArgumentException naming the value out of range */
    public HostCallParams {
        if (!(clockMhz > 0) || !(sramToHostMiBps > 0) || !(eramToHostMiBps > 0) || !(hostToSramMiBps > 0)) {
            throw new IllegalArgumentException("host-call clock and rates must be > 0: clock " + clockMhz + " MHz, "
                    + sramToHostMiBps + ", " + eramToHostMiBps + ", " + hostToSramMiBps + " MiB/s");
        }
        if (runStateBytes < 1 || replyBytes < 1 || serviceCycles < 0) {
            throw new IllegalArgumentException("host-call run-state-bytes " + runStateBytes + " and reply-bytes "
                    + replyBytes + " must be >= 1, service-cycles " + serviceCycles + " >= 0");
        }
    }

    /** Cycles of {@code bytes} at {@code mibPerS}, rounded up. */
    private long cycles(long bytes, double mibPerS) {
        return (long) Math.ceil(bytes * clockMhz * 1e6 / (mibPerS * 1024 * 1024) - 1e-9);
    }

    /** Cycles one poll of one core takes: reading its run-state word from its local memory. */
    public long pollCycles() {
        return cycles(runStateBytes, sramToHostMiBps);
    }

    /** Bytes of {@code call}'s record in external memory: call number, register arguments, stack pointer. */
    public static int recordBytes(HostCall call) {
        return WORD_BYTES * (2 + call.registerArgs());
    }

    /** Cycles the host takes, once it has seen the flag, to read the record and payload, serve the call and answer. */
    public long serviceCycles(HostCall call) {
        return cycles(recordBytes(call), eramToHostMiBps) + cycles(call.payloadBytes(), sramToHostMiBps) + serviceCycles
                + call.hostWorkCycles() + cycles(replyBytes, hostToSramMiBps);
    }

    /** The parts of {@link #serviceCycles}: record read, payload read, the host's work (the call's own included), the reply. */
    public long[] serviceParts(HostCall call) {
        return new long[] {cycles(recordBytes(call), eramToHostMiBps), cycles(call.payloadBytes(), sramToHostMiBps),
                serviceCycles + call.hostWorkCycles(), cycles(replyBytes, hostToSramMiBps)};
    }
}
