package io.edarts.epiphany;

import io.edarts.cam.BuiltInMachine;
import io.edarts.cam.KeyValueException;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineBlock;
import io.edarts.cam.MachineExtension;
import io.edarts.cam.TargetKind;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.List;

/**
 * What epiphany-target adds to the machine descriptions (registered in
 * {@code META-INF/services/io.edarts.cam.MachineExtension}): the Epiphany built-in machines, the
 * {@code epiphany} target, and the {@code edarts.machine.epiphany} block, checked at load against
 * the neutral keys when the machine's target is {@code epiphany}.
 */
public final class EpiphanyMachines implements MachineExtension {
    /** The block's key under {@code edarts.machine}. */
    public static final String BLOCK = "epiphany";
    /** The target name. */
    public static final String TARGET = "epiphany";

    @Override
    public List<BuiltInMachine> machines() {
        return List.of(
                new BuiltInMachine("parallella16", "E16G301: 4x4 eCores at 600 MHz, SU at (0,0), 15 CUs",
                        EpiphanyMachines.class, "edarts/machines/parallella16.conf"),
                new BuiltInMachine("e64", "E64G401: 8x8 eCores", EpiphanyMachines.class, "edarts/machines/e64.conf"),
                new BuiltInMachine("e1024", "32x32 Epiphany-V-like mesh, 16 clusters",
                        EpiphanyMachines.class, "edarts/machines/e1024.conf"));
    }

    @Override
    public List<TargetKind> targets() {
        return List.of(new TargetKind(TARGET, "the eMesh, memory and code-cache model", EpiphanyTarget::create));
    }

    @Override
    public List<MachineBlock<?>> blocks() {
        return List.of(new MachineBlock<>(BLOCK, EpiphanyConfig.class, EpiphanyMachines::check));
    }

    /** Rules that span the block and the neutral keys; only an epiphany machine must obey them. */
    private static void check(Machine m, EpiphanyConfig e) {
        if (!TARGET.equals(m.target())) {
            return;
        }
        if (e.originRow() + m.rows() > MeshGeometry.NODE_ID_SIDE) {
            throw new KeyValueException(BLOCK + ".origin-row", e.originRow(), "origin-row + mesh.rows = "
                    + (e.originRow() + m.rows()) + " does not fit the 6-bit row of the mesh-node ID (at most 64)");
        }
        if (e.originCol() + m.cols() > MeshGeometry.NODE_ID_SIDE) {
            throw new KeyValueException(BLOCK + ".origin-col", e.originCol(), "origin-col + mesh.cols = "
                    + (e.originCol() + m.cols()) + " does not fit the 6-bit column of the mesh-node ID (at most 64)");
        }
        if (e.elinkRow() >= m.rows()) {
            throw new KeyValueException(BLOCK + ".elink-row", e.elinkRow(), "expected -1 (derive) or 0.." + (m.rows() - 1));
        }
        if (e.host().image().syscoreBytes() > e.budget().runtimeBytes()) {
            throw new KeyValueException(BLOCK + ".host.image.syscore-bytes", e.host().image().syscoreBytes(),
                    "syscore lives in the runtime reserve: expected at most budget.runtime-bytes = "
                            + e.budget().runtimeBytes());
        }
        if (e.host().image().sysmemBytes() + e.host().image().usrmemBytes() > e.dramBytes()) {
            throw new KeyValueException(BLOCK + ".host.image.usrmem-bytes", e.host().image().usrmemBytes(),
                    "sysmem-bytes + usrmem-bytes must fit the DRAM window of dram-bytes = " + e.dramBytes());
        }
        EpiphanyParams p = EpiphanyParams.of(m);
        MeshGeometry.of(m, p);
        EpiphanyCoreModel.checkLayout(p);
    }
}
