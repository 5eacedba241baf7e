package io.edarts.cli;

import io.edarts.cam.Machine;
import io.edarts.cam.Target;

/** The cost model a machine description names. */
final class Targets {
    private Targets() {}

    static Target forMachine(Machine m) {
        return io.edarts.epiphany.Targets.forMachine(m);
    }
}
