package io.edarts.epiphany.mesh;

import io.edarts.epiphany.EpiphanyParams;

/**
 * How long a transfer holds a link (occupancy) and how long until it is at the far end (latency),
 * in half-cycle ticks. Shared by the contention model ({@link EMesh}) and the uncontended closed
 * forms ({@link MeshTiming}) so the two agree exactly for a single flow.
 * <ul>
 *   <li>Router-to-router link: latency one hop (1.5 cycles, ARCH 5.1). cMesh/xMesh occupancy is the
 *       data's serialization at 8 bytes per cycle (a transaction with no data counts as one cycle);
 *       rMesh occupancy is 8 cycles per request (ARCH 5.1: one read every 8 cycles per direction).</li>
 *   <li>Ejection into the node ("into mesh node" is a routing direction, ARCH Table 3): same
 *       occupancy; its latency is the tail of the data (serialization) for cMesh/xMesh, and zero
 *       for a request, which is a single transaction.</li>
 *   <li>eLink: occupancy {@code elink-cycles-per-8kib / 1024} per 8-byte transaction (derived from
 *       DMA to ERAM, reference.conf); latency one hop plus the whole transaction (the off-chip link
 *       receives a transaction before passing it on).</li>
 * </ul>
 */
final class LinkModel {
    static final int ROUTER = 0;
    static final int EJECT = 1;
    static final int ELINK = 2;

    /** eLink time is counted in 1/1024 ticks: the measurement is cycles per 1,024 transactions. */
    static final long ELINK_UNITS_PER_TICK = 1024;

    private LinkModel() { }

    /** eLink time of one transaction of {@code bytes}, in 1/1024 ticks. */
    static long elinkUnits(EpiphanyParams p, int bytes) {
        return (long) EpiphanyParams.TICKS_PER_CYCLE * p.elinkCyclesPer8KiB() * packets(bytes);
    }

    static long serialTicks(EpiphanyParams p, int bytes) {
        int b = Math.max(bytes, 1);
        return (long) EpiphanyParams.TICKS_PER_CYCLE * ((b + p.cmeshBytesPerCycle() - 1) / p.cmeshBytesPerCycle());
    }

    static int packets(int bytes) {
        return (Math.max(bytes, 1) + 7) / 8;
    }

    static long occupancy(EpiphanyParams p, MeshKind kind, int cls, int bytes) {
        if (cls == ELINK) {
            return p.elinkTicks(packets(bytes));
        }
        if (kind == MeshKind.RMESH) {
            return (long) EpiphanyParams.TICKS_PER_CYCLE * p.rmeshCyclesPerRequest();
        }
        return serialTicks(p, bytes);
    }

    static long latency(EpiphanyParams p, MeshKind kind, int cls, int bytes) {
        return switch (cls) {
            case ROUTER -> p.hopTicks();
            case EJECT -> kind == MeshKind.RMESH ? 0 : serialTicks(p, bytes);
            default -> p.hopTicks() + p.elinkTicks(packets(bytes));
        };
    }
}
