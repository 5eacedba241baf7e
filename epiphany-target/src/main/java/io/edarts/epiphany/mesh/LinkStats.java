package io.edarts.epiphany.mesh;

/**
 * Traffic on one directed link (an output port of one node on one mesh) over a run of {@link EMesh}.
 *
 * @param kind       which mesh (the eLink is reported as {@link MeshKind#XMESH})
 * @param node       the node the link leaves (core index or the DRAM node)
 * @param port       the output port ({@link Port#LOCAL} = into the node)
 * @param transfers  transactions that crossed it
 * @param bytes      payload bytes that crossed it (a read request counts the 8 bytes of its addresses)
 * @param busyTicks  half cycles it was held
 * @param waitTicks  half cycles transactions waited for it (arbitration and queueing)
 */
public record LinkStats(MeshKind kind, int node, Port port, long transfers, long bytes, long busyTicks, long waitTicks) {
    /** Busy time in cycles, rounded up. */
    public long busyCycles() {
        return MeshTiming.toCycles(busyTicks);
    }
}
