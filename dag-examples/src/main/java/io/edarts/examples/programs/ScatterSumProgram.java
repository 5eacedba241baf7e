package io.edarts.examples.programs;

import io.edarts.api.BufferHandle;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.InstrKind;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import io.edarts.cam.CoreRole;
import io.edarts.cam.Machine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Data that lives on other cores: {@code size} floats in blocks of {@code block}, each block a
 * buffer in the local memory of one CU (the blocks dealt over the CUs, then shuffled with the seed,
 * so no codelet order matches the data's), summed by one codelet per block that declares it reads
 * its block ({@code .reads(block)}) and states no affinity; a last codelet adds the partial sums.
 *
 * <pre>
 *   blk0 @ core (2,1)   blk1 @ core (0,3)   ...   blk14 @ core (1,1)
 *        │                   │                        │
 *      sum0                sum1         ...         sum14      each reads its block: own bank, or
 *        └───────────────────┴──────────┬─────────────┘       another core's over the mesh
 *                                     total                     checked against a sequential sum
 * </pre>
 *
 * The example for policies that see data: {@code --policy data-locality} places each sum on the
 * core that holds its block (local loads), {@code round-robin} and {@code least-loaded} deal them
 * regardless, and each load then is a read across the mesh ({@code Target.dataCycles}). A sum
 * charges its real accesses ({@code ctx.read}: one load per element where the block is) and, per
 * element, one FPU add, one IALU (the index) and one branch.
 */
public final class ScatterSumProgram {
    /** The largest total accepted (4 MB of floats, more than all cores' memories: their budgets refuse first). */
    public static final int MAX_SIZE = 1 << 20;

    /** The blocks and the partial sums. */
    public static final class Frame {
        final float[][] blocks;
        final float[] partial;
        float total;

        Frame(float[][] blocks) {
            this.blocks = blocks;
            this.partial = new float[blocks.length];
        }
    }

    private ScatterSumProgram() {}

    /**
     * @throws IllegalArgumentException naming the option for a size outside 1..{@value #MAX_SIZE} or a
     *                                  block outside 1..size
     */
    public static Program<Frame> of(int size, int block, long seed, Machine m) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("scatter-sum --size " + size + ": expected 1.." + MAX_SIZE);
        }
        if (block < 1 || block > size) {
            throw new IllegalArgumentException("scatter-sum --block " + block + ": expected 1..--size (" + size + ")");
        }
        List<Integer> cus = new ArrayList<>();
        for (int c = 0; c < m.coreCount(); c++) {
            if (m.role(c) == CoreRole.CU) {
                cus.add(c);
            }
        }
        int blocks = (size + block - 1) / block;
        SplittableRandom r = new SplittableRandom(seed);
        int[] owner = new int[blocks];
        for (int j = 0; j < blocks; j++) {
            owner[j] = cus.get(j % cus.size());
        }
        for (int j = blocks - 1; j > 0; j--) { // Fisher-Yates with the seed
            int k = r.nextInt(j + 1);
            int t = owner[j];
            owner[j] = owner[k];
            owner[k] = t;
        }
        float[][] data = new float[blocks][];
        float expect = 0;
        for (int j = 0; j < blocks; j++) {
            int n = Math.min(block, size - j * block);
            data[j] = new float[n];
            float s = 0;
            for (int e = 0; e < n; e++) {
                data[j][e] = r.nextInt(-64, 65) / 8f;
                s += data[j][e];
            }
            expect += s;
        }
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("scatter-sum");
        CodeletHandle total = tp.codelet("total", ctx -> {
            float t = 0;
            for (float p : ctx.frame().partial) {
                t += p;
            }
            ctx.frame().total = t;
        }).cost(Cost.instructions(2L * blocks, blocks, blocks, blocks));
        for (int j = 0; j < blocks; j++) {
            int part = j;
            int n = data[j].length;
            BufferHandle<float[]> buf = tp.buffer("blk" + j, BufferPlace.core(m.row(owner[j]), m.col(owner[j])),
                    f -> f.blocks[part]);
            tp.codelet("sum" + j, ctx -> {
                float s = 0;
                for (float v : ctx.read(buf, 0, n)) { // n loads, priced where the block is
                    s += v;
                }
                ctx.frame().partial[part] = s;
                ctx.compute(InstrKind.FPU, n);    // the add
                ctx.compute(InstrKind.IALU, n);   // the index
                ctx.compute(InstrKind.BRANCH, n); // the loop's back edge
            }).reads(buf).cost(Cost.instructions(8, 0, 1, 1)).precede(total);
        }
        float want = expect;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", Integer.toString(size));
        params.put("block", Integer.toString(block));
        params.put("seed", Long.toString(seed));
        return Program.of("scatter-sum", tp.build(), () -> new Frame(data), f ->
                Float.floatToIntBits(f.total) == Float.floatToIntBits(want)
                        ? CheckResult.passed("sum " + want + " of " + size + " elements in " + blocks + " blocks")
                        : CheckResult.failed("sum " + f.total + ", sequential " + want), params);
    }
}
