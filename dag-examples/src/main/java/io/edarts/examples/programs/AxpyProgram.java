package io.edarts.examples.programs;

import io.edarts.api.BufferHandle;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.InstrKind;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code y = a * x + y} over two float vectors of {@code size} elements in external DRAM, one codelet
 * per block of {@code block} elements ({@code size 1024}, {@code block 256}):
 *
 * <pre>
 *   DRAM x, y ──► blk0   blk1   blk2   blk3      each copies its block of x into the firing core's
 *                  │      │      │      │        scratch, reads it back locally with y's block from
 *                  ▼      ▼      ▼      ▼        DRAM, and stores a*x+y to y in DRAM
 *                           done                 checked against a sequential loop
 * </pre>
 *
 * The blocks are buffers, so every access is charged where it goes: the DRAM reads of x and y, the
 * core's own bank for the scratch copy, the posted DRAM stores of y. Bigger blocks need a bigger
 * scratch in every CU's 32 KB, which the machine refuses before the run when it cannot hold it.
 */
public final class AxpyProgram {
    /** The vectors; {@code y} is overwritten with the answer. */
    public static final class Frame {
        final float a;
        final float[] x;
        final float[] y;

        Frame(float a, float[] x, float[] y) {
            this.a = a;
            this.x = x;
            this.y = y;
        }

        public float[] y() {
            return y;
        }
    }

    /** The largest vector accepted (8 MB of floats per vector, within the Parallella's 32 MB window). */
    public static final int MAX_SIZE = 1 << 21;

    private AxpyProgram() {}

    /**
     * @throws IllegalArgumentException for a size outside 1..{@value #MAX_SIZE} or a block outside 1..size
     */
    public static Program<Frame> of(int size, int block, long seed) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("axpy --size " + size + ": expected 1.." + MAX_SIZE);
        }
        if (block < 1 || block > size) {
            throw new IllegalArgumentException("axpy --block " + block + ": expected 1..--size (" + size + ")");
        }
        SplittableRandom r = new SplittableRandom(seed);
        float a = (float) r.nextInt(1, 8);
        float[] x0 = new float[size];
        float[] y0 = new float[size];
        for (int i = 0; i < size; i++) {
            x0[i] = r.nextInt(-1000, 1001) / 8f;
            y0[i] = r.nextInt(-1000, 1001) / 8f;
        }
        float[] expect = new float[size];
        for (int i = 0; i < size; i++) {
            expect[i] = a * x0[i] + y0[i];
        }
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("axpy");
        BufferHandle<float[]> x = tp.buffer("x", BufferPlace.external(), f -> f.x);
        BufferHandle<float[]> y = tp.buffer("y", BufferPlace.external(), f -> f.y);
        BufferHandle<float[]> blk = tp.scratch("blk", BufferPlace.firingCore(), float[].class, block);
        int blocks = (size + block - 1) / block;
        CodeletHandle done = tp.codelet("done", ctx -> { });
        for (int b = 0; b < blocks; b++) {
            final int lo = b * block;
            final int n = Math.min(block, size - lo);
            tp.codelet("blk" + b, ctx -> {
                // copy x's block from DRAM into this core's scratch
                float[] from = ctx.read(x, lo, n);
                float[] local = ctx.write(blk, 0, n);
                System.arraycopy(from, lo, local, 0, n);
                // a * x + y, x from the scratch, y from and back to DRAM
                float[] xs = ctx.read(blk, 0, n);
                float[] ys = ctx.read(y, lo, n);
                float[] out = ctx.write(y, lo, n);
                float av = ctx.frame().a;
                for (int i = 0; i < n; i++) {
                    out[lo + i] = av * xs[i] + ys[lo + i];
                }
                ctx.compute(InstrKind.FPU, n);      // one fused multiply-add per element (FMADD)
                ctx.compute(InstrKind.IALU, 2L * n); // index and loop count
                ctx.compute(InstrKind.BRANCH, n);
            }).cost(Cost.instructions(8, 0, 2, 1)).precede(done);
        }
        TpDefinition<Frame> root = tp.build();
        return Program.of("axpy", root, () -> new Frame(a, x0.clone(), y0.clone()), f -> {
            for (int i = 0; i < size; i++) {
                if (Float.floatToIntBits(f.y[i]) != Float.floatToIntBits(expect[i])) {
                    return CheckResult.failed("y[" + i + "] = " + f.y[i] + ", reference " + expect[i]);
                }
            }
            return CheckResult.passed("y = " + a + " x + y over " + size + " elements, as a sequential loop");
        }, Map.of("size", Integer.toString(size), "block", Integer.toString(block), "seed", Long.toString(seed)));
    }
}
