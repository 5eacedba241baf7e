package io.edarts.epiphany;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.List;

/** Machines and parameters for tests, loaded the way the CLI loads them. */
public final class Machines {
    private Machines() { }

    public static Machine parallella16(String... overrides) {
        return MachineLoader.load("parallella16", List.of(overrides));
    }

    public static Machine load(String name, String... overrides) {
        return MachineLoader.load(name, List.of(overrides));
    }

    public static EpiphanyParams params(Machine m) {
        return EpiphanyParams.of(m);
    }

    public static MeshGeometry geometry(Machine m) {
        return MeshGeometry.of(m);
    }
}
