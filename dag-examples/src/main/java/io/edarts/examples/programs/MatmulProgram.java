package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.cam.CodeObject;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.cam.Placement;
import io.edarts.api.Program;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Blocked single-precision matrix multiply C = A x B, N x N in blocks of B x B, spread over the CUs.
 * Codelet (i,j,k) adds A[i,k] x B[k,j] into C[i,j]; the k codelets of one block of C form a chain, so
 * no two codelets write the same block at once, and the (i,j) chains run in parallel.
 *
 * <pre>
 *   (0,0,0) → (0,0,1) → … → (0,0,K-1)      one chain per block of C,
 *   (0,1,0) → (0,1,1) → … → (0,1,K-1)      all chains independent
 *   …
 * </pre>
 *
 * Each element's products are summed in the same order as the plain triple loop (k ascending from
 * zero), so the check demands bit-identical floats. The declared cost follows the inner loop an
 * eCore compiler emits for a B x B block, unrolled by four: per multiply-add one FMADD and two loads,
 * plus one counter increment and one branch per four iterations, and a load and a store of each C
 * element per block.
 */
public final class MatmulProgram {
    /** The matrices. */
    public static final class Frame {
        final int n;
        final float[] a;
        final float[] b;
        final float[] c;

        Frame(int n, long seed) {
            this.n = n;
            a = new float[n * n];
            b = new float[n * n];
            c = new float[n * n];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < n * n; i++) {
                a[i] = (float) (r.nextDouble() * 2 - 1);
                b[i] = (float) (r.nextDouble() * 2 - 1);
            }
        }
    }

    private MatmulProgram() {}

    /** The reference: the plain triple loop. */
    public static float[] reference(Frame f) {
        int n = f.n;
        float[] c = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int k = 0; k < n; k++) {
                    s += f.a[i * n + k] * f.b[k * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    static void block(Frame f, int bs, int bi, int bj, int bk) {
        int n = f.n;
        for (int i = bi * bs; i < (bi + 1) * bs; i++) {
            for (int j = bj * bs; j < (bj + 1) * bs; j++) {
                float s = f.c[i * n + j];
                for (int k = bk * bs; k < (bk + 1) * bs; k++) {
                    s += f.a[i * n + k] * f.b[k * n + j];
                }
                f.c[i * n + j] = s;
            }
        }
    }

    /**
     * @param n     matrix size
     * @param block block size; must divide n
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public static Program<Frame> of(int n, int block, long seed) {
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException("matmul --size " + n + ": expected 1..1024");
        }
        if (block < 1 || n % block != 0) {
            throw new IllegalArgumentException("matmul --block " + block + ": expected a divisor of --size " + n);
        }
        int nb = n / block;
        long b3 = (long) block * block * block;
        long b2 = (long) block * block;
        Cost cost = new Cost(0, b3 / 4 + b2, b3, 2 * b3 + 2 * b2, b3 / 4 + b2 / 4);
        CodeObject kernel = new CodeObject("matmul_block", 640, Placement.CACHED);
        Dag.Builder<Frame> g = Dag.builder("matmul");
        for (int i = 0; i < nb; i++) {
            for (int j = 0; j < nb; j++) {
                CodeletHandle prev = null;
                for (int k = 0; k < nb; k++) {
                    final int bi = i;
                    final int bj = j;
                    final int bk = k;
                    CodeletHandle h = g.task("mm(" + i + "," + j + "," + k + ")",
                            ctx -> block(ctx.frame(), block, bi, bj, bk)).cost(cost).code(kernel);
                    if (prev != null) {
                        prev.precede(h);
                    }
                    prev = h;
                }
            }
        }
        return g.build(() -> new Frame(n, seed), MatmulProgram::check,
                Map.of("size", Integer.toString(n), "block", Integer.toString(block)));
    }

    private static CheckResult check(Frame f) {
        float[] ref = reference(f);
        for (int i = 0; i < ref.length; i++) {
            if (Float.floatToIntBits(ref[i]) != Float.floatToIntBits(f.c[i])) {
                return CheckResult.failed("C[" + i / f.n + "][" + i % f.n + "] = " + f.c[i] + ", reference " + ref[i]);
            }
        }
        return CheckResult.passed(f.n + "x" + f.n + " product matches the triple loop bit for bit");
    }
}
