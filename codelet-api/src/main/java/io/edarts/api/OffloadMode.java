package io.edarts.api;

/**
 * Which body a codelet with an accelerator body
 * ({@link TpDefinition.Builder#requires(CodeletHandle, String, CodeletBody)}) fires in a run:
 * {@link Program#withOffload(OffloadMode)}, {@code edarts run --offload on|off|auto}.
 */
public enum OffloadMode {
    /** Always the software body (the default). */
    OFF,
    /** Always the accelerator body. */
    ON,
    /**
     * The runtime chooses per firing, when its SU dispatches it, from what earlier firings of the same
     * code, unit and data size cost (a history-based performance model, calibrated during the run)
     * and the accelerator's queue: whichever body is expected to finish first. Deterministic: only
     * simulated cycles decide.
     */
    AUTO;

    /** The option's value as the command line and the report spell it: {@code off}, {@code on}, {@code auto}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The mode spelled {@code value} ({@code on}, {@code off} or {@code auto}, any case).
     *
     * @throws IllegalArgumentException for another value, naming the allowed ones
     */
    public static OffloadMode parse(String value) {
        if (value != null) {
            for (OffloadMode m : values()) {
                if (m.label().equalsIgnoreCase(value.trim())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("offload mode '" + value + "': expected on, off or auto");
    }
}
