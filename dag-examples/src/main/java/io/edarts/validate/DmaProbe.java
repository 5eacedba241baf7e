package io.edarts.validate;

import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.memory.DmaEngine;
import io.edarts.epiphany.memory.MeshGeometry;
import io.edarts.epiphany.mesh.EMesh;
import io.edarts.epiphany.mesh.MeshTiming;

/**
 * A DMA transfer priced by the model's own parts, not by a codelet run: codelet programs cannot
 * start a DMA yet (issue 13), so this drives the transaction-level {@link EMesh} directly. The
 * engine issues one doubleword transaction per cycle (ARCH 8: "one doubleword per cycle";
 * epiphany-facts.md, "DMA"), writes posted on the cMesh or xMesh, reads as split transactions on the
 * rMesh; the mesh's links, router buffers and eLink decide when each completes. The transfer holds a
 * {@link DmaEngine} channel from its start until its last transaction is done.
 */
final class DmaProbe {
    private DmaProbe() {}

    /**
     * Cycles for core {@code core}'s DMA engine to move {@code bytes} to ({@code read} false) or from
     * node {@code node} (a core or the DRAM node).
     */
    static long cycles(MeshGeometry g, EpiphanyParams p, int core, int node, int bytes, boolean read) {
        EMesh mesh = new EMesh(g, p);
        long[] last = {0};
        EMesh.Completion done = (id, tick) -> last[0] = Math.max(last[0], tick);
        int doublewords = bytes / 8;
        for (int k = 0; k < doublewords; k++) {
            long tick = (long) k * EpiphanyParams.TICKS_PER_CYCLE;
            if (read) {
                mesh.read(core, node, 8, tick, done);
            } else {
                mesh.write(core, node, 8, tick, done);
            }
        }
        mesh.runToIdle();
        DmaEngine.Grant grant = new DmaEngine(p.dmaChannels()).reserve(0, MeshTiming.toCycles(last[0]));
        return grant.end() - grant.start();
    }
}
