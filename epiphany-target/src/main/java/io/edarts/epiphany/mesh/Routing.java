package io.edarts.epiphany.mesh;

import io.edarts.epiphany.memory.MeshGeometry;
import java.util.ArrayList;
import java.util.List;

/**
 * Dimension-order routing on the eMesh.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>Row first.</b> "Transactions first complete routing along a single row before traveling
 *       in a column direction" (ARCH 5.2): east while the destination column is greater, west while
 *       it is smaller, then south/north while the destination row is greater/smaller, then into the
 *       node (ARCH Table 3; the prose of 5.2 swaps east and west, epiphany-facts.md says to trust
 *       the table). Deadlock-free with separate read and write meshes (ARCH 5.1).</li>
 *   <li><b>The eLink.</b> The DRAM window's node IDs (0x8e0.. = row 35, columns 32..) lie east of
 *       every on-chip column, so by Table 3 a transaction for DRAM travels east along its own row.
 *       An E16G301 has one eLink per edge (E16G301 datasheet, ARCH Fig. 7), and the Parallella
 *       wires the east one to the FPGA. We attach it to a single east-edge router, the one on
 *       {@link MeshGeometry#elinkRow()} (row 35 - 32 = 3 on the Parallella, i.e. the DRAM node's own
 *       row; on a mesh that ends above row 35 the last row). A transaction that reaches the east
 *       column on another row therefore continues north or south along that column to the eLink
 *       row before leaving the chip: our reading of "the edge routers funnel into the one eLink";
 *       the reference manual does not describe the edge logic. Replies from DRAM enter at the same
 *       router and are routed row first like any on-chip transaction.</li>
 * </ul>
 */
public final class Routing {
    private Routing() { }

    /**
     * The route from node {@code from} to node {@code to} (core indices, or the DRAM node).
     *
     * @throws IllegalArgumentException if a node is not on the geometry or both are the DRAM node
     */
    public static Route route(MeshGeometry g, int from, int to) {
        check(g, from);
        check(g, to);
        int dram = g.dramNode();
        if (from == dram && to == dram) {
            throw new IllegalArgumentException("DRAM to DRAM does not cross the mesh");
        }
        List<Integer> nodes = new ArrayList<>();
        List<Port> dirs = new ArrayList<>();
        int r;
        int c;
        nodes.add(from);
        if (from == dram) {
            r = g.elinkRow();
            c = g.cols() - 1;
            dirs.add(Port.WEST);
            nodes.add(g.core(r, c));
        } else {
            r = g.row(from);
            c = g.col(from);
        }
        int tr;
        int tc;
        if (to == dram) {
            tr = g.elinkRow();
            tc = g.cols() - 1;
        } else {
            tr = g.row(to);
            tc = g.col(to);
        }
        while (c != tc) {
            Port p = tc > c ? Port.EAST : Port.WEST;
            c += tc > c ? 1 : -1;
            dirs.add(p);
            nodes.add(g.core(r, c));
        }
        while (r != tr) {
            Port p = tr > r ? Port.SOUTH : Port.NORTH;
            r += tr > r ? 1 : -1;
            dirs.add(p);
            nodes.add(g.core(r, c));
        }
        if (to == dram) {
            dirs.add(Port.EAST);
            nodes.add(dram);
        }
        return new Route(nodes, dirs);
    }

    /**
     * On-chip router-to-router hops between two nodes along {@link #route}, not counting the eLink.
     * Allocation-free.
     */
    static int onChipHops(MeshGeometry g, int from, int to) {
        int dram = g.dramNode();
        int fr = from == dram ? g.elinkRow() : g.row(from);
        int fc = from == dram ? g.cols() - 1 : g.col(from);
        int tr = to == dram ? g.elinkRow() : g.row(to);
        int tc = to == dram ? g.cols() - 1 : g.col(to);
        return Math.abs(fr - tr) + Math.abs(fc - tc);
    }

    private static void check(MeshGeometry g, int node) {
        if (node < 0 || node > g.dramNode()) {
            throw new IllegalArgumentException("node " + node + " is neither a core (0.." + (g.coreCount() - 1)
                    + ") nor the DRAM node (" + g.dramNode() + ")");
        }
    }
}
