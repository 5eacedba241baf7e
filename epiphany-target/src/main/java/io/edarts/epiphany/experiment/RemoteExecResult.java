package io.edarts.epiphany.experiment;

import java.util.Locale;

/**
 * Cycles and slowdowns of the remote-execution experiment, per case, loop and core, and the console
 * tables that present them. Immutable. (The CSV and the heatmap PNGs are written by the report
 * module, from a neutral table the command line makes of this.)
 */
public final class RemoteExecResult {
    private final String machine;
    private final int rows;
    private final int cols;
    private final int home;
    private final long iterations;
    private final long[] local;
    private final long[][][] cycles;

    RemoteExecResult(String machine, int rows, int cols, int home, long iterations, long[] local, long[][][] cycles) {
        this.machine = machine;
        this.rows = rows;
        this.cols = cols;
        this.home = home;
        this.iterations = iterations;
        this.local = local.clone();
        this.cycles = new long[cycles.length][][];
        for (int i = 0; i < cycles.length; i++) {
            this.cycles[i] = new long[cycles[i].length][];
            for (int j = 0; j < cycles[i].length; j++) {
                this.cycles[i][j] = cycles[i][j].clone();
            }
        }
    }

    public String machine() { return machine; }

    public int rows() { return rows; }

    public int cols() { return cols; }

    public long iterations() { return iterations; }

    /** Cycles of the loop run from local memory. */
    public long localCycles(LoopKind loop) {
        return local[loop.ordinal()];
    }

    /** Cycles core (row, col) took in {@code c}. */
    public long cycles(RemoteExecCase c, LoopKind loop, int row, int col) {
        return cycles[c.ordinal()][loop.ordinal()][core(row, col)];
    }

    /** Cycles over local cycles. */
    public double slowdown(RemoteExecCase c, LoopKind loop, int row, int col) {
        return (double) cycles(c, loop, row, col) / local[loop.ordinal()];
    }

    /** Whether (row, col) holds the code in {@code c} (and so runs nothing remote). */
    public boolean isHome(RemoteExecCase c, int row, int col) {
        return c != RemoteExecCase.EXTERNAL_DRAM && core(row, col) == home;
    }

    /** Largest slowdown of any core in {@code c}. */
    public double maxSlowdown(RemoteExecCase c, LoopKind loop) {
        double m = 0;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                m = Math.max(m, slowdown(c, loop, r, k));
            }
        }
        return m;
    }

    /** Mean slowdown over the cores that execute remotely in {@code c}. */
    public double meanSlowdown(RemoteExecCase c, LoopKind loop) {
        double s = 0;
        int n = 0;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                if (!isHome(c, r, k)) {
                    s += slowdown(c, loop, r, k);
                    n++;
                }
            }
        }
        return n == 0 ? 0 : s / n;
    }

    /** A rows x cols slowdown table per case and loop, for the console. The home core shows as "home". */
    public String formatTables() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Remote execution on %s (%dx%d), code home core (0,0), %d iterations%n",
                machine, rows, cols, iterations));
        for (LoopKind loop : LoopKind.values()) {
            sb.append(String.format(Locale.ROOT, "  %s loop from local memory: %d cycles (%d bytes of code)%n",
                    loop.label(), local[loop.ordinal()], loop.kernel().bytes()));
        }
        for (RemoteExecCase c : RemoteExecCase.values()) {
            for (LoopKind loop : LoopKind.values()) {
                sb.append(String.format(Locale.ROOT, "%n%s, %s loop: slowdown (max %.2f, mean %.2f)%n", c.label(),
                        loop.label(), maxSlowdown(c, loop), meanSlowdown(c, loop)));
                sb.append("row\\col");
                for (int k = 0; k < cols; k++) {
                    sb.append(String.format(Locale.ROOT, "%8d", k));
                }
                sb.append('\n');
                for (int r = 0; r < rows; r++) {
                    sb.append(String.format(Locale.ROOT, "%7d", r));
                    for (int k = 0; k < cols; k++) {
                        sb.append(isHome(c, r, k) ? "    home"
                                : String.format(Locale.ROOT, "%8.2f", slowdown(c, loop, r, k)));
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    private int core(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IllegalArgumentException("(" + row + "," + col + ") is not on the " + rows + "x" + cols + " mesh");
        }
        return row * cols + col;
    }
}
