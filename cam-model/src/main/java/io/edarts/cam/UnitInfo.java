package io.edarts.cam;

/**
 * A unit of a machine that is not a core: an accelerator beside the host, say. What reports and
 * checks need to know of it; its costs are the target's ({@link Target#offloadCost}).
 *
 * @param name       its name in the machine description, what a codelet's {@code requires} names
 * @param kind       its kind ({@code accelerator})
 * @param attachment where it is attached and who calls it (e.g. {@code host over AXI HP0})
 * @param clockMhz   its own clock
 */
public record UnitInfo(String name, String kind, String attachment, double clockMhz) {
    /** @throws IllegalArgumentException for a blank name, kind or attachment, or a clock that is not positive */
    public UnitInfo {
        if (name == null || name.isBlank() || kind == null || kind.isBlank() || attachment == null
                || attachment.isBlank() || !(clockMhz > 0)) {
            throw new IllegalArgumentException("unit '" + name + "' of kind '" + kind + "' at '" + attachment + "', "
                    + clockMhz + " MHz");
        }
    }
}
