package io.edarts.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The DMA descriptor value: what it holds, what it refuses, and chains. */
class DmaTest {
    @Test
    void aCopyIsOneRow() {
        Dma d = Dma.copy(0x2000, 0x8e00_0000L, 4096);
        assertEquals(1, d.descriptors());
        assertEquals(4096, d.bytes());
        assertEquals(1, d.outerCount(0));
        assertEquals(0x8e00_0000L, d.dst(0));
    }

    @Test
    void aChainKeepsItsDescriptorsInOrder() {
        Dma d = Dma.copy(0, 0x100, 64).then(Dma.copy2d(0x200, 32, 0x400, 16, 16, 4));
        assertEquals(2, d.descriptors());
        assertEquals(64 + 64, d.bytes());
        assertEquals(0x200, d.src(1));
        assertEquals(Dma.copy(0, 0x100, 64).then(Dma.copy2d(0x200, 32, 0x400, 16, 16, 4)), d);
    }

    @Test
    void refusesNonPositiveBytesAndNegativeAddresses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dma.copy(0, 8, -4));
        assertTrue(e.getMessage().contains("-4 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dma.copy(0, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> Dma.copy(-8, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> Dma.copy2d(0, 8, 0, 8, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> Dma.copy2d(0, -64, 0x1000, 64, 8, 4));
        assertThrows(IllegalArgumentException.class, () -> Dma.copy(0, 8, 8).then(null));
    }

    @Test
    void refusesDestinationRowsThatOverlap() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dma.copy2d(0, 64, 0x1000, 16, 32, 4));
        assertTrue(e.getMessage().contains("destination rows overlap"), e.getMessage());
        // overlapping source rows are fine: the engine reads them twice
        assertEquals(128, Dma.copy2d(0, 16, 0x1000, 32, 32, 4).bytes());
    }
}
