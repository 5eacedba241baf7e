package io.edarts.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineLoaderTest {

    private static MachineConfigException fails(String machine, String... overrides) {
        return assertThrows(MachineConfigException.class, () -> MachineLoader.load(machine, List.of(overrides)));
    }

    private static void assertNames(MachineConfigException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing in: " + e.getMessage());
        }
    }

    private static Path file(Path dir, String text) throws Exception {
        Path f = dir.resolve("m.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void cuSideSchedulingIsOffUnlessSetAndABadValueNamesTheKey() {
        assertEquals(false, MachineLoader.load("mesh16", List.of()).cuSideScheduling());
        assertEquals(true, MachineLoader.load("mesh16", List.of("scheduler.cu-side=on")).cuSideScheduling());
        assertNames(fails("mesh16", "scheduler.cu-side=maybe"), "edarts.machine.scheduler.cu-side", "maybe", "on, off");
        assertNames(fails("mesh16", "scheduler.steal=on"), "scheduler.steal");
    }

    @Test
    void mesh16HasOneSuAtTheOriginAndFifteenCus() {
        Machine m = MachineLoader.load("mesh16", List.of());
        assertEquals("mesh16", m.name());
        assertEquals(4, m.rows());
        assertEquals(600.0, m.clockMhz());
        assertEquals(1, m.clusters().size());
        assertEquals(0, m.clusters().get(0).suCore());
        assertEquals(15, m.cuCount());
        assertEquals(CoreRole.SU, m.role(0));
        assertEquals(CoreRole.CU, m.role(15));
        assertEquals(new Costs(1.5, 8, 8, 8, 24, 2, 12, 6), m.costs());
        assertEquals(CodeCopySource.HOME, m.codeCopySource());
    }

    @Test
    void builtInsAreOneListWithTheNeutralMachinesInIt() {
        List<String> names = MachineRegistry.builtInNames();
        assertTrue(names.containsAll(List.of("ideal", "mesh16")), names.toString());
        assertEquals(names.get(0), MachineRegistry.defaultMachine());
        assertTrue(MachineRegistry.targetNames().containsAll(List.of("ideal", "simple-mesh")));
        Machine ideal = MachineLoader.load("ideal", List.of());
        assertEquals("ideal", ideal.target());
        assertEquals(0.0, ideal.costs().hopCycles());
        assertTrue(MachineRegistry.newTarget(ideal) instanceof SimpleTarget);
    }

    @Test
    void fourClustersOfTwoByTwoEachHaveTheirOwnSu() {
        Machine m = MachineLoader.load("mesh16", List.of("clusters.rows=2", "clusters.cols=2"));
        assertEquals(4, m.clusters().size());
        assertEquals(List.of(0, 2, 8, 10), m.clusters().stream().map(Cluster::suCore).toList());
        assertEquals(12, m.cuCount());
        assertEquals(3, m.clusterOf(15).id());
    }

    @Test
    void overridesApplyRelativeOrAbsoluteKeys() {
        Machine m = MachineLoader.load("mesh16", List.of("mesh.rows=8", "edarts.machine.mesh.cols=8", "clock-mhz=800"));
        assertEquals(64, m.coreCount());
        assertEquals(800.0, m.clockMhz());
    }

    @Test
    void rejectsAnUnknownMachineNamingIt() {
        assertNames(fails("meshh16"), "meshh16", "mesh16");
    }

    @Test
    void rejectsAnUnknownKeyNamingIt() {
        assertNames(fails("mesh16", "mesh.rowz=8"), "edarts.machine.mesh.rowz");
    }

    @Test
    void rejectsABadValueNamingKeyAndValue() {
        assertNames(fails("mesh16", "mesh.rows=100"), "edarts.machine.mesh.rows", "100", "1..64");
        assertNames(fails("mesh16", "clusters.rows=3"), "edarts.machine.clusters.rows", "must divide");
        assertNames(fails("mesh16", "target=gpu"), "edarts.machine.target", "'gpu'", "simple-mesh");
        assertNames(fails("mesh16", "costs.hop-cycles=-1"), "edarts.machine.costs.hop-cycles", "-1");
        assertNames(fails("mesh16", "mesh.rows"), "key=value");
    }

    @Test
    void rejectsUnknownCodeCopySourceAtLoad() {
        assertNames(fails("mesh16", "code-copy-source=neighbour"),
                "edarts.machine.code-copy-source", "neighbour", "home, nearest-holder", "--set");
    }

    @Test
    void rejectsFractionalPoolCapacity() {
        assertNames(fails("mesh16", "pool-capacity=2.5"), "edarts.machine.pool-capacity", "2.5", "integer");
        assertNames(fails("mesh16", "pool-capacity=4.5"), "edarts.machine.pool-capacity", "4.5", "integer");
    }

    @Test
    void rejectsExponentWhereAnIntegerIsDue() {
        // HOCON reads 1e1 as the double 10.0; an integer key must not silently take it
        assertNames(fails("mesh16", "mesh.rows=1e1"), "edarts.machine.mesh.rows", "integer");
    }

    @Test
    void rejectsIntegerTooLargeForAnIntKey() {
        assertNames(fails("mesh16", "costs.dispatch-bytes=4000000000"), "edarts.machine.costs.dispatch-bytes");
    }

    @Test
    void rejectsZeroAndNegativeSizes() {
        assertNames(fails("mesh16", "pool-capacity=0"), "edarts.machine.pool-capacity", "'0'");
        assertNames(fails("mesh16", "mesh.cols=-4"), "edarts.machine.mesh.cols", "'-4'");
        assertNames(fails("mesh16", "costs.signal-bytes=0"), "edarts.machine.costs.signal-bytes");
        assertNames(fails("mesh16", "clock-mhz=0"), "edarts.machine.clock-mhz");
    }

    @Test
    void rejectsPoolCapacityWhoseCreditsOverflowAnInt() {
        // 64 x 64 cores, one SU: 4095 CUs x 2^20 places > 2^31 - 1
        assertNames(fails("mesh16", "mesh.rows=64", "mesh.cols=64", "pool-capacity=1048576"),
                "edarts.machine.pool-capacity", "4095 CUs");
    }

    @Test
    void rejectsOverflowingHopCycles() {
        assertNames(fails("mesh16", "costs.hop-cycles=1e300"), "edarts.machine.costs.hop-cycles", "1.0E300");
    }

    @Test
    void rejectsOverflowingSuDecisionInstructions() {
        assertNames(fails("mesh16", "costs.su-decision-instructions=4000000000000000000"),
                "edarts.machine.costs.su-decision-instructions", "4000000000000000000");
    }

    @Test
    void costBoundsKeepEveryDerivedLatencyInsideALong() {
        Machine m = MachineLoader.load("mesh16", List.of("mesh.rows=64", "mesh.cols=64",
                "costs.hop-cycles=" + (long) Costs.MAX_HOP_CYCLES, "costs.link-bytes-per-cycle=0.001",
                "costs.su-decision-instructions=" + Costs.MAX_INSTRUCTIONS,
                "costs.su-instructions-per-candidate=" + Costs.MAX_INSTRUCTIONS));
        SimpleTarget t = SimpleTarget.simpleMesh(m);
        assertTrue(t.messageCycles(0, m.coreCount() - 1, Integer.MAX_VALUE) > 0);
        assertTrue(t.decisionCycles(0, m.coreCount()) > 0);
    }

    @Test
    void rejectsSmuggledKeyInSetValue() {
        assertNames(fails("mesh16", "pool-capacity=2, edarts.machine.typo-key=3"),
                "pool-capacity=2, edarts.machine.typo-key=3", "not one HOCON value", "edarts");
    }

    @Test
    void rejectsUnknownKeyInANestedBlockOfAFile(@TempDir Path dir) throws Exception {
        Path f = file(dir, "edarts.machine { costs { hop-cylces = 2 } }\n");
        assertNames(fails(f.toString()), "m.conf", "edarts.machine.costs.hop-cylces", "hop-cycles");
    }

    @Test
    void rejectsUnknownBlockInAFile(@TempDir Path dir) throws Exception {
        assertNames(fails(file(dir, "edarts.machine { meshes { rows = 2 } }\n").toString()),
                "m.conf", "edarts.machine.meshes");
        assertNames(fails(file(dir, "edarts.machine { }\nedarts.machien { name = x }\n").toString()),
                "m.conf", "edarts.machien");
        assertNames(fails(file(dir, "edarts.machine { }\nmachine { name = x }\n").toString()), "m.conf", "'machine'");
    }

    @Test
    void rejectsEmptyFile(@TempDir Path dir) throws Exception {
        assertNames(fails(file(dir, "").toString()), "m.conf", "empty");
        assertNames(fails(file(dir, "# only a comment\n").toString()), "m.conf", "empty");
    }

    @Test
    void rejectsFileWithoutMachineBlock(@TempDir Path dir) throws Exception {
        assertNames(fails(file(dir, "edarts { }\n").toString()), "m.conf", "no 'edarts.machine' block");
        assertNames(fails(file(dir, "edarts.machine = 3\n").toString()), "m.conf", "edarts.machine");
    }

    @Test
    void rejectsABlockGivenAsAScalar() {
        assertNames(fails("mesh16", "mesh=5"), "edarts.machine.mesh", "block");
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
        assertNames(fails(bad.toString()), "broken.conf");
        Files.writeString(bad, "edarts.machine { pool-capacity = 4.5 }\n");
        MachineConfigException e = fails(bad.toString());
        assertNames(e, "broken.conf", "edarts.machine.pool-capacity", "4.5");
        assertFalse(e.getMessage().contains("--set"), "the value came from the file: " + e.getMessage());
    }

    @Test
    void simpleMeshChargesHopsAndIdealChargesNothing() {
        SimpleTarget mesh = SimpleTarget.simpleMesh(MachineLoader.load("mesh16", List.of()));
        // (0,0) -> (3,3): 6 hops * 1.5 + 8 bytes / 8 B per cycle = 10 cycles
        assertEquals(10, mesh.messageCycles(0, 15, 8));
        assertTrue(mesh.messageCycles(0, 15, 8) > mesh.messageCycles(0, 1, 8));
        SimpleTarget ideal = SimpleTarget.ideal(MachineLoader.load("ideal", List.of()));
        assertEquals(0, ideal.messageCycles(0, 15, 8));
        assertEquals(0, ideal.decisionCycles(0, 15));
    }
}
