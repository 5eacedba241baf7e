package io.edarts.epiphany.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.epiphany.Machines;
import org.junit.jupiter.api.Test;

class MeshGeometryTest {
    private final MeshGeometry g = Machines.geometry(Machines.parallella16());

    @Test
    void coreZeroOfTheE16IsMeshNode0x808() {
        // epiphany-facts.md: first core ID 0x808 (row 32, col 8); fast.ldf maps it at 0x80800000.
        assertEquals(0x808, g.meshNodeId(0));
        assertEquals(0x8080_0000L, g.globalAddress(0, 0));
        // the last core, (3,3), is 0x8cb: fast.ldf CORE_0x23_0x0b at 0x8cb00000
        assertEquals(0x8cb, g.meshNodeId(15));
        assertEquals(0x8cb0_0000L + 0x1234, g.globalAddress(15, 0x1234));
    }

    @Test
    void globalAddressRoundTripsThroughLocateForEveryCoreAndBank() {
        for (int core = 0; core < g.coreCount(); core++) {
            for (int offset : new int[] {0, 0x1ff8, 0x2000, 0x4004, 0x7fff}) {
                Location l = g.locate(g.globalAddress(core, offset));
                Location.CoreMemory m = assertInstanceOf(Location.CoreMemory.class, l);
                assertEquals(core, m.core());
                assertEquals(offset, m.offset());
                assertEquals(offset / 8192, m.bank());
                assertEquals(core, g.nodeOf(g.globalAddress(core, offset), 0));
            }
        }
    }

    @Test
    void localAliasNamesTheIssuingCore() {
        Location.CoreMemory m = assertInstanceOf(Location.CoreMemory.class, g.locate(0x6000, 7));
        assertEquals(7, m.core());
        assertEquals(3, m.bank());
        assertEquals(7, g.nodeOf(0x6000, 7));
        assertThrows(IllegalArgumentException.class, () -> g.locate(0x6000));
    }

    @Test
    void dramWindowDecodesToExternalDramAndEndsAfter32Megabytes() {
        assertEquals(new Location.ExternalDram(0), g.locate(0x8e00_0000L));
        assertEquals(new Location.ExternalDram(0x01ff_ffffL), g.locate(0x8fff_ffffL));
        assertEquals(g.dramNode(), g.nodeOf(0x8f00_0000L, 3));
        assertEquals(0x8f00_0000L, g.dramAddress(0x0100_0000L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.locate(0x9000_0000L));
        assertTrue(e.getMessage().contains("0x90000000"), e.getMessage());
    }

    @Test
    void registersDecodeAndUnmappedOffsetsAreRejected() {
        Location.CoreRegister r = assertInstanceOf(Location.CoreRegister.class, g.locate(g.globalAddress(5, 0xF0704)));
        assertEquals(5, r.core());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.locate(g.globalAddress(5, 0x8000)));
        assertTrue(e.getMessage().contains("0x8000"), e.getMessage());
    }

    @Test
    void addressOfANodeOffTheMeshIsRejectedNamingTheNode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.locate(0x8100_0000L));
        assertTrue(e.getMessage().contains("(32,16)"), e.getMessage());
    }

    @Test
    void elinkRowIsTheDramNodesRowClampedToTheMesh() {
        assertEquals(3, g.elinkRow()); // 0x8e0 = row 35, origin row 32
        assertEquals(3, Machines.geometry(Machines.load("e64")).elinkRow());
        assertEquals(31, Machines.geometry(Machines.load("e1024")).elinkRow());
        assertEquals(1, Machines.geometry(Machines.parallella16("epiphany.elink-row=1")).elinkRow());
    }

    @Test
    void dramWindowOverlappingOnChipCoresIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeshGeometry(4, 4, 35, 30, 0x8e00_0000L, 32 << 20, -1, 32768, 8192));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
    }

    @Test
    void meshThatDoesNotFitSixBitCoordinatesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MeshGeometry(8, 8, 60, 8, 0x8e00_0000L, 1 << 20, -1, 32768, 8192));
    }
}
