package io.edarts.cam;

/**
 * What one core's local memory holds, as a {@link MemoryPlan} saw it over a run. A target without a
 * memory budget reports {@code capacityBytes} and {@code freeBytes} as -1 (unlimited).
 *
 * @param core          row-major index
 * @param capacityBytes the core's local memory, or -1
 * @param runtimeBytes  reserved for the runtime
 * @param stackBytes    reserved for the stack
 * @param codeBytes     resident code (never freed during a run)
 * @param dataBytes     data held before the run started (static data), still held at its end
 * @param peakDataBytes the most data held at once (static and dynamic)
 * @param freeBytes     what was left at that peak, or -1
 */
public record CoreMemory(int core, long capacityBytes, long runtimeBytes, long stackBytes, long codeBytes,
                         long dataBytes, long peakDataBytes, long freeBytes) {
}
