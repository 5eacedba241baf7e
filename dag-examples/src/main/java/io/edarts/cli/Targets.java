package io.edarts.cli;

import io.edarts.cam.Machine;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;

/** The cost model a machine description names. */
final class Targets {
    private Targets() {}

    static Target forMachine(Machine m) {
        return switch (m.target()) {
            case "ideal" -> SimpleTarget.ideal(m);
            default -> SimpleTarget.simpleMesh(m);
        };
    }
}
