package io.edarts.epiphany;

import io.edarts.cam.Machine;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;

/** The one way in for the scheduler and the CLI: the cost model a machine description asks for. */
public final class Targets {
    private Targets() { }

    /**
     * {@link SimpleTarget#ideal} for {@code target = ideal}, {@link SimpleTarget#simpleMesh} for
     * {@code simple-mesh}, {@link EpiphanyTarget} for {@code epiphany}.
     *
     * @throws IllegalArgumentException on a null machine or an unknown target name
     */
    public static Target forMachine(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        return switch (machine.target()) {
            case "ideal" -> SimpleTarget.ideal(machine);
            case "simple-mesh" -> SimpleTarget.simpleMesh(machine);
            case "epiphany" -> EpiphanyTarget.create(machine);
            default -> throw new IllegalArgumentException("machine '" + machine.name() + "' has unknown target '"
                    + machine.target() + "'; expected ideal, simple-mesh or epiphany");
        };
    }
}
