package io.edarts.cam;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable machine description: a mesh of cores cut into clusters, each with one SU and its CUs,
 * plus the typed records of its keys ({@link #description()}, {@link #costs()}, and the
 * target-specific blocks, {@link #block}). Built by {@link MachineLoader}; every value has been
 * validated there.
 */
public final class Machine {
    private final MachineDescription description;
    private final String name;
    private final double clockMhz;
    private final int rows;
    private final int cols;
    private final int poolCapacity;
    private final String target;
    private final Set<String> cuCapabilities;
    private final List<Cluster> clusters;
    private final int[] clusterOfCore;
    private final CoreRole[] roles;
    private final Map<String, Record> blocks;
    private final List<String> overrides;

    Machine(MachineDescription d, Map<String, Record> blocks, List<String> overrides) {
        this.description = d;
        this.overrides = List.copyOf(overrides);
        this.name = d.name();
        this.clockMhz = d.clockMhz();
        this.rows = d.mesh().rows();
        this.cols = d.mesh().cols();
        this.poolCapacity = d.poolCapacity();
        this.target = d.target();
        this.cuCapabilities = Collections.unmodifiableSet(new LinkedHashSet<>(d.cuCapabilities()));
        this.blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
        int clusterRows = d.clusters().rows();
        int clusterCols = d.clusters().cols();
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

    /** The bound machine-neutral keys. */
    public MachineDescription description() { return description; }

    /** The bound {@code costs} block. */
    public Costs costs() { return description.costs(); }

    /** Key {@code scheduler.cu-side}: whether CUs place the codelets their completions enable. */
    public boolean cuSideScheduling() { return description.scheduler().cuSideOn(); }

    /** Key {@code code-copy-source}. */
    public CodeCopySource codeCopySource() { return description.codeCopySource(); }

    /**
     * The bound target-specific block {@code key} (registered by a {@link MachineExtension}).
     *
     * @throws IllegalArgumentException if no block {@code key} of that type was loaded
     */
    public <T extends Record> T block(String key, Class<T> type) {
        Record r = blocks.get(key);
        if (!type.isInstance(r)) {
            throw new IllegalArgumentException("machine '" + name + "' has no block 'edarts.machine." + key
                    + "' of type " + type.getSimpleName() + "; is its module on the class path?");
        }
        return type.cast(r);
    }

    public String name() { return name; }

    /**
     * The {@code --set} overrides this machine was loaded with, in the order given, each as
     * {@code key=value} with the key relative to {@code edarts.machine}; empty for the description as
     * written.
     */
    public List<String> overrides() { return overrides; }

    /**
     * What to call this machine in a report: its name, followed by its overrides when it has any
     * ({@code mesh16 (--set pool-capacity=2, costs.hop-cycles=3)}), so a changed
     * machine never passes for the built-in one.
     */
    public String label() { return label(name, overrides); }

    /** {@link #label()} of a machine named {@code name} loaded with {@code overrides}. */
    public static String label(String name, List<String> overrides) {
        return overrides.isEmpty() ? name : name + " (--set " + String.join(", ", overrides) + ")";
    }

    /** Core clock in MHz; cycles / clockMhz = microseconds. */
    public double clockMhz() { return clockMhz; }

    public int rows() { return rows; }

    public int cols() { return cols; }

    public int coreCount() { return rows * cols; }

    public int poolCapacity() { return poolCapacity; }

    /** The name of the cost model that charges runs on this machine ({@link MachineRegistry#targetNames()}). */
    public String target() { return target; }

    /**
     * This machine, if its {@code target} key names {@code asked}: a target built for a machine that
     * asks for another cost model would charge costs that machine does not have. Every target's
     * factory calls it; {@link MachineRegistry#newTarget} picks the one the machine names.
     *
     * @throws IllegalArgumentException naming the machine, its target and the one asked for
     */
    public Machine requireTarget(String asked) {
        if (!target.equals(asked)) {
            throw new IllegalArgumentException("machine '" + label() + "' has target '" + target + "', not '" + asked
                    + "': build its target with MachineRegistry.newTarget(machine), or load it with --set target="
                    + asked + " to charge it as " + asked);
        }
        return this;
    }

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

    @Override
    public String toString() {
        return label() + " (" + rows + "x" + cols + ", " + clusters.size() + " cluster(s), " + target + ")";
    }
}
