package io.edarts.cam;

import java.util.function.Function;

/**
 * A cost model by the name machine descriptions give in {@code target}.
 *
 * @param name    the value of key {@code target}
 * @param summary one line for help texts
 * @param factory builds the target for a machine that names it
 */
public record TargetKind(String name, String summary, Function<Machine, Target> factory) {
    /** @throws IllegalArgumentException if a component is null or the name is blank */
    public TargetKind {
        if (name == null || name.isBlank() || summary == null || factory == null) {
            throw new IllegalArgumentException("a target kind needs a name, a summary and a factory");
        }
    }
}
