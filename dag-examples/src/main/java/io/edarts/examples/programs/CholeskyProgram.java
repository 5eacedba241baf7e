package io.edarts.examples.programs;

import io.edarts.api.BufferHandle;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletContext;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import io.edarts.cam.CodeObject;
import io.edarts.cam.CoreRole;
import io.edarts.cam.Machine;
import io.edarts.cam.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Tiled Cholesky factorization A = L L^T of an n x n symmetric positive definite float matrix in
 * b x b tiles, as PLASMA's tile algorithm (right-looking, lower: for each k, POTRF of the diagonal
 * tile, TRSM of the tiles below it, SYRK and GEMM of the trailing matrix) and as StarPU runs it: the
 * tasks are submitted in that sequential order and the DAG is what StarPU's sequential task flow
 * infers from each task's tile accesses (a read after the last write, a write after the reads and
 * the write before it). The DAG is built when the program is made (a static graph, not tasks
 * invoked as the factorization proceeds): it is the same graph, and the scheduler sees it whole.
 *
 * <pre>
 *   T = n/b = 3:
 *   POTRF(0) ─┬─▶ TRSM(1,0) ─┬─▶ SYRK(1,0) ──▶ POTRF(1) ─┐
 *             │              └─▶ GEMM(2,1,0) ────────────┴─▶ TRSM(2,1) ─▶ SYRK(2,1) ─▶ POTRF(2)
 *             └─▶ TRSM(2,0) ─┬─▶ GEMM(2,1,0)                                ▲
 *                            └─▶ SYRK(2,0) ─────────────────────────────────┘
 * </pre>
 *
 * Tiles live in the cores' local memories, distributed 2D block-cyclically over the 4x4 mesh as
 * ScaLAPACK and PLASMA's distributed layouts do (tile (i,j) in core (i mod 4, j mod 4)), the matrix
 * already distributed when the run starts. Each task has affinity to the owner of the tile it
 * writes, and reads the other tiles where they are, over the mesh. No source in mpi-epiphany has a
 * Cholesky; the default size, n = 128 in 16 x 16 tiles, is that of its Cannon (cannon/Makefile
 * line 1, {@code SIZE=128}) in matmul's default block.
 *
 * <p>Check: the factor must equal the same tasks run in their sequential order in one thread bit
 * for bit (what sequential task flow promises), and L L^T must be within Higham's backward-error
 * bound of A: |A - L L^T| <= gamma_{n+1} |L| |L^T| elementwise, gamma_k = k u / (1 - k u)
 * (N. J. Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Theorem 10.3).
 */
public final class CholeskyProgram {
    public static final int DEFAULT_SIZE = 128;
    public static final int DEFAULT_TILE = 16;
    static final int GRID = 4;

    /** Code sizes at 4 bytes an instruction of each kernel's loops plus call overhead (estimate). */
    static final CodeObject KERNELS = CodeObject.of("tile_kernels", 1024, Placement.LOCAL);

    /** The four kernels. */
    enum Kind { POTRF, TRSM, SYRK, GEMM }

    /**
     * Instruction counts of the kernels as written below, b the tile side; every tile load and store
     * is charged by the body where the tile is. Common to all: a multiply-add is one FMA with its two
     * loads (charged), the inner loop unrolled by four (a counter and a back-edge per four); each
     * element written costs 3 IALU (the row pointers and the counter) and a back-edge. The eCore has
     * neither a divider nor a square root: a reciprocal is libgcc's soft-float division, estimated
     * at 80 IALU and 10 branches, and sqrtf newlib's bit-by-bit e_sqrtf, estimated at 200 IALU and 26
     * branches; per call 6 IALU and a call and return.
     */
    static final class Costs {
        private Costs() {}

        static final long DIV_IALU = 80;
        static final long DIV_BRANCH = 10;
        static final long SQRT_IALU = 200;
        static final long SQRT_BRANCH = 26;

        /** C -= A B^T on a full tile: b^3 FMA. For b = 16: 4,096 FPU, 1,798 IALU, 1,282 branches. */
        static Cost gemm(int b) {
            long macs = (long) b * b * b;
            long cells = (long) b * b;
            return new Cost(0, macs / 4 + 3 * cells + 6, macs, 0, macs / 4 + cells + 2);
        }

        /** C -= A A^T on the lower triangle: b^2 (b+1)/2 FMA. */
        static Cost syrk(int b) {
            long cells = (long) b * (b + 1) / 2;
            long macs = cells * b;
            return new Cost(0, macs / 4 + 3 * cells + 6, macs, 0, macs / 4 + cells + 2);
        }

        /** X = A L^-T: b reciprocals of the diagonal, then b rows of b(b-1)/2 FMA and b products. */
        static Cost trsm(int b) {
            long cells = (long) b * b;
            long macs = (long) b * b * (b - 1) / 2;
            return new Cost(0, b * DIV_IALU + macs / 4 + 3 * cells + 6, macs + cells, 0,
                    b * DIV_BRANCH + macs / 4 + cells + 2);
        }

        /** L L^T = A on one tile: per column a sqrt and a reciprocal; b(b-1)(b+1)/6 FMA and b(b-1)/2 products. */
        static Cost potrf(int b) {
            long cells = (long) b * (b + 1) / 2;
            long macs = (long) b * (b - 1) * (b + 1) / 6;
            long below = (long) b * (b - 1) / 2;
            return new Cost(0, b * (SQRT_IALU + DIV_IALU) + macs / 4 + 3 * cells + 6, macs + below, 0,
                    b * (SQRT_BRANCH + DIV_BRANCH) + macs / 4 + cells + 2);
        }
    }

    /** One task: its kind, the tile it writes and the tiles it reads. */
    record Task(Kind kind, int k, int m, int n) {
        /** Tile written, as (row, col). */
        int[] writes() {
            return switch (kind) {
                case POTRF -> new int[] {k, k};
                case TRSM -> new int[] {m, k};
                case SYRK -> new int[] {m, m};
                case GEMM -> new int[] {m, n};
            };
        }

        /** Tiles read besides the one written. */
        int[][] reads() {
            return switch (kind) {
                case POTRF -> new int[0][];
                case TRSM -> new int[][] {{k, k}};
                case SYRK -> new int[][] {{m, k}};
                case GEMM -> new int[][] {{m, k}, {n, k}};
            };
        }

        String label() {
            return switch (kind) {
                case POTRF -> "POTRF(" + k + ")";
                case TRSM -> "TRSM(" + m + "," + k + ")";
                case SYRK -> "SYRK(" + m + "," + k + ")";
                case GEMM -> "GEMM(" + m + "," + n + "," + k + ")";
            };
        }
    }

    /** PLASMA's pdpotrf order (lower): the tasks as a sequential program submits them. */
    static List<Task> tasks(int t) {
        List<Task> out = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            out.add(new Task(Kind.POTRF, k, k, k));
            for (int m = k + 1; m < t; m++) {
                out.add(new Task(Kind.TRSM, k, m, k));
            }
            for (int m = k + 1; m < t; m++) {
                out.add(new Task(Kind.SYRK, k, m, m));
                for (int n = k + 1; n < m; n++) {
                    out.add(new Task(Kind.GEMM, k, m, n));
                }
            }
        }
        return out;
    }

    /** The matrix and its lower tiles, row-major b x b each. */
    public static final class Frame {
        final int n;
        final int b;
        final float[] a;
        final float[][] tiles;

        Frame(int n, int b, long seed) {
            this.n = n;
            this.b = b;
            a = matrix(n, seed);
            int t = n / b;
            tiles = new float[t * t][];
            for (int i = 0; i < t; i++) {
                for (int j = 0; j <= i; j++) {
                    tiles[i * t + j] = tileOf(a, n, b, i, j);
                }
            }
        }
    }

    private CholeskyProgram() {}

    /** Symmetric, off-diagonal uniform in (-1, 1), diagonal n plus a uniform: positive definite by Gershgorin. */
    static float[] matrix(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                float v = (float) (r.nextDouble() * 2 - 1);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
            a[i * n + i] = n + (float) r.nextDouble();
        }
        return a;
    }

    static float[] tileOf(float[] a, int n, int b, int ti, int tj) {
        float[] out = new float[b * b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(a, (ti * b + i) * n + tj * b, out, i * b, b);
        }
        return out;
    }

    /**
     * @throws IllegalArgumentException for a tile side that does not divide the size, sizes out of
     *                                  range, or a mesh smaller than 4x4
     */
    public static Program<Frame> of(int n, int b, long seed, Machine machine) {
        return of(n, b, seed, machine, false);
    }

    /** As {@link #of(int, int, long, Machine)}; {@code faulty} makes the last GEMM skip one term (for tests). */
    static Program<Frame> of(int n, int b, long seed, Machine machine, boolean faulty) {
        if (n < 1 || n > 512) {
            throw new IllegalArgumentException("cholesky --size " + n + ": expected 1..512");
        }
        if (b < 4 || b > 64 || n % b != 0) {
            throw new IllegalArgumentException("cholesky --block " + b + ": expected a tile side from 4 to 64 that "
                    + "divides --size " + n);
        }
        if (machine.rows() < GRID || machine.cols() < GRID) {
            throw new IllegalArgumentException("cholesky needs a mesh of at least 4x4 cores, " + machine.name() + " has "
                    + machine.rows() + "x" + machine.cols());
        }
        int t = n / b;
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("cholesky");
        BufferHandle<float[]>[] tile = StencilProgram.handles(1, t * t)[0];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                final int id = i * t + j;
                tile[id] = tp.buffer("A(" + i + "," + j + ")", BufferPlace.core(i % GRID, j % GRID), f -> f.tiles[id]);
            }
        }
        List<Task> tasks = tasks(t);
        // sequential task flow: per tile, its last writer and the readers since
        Map<Integer, CodeletHandle> lastWriter = new LinkedHashMap<>();
        Map<Integer, List<CodeletHandle>> readers = new LinkedHashMap<>();
        Task lastGemm = null;
        for (Task task : tasks) {
            if (task.kind() == Kind.GEMM) {
                lastGemm = task;
            }
        }
        for (Task task : tasks) {
            final boolean fault = faulty && task.equals(lastGemm);
            int[] w = task.writes();
            int wid = w[0] * t + w[1];
            BufferHandle<float[]> out = tile[wid];
            BufferHandle<float[]> in1 = task.reads().length > 0 ? tile[task.reads()[0][0] * t + task.reads()[0][1]] : null;
            BufferHandle<float[]> in2 = task.reads().length > 1 ? tile[task.reads()[1][0] * t + task.reads()[1][1]] : null;
            CodeletHandle h = tp.codelet(task.label(), ctx -> run(ctx, task.kind(), out, in1, in2, b, fault))
                    .code(KERNELS).cost(cost(task.kind(), b));
            Set<CodeletHandle> preds = new HashSet<>();
            for (int[] r : task.reads()) {
                int rid = r[0] * t + r[1];
                CodeletHandle wr = lastWriter.get(rid);
                if (wr != null) {
                    preds.add(wr);
                }
                readers.computeIfAbsent(rid, x -> new ArrayList<>()).add(h);
            }
            CodeletHandle wr = lastWriter.get(wid);
            if (wr != null) {
                preds.add(wr);
            }
            preds.addAll(readers.getOrDefault(wid, List.of()));
            readers.remove(wid);
            lastWriter.put(wid, h);
            // a stable order of edges, so the built graph does not depend on hashing
            List<CodeletHandle> ordered = new ArrayList<>(preds);
            ordered.sort(java.util.Comparator.comparingInt(CodeletHandle::index));
            for (CodeletHandle p : ordered) {
                p.precede(h);
            }
            int core = machine.core(w[0] % GRID, w[1] % GRID);
            if (machine.role(core) == CoreRole.CU) {
                h.affinity(core);
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", Integer.toString(n));
        params.put("block", Integer.toString(b));
        params.put("seed", Long.toString(seed));
        params.put("tasks", Integer.toString(tasks.size()));
        return Program.of("cholesky", tp.build(), () -> new Frame(n, b, seed), f -> check(f, seed), params);
    }

    static Cost cost(Kind k, int b) {
        return switch (k) {
            case POTRF -> Costs.potrf(b);
            case TRSM -> Costs.trsm(b);
            case SYRK -> Costs.syrk(b);
            case GEMM -> Costs.gemm(b);
        };
    }

    /** One task: its kernel on the tiles' arrays, each row of a tile read or written charged where the tile is. */
    private static void run(CodeletContext<Frame> ctx, Kind kind, BufferHandle<float[]> out, BufferHandle<float[]> in1,
            BufferHandle<float[]> in2, int b, boolean fault) {
        float[] c = ctx.read(out, 0, 0);
        float[] x = in1 == null ? null : ctx.read(in1, 0, 0);
        float[] y = in2 == null ? null : ctx.read(in2, 0, 0);
        Charge charge = (buf, off, count, store) -> {
            if (store) {
                ctx.write(buf, off, count);
            } else {
                ctx.read(buf, off, count);
            }
        };
        switch (kind) {
            case POTRF -> potrf(c, b, charge, out);
            case TRSM -> trsm(x, c, b, charge, in1, out);
            case SYRK -> syrk(x, c, b, charge, in1, out);
            case GEMM -> gemm(x, y, c, b, fault, charge, in1, in2, out);
        }
    }

    /** Charges accesses of a kernel (null in the sequential reference). */
    @FunctionalInterface
    interface Charge {
        void of(BufferHandle<float[]> buf, int offset, int count, boolean store);
    }

    private static void charge(Charge c, BufferHandle<float[]> buf, int offset, int count, boolean store) {
        if (c != null && count > 0) {
            c.of(buf, offset, count, store);
        }
    }

    /** Cholesky-Crout on one tile (lower): column j from the columns before it. */
    static void potrf(float[] a, int b, Charge ch, BufferHandle<float[]> buf) {
        for (int j = 0; j < b; j++) {
            charge(ch, buf, j * b, j + 1, false);
            float s = a[j * b + j];
            for (int k = 0; k < j; k++) {
                s = Math.fma(-a[j * b + k], a[j * b + k], s);
            }
            float d = (float) Math.sqrt(s);
            a[j * b + j] = d;
            charge(ch, buf, j * b + j, 1, true);
            float inv = 1f / d;
            for (int i = j + 1; i < b; i++) {
                charge(ch, buf, i * b, j + 1, false);
                charge(ch, buf, j * b, j, false);
                float v = a[i * b + j];
                for (int k = 0; k < j; k++) {
                    v = Math.fma(-a[i * b + k], a[j * b + k], v);
                }
                a[i * b + j] = v * inv;
                charge(ch, buf, i * b + j, 1, true);
            }
        }
    }

    /** X = X L^-T, L the factored diagonal tile: each row of X by forward substitution. */
    static void trsm(float[] l, float[] x, int b, Charge ch, BufferHandle<float[]> lBuf, BufferHandle<float[]> xBuf) {
        float[] inv = new float[b];
        for (int j = 0; j < b; j++) {
            charge(ch, lBuf, j * b + j, 1, false);
            inv[j] = 1f / l[j * b + j];
        }
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                charge(ch, xBuf, i * b, j + 1, false);
                charge(ch, lBuf, j * b, j, false);
                float v = x[i * b + j];
                for (int k = 0; k < j; k++) {
                    v = Math.fma(-x[i * b + k], l[j * b + k], v);
                }
                x[i * b + j] = v * inv[j];
                charge(ch, xBuf, i * b + j, 1, true);
            }
        }
    }

    /** C = C - A A^T, lower triangle of C. */
    static void syrk(float[] a, float[] c, int b, Charge ch, BufferHandle<float[]> aBuf, BufferHandle<float[]> cBuf) {
        for (int i = 0; i < b; i++) {
            for (int j = 0; j <= i; j++) {
                charge(ch, cBuf, i * b + j, 1, false);
                charge(ch, aBuf, i * b, b, false);
                charge(ch, aBuf, j * b, b, false);
                float s = c[i * b + j];
                for (int k = 0; k < b; k++) {
                    s = Math.fma(-a[i * b + k], a[j * b + k], s);
                }
                c[i * b + j] = s;
                charge(ch, cBuf, i * b + j, 1, true);
            }
        }
    }

    /** C = C - A B^T. */
    static void gemm(float[] a, float[] bt, float[] c, int b, boolean fault, Charge ch, BufferHandle<float[]> aBuf,
            BufferHandle<float[]> bBuf, BufferHandle<float[]> cBuf) {
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                charge(ch, cBuf, i * b + j, 1, false);
                charge(ch, aBuf, i * b, b, false);
                charge(ch, bBuf, j * b, b, false);
                float s = c[i * b + j];
                for (int k = fault && i == b - 1 && j == 0 ? 1 : 0; k < b; k++) {
                    s = Math.fma(-a[i * b + k], bt[j * b + k], s);
                }
                c[i * b + j] = s;
                charge(ch, cBuf, i * b + j, 1, true);
            }
        }
    }

    /** The tasks in their sequential order in one thread: the tiles of L. */
    static float[][] reference(int n, int b, long seed) {
        Frame f = new Frame(n, b, seed);
        int t = n / b;
        for (Task task : tasks(t)) {
            int[] w = task.writes();
            float[] out = f.tiles[w[0] * t + w[1]];
            int[][] r = task.reads();
            switch (task.kind()) {
                case POTRF -> potrf(out, b, null, null);
                case TRSM -> trsm(f.tiles[r[0][0] * t + r[0][1]], out, b, null, null, null);
                case SYRK -> syrk(f.tiles[r[0][0] * t + r[0][1]], out, b, null, null, null);
                case GEMM -> gemm(f.tiles[r[0][0] * t + r[0][1]], f.tiles[r[1][0] * t + r[1][1]], out, b, false, null,
                        null, null, null);
            }
        }
        return f.tiles;
    }

    static CheckResult check(Frame f, long seed) {
        int t = f.n / f.b;
        float[][] ref = reference(f.n, f.b, seed);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                float[] got = f.tiles[i * t + j];
                float[] want = ref[i * t + j];
                for (int e = 0; e < got.length; e++) {
                    boolean lower = i > j || e / f.b >= e % f.b;
                    if (lower && Float.floatToIntBits(got[e]) != Float.floatToIntBits(want[e])) {
                        return CheckResult.failed("L[" + (i * f.b + e / f.b) + "][" + (j * f.b + e % f.b) + "] = " + got[e]
                                + ", the tasks in sequential order give " + want[e]);
                    }
                }
            }
        }
        return backwardError(lower(f), f.a, f.n);
    }

    /** L as a dense n x n array (upper part zero) from the lower tiles. */
    static float[] lower(Frame f) {
        int n = f.n;
        int b = f.b;
        int t = n / b;
        float[] l = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                l[i * n + j] = f.tiles[(i / b) * t + j / b][(i % b) * b + j % b];
            }
        }
        return l;
    }

    /** |A - L L^T| <= gamma_{n+1} |L| |L^T| elementwise (Higham Theorem 10.3), in double. */
    static CheckResult backwardError(float[] l, float[] a, int n) {
        double u = Math.ulp(1.0f) / 2;
        double gamma = (n + 1) * u / (1 - (n + 1) * u);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                double mag = 0;
                for (int k = 0; k <= j; k++) {
                    s += (double) l[i * n + k] * l[j * n + k];
                    mag += Math.abs((double) l[i * n + k] * l[j * n + k]);
                }
                double ratio = Math.abs(a[i * n + j] - s) / (gamma * mag);
                worst = Math.max(worst, ratio);
                if (ratio > 1) {
                    return CheckResult.failed(String.format(Locale.ROOT, "(L L^T)[%d][%d] = %.9g, A = %.9g: %.2f x the "
                            + "backward-error bound", i, j, s, a[i * n + j], ratio));
                }
            }
        }
        return CheckResult.passed(String.format(Locale.ROOT, "%dx%d factor matches the tasks in sequential order bit for "
                + "bit; |A - L L^T| within %.3f of Higham's bound gamma_(n+1) |L||L^T|", n, n, worst));
    }
}
