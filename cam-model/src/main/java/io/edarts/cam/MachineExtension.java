package io.edarts.cam;

import java.util.List;

/**
 * What a target module adds to the machine descriptions: its built-in machines, its cost models
 * by name, and its own blocks of keys under {@code edarts.machine}, which {@link MachineLoader}
 * binds and checks at load like the neutral keys. A module registers an implementation (public,
 * with a public no-argument constructor) in
 * {@code META-INF/services/io.edarts.cam.MachineExtension}; {@link MachineRegistry} finds it on
 * the class path. The block's defaults go in the module's own {@code reference.conf}, which
 * Typesafe Config merges with every other one on the class path.
 */
public interface MachineExtension {
    /** Built-in machines, in the order {@code list} and help texts show them. */
    default List<BuiltInMachine> machines() {
        return List.of();
    }

    /** Cost models this module provides. */
    default List<TargetKind> targets() {
        return List.of();
    }

    /** Target-specific blocks of keys. */
    default List<MachineBlock<?>> blocks() {
        return List.of();
    }
}
