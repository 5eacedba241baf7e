package io.edarts.cam;

/**
 * The {@code edarts.machine.costs} block: the scheduling and messaging costs every mesh target
 * charges. Defaults and their sources are in {@code reference.conf}.
 *
 * <p>Each bound keeps every latency derived from these keys far inside a {@code long}: a message is
 * at most 126 hops ({@code 2 * 63}) times {@code hop-cycles} plus 2^31 bytes over
 * {@code link-bytes-per-cycle} (at most 2^41 cycles); an SU decision is
 * {@code su-decision-instructions} plus at most 4,096 candidates times
 * {@code su-instructions-per-candidate} (at most 2^43); a firing's signalling is
 * {@code cu-signal-instructions} times at most 2^31 dependents (at most 2^61).
 *
 * @param hopCycles                  cycles per router hop
 * @param linkBytesPerCycle          bytes a mesh link carries per cycle
 * @param dispatchBytes              bytes of one dispatch message from an SU to a CU
 * @param signalBytes                bytes of one completion signal from a CU to its SU
 * @param suDecisionInstructions     instructions per SU scheduling decision
 * @param suInstructionsPerCandidate extra instructions per CU a policy examines
 * @param cuDispatchInstructions     instructions a CU spends to pop its pool and call a body
 * @param cuSignalInstructions       instructions a CU spends per dependent slot it decrements
 */
public record Costs(
        double hopCycles,
        double linkBytesPerCycle,
        int dispatchBytes,
        int signalBytes,
        long suDecisionInstructions,
        long suInstructionsPerCandidate,
        long cuDispatchInstructions,
        long cuSignalInstructions) {

    /** Most cycles one router hop may take. */
    public static final double MAX_HOP_CYCLES = 1_000_000;
    /** Most instructions any one instruction-count key may hold: 2^30. */
    public static final long MAX_INSTRUCTIONS = 1L << 30;
    /** Most bytes of a dispatch or signal message: 64 KB. */
    public static final int MAX_MESSAGE_BYTES = 1 << 16;

    /** @throws KeyValueException naming the key whose value is out of range */
    public Costs {
        KeyValueException.range("hop-cycles", hopCycles, 0, MAX_HOP_CYCLES);
        KeyValueException.range("link-bytes-per-cycle", linkBytesPerCycle, 0.001, 1_000_000);
        KeyValueException.range("dispatch-bytes", dispatchBytes, 1, MAX_MESSAGE_BYTES);
        KeyValueException.range("signal-bytes", signalBytes, 1, MAX_MESSAGE_BYTES);
        KeyValueException.range("su-decision-instructions", suDecisionInstructions, 0, MAX_INSTRUCTIONS);
        KeyValueException.range("su-instructions-per-candidate", suInstructionsPerCandidate, 0, MAX_INSTRUCTIONS);
        KeyValueException.range("cu-dispatch-instructions", cuDispatchInstructions, 0, MAX_INSTRUCTIONS);
        KeyValueException.range("cu-signal-instructions", cuSignalInstructions, 0, MAX_INSTRUCTIONS);
    }
}
