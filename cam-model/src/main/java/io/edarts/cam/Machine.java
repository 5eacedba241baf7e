package io.edarts.cam;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * An immutable machine description: a mesh of cores cut into clusters, each with one SU and its CUs,
 * plus the resolved configuration the target reads its own parameters from. Built by
 * {@link MachineLoader}; every value has been validated there.
 */
public final class Machine {
    private final String name;
    private final double clockMhz;
    private final int rows;
    private final int cols;
    private final int originRow;
    private final int originCol;
    private final int poolCapacity;
    private final String target;
    private final Set<String> cuCapabilities;
    private final List<Cluster> clusters;
    private final int[] clusterOfCore;
    private final CoreRole[] roles;
    private final Config config;

    Machine(String name, double clockMhz, int rows, int cols, int originRow, int originCol,
            int clusterRows, int clusterCols, int poolCapacity, String target,
            Set<String> cuCapabilities, Config config) {
        this.name = name;
        this.clockMhz = clockMhz;
        this.rows = rows;
        this.cols = cols;
        this.originRow = originRow;
        this.originCol = originCol;
        this.poolCapacity = poolCapacity;
        this.target = target;
        this.cuCapabilities = Set.copyOf(cuCapabilities);
        this.config = config;
        this.clusterOfCore = new int[rows * cols];
        this.roles = new CoreRole[rows * cols];
        List<Cluster> cs = new ArrayList<>();
        int ch = rows / clusterRows;
        int cw = cols / clusterCols;
        for (int cr = 0; cr < clusterRows; cr++) {
            for (int cc = 0; cc < clusterCols; cc++) {
                int id = cr * clusterCols + cc;
                int su = (cr * ch) * cols + cc * cw;
                List<Integer> cus = new ArrayList<>();
                for (int r = cr * ch; r < (cr + 1) * ch; r++) {
                    for (int c = cc * cw; c < (cc + 1) * cw; c++) {
                        int core = r * cols + c;
                        clusterOfCore[core] = id;
                        if (core == su) {
                            roles[core] = CoreRole.SU;
                        } else {
                            roles[core] = CoreRole.CU;
                            cus.add(core);
                        }
                    }
                }
                cus.sort(null);
                cs.add(new Cluster(id, su, cus.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
        this.clusters = Collections.unmodifiableList(cs);
    }

    public String name() { return name; }

    /** Core clock in MHz; cycles / clockMhz = microseconds. */
    public double clockMhz() { return clockMhz; }

    public int rows() { return rows; }

    public int cols() { return cols; }

    public int coreCount() { return rows * cols; }

    /** Mesh row of core (0,0) in the chip's address map (32 on the E16G301). */
    public int originRow() { return originRow; }

    /** Mesh column of core (0,0) in the chip's address map (8 on the E16G301). */
    public int originCol() { return originCol; }

    public int poolCapacity() { return poolCapacity; }

    /** The cost model that charges runs on this machine: "ideal", "simple-mesh" or "epiphany". */
    public String target() { return target; }

    public Set<String> cuCapabilities() { return cuCapabilities; }

    public List<Cluster> clusters() { return clusters; }

    public Cluster clusterOf(int core) { return clusters.get(clusterOfCore[core]); }

    public CoreRole role(int core) { return roles[core]; }

    public int row(int core) { return core / cols; }

    public int col(int core) { return core % cols; }

    public int core(int row, int col) { return row * cols + col; }

    /** Number of CUs over all clusters. */
    public int cuCount() {
        int n = 0;
        for (Cluster c : clusters) n += c.cuCount();
        return n;
    }

    /** Router hops between two cores under dimension-order routing (row first, then column). */
    public int hops(int from, int to) {
        return Math.abs(row(from) - row(to)) + Math.abs(col(from) - col(to));
    }

    /** Microseconds for a number of cycles at this machine's clock. */
    public double micros(long cycles) {
        return cycles / clockMhz;
    }

    /** The resolved {@code edarts.machine} configuration, for target-specific keys. */
    public Config config() { return config; }

    @Override
    public String toString() {
        return name + " (" + rows + "x" + cols + ", " + clusters.size() + " cluster(s), " + target + ")";
    }
}
