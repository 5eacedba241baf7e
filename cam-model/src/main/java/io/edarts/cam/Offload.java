package io.edarts.cam;

/**
 * One call to a unit that is not a core (an accelerator), as a cost model needs it: the unit by
 * name, the bytes it reads and the bytes it writes. What the call costs, driver and unit together,
 * is the target's answer ({@link Target#offloadCost}). Immutable.
 *
 * @param unit        the unit's name in the machine description ({@link Target#units})
 * @param inputBytes  bytes the unit reads for this call, {@code >= 0}
 * @param outputBytes bytes it writes back, {@code >= 0}
 */
public record Offload(String unit, long inputBytes, long outputBytes) {
    /** @throws IllegalArgumentException for a blank unit or a negative size */
    public Offload {
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("an offload names its unit; got '" + unit + "'");
        }
        if (inputBytes < 0 || outputBytes < 0) {
            throw new IllegalArgumentException("offload to '" + unit + "': negative size, in " + inputBytes + " B, out "
                    + outputBytes + " B");
        }
    }
}
