package io.edarts.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineLoaderTest {

    @Test
    void parallella16HasOneSuAtTheOriginAndFifteenCus() {
        Machine m = MachineLoader.defaultMachine();
        assertEquals("parallella16", m.name());
        assertEquals(4, m.rows());
        assertEquals(600.0, m.clockMhz());
        assertEquals(1, m.clusters().size());
        assertEquals(0, m.clusters().get(0).suCore());
        assertEquals(15, m.cuCount());
        assertEquals(CoreRole.SU, m.role(0));
        assertEquals(CoreRole.CU, m.role(15));
        assertEquals(32, m.originRow());
        assertEquals(8, m.originCol());
    }

    @Test
    void builtInsHaveTheirShapes() {
        assertEquals(64, MachineLoader.load("e64", List.of()).coreCount());
        Machine big = MachineLoader.load("e1024", List.of());
        assertEquals(1024, big.coreCount());
        assertEquals(16, big.clusters().size());
        assertEquals(1024 - 16, big.cuCount());
        Machine ideal = MachineLoader.load("ideal", List.of());
        assertEquals("ideal", ideal.target());
        assertEquals(0.0, ideal.config().getDouble("costs.hop-cycles"));
    }

    @Test
    void fourClustersOfTwoByTwoEachHaveTheirOwnSu() {
        Machine m = MachineLoader.load("parallella16", List.of("clusters.rows=2", "clusters.cols=2"));
        assertEquals(4, m.clusters().size());
        assertEquals(List.of(0, 2, 8, 10), m.clusters().stream().map(Cluster::suCore).toList());
        assertEquals(12, m.cuCount());
        assertEquals(3, m.clusterOf(15).id());
    }

    @Test
    void overridesApplyRelativeOrAbsoluteKeys() {
        Machine m = MachineLoader.load("parallella16", List.of("mesh.rows=8", "edarts.machine.mesh.cols=8", "clock-mhz=800"));
        assertEquals(64, m.coreCount());
        assertEquals(800.0, m.clockMhz());
    }

    @Test
    void rejectsAnUnknownMachineNamingIt() {
        var e = assertThrows(MachineConfigException.class, () -> MachineLoader.load("parallela16", List.of()));
        assertTrue(e.getMessage().contains("parallela16"), e.getMessage());
        assertTrue(e.getMessage().contains("parallella16"), "lists the built-ins: " + e.getMessage());
    }

    @Test
    void rejectsAnUnknownKeyNamingIt() {
        var e = assertThrows(MachineConfigException.class,
                () -> MachineLoader.load("parallella16", List.of("mesh.rowz=8")));
        assertTrue(e.getMessage().contains("mesh.rowz"), e.getMessage());
    }

    @Test
    void rejectsABadValueNamingKeyAndValue() {
        var e = assertThrows(MachineConfigException.class,
                () -> MachineLoader.load("parallella16", List.of("mesh.rows=100")));
        assertTrue(e.getMessage().contains("mesh.rows") && e.getMessage().contains("100"), e.getMessage());
        var e2 = assertThrows(MachineConfigException.class,
                () -> MachineLoader.load("parallella16", List.of("clusters.rows=3")));
        assertTrue(e2.getMessage().contains("clusters.rows") && e2.getMessage().contains("must divide"), e2.getMessage());
        var e3 = assertThrows(MachineConfigException.class,
                () -> MachineLoader.load("parallella16", List.of("target=gpu")));
        assertTrue(e3.getMessage().contains("'gpu'"), e3.getMessage());
        var e4 = assertThrows(MachineConfigException.class,
                () -> MachineLoader.load("parallella16", List.of("costs.hop-cycles=-1")));
        assertTrue(e4.getMessage().contains("costs.hop-cycles"), e4.getMessage());
        var e6 = assertThrows(MachineConfigException.class,
                () -> MachineLoader.load("parallella16", List.of("code-copy-source=neighbour")));
        assertTrue(e6.getMessage().contains("code-copy-source") && e6.getMessage().contains("neighbour"), e6.getMessage());
        var e5 = assertThrows(MachineConfigException.class,
                () -> MachineLoader.load("parallella16", List.of("mesh.rows")));
        assertTrue(e5.getMessage().contains("key=value"), e5.getMessage());
    }

    @Test
    void loadsAUserFileAndNamesItWhenBroken(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("mine.conf");
        Files.writeString(good, "edarts.machine { name = mine, mesh { rows = 2, cols = 4 }, target = ideal }\n");
        Machine m = MachineLoader.load(good.toString(), List.of());
        assertEquals("mine", m.name());
        assertEquals(8, m.coreCount());
        Path bad = dir.resolve("broken.conf");
        Files.writeString(bad, "edarts.machine { mesh { rows = \n");
        var e = assertThrows(MachineConfigException.class, () -> MachineLoader.load(bad.toString(), List.of()));
        assertTrue(e.getMessage().contains("broken.conf"), e.getMessage());
    }

    @Test
    void simpleMeshChargesHopsAndIdealChargesNothing() {
        Machine m = MachineLoader.load("parallella16", List.of("target=simple-mesh"));
        SimpleTarget mesh = SimpleTarget.simpleMesh(m);
        // (0,0) -> (3,3): 6 hops * 1.5 + 8 bytes / 8 B per cycle = 10 cycles
        assertEquals(10, mesh.messageCycles(0, 15, 8));
        assertTrue(mesh.messageCycles(0, 15, 8) > mesh.messageCycles(0, 1, 8));
        SimpleTarget ideal = SimpleTarget.ideal(MachineLoader.load("ideal", List.of()));
        assertEquals(0, ideal.messageCycles(0, 15, 8));
        assertEquals(0, ideal.decisionCycles(0, 15));
    }
}
