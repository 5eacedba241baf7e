package io.edarts.epiphany.memory;

import io.edarts.cam.Machine;
import io.edarts.epiphany.EpiphanyParams;

/**
 * The Epiphany address map of one mesh.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>Cores.</b> Core indices are row-major over the on-chip mesh ({@code row * cols + col},
 *       as in {@code io.edarts.cam.Machine}). Core (0,0) sits at mesh coordinates
 *       ({@code originRow}, {@code originCol}): (32, 8) on the E16G301, whose first core ID is
 *       0x808 (epiphany-facts.md, "Chip and core").</li>
 *   <li><b>Global addresses.</b> Bits [31:20] are the 12-bit mesh-node ID, 6 bits of row then 6 bits
 *       of column; bits [19:0] are the offset in that node's 1 MB (ARCH 5.2, Table 5;
 *       epiphany-facts.md, "address").</li>
 *   <li><b>Local alias.</b> 0x00000000-0x000FFFFF name the issuing core's own space (bits [31:20]
 *       all zero, ARCH 6.1.5), so decoding such an address needs the issuing core.</li>
 *   <li><b>A core's space.</b> 0x0000-0x7FFF is local memory, four banks of 8 KB
 *       (ARCH 6.1.2); 0xF0000-0xF7FFF are memory-mapped registers (fast.ldf {@code MMR}); anything
 *       else in the node's 1 MB is unmapped and rejected.</li>
 *   <li><b>External DRAM.</b> A window of {@code dramBytes} at {@code dramBase} (32 MB at
 *       0x8e000000 on the Parallella, fast.ldf). Its node IDs (0x8e0 = row 35, col 32 ...) must not be
 *       on-chip cores; the window is reached through the eLink at the east edge (see
 *       {@code io.edarts.epiphany.mesh.Routing}). In the mesh model it is one extra node,
 *       {@link #dramNode()} = {@link #coreCount()}.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class MeshGeometry {
    /** Rows (and columns) the 6-bit row and column fields of a mesh-node ID can name (ARCH 5.2). */
    public static final int NODE_ID_SIDE = 64;
    /** Size of one mesh node's slice of the address space (20 offset bits). */
    public static final long NODE_SPACE_BYTES = 0x10_0000L;
    /** First memory-mapped register offset in a core's space (fast.ldf {@code MMR}). */
    public static final int MMR_BASE = 0xF_0000;
    /** Bytes of memory-mapped register space (fast.ldf {@code MMR}, 32K). */
    public static final int MMR_BYTES = 0x8000;

    private final int rows;
    private final int cols;
    private final int originRow;
    private final int originCol;
    private final long dramBase;
    private final long dramBytes;
    private final int elinkRow;
    private final int localMemoryBytes;
    private final int bankBytes;

    /**
     * @param elinkRow on-chip row of the router the eLink is attached to, or -1 to derive it from the
     *                 DRAM window's mesh-node row, clamped to the mesh
     * @throws IllegalArgumentException if the mesh does not fit the 6-bit row/column fields, the DRAM
     *                                  window overlaps an on-chip core's node ID, or a size is bad
     */
    public MeshGeometry(int rows, int cols, int originRow, int originCol, long dramBase, long dramBytes,
                        int elinkRow, int localMemoryBytes, int bankBytes) {
        if (rows < 1 || cols < 1 || rows > 64 || cols > 64) {
            throw new IllegalArgumentException("mesh must be 1..64 x 1..64, got " + rows + "x" + cols);
        }
        if (originRow < 0 || originCol < 0 || originRow + rows > 64 || originCol + cols > 64) {
            throw new IllegalArgumentException("mesh " + rows + "x" + cols + " at epiphany.origin-row/origin-col (" + originRow + ","
                    + originCol + ") does not fit the 6-bit row and column of the mesh-node ID");
        }
        if (dramBase < NODE_SPACE_BYTES || dramBase > 0xFFFF_FFFFL || dramBase % NODE_SPACE_BYTES != 0) {
            throw new IllegalArgumentException("DRAM base must be a non-local address on a 1 MB boundary, got 0x"
                    + Long.toHexString(dramBase));
        }
        if (dramBytes <= 0 || dramBase + dramBytes > 0x1_0000_0000L) {
            throw new IllegalArgumentException("DRAM window of " + dramBytes + " bytes at 0x" + Long.toHexString(dramBase)
                    + " does not fit the 32-bit address space");
        }
        if (localMemoryBytes <= 0 || bankBytes <= 0 || localMemoryBytes % bankBytes != 0
                || localMemoryBytes > MMR_BASE) {
            throw new IllegalArgumentException("epiphany.local-memory-bytes " + localMemoryBytes + " in banks of epiphany.bank-bytes "
                    + bankBytes + " is not a whole number of banks below the registers");
        }
        this.rows = rows;
        this.cols = cols;
        this.originRow = originRow;
        this.originCol = originCol;
        this.dramBase = dramBase;
        this.dramBytes = dramBytes;
        this.localMemoryBytes = localMemoryBytes;
        this.bankBytes = bankBytes;
        long firstNode = dramBase >>> 20;
        long lastNode = (dramBase + dramBytes - 1) >>> 20;
        for (int r = originRow; r < originRow + rows; r++) {
            long lo = ((long) r << 6) | originCol;
            long hi = ((long) r << 6) | (originCol + cols - 1);
            if (lo <= lastNode && firstNode <= hi) {
                throw new IllegalArgumentException("DRAM window 0x" + Long.toHexString(dramBase) + "+" + dramBytes
                        + " overlaps the node IDs of on-chip row " + (r - originRow));
            }
        }
        if (elinkRow == -1) {
            int dramRow = (int) (firstNode >>> 6) - originRow;
            this.elinkRow = Math.max(0, Math.min(rows - 1, dramRow));
        } else if (elinkRow >= 0 && elinkRow < rows) {
            this.elinkRow = elinkRow;
        } else {
            throw new IllegalArgumentException("epiphany.elink-row must be -1 (derive) or 0.." + (rows - 1) + ", got " + elinkRow);
        }
    }

    /** The geometry of {@code machine} with its Epiphany parameters. */
    public static MeshGeometry of(Machine machine, EpiphanyParams p) {
        return new MeshGeometry(machine.rows(), machine.cols(), p.originRow(), p.originCol(),
                p.dramBase(), p.dramBytes(), p.elinkRow(), p.localMemoryBytes(), p.bankBytes());
    }

    /** The geometry of {@code machine}, reading its parameters. */
    public static MeshGeometry of(Machine machine) {
        return of(machine, EpiphanyParams.of(machine));
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    public int originRow() { return originRow; }

    public int originCol() { return originCol; }

    public int coreCount() { return rows * cols; }

    /** Mesh-model node of the external DRAM (one past the last core). */
    public int dramNode() { return rows * cols; }

    /** Mesh nodes: every core plus the DRAM. */
    public int nodeCount() { return rows * cols + 1; }

    /** On-chip row of the east-edge router the eLink is attached to. */
    public int elinkRow() { return elinkRow; }

    public long dramBase() { return dramBase; }

    public long dramBytes() { return dramBytes; }

    public int localMemoryBytes() { return localMemoryBytes; }

    public int bankBytes() { return bankBytes; }

    public int banks() { return localMemoryBytes / bankBytes; }

    public int row(int core) {
        checkCore(core);
        return core / cols;
    }

    public int col(int core) {
        checkCore(core);
        return core % cols;
    }

    /** @throws IllegalArgumentException if (row, col) is off the mesh */
    public int core(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IllegalArgumentException("(" + row + "," + col + ") is not on the " + rows + "x" + cols + " mesh");
        }
        return row * cols + col;
    }

    /** The 12-bit mesh-node ID of {@code core}: 6 bits of row, 6 of column (0x808 for core 0 of the E16G301). */
    public int meshNodeId(int core) {
        return ((originRow + row(core)) << 6) | (originCol + col(core));
    }

    /**
     * The global address of byte {@code offset} in core {@code core}'s space.
     *
     * @throws IllegalArgumentException if the core is off the mesh or the offset is outside 0..0xFFFFF
     */
    public long globalAddress(int core, long offset) {
        if (offset < 0 || offset >= NODE_SPACE_BYTES) {
            throw new IllegalArgumentException("offset 0x" + Long.toHexString(offset) + " is outside a node's 1 MB");
        }
        return ((long) meshNodeId(core) << 20) | offset;
    }

    /**
     * The eCore address of byte {@code offset} of the DRAM window.
     *
     * @throws IllegalArgumentException if the offset is outside the window
     */
    public long dramAddress(long offset) {
        if (offset < 0 || offset >= dramBytes) {
            throw new IllegalArgumentException("DRAM offset " + offset + " is outside the " + dramBytes + "-byte window");
        }
        return dramBase + offset;
    }

    /** Whether {@code address} is in the local alias range 0x00000000-0x000FFFFF. */
    public static boolean isLocalAlias(long address) {
        return address >= 0 && address < NODE_SPACE_BYTES;
    }

    /**
     * What {@code address} names when core {@code issuingCore} uses it (so the local alias resolves
     * to that core).
     *
     * @throws IllegalArgumentException if the address is not a 32-bit value, is unmapped, or names a
     *                                  mesh node that is neither an on-chip core nor the DRAM window
     */
    public Location locate(long address, int issuingCore) {
        checkCore(issuingCore);
        return decode(address, issuingCore);
    }

    /**
     * What global {@code address} names.
     *
     * @throws IllegalArgumentException as {@link #locate(long, int)}, and for a local-alias address
     *                                  (which needs an issuing core)
     */
    public Location locate(long address) {
        if (isLocalAlias(address)) {
            throw new IllegalArgumentException("address 0x" + Long.toHexString(address)
                    + " is a local alias; say which core issues it");
        }
        return decode(address, -1);
    }

    /**
     * The mesh-model node serving {@code address} issued by {@code issuingCore}: a core index or
     * {@link #dramNode()}. Allocation-free; for the per-firing path.
     *
     * @throws IllegalArgumentException as {@link #locate(long, int)}
     */
    public int nodeOf(long address, int issuingCore) {
        checkAddress(address);
        if (isLocalAlias(address)) {
            checkCore(issuingCore);
            checkOffset(address, issuingCore);
            return issuingCore;
        }
        if (address >= dramBase && address < dramBase + dramBytes) {
            return dramNode();
        }
        int core = coreOfNodeId((int) (address >>> 20));
        if (core < 0) {
            throw unmapped(address);
        }
        checkOffset(address & (NODE_SPACE_BYTES - 1), core);
        return core;
    }

    /** The core whose mesh-node ID is {@code nodeId}, or -1 if it is not on this mesh. */
    public int coreOfNodeId(int nodeId) {
        int r = (nodeId >>> 6) & 63;
        int c = nodeId & 63;
        if ((nodeId >>> 12) != 0 || r < originRow || r >= originRow + rows || c < originCol || c >= originCol + cols) {
            return -1;
        }
        return (r - originRow) * cols + (c - originCol);
    }

    private Location decode(long address, int issuingCore) {
        checkAddress(address);
        if (isLocalAlias(address)) {
            return inCore(issuingCore, (int) address, address);
        }
        if (address >= dramBase && address < dramBase + dramBytes) {
            return new Location.ExternalDram(address - dramBase);
        }
        int core = coreOfNodeId((int) (address >>> 20));
        if (core < 0) {
            throw unmapped(address);
        }
        return inCore(core, (int) (address & (NODE_SPACE_BYTES - 1)), address);
    }

    private Location inCore(int core, int offset, long address) {
        if (offset < localMemoryBytes) {
            return new Location.CoreMemory(core, offset, offset / bankBytes);
        }
        if (offset >= MMR_BASE && offset < MMR_BASE + MMR_BYTES) {
            return new Location.CoreRegister(core, offset);
        }
        throw new IllegalArgumentException("address 0x" + Long.toHexString(address) + " is offset 0x"
                + Integer.toHexString(offset) + " of core " + core + ": neither local memory (0.."
                + Integer.toHexString(localMemoryBytes - 1) + ") nor registers (0xf0000..0xf7fff)");
    }

    private void checkOffset(long offset, int core) {
        if (offset < localMemoryBytes || (offset >= MMR_BASE && offset < MMR_BASE + MMR_BYTES)) {
            return;
        }
        throw new IllegalArgumentException("offset 0x" + Long.toHexString(offset) + " of core " + core
                + " is neither local memory nor a register");
    }

    private IllegalArgumentException unmapped(long address) {
        int id = (int) (address >>> 20);
        return new IllegalArgumentException("address 0x" + Long.toHexString(address) + " names mesh node ("
                + (id >>> 6) + "," + (id & 63) + "), which is neither a core of this " + rows + "x" + cols
                + " mesh at (" + originRow + "," + originCol + ") nor the DRAM window at 0x" + Long.toHexString(dramBase));
    }

    private static void checkAddress(long address) {
        if (address < 0 || address > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("address 0x" + Long.toHexString(address) + " is not a 32-bit address");
        }
    }

    private void checkCore(int core) {
        if (core < 0 || core >= rows * cols) {
            throw new IllegalArgumentException("core " + core + " is not on the " + rows + "x" + cols + " mesh");
        }
    }

    @Override
    public String toString() {
        return rows + "x" + cols + " mesh at (" + originRow + "," + originCol + "), DRAM 0x" + Long.toHexString(dramBase)
                + "+" + dramBytes + " via eLink at row " + elinkRow;
    }
}
