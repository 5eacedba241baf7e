package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineConfigException;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.MachineRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code edarts.machine.epiphany} block is bound and checked at load, like the neutral keys. */
class EpiphanyConfigTest {

    private static MachineConfigException fails(String machine, String... overrides) {
        return assertThrows(MachineConfigException.class, () -> MachineLoader.load(machine, List.of(overrides)));
    }

    private static void assertNames(MachineConfigException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing in: " + e.getMessage());
        }
    }

    @Test
    void builtInsAreOneListWithTheEpiphanyChipsFirst() {
        assertEquals(List.of("parallella16", "e64", "e1024", "ideal", "mesh16"), MachineRegistry.builtInNames());
        assertEquals(Targets.DEFAULT_MACHINE, MachineRegistry.defaultMachine());
        assertEquals(List.of("epiphany", "ideal", "simple-mesh"), MachineRegistry.targetNames());
        assertTrue(Targets.forMachine(Machines.parallella16()) instanceof EpiphanyTarget);
    }

    @Test
    void defaultsBindToTheParametersTheModelReads() {
        EpiphanyParams p = Machines.params(Machines.parallella16());
        assertEquals(3, p.hopTicks());
        assertEquals(32, p.originRow());
        assertEquals(8, p.originCol());
        assertEquals(0x8e000000L, p.dramBase());
        assertEquals(25, p.readTurnaroundTicks());
        assertEquals("flush-unreferenced", p.cachePolicy());
        assertEquals(EpiphanyConfig.CodeFetch.COPY, p.codeFetch());
        EpiphanyParams big = Machines.params(Machines.load("e1024"));
        assertEquals(0, big.originRow());
        assertEquals(0, big.originCol());
    }

    @Test
    void rejectsUnknownCachePolicyAtLoad() {
        assertNames(fails("parallella16", "epiphany.code-cache.policy=bogus"),
                "edarts.machine.epiphany.code-cache.policy", "'bogus'", "flush-unreferenced, lru, greedy-dual-size");
    }

    @Test
    void rejectsUnknownCodeFetchAtLoad() {
        assertNames(fails("parallella16", "epiphany.code-fetch=borrow"),
                "edarts.machine.epiphany.code-fetch", "'borrow'", "copy, rent-or-buy");
    }

    @Test
    void contentionIsOnOrOffAndANumberOrBooleanIsNotAName() {
        assertEquals(EpiphanyConfig.Contention.ON, EpiphanyParams.of(Machines.parallella16()).contention());
        for (String v : new String[] {"1", "0", "true", "maybe"}) {
            assertNames(fails("parallella16", "epiphany.contention=" + v),
                    "edarts.machine.epiphany.contention", "'" + v + "'", "on, off");
        }
        // the enum's position was taken for its name: code-fetch = 1 picked rent-or-buy
        assertNames(fails("parallella16", "epiphany.code-fetch=1"), "edarts.machine.epiphany.code-fetch", "'1'",
                "copy, rent-or-buy");
    }

    @Test
    void rejectsMisspeltEpiphanyKey() {
        assertNames(fails("parallella16", "epiphany.code-cache={table-entrys=4}"),
                "edarts.machine.epiphany.code-cache.table-entrys", "table-entries");
    }

    @Test
    void rejectsMisspeltKeyInTheEpiphanyBlockOfAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("chip.conf");
        Files.writeString(f, "edarts.machine { target = epiphany, epiphany { mesh { rmesh-cycles = 4 } } }\n");
        assertNames(fails(f.toString()), "chip.conf", "edarts.machine.epiphany.mesh.rmesh-cycles");
    }

    @Test
    void rejectsFractionalEpiphanyInteger() {
        assertNames(fails("parallella16", "epiphany.code-cache.table-entries=4.5"),
                "edarts.machine.epiphany.code-cache.table-entries", "4.5", "integer");
        assertNames(fails("parallella16", "epiphany.local-memory-bytes=3.2768e4"),
                "edarts.machine.epiphany.local-memory-bytes", "integer");
    }

    @Test
    void rejectsZeroAndNegativeEpiphanySizes() {
        assertNames(fails("parallella16", "epiphany.code-cache.region-bytes=0"), "edarts.machine.epiphany.code-cache.region-bytes");
        assertNames(fails("parallella16", "epiphany.budget.stack-bytes=-1"), "edarts.machine.epiphany.budget.stack-bytes");
        assertNames(fails("parallella16", "epiphany.dma-channels=0"), "edarts.machine.epiphany.dma-channels");
    }

    @Test
    void rejectsReservesThatAreNotWholeDoublewords() {
        MachineConfigException e = fails("parallella16", "epiphany.budget.stack-bytes=3");
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("epiphany.budget.stack-bytes must be a "
                + "multiple of 8 bytes, got 3"), e.getMessage());
        MachineConfigException r = fails("parallella16", "epiphany.budget.runtime-bytes=4100");
        org.junit.jupiter.api.Assertions.assertTrue(r.getMessage().contains("epiphany.budget.runtime-bytes"), r.getMessage());
    }

    @Test
    void rejectsOverflowingElinkCycles() {
        // elink-cycles-per-8kib x 2 ticks x 2^31 packets must stay inside a long
        assertNames(fails("parallella16", "epiphany.mesh.elink-cycles-per-8kib=9223372036854775807"),
                "edarts.machine.epiphany.mesh.elink-cycles-per-8kib");
    }

    @Test
    void rejectsBudgetLargerThanLocalMemoryNamingKeys() {
        MachineConfigException e = fails("parallella16", "epiphany.budget.stack-bytes=32768");
        assertNames(e, "edarts.machine.epiphany.budget", "local-memory-bytes=32768");
    }

    @Test
    void rejectsOriginBeyondTheSixBitNodeIdAtLoad() {
        // 4x4 at row 62: rows 62..65 do not fit 6 bits; only an epiphany machine has an address map
        assertNames(fails("parallella16", "epiphany.origin-row=62"), "edarts.machine.epiphany.origin-row", "6-bit");
        assertNames(fails("e64", "mesh.cols=60"), "edarts.machine.epiphany.origin-col", "6-bit");
        Machine simple = MachineLoader.load("parallella16", List.of("target=simple-mesh", "mesh.rows=64"));
        assertEquals(64, simple.rows());
    }

    @Test
    void rejectsHopCyclesTheEMeshCannotTimeAtLoad() {
        assertNames(fails("parallella16", "costs.hop-cycles=1.25"), "edarts.machine.costs.hop-cycles", "0.5");
    }

    @Test
    void rejectsCodeLayoutThatDoesNotFitTheBudgetAtLoad() {
        assertNames(fails("parallella16", "epiphany.code-cache.region-bytes=20000"),
                "edarts.machine.epiphany", "code budget");
    }

    @Test
    void messagesNameConfigKeysNotJavaFields() {
        Pattern javaName = Pattern.compile("\\b[a-z]{2,}[A-Z][A-Za-z]*\\b");
        String[][] bad = {
                {"epiphany.budget.stack-bytes=32768"},
                {"epiphany.local-memory-bytes=30000"},
                {"epiphany.elink-row=7"},
                {"epiphany.dram-base=\"0x80800000\""},
                {"epiphany.mesh.read-turnaround-cycles=0.3"},
        };
        for (String[] o : bad) {
            MachineConfigException e = fails("parallella16", o);
            String withoutOverride = e.getMessage().replaceAll("\\(set by --set '[^']*'\\)", "");
            assertFalse(javaName.matcher(withoutOverride).find(), "a Java name in: " + e.getMessage());
        }
    }
}
