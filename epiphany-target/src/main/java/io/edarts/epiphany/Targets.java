package io.edarts.epiphany;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineRegistry;
import io.edarts.cam.Target;

/** The one way in for the scheduler and the CLI: the cost model a machine description asks for. */
public final class Targets {
    private Targets() { }

    /**
     * The default machine, for options whose default must be a constant; it is the first of
     * {@link MachineRegistry#builtIns()} (a test checks the two agree).
     */
    public static final String DEFAULT_MACHINE = "parallella16";

    /**
     * The target {@code machine}'s {@code target} key names, from {@link MachineRegistry}:
     * {@code ideal}, {@code simple-mesh} (cam-model) or {@code epiphany} ({@link EpiphanyTarget}).
     *
     * @throws IllegalArgumentException on a null machine or an unknown target name
     */
    public static Target forMachine(Machine machine) {
        return MachineRegistry.newTarget(machine);
    }
}
