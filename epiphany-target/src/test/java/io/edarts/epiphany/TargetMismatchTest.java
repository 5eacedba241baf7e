package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.MachineRegistry;
import io.edarts.cam.SimpleTarget;
import org.junit.jupiter.api.Test;

/** Issue 14: {@code SimpleTarget.ideal(parallella16)} silently charged ideal costs on the Epiphany machine. */
class TargetMismatchTest {

    @Test
    void idealTargetOnParallella16IsAnErrorInsteadOfIdealCosts() {
        var e = assertThrows(IllegalArgumentException.class, () -> SimpleTarget.ideal(Machines.parallella16()));
        assertTrue(e.getMessage().contains("machine 'parallella16' has target 'epiphany', not 'ideal'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimpleTarget.simpleMesh(Machines.load("e64")));
    }

    @Test
    void epiphanyTargetOnTheIdealMachineNamesBothTargets() {
        var e = assertThrows(IllegalArgumentException.class, () -> EpiphanyTarget.create(Machines.load("ideal")));
        assertTrue(e.getMessage().contains("machine 'ideal' has target 'ideal', not 'epiphany'"), e.getMessage());
        var set = assertThrows(IllegalArgumentException.class,
                () -> EpiphanyTarget.create(Machines.parallella16("target=simple-mesh")));
        assertTrue(set.getMessage().contains("'parallella16 (--set target=simple-mesh)' has target 'simple-mesh'"),
                set.getMessage());
    }

    @Test
    void theRegistryGivesEachMachineTheTargetItNames() {
        assertInstanceOf(EpiphanyTarget.class, MachineRegistry.newTarget(Machines.parallella16()));
        assertTrue(MachineRegistry.newTarget(Machines.parallella16("target=ideal")).describe().startsWith("ideal"));
    }
}
