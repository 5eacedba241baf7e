package io.edarts.epiphany.host;

import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.memory.MeshGeometry;

/**
 * Where and how the ARM host is attached to the chip, and what a transfer over that attachment costs.
 *
 * <h2>Design note</h2>
 * On the Parallella the host reaches the Epiphany through the Zynq's FPGA, which bridges the ARM's
 * AXI bus to the chip's east eLink; the DRAM window the cores see is the host's own memory behind the
 * same FPGA (facts, "Parallella external DRAM": host 0x3e000000 is the cores' 0x8e000000). So:
 * <ul>
 *   <li><b>host to or from DRAM</b> never touches the chip: its cost is the bytes at the facts'
 *       host-to-ERAM (100.7 MiB/s) or ERAM-to-host (135.4 MiB/s) rate;</li>
 *   <li><b>host to or from a core's SRAM</b> crosses the FPGA and the eLink into the east edge's
 *       router on {@link MeshGeometry#elinkRow()}, then the mesh row first (ARCH p.24), to the core.
 *       Its throughput is the facts' host-to-SRAM rate (14.6 MiB/s; 17.9 back), 34 times below the
 *       eLink's 493 MiB/s ({@code epiphany.mesh.elink-cycles-per-8kib}), so the host's side is the
 *       bottleneck and the on-chip path adds only its latency once: one hop from the eLink into the
 *       edge router and one per router to the core, at {@code costs.hop-cycles} (1.5) each.</li>
 * </ul>
 * Rates are MiB/s as the table gives them (EBSP's {@code memory_details.rst} measures in MiB/s of
 * 8 KB transfers); cycles are the chip's, rounded up to a whole cycle. The host's transfers are
 * serial on the host (one ARM thread copies; see {@link HostNode}), so they never contend with each
 * other; they are not replayed on the contended eMesh, because at 14.6 MiB/s a host write occupies an
 * eLink transaction slot one cycle in 34.
 */
public final class HostLink {
    /** A transfer's direction, with the facts' row it takes its rate from. */
    public enum Direction {
        /** host to SRAM, 14.6 MiB/s */
        HOST_TO_SRAM("host to SRAM"),
        /** SRAM to host, 17.9 MiB/s */
        SRAM_TO_HOST("SRAM to host"),
        /** host to ERAM, 100.7 MiB/s */
        HOST_TO_DRAM("host to DRAM"),
        /** ERAM to host, 135.4 MiB/s */
        DRAM_TO_HOST("DRAM to host");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        /** Whether the far end is a core's local memory (the transfer crosses the eLink and the mesh). */
        public boolean touchesChip() {
            return this == HOST_TO_SRAM || this == SRAM_TO_HOST;
        }

        public String label() {
            return label;
        }
    }

    private static final double MIB = 1024.0 * 1024.0;

    private final HostParams params;
    private final MeshGeometry geometry;
    private final int hopTicks;

    /**
     * @throws IllegalArgumentException if an argument is null
     */
    public HostLink(HostParams params, MeshGeometry geometry, EpiphanyParams chip) {
        if (params == null || geometry == null || chip == null) {
            throw new IllegalArgumentException("HostLink needs host parameters, the mesh geometry and the chip's parameters");
        }
        this.params = params;
        this.geometry = geometry;
        this.hopTicks = chip.hopTicks();
    }

    public HostParams params() {
        return params;
    }

    /** Router hops from the host to {@code core}: into the east edge's router on the eLink row, then row first. */
    public int hops(int core) {
        checkCore(core);
        int r = geometry.row(core);
        int c = geometry.col(core);
        return 1 + (geometry.cols() - 1 - c) + Math.abs(geometry.elinkRow() - r);
    }

    /**
     * Chip cycles a transfer of {@code bytes} in direction {@code d} takes, {@code core} its far end for
     * the SRAM directions (ignored for DRAM): the bytes at the direction's rate, plus the on-chip
     * path's latency for SRAM.
     *
     * @throws IllegalArgumentException for negative bytes or, for SRAM, a core off the mesh
     */
    public long cycles(Direction d, int core, long bytes) {
        if (d == null || bytes < 0) {
            throw new IllegalArgumentException("host transfer of " + bytes + " B (" + d + "): expected a direction and bytes >= 0");
        }
        if (bytes == 0) {
            return 0;
        }
        double seconds = bytes / (params.mibPerS(d) * MIB);
        long cycles = (long) Math.ceil(seconds * params.chipClockMhz() * 1e6);
        if (d.touchesChip()) {
            cycles += (hops(core) * (long) hopTicks + EpiphanyParams.TICKS_PER_CYCLE - 1) / EpiphanyParams.TICKS_PER_CYCLE;
        }
        return cycles;
    }

    /** Chip cycles for {@code hostCycles} cycles of the ARM's clock, rounded up. */
    public long chipCycles(long hostCycles) {
        if (hostCycles < 0) {
            throw new IllegalArgumentException("host cycles must be >= 0, got " + hostCycles);
        }
        return (long) Math.ceil(hostCycles * params.chipClockMhz() / params.hostClockMhz());
    }

    private void checkCore(int core) {
        if (core < 0 || core >= geometry.coreCount()) {
            throw new IllegalArgumentException("core " + core + " is not on the " + geometry.rows() + "x"
                    + geometry.cols() + " mesh");
        }
    }
}
