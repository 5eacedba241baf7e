package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.InstrKind;
import io.edarts.api.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tree reduction: the sum of {@code size} seeded integers, one leaf task per block of
 * {@code block} elements, then a balanced tree of pairwise additions ({@code size 128}, {@code block
 * 16}):
 *
 * <pre>
 *   leaf0  leaf1  leaf2  leaf3  leaf4  leaf5  leaf6  leaf7     each sums its block of the input
 *      \   /        \   /        \   /        \   /
 *      add1.0       add1.1       add1.2       add1.3           level 1: a + b
 *           \       /                 \       /
 *            add2.0                    add2.1                  level 2
 *                  \                  /
 *                        add3.0                                the sum, checked against a loop
 * </pre>
 *
 * An odd node out at a level is carried up by a one-input task. A static {@link Dag}: every task
 * runs the program's shared default code object.
 */
public final class ReduceProgram {
    /** The input and every node's partial sum, level by level. */
    public static final class Frame {
        final long[] data;
        final long[][] partial;

        Frame(long[] data, long[][] partial) {
            this.data = data;
            this.partial = partial;
        }

        /** The root's sum. */
        public long sum() {
            return partial[partial.length - 1][0];
        }
    }

    /** The largest input accepted. */
    public static final int MAX_SIZE = 1 << 22;

    private ReduceProgram() {}

    /**
     * @throws IllegalArgumentException for a size outside 1..{@value #MAX_SIZE} or a block outside 1..size
     */
    public static Program<Frame> of(int size, int block, long seed) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("reduce --size " + size + ": expected 1.." + MAX_SIZE);
        }
        if (block < 1 || block > size) {
            throw new IllegalArgumentException("reduce --block " + block + ": expected 1..--size (" + size + ")");
        }
        long[] data = input(size, seed);
        long expect = 0;
        for (long v : data) {
            expect += v;
        }
        int leaves = (size + block - 1) / block;
        List<Integer> widths = new ArrayList<>();
        for (int w = leaves; ; w = (w + 1) / 2) {
            widths.add(w);
            if (w == 1) {
                break;
            }
        }
        Dag.Builder<Frame> g = Dag.builder("reduce");
        CodeletHandle[] below = new CodeletHandle[leaves];
        for (int i = 0; i < leaves; i++) {
            final int leaf = i;
            final int lo = i * block;
            final int hi = Math.min(size, lo + block);
            below[i] = g.task("leaf" + i, ctx -> {
                long s = 0;
                for (int k = lo; k < hi; k++) {
                    s += ctx.frame().data[k];
                }
                ctx.frame().partial[0][leaf] = s;
                ctx.compute(InstrKind.IALU, hi - lo);
                ctx.compute(InstrKind.LOAD_STORE, hi - lo);
            }).cost(Cost.instructions(4, 0, 1, 2));
        }
        for (int level = 1; level < widths.size(); level++) {
            CodeletHandle[] here = new CodeletHandle[widths.get(level)];
            for (int i = 0; i < here.length; i++) {
                final int lv = level;
                final int node = i;
                final boolean pair = 2 * i + 1 < below.length;
                here[i] = g.task("add" + level + "." + i, ctx -> {
                    long[] from = ctx.frame().partial[lv - 1];
                    ctx.frame().partial[lv][node] = pair ? from[2 * node] + from[2 * node + 1] : from[2 * node];
                }).cost(Cost.instructions(pair ? 2 : 1, 0, pair ? 3 : 2, 0));
                below[2 * i].precede(here[i]);
                if (pair) {
                    below[2 * i + 1].precede(here[i]);
                }
            }
            below = here;
        }
        final long reference = expect;
        final List<Integer> shape = List.copyOf(widths);
        return g.build(() -> {
                    long[][] partial = new long[shape.size()][];
                    for (int lv = 0; lv < partial.length; lv++) {
                        partial[lv] = new long[shape.get(lv)];
                    }
                    return new Frame(data, partial);
                },
                f -> f.sum() == reference ? CheckResult.passed("sum of " + size + " elements = " + reference)
                        : CheckResult.failed("sum = " + f.sum() + ", reference " + reference),
                Map.of("size", Integer.toString(size), "block", Integer.toString(block), "seed", Long.toString(seed)));
    }

    /** The seeded input: integers in -1000..1000. */
    static long[] input(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] data = new long[size];
        for (int i = 0; i < size; i++) {
            data[i] = r.nextInt(-1000, 1001);
        }
        return data;
    }
}
