package io.edarts.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: {@code SimpleTarget.ideal(m)} charged ideal costs on any machine, whatever cost model its
 * {@code target} key named. A target built for a machine that asks for another one is now an error.
 */
class TargetMatchesMachineTest {

    @Test
    void idealTargetOnASimpleMeshMachineIsAnErrorNamingBothTargets() {
        Machine mesh16 = MachineLoader.load("mesh16", List.of());
        var e = assertThrows(IllegalArgumentException.class, () -> SimpleTarget.ideal(mesh16));
        assertTrue(e.getMessage().contains("'mesh16'"), e.getMessage());
        assertTrue(e.getMessage().contains("target 'simple-mesh', not 'ideal'"), e.getMessage());
        assertTrue(e.getMessage().contains("MachineRegistry.newTarget"), "says the neutral way: " + e.getMessage());
    }

    @Test
    void simpleMeshTargetOnTheIdealMachineIsAnError() {
        Machine ideal = MachineLoader.load("ideal", List.of());
        var e = assertThrows(IllegalArgumentException.class, () -> SimpleTarget.simpleMesh(ideal));
        assertTrue(e.getMessage().contains("'ideal' has target 'ideal', not 'simple-mesh'"), e.getMessage());
    }

    @Test
    void mismatchMessageNamesTheOverriddenMachine() {
        Machine m = MachineLoader.load("mesh16", List.of("pool-capacity=3"));
        var e = assertThrows(IllegalArgumentException.class, () -> SimpleTarget.ideal(m));
        assertTrue(e.getMessage().contains("'mesh16 (--set pool-capacity=3)'"), e.getMessage());
    }

    @Test
    void nullMachineIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SimpleTarget.ideal(null));
        assertThrows(IllegalArgumentException.class, () -> SimpleTarget.simpleMesh(null));
    }

    @Test
    void aMachineGetsTheTargetItAsksFor() {
        assertEquals("ideal", MachineRegistry.newTarget(MachineLoader.load("ideal", List.of())).describe().split(":")[0]);
        assertInstanceOf(SimpleTarget.class, MachineRegistry.newTarget(MachineLoader.load("mesh16", List.of())));
        Machine asIdeal = MachineLoader.load("mesh16", List.of("target=ideal"));
        assertTrue(SimpleTarget.ideal(asIdeal).describe().startsWith("ideal"));
        assertTrue(MachineRegistry.newTarget(asIdeal).describe().startsWith("ideal"));
    }

    // ---- a machine changed with --set says so -------------------------------------------------

    @Test
    void machineRemembersItsOverridesInOrderWithRelativeKeys() {
        Machine m = MachineLoader.load("mesh16", List.of("pool-capacity=2", "edarts.machine.costs.hop-cycles = 3"));
        assertEquals(List.of("pool-capacity=2", "costs.hop-cycles=3"), m.overrides());
        assertEquals("mesh16 (--set pool-capacity=2, costs.hop-cycles=3)", m.label());
    }

    @Test
    void aKeySetTwiceIsLabelledWithTheValueThatTookEffect() {
        Machine m = MachineLoader.load("mesh16", List.of("pool-capacity=2", "costs.hop-cycles=3", "pool-capacity=4"));
        assertEquals(4, m.poolCapacity());
        assertEquals(List.of("pool-capacity=4", "costs.hop-cycles=3"), m.overrides());
    }

    @Test
    void machineWithoutOverridesIsLabelledByItsNameAlone() {
        Machine m = MachineLoader.load("mesh16", List.of());
        assertEquals(List.of(), m.overrides());
        assertEquals("mesh16", m.label());
    }
}
