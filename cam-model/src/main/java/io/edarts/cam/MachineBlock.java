package io.edarts.cam;

import java.util.function.BiConsumer;

/**
 * A target-specific block of keys under {@code edarts.machine}: {@link MachineLoader} binds the
 * block to {@code type} (kebab-case keys, unknown keys refused, ranges checked by the record's
 * compact constructor), then runs {@code check} with the machine built so far, for rules that span
 * the block and the neutral keys. {@code check} throws {@link KeyValueException} with a key
 * relative to {@code edarts.machine}, or {@link IllegalArgumentException}.
 *
 * @param key   the block's key under {@code edarts.machine}, one segment (a target module's name)
 * @param type  the record the block binds to
 * @param check cross-checks against the whole machine; may do nothing
 * @param <T>   the record type
 */
public record MachineBlock<T extends Record>(String key, Class<T> type, BiConsumer<Machine, T> check) {
    /** @throws IllegalArgumentException if a component is null or the key is blank */
    public MachineBlock {
        if (key == null || key.isBlank() || key.contains(".") || type == null || check == null) {
            throw new IllegalArgumentException("a machine block needs a one-segment key, a record type and a check");
        }
    }

    void checkValue(Machine machine, Object value) {
        check.accept(machine, type.cast(value));
    }
}
