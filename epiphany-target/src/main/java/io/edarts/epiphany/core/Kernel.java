package io.edarts.epiphany.core;

import java.util.List;

/**
 * A loop body as the eCore sees it: instructions with their sizes, laid out from a start offset, and
 * repeated; the last instruction is the back-edge branch. Used to time code instruction by
 * instruction, locally or fetched from elsewhere in 8-byte lines.
 *
 * @param name        for reports
 * @param body        the loop body, back-edge branch last
 * @param startOffset byte offset of the first instruction within its 8-byte fetch line (0..7, even)
 */
public record Kernel(String name, List<Instr> body, int startOffset) {
    /** Bytes the program sequencer fetches at once (ARCH 6.2). */
    public static final int LINE_BYTES = 8;

    /** @throws IllegalArgumentException on an empty body, a body not ending in a branch, or a bad offset */
    public Kernel {
        body = List.copyOf(body);
        if (body.isEmpty() || body.get(body.size() - 1).cls() != InstrClass.BRANCH) {
            throw new IllegalArgumentException("kernel '" + name + "' must end with its loop branch");
        }
        if (startOffset < 0 || startOffset >= LINE_BYTES || startOffset % 2 != 0) {
            throw new IllegalArgumentException("kernel '" + name + "': start offset must be 0, 2, 4 or 6, got " + startOffset);
        }
    }

    /** Encoded size of the body. */
    public int bytes() {
        int b = 0;
        for (Instr i : body) {
            b += i.bytes();
        }
        return b;
    }

    /** Fetch lines one pass over the body touches. */
    public int lines() {
        return (startOffset + bytes() + LINE_BYTES - 1) / LINE_BYTES;
    }

    /** Index (within one pass, from 0) of the last fetch line instruction {@code i} occupies. */
    public int lastLineOf(int i) {
        int off = startOffset;
        for (int k = 0; k < i; k++) {
            off += body.get(k).bytes();
        }
        return (off + body.get(i).bytes() - 1) / LINE_BYTES;
    }

    /** Index of the first fetch line instruction {@code i} occupies. */
    public int firstLineOf(int i) {
        int off = startOffset;
        for (int k = 0; k < i; k++) {
            off += body.get(k).bytes();
        }
        return off / LINE_BYTES;
    }

    /**
     * Cycles of {@code iterations} passes from local memory: every fetch line is there when needed.
     * The last pass's branch falls through.
     *
     * @throws IllegalArgumentException if {@code iterations < 1}
     */
    public long localCycles(long iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        IssueModel m = new IssueModel();
        // Steady state is reached after a couple of passes; extrapolate linearly from there so the
        // cost is O(body), not O(iterations).
        long warm = Math.min(iterations, 4);
        long[] ends = new long[(int) warm];
        for (int it = 0; it < warm; it++) {
            for (int i = 0; i < body.size(); i++) {
                Instr x = body.get(i);
                boolean last = it == iterations - 1 && i == body.size() - 1;
                m.issue(x, 0, x.taken() && !last);
            }
            ends[it] = m.finish();
        }
        if (iterations == warm) {
            return ends[(int) warm - 1];
        }
        long period = ends[(int) warm - 1] - ends[(int) warm - 2];
        // The last pass ends with a not-taken branch: no redirect penalty.
        return ends[(int) warm - 1] + period * (iterations - warm) - IssueModel.TAKEN_BRANCH_PENALTY;
    }

    /** Steady-state cycles of one pass from local memory. */
    public long localIterationCycles() {
        return localCycles(5) - localCycles(4);
    }
}
