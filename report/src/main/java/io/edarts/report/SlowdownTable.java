package io.edarts.report;

import java.util.Arrays;
import java.util.List;

/**
 * Per-core cycles and slowdowns of an experiment on a rows x cols mesh, in a shape that names no
 * target: cases (say "one-at-a-time"), each with loops (say "int", "float"), each a grid of cores.
 * The remote-execution experiment of the Epiphany target is converted into it by the command line,
 * so this module depends on no target. Immutable.
 *
 * @param machine    machine name, for headings
 * @param iterations loop iterations each core ran
 * @param cases      the cases, in the order they are written
 */
public record SlowdownTable(String machine, int rows, int cols, long iterations, List<Case> cases) {
    public SlowdownTable {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("mesh " + rows + "x" + cols + ": expected at least 1x1");
        }
        cases = List.copyOf(cases);
        for (Case c : cases) {
            for (Loop l : c.loops()) {
                if (l.cycles.length != rows * cols) {
                    throw new IllegalArgumentException("case " + c.label() + ", loop " + l.label() + ": "
                            + l.cycles.length + " cores, expected " + rows * cols);
                }
            }
        }
    }

    /**
     * One case: where the code was ({@code where}, for the heading) and its loops.
     */
    public record Case(String label, String where, List<Loop> loops) {
        public Case {
            loops = List.copyOf(loops);
        }
    }

    /**
     * One loop of a case: the cycles it takes from local memory, and per core (row-major) the cycles
     * it took, the slowdown against local, and whether the core held the code (and so ran nothing remote).
     */
    public record Loop(String label, long localCycles, long[] cycles, double[] slowdown, boolean[] home) {
        public Loop {
            if (slowdown.length != cycles.length || home.length != cycles.length) {
                throw new IllegalArgumentException("loop " + label + ": " + cycles.length + " cycles, "
                        + slowdown.length + " slowdowns, " + home.length + " home flags");
            }
            cycles = cycles.clone();
            slowdown = slowdown.clone();
            home = home.clone();
        }

        @Override
        public long[] cycles() {
            return cycles.clone();
        }

        @Override
        public double[] slowdown() {
            return slowdown.clone();
        }

        @Override
        public boolean[] home() {
            return home.clone();
        }

        long cyclesAt(int core) {
            return cycles[core];
        }

        double slowdownAt(int core) {
            return slowdown[core];
        }

        boolean homeAt(int core) {
            return home[core];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Loop l && label.equals(l.label) && localCycles == l.localCycles
                    && Arrays.equals(cycles, l.cycles) && Arrays.equals(slowdown, l.slowdown) && Arrays.equals(home, l.home);
        }

        @Override
        public int hashCode() {
            return (label.hashCode() * 31 + Long.hashCode(localCycles)) * 31 + Arrays.hashCode(cycles);
        }

        @Override
        public String toString() {
            return "Loop[" + label + ", local " + localCycles + ", " + cycles.length + " cores]";
        }
    }
}
