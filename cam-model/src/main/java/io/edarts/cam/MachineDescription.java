package io.edarts.cam;

import java.util.List;

/**
 * The machine-neutral part of an {@code edarts.machine} block, bound by {@link MachineLoader}.
 * Target-specific blocks ({@link MachineBlock}) are bound beside it. Keys, defaults and their
 * meaning are in cam-model's {@code reference.conf}.
 *
 * @param name           the machine's name in reports
 * @param clockMhz       core clock in MHz
 * @param mesh           the core grid
 * @param clusters       how the grid is cut into clusters, each with one SU
 * @param poolCapacity   codelets a CU holds at once (running plus waiting)
 * @param cuCapabilities capabilities every CU has
 * @param codeCopySource where a code-cache miss copies from
 * @param target         the name of the cost model (a {@link TargetKind} name)
 * @param costs          scheduling and messaging costs
 * @param scheduler      how the CUs take part in scheduling (key {@code scheduler})
 */
public record MachineDescription(
        String name,
        double clockMhz,
        Mesh mesh,
        Clusters clusters,
        int poolCapacity,
        List<String> cuCapabilities,
        CodeCopySource codeCopySource,
        String target,
        Costs costs,
        Scheduler scheduler) {

    /** Most rows or columns of a mesh. */
    public static final int MAX_SIDE = 64;
    /** Most codelets one CU's pool may hold. */
    public static final int MAX_POOL_CAPACITY = 1 << 20;

    /**
     * Key {@code mesh}: {@code rows x cols} cores, row-major.
     *
     * @param rows mesh rows, 1..64
     * @param cols mesh columns, 1..64
     */
    public record Mesh(int rows, int cols) {
        /** @throws KeyValueException if a side is out of range */
        public Mesh {
            KeyValueException.range("rows", rows, 1, MAX_SIDE);
            KeyValueException.range("cols", cols, 1, MAX_SIDE);
        }
    }

    /**
     * Key {@code clusters}: the mesh is cut into {@code rows x cols} equal rectangles.
     *
     * @param rows cluster rows, dividing the mesh rows
     * @param cols cluster columns, dividing the mesh columns
     */
    public record Clusters(int rows, int cols) {
        /** @throws KeyValueException if a count is out of range */
        public Clusters {
            KeyValueException.range("rows", rows, 1, MAX_SIDE);
            KeyValueException.range("cols", cols, 1, MAX_SIDE);
        }
    }

    /**
     * Key {@code scheduler}: what the CUs do for scheduling themselves, besides firing.
     *
     * @param cuSide whether a CU places the codelets its completions enable into its own pool
     *               ({@code on}) instead of sending them through its SU ({@code off}, as eDARTS does)
     */
    public record Scheduler(OnOff cuSide) {
        /** @throws KeyValueException if {@code cu-side} is missing */
        public Scheduler {
            if (cuSide == null) {
                throw new KeyValueException("cu-side", null, "expected on or off");
            }
        }

        /** Whether CU-side scheduling is on. */
        public boolean cuSideOn() {
            return cuSide == OnOff.ON;
        }
    }

    /** A switch key's value. */
    public enum OnOff {
        @com.fasterxml.jackson.annotation.JsonProperty("on") ON,
        @com.fasterxml.jackson.annotation.JsonProperty("off") OFF
    }

    /** @throws KeyValueException naming the key whose value is out of range or inconsistent */
    public MachineDescription {
        KeyValueException.nonBlank("name", name);
        KeyValueException.range("clock-mhz", clockMhz, 0.001, 1_000_000);
        if (mesh == null) {
            throw new KeyValueException("mesh", null, "expected a block");
        }
        if (clusters == null) {
            throw new KeyValueException("clusters", null, "expected a block");
        }
        if (costs == null) {
            throw new KeyValueException("costs", null, "expected a block");
        }
        int cores = mesh.rows() * mesh.cols();
        if (cores < 2) {
            throw new KeyValueException("mesh", mesh.rows() + "x" + mesh.cols(),
                    "a machine needs at least 2 cores (an SU and a CU)");
        }
        if (clusters.rows() > mesh.rows() || mesh.rows() % clusters.rows() != 0) {
            throw new KeyValueException("clusters.rows", clusters.rows(), "must divide mesh.rows=" + mesh.rows());
        }
        if (clusters.cols() > mesh.cols() || mesh.cols() % clusters.cols() != 0) {
            throw new KeyValueException("clusters.cols", clusters.cols(), "must divide mesh.cols=" + mesh.cols());
        }
        if ((mesh.rows() / clusters.rows()) * (mesh.cols() / clusters.cols()) < 2) {
            throw new KeyValueException("clusters", clusters.rows() + "x" + clusters.cols(),
                    "each cluster needs at least 2 cores (an SU and a CU)");
        }
        KeyValueException.range("pool-capacity", poolCapacity, 1, MAX_POOL_CAPACITY);
        // the SUs hold one credit per pool place of every CU: the total must be an int
        long cus = cores - (long) clusters.rows() * clusters.cols();
        if ((long) poolCapacity * cus > Integer.MAX_VALUE) {
            throw new KeyValueException("pool-capacity", poolCapacity, "times the " + cus
                    + " CUs exceeds " + Integer.MAX_VALUE + " pool places");
        }
        if (cuCapabilities == null) {
            throw new KeyValueException("cu-capabilities", null, "expected a list of names");
        }
        for (String c : cuCapabilities) {
            KeyValueException.nonBlank("cu-capabilities", c);
        }
        cuCapabilities = List.copyOf(cuCapabilities);
        if (codeCopySource == null) {
            throw new KeyValueException("code-copy-source", null, "expected home or nearest-holder");
        }
        KeyValueException.nonBlank("target", target);
        if (scheduler == null) {
            throw new KeyValueException("scheduler", null, "expected a block");
        }
    }
}
