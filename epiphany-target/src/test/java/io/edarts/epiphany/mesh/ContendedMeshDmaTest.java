package io.edarts.epiphany.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Dma;
import io.edarts.cam.Interconnect;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DMA engines of the shared mesh: alone they take what the target's closed form says; shared, longer. */
class ContendedMeshDmaTest {
    private final EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of()));
    private final MeshGeometry g = t.geometry();
    private final int a = g.core(0, 1);
    private final int b = g.core(0, 2);

    private static void runToIdle(Interconnect ic) {
        while (ic.nextEventCycle() != Long.MAX_VALUE) {
            ic.step();
        }
    }

    /** The same replay as validate's DmaProbe: 1,024 doublewords issued one a cycle into a bare EMesh. */
    private long probe(int core, int node, boolean read) {
        EMesh mesh = new EMesh(g, t.params());
        long[] last = {0};
        for (int k = 0; k < 1024; k++) {
            long tick = (long) k * EpiphanyParams.TICKS_PER_CYCLE;
            if (read) {
                mesh.read(core, node, 8, tick, (id, x) -> last[0] = Math.max(last[0], x));
            } else {
                mesh.write(core, node, 8, tick, (id, x) -> last[0] = Math.max(last[0], x));
            }
        }
        mesh.runToIdle();
        return MeshTiming.toCycles(last[0]);
    }

    @Test
    void aLoneTransferTakesWhatValidatesDmaRowsMeasure() {
        long local = 0x2000;
        assertEquals(probe(a, b, false), t.dmaCycles(a, Dma.copy(local, g.globalAddress(b, 0x4000), 8192)));
        assertEquals(probe(a, b, true), t.dmaCycles(a, Dma.copy(g.globalAddress(b, 0x4000), local, 8192)));
        assertEquals(probe(a, g.dramNode(), false), t.dmaCycles(a, Dma.copy(local, g.dramAddress(0), 8192)));
        assertEquals(probe(a, g.dramNode(), true), t.dmaCycles(a, Dma.copy(g.dramAddress(0), local, 8192)));
        // within local memory: one doubleword a cycle through the DMA bank port
        assertEquals(1024, t.dmaCycles(a, Dma.copy(0x2000, 0x4000, 8192)));
    }

    @Test
    void aLoneTransferOnTheSharedMeshEndsAtItsUncontendedCycles() {
        Dma d = Dma.copy(g.dramAddress(0), 0x2000, 4096);
        Interconnect ic = t.newInterconnect().orElseThrow();
        long[] end = {-1};
        ic.dma(a, 1, d, 100, c -> end[0] = c);
        runToIdle(ic);
        assertEquals(100 + t.dmaCycles(a, d), end[0]);
    }

    @Test
    void twoEnginesWritingIntoOneCoreSlowEachOther() {
        int c = g.core(0, 3);
        Dma d = Dma.copy(0x2000, g.globalAddress(b, 0x4000), 8192);
        long alone = t.dmaCycles(a, d);
        Interconnect ic = t.newInterconnect().orElseThrow();
        long[] end = new long[2];
        ic.dma(a, 0, d, 0, x -> end[0] = x);
        ic.dma(c, 0, d, 0, x -> end[1] = x);
        runToIdle(ic);
        // both feed core (0,2)'s one cMesh port into its node at 8 bytes a cycle
        assertTrue(Math.max(end[0], end[1]) >= 2 * alone - 16, "ends " + end[0] + ", " + end[1] + " alone " + alone);
    }

    @Test
    void channelZeroIssuesFirstWhenBothHaveWork() {
        Dma d = Dma.copy(0x2000, g.globalAddress(b, 0x4000), 2048);
        Interconnect ic = t.newInterconnect().orElseThrow();
        long[] end = new long[2];
        ic.dma(a, 1, d, 0, x -> end[1] = x);
        ic.dma(a, 0, d, 0, x -> end[0] = x);
        runToIdle(ic);
        assertTrue(end[0] < end[1], "channel 0 ends at " + end[0] + ", channel 1 at " + end[1]);
        assertEquals(t.dmaCycles(a, d), end[0]);
    }

    @Test
    void aChainRunsItsDescriptorsBackToBack() {
        Dma one = Dma.copy(0x2000, 0x4000, 1024);
        assertEquals(2 * t.dmaCycles(a, one), t.dmaCycles(a, one.then(Dma.copy(0x2400, 0x4400, 1024))));
    }

    @Test
    void misalignedTransfersMoveSmallerItems() {
        // 8-byte aligned: doublewords; a 4-byte aligned source: words, twice the transactions
        assertEquals(128, t.dmaCycles(a, Dma.copy(0x2000, 0x4000, 1024)));
        assertEquals(256, t.dmaCycles(a, Dma.copy(0x2004, 0x4000, 1024)));
        assertEquals(1024, t.dmaCycles(a, Dma.copy2d(0x2001, 64, 0x4000, 64, 32, 32)));
    }

    @Test
    void refusesWhatTheDescriptorCannotHold() {
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> t.dmaCycles(a, Dma.copy2d(0x0, 40000, 0x4000, 40000, 8, 2)));
        assertTrue(big.getMessage().contains("16-bit stride"), big.getMessage());
        // a transfer that runs past the end of local memory
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> t.dmaCycles(a, Dma.copy(0x7000, g.globalAddress(b, 0x4000), 8192)));
        assertTrue(past.getMessage().contains("neither local memory"), past.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.dmaCycles(a, Dma.copy(0x2000, 0x7ff0_0000L, 8)));
    }
}
