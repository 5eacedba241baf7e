package io.edarts.epiphany.mesh;

import io.edarts.cam.FiringTraffic;
import java.util.Arrays;

/**
 * One firing's use of the mesh, in the order the core performs it, for {@link ContendedMesh} to
 * replay: local work (cycles the core spends without the mesh), blocking remote reads (the core
 * stalls until the data is back: code-fetch lines, code-cache copies word by word, data loads),
 * optionally with local work spread evenly between them (code executed in place: fetch a line, run
 * it), and posted writes (the core goes on at once). Built by the core model from the same numbers
 * it charges, so on an idle mesh the replay takes exactly the charged cycles. Immutable.
 */
public final class FiringScript implements FiringTraffic {
    static final int COMPUTE = 0;
    static final int READS = 1;
    static final int WRITE = 2;
    /** Longs per op: type, node, bytes, count, cycles. */
    static final int WIDTH = 5;

    final long[] ops;

    private FiringScript(long[] ops) {
        this.ops = ops;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("script[");
        for (int i = 0; i < ops.length; i += WIDTH) {
            if (i > 0) {
                b.append(", ");
            }
            switch ((int) ops[i]) {
                case COMPUTE -> b.append("compute ").append(ops[i + 4]);
                case READS -> b.append(ops[i + 3]).append(" x read ").append(ops[i + 2]).append(" B from ")
                        .append(ops[i + 1]).append(" + ").append(ops[i + 4]).append(" cycles");
                default -> b.append("write ").append(ops[i + 2]).append(" B to ").append(ops[i + 1]);
            }
        }
        return b.append(']').toString();
    }

    /** Builds a script op by op; merges neighbours of the same kind. Reusable after {@link #build}. */
    public static final class Builder {
        private long[] ops = new long[8 * WIDTH];
        private int size;
        /** Whether an op so far uses the mesh (a read or a write), so {@link #build} need not scan. */
        private boolean mesh;

        /** {@code cycles} of local work. */
        public Builder compute(long cycles) {
            if (cycles < 0) {
                throw new IllegalArgumentException("cycles must be >= 0, got " + cycles);
            }
            if (cycles == 0) {
                return this;
            }
            if (size > 0 && ops[size - WIDTH] == COMPUTE) {
                ops[size - 1] = Math.addExact(ops[size - 1], cycles);
                return this;
            }
            return add(COMPUTE, 0, 0, 0, cycles);
        }

        /**
         * {@code count} blocking reads of {@code bytes} from {@code node}, with {@code between} cycles
         * of local work spread evenly after them.
         */
        public Builder reads(int node, int bytes, long count, long between) {
            if (count <= 0) {
                return compute(between);
            }
            if (bytes <= 0 || between < 0) {
                throw new IllegalArgumentException("reads need bytes > 0 and between >= 0, got " + bytes + ", " + between);
            }
            int last = size - WIDTH;
            if (between == 0 && size > 0 && ops[last] == READS && ops[last + 1] == node && ops[last + 2] == bytes
                    && ops[last + 4] == 0) {
                ops[last + 3] = Math.addExact(ops[last + 3], count);
                return this;
            }
            return add(READS, node, bytes, count, between);
        }

        /** A posted write of {@code bytes} to {@code node}. */
        public Builder write(int node, int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("bytes must be > 0, got " + bytes);
            }
            return add(WRITE, node, bytes, 1, 0);
        }

        /** Whether an op so far is a read or a write: else {@link #build} would give {@link FiringTraffic#NONE}. */
        public boolean usesMesh() {
            return mesh;
        }

        /** Drops the ops so far (a firing the core model refused leaves none behind). */
        public Builder reset() {
            size = 0;
            mesh = false;
            return this;
        }

        /** Appends {@code other}'s ops (merging at the seam as the single ops do) and resets it. */
        public Builder append(Builder other) {
            for (int i = 0; i < other.size; i += WIDTH) {
                long[] o = other.ops;
                switch ((int) o[i]) {
                    case COMPUTE -> compute(o[i + 4]);
                    case READS -> reads((int) o[i + 1], (int) o[i + 2], o[i + 3], o[i + 4]);
                    default -> write((int) o[i + 1], (int) o[i + 2]);
                }
            }
            other.size = 0;
            other.mesh = false;
            return this;
        }

        /** The script so far (empty scripts are {@link FiringTraffic#NONE}); resets the builder. */
        public FiringTraffic build() {
            FiringTraffic out = mesh ? new FiringScript(Arrays.copyOf(ops, size)) : FiringTraffic.NONE;
            size = 0;
            mesh = false;
            return out;
        }

        private Builder add(long type, long node, long bytes, long count, long cycles) {
            if (size + WIDTH > ops.length) {
                ops = Arrays.copyOf(ops, ops.length * 2);
            }
            ops[size] = type;
            ops[size + 1] = node;
            ops[size + 2] = bytes;
            ops[size + 3] = count;
            ops[size + 4] = cycles;
            size += WIDTH;
            mesh |= type != COMPUTE;
            return this;
        }
    }
}
