package io.edarts.epiphany.mesh;

import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.memory.MeshGeometry;

/**
 * Uncontended eMesh latencies in closed form: what one transaction costs when it has the mesh to
 * itself. The per-core cost models use this view, because a core model belongs to one actor and must
 * not share mutable state with the others (see {@code EpiphanyTarget}); {@link EMesh} gives exactly
 * these numbers for a single flow (tested) and adds contention when flows share links.
 * <ul>
 *   <li>Write (posted; cMesh on chip, xMesh and eLink to DRAM): hops x 1.5 cycles + the data's
 *       serialization at the destination.</li>
 *   <li>Read (split transaction, ARCH 5.3): a request on the rMesh to the owner, the owner's
 *       turnaround ({@code read-turnaround-cycles}) or the DRAM latency, then the data back as a
 *       write on the cMesh.</li>
 * </ul>
 * Results are in half-cycle ticks; the {@code *Cycles} forms round up. Immutable, thread-safe,
 * allocation-free.
 */
public final class MeshTiming {
    /** Bytes of one read request on the rMesh, as traffic counts it: the address and the return address. */
    public static final int READ_REQUEST_BYTES = 8;

    private final MeshGeometry g;
    private final EpiphanyParams p;

    public MeshTiming(MeshGeometry geometry, EpiphanyParams params) {
        if (geometry == null || params == null) {
            throw new IllegalArgumentException("geometry and params must not be null");
        }
        this.g = geometry;
        this.p = params;
    }

    public MeshGeometry geometry() {
        return g;
    }

    public EpiphanyParams params() {
        return p;
    }

    /**
     * Ticks from a core issuing a write of {@code bytes} to node {@code toNode} until the last byte
     * has arrived. Zero when the node is the issuing core (the write never leaves it).
     */
    public long writeTicks(int fromCore, int toNode, int bytes) {
        checkCore(fromCore);
        checkNode(toNode);
        checkBytes(bytes);
        if (toNode == fromCore) {
            return 0;
        }
        int h = Routing.onChipHops(g, fromCore, toNode);
        if (toNode == g.dramNode()) {
            return h * (long) p.hopTicks() + LinkModel.latency(p, MeshKind.XMESH, LinkModel.ELINK, bytes);
        }
        return h * (long) p.hopTicks() + LinkModel.latency(p, MeshKind.CMESH, LinkModel.EJECT, bytes);
    }

    /**
     * Ticks from a core issuing a read of {@code bytes} from node {@code fromNode} until the data is
     * in the core. Zero for the core's own memory (the local access itself is part of the
     * instruction's issue slot).
     */
    public long readTicks(int core, int fromNode, int bytes) {
        checkCore(core);
        checkNode(fromNode);
        checkBytes(bytes);
        if (fromNode == core) {
            return 0;
        }
        int h = Routing.onChipHops(g, core, fromNode);
        long hops = h * (long) p.hopTicks();
        if (fromNode == g.dramNode()) {
            return hops + LinkModel.latency(p, MeshKind.RMESH, LinkModel.ELINK, 0)
                    + p.dramReadLatencyTicks()
                    + LinkModel.latency(p, MeshKind.CMESH, LinkModel.ELINK, bytes)
                    + hops + LinkModel.latency(p, MeshKind.CMESH, LinkModel.EJECT, bytes);
        }
        return hops + LinkModel.latency(p, MeshKind.RMESH, LinkModel.EJECT, 0)
                + p.readTurnaroundTicks()
                + hops + LinkModel.latency(p, MeshKind.CMESH, LinkModel.EJECT, bytes);
    }

    /** {@link #writeTicks} in cycles, rounded up. */
    public long writeCycles(int fromCore, int toNode, int bytes) {
        return toCycles(writeTicks(fromCore, toNode, bytes));
    }

    /** {@link #readTicks} in cycles, rounded up. */
    public long readCycles(int core, int fromNode, int bytes) {
        return toCycles(readTicks(core, fromNode, bytes));
    }

    /** Ticks the eLink is held by one transaction of {@code bytes}. */
    public long elinkTicks(int bytes) {
        return p.elinkTicks(LinkModel.packets(bytes));
    }

    /** Half-cycle ticks to whole cycles, rounding up. */
    public static long toCycles(long ticks) {
        return (ticks + EpiphanyParams.TICKS_PER_CYCLE - 1) / EpiphanyParams.TICKS_PER_CYCLE;
    }

    private void checkCore(int core) {
        if (core < 0 || core >= g.coreCount()) {
            throw new IllegalArgumentException("core " + core + " is not on the " + g.rows() + "x" + g.cols() + " mesh");
        }
    }

    private void checkNode(int node) {
        if (node < 0 || node > g.dramNode()) {
            throw new IllegalArgumentException("node " + node + " is neither a core nor the DRAM node " + g.dramNode());
        }
    }

    private static void checkBytes(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be > 0, got " + bytes);
        }
    }
}
