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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Five-point Jacobi stencil on an n x n grid (plus its fixed boundary) split into 4x4 tiles, one per
 * core, after the threaded-MPI stencil of {@code USArmyResearchLab/mpi-epiphany} at 1e09545
 * ({@code stencil/mpi_tfunc.c}, "tfunc" below; {@code stencil/main.c}, "main"). Per tile (r,c), with
 * affinity to core (r,c), its two arrays {@code a} and {@code b} of (n/4+2)^2 floats in that core's
 * local memory:
 *
 * <pre>
 *   load(r,c) ─DMA─▶ copy(r,c) ─▶ sweep(r,c,0) ─▶ halo(r,c,0) ─▶ sweep(r,c,1) ─▶ … ─▶ halo(r,c,T-1) ─▶ store(r,c) ─DMA─▶ done
 *   copy of each neighbour          ─▶ sweep(r,c,0)     (its b is whole before the neighbour writes its halo)
 *   halo(s) of each mesh neighbour  ─▶ sweep(r,c,s+1)   (the edges have landed in this tile's halo)
 * </pre>
 *
 * <ul>
 *   <li>{@code load}: tfunc line 101, the tile with its halo from the grid A in DRAM (one 2D DMA of
 *       n/4+2 rows: the source copies row by row with e_dma_copy and notes "2D DMA would be
 *       better").</li>
 *   <li>{@code copy}: tfunc line 110, {@code b = a} (so b holds the fixed boundary too).</li>
 *   <li>{@code sweep(s)}: tfunc lines 120-182, the 4x4 register-blocked update of the interior from
 *       a into b (s even) or b into a (s odd), each point
 *       {@code fma(w4,S,fma(w3,N,fma(w2,E,fma(w1,C,w0*W))))} as in the source.</li>
 *   <li>{@code halo(s)}: tfunc lines 185-211, the four edge exchanges. The source copies an edge into
 *       a bounce buffer and swaps it with MPI_Sendrecv_replace; here the edge goes straight into
 *       the neighbour's halo with remote stores (what the library's transfer is on a chip where
 *       writes are cheap and reads dear), so each edge costs a local load and a remote store per
 *       float. Only the n/4 interior floats of a row go (the source sends the row's two corners
 *       too, which a 5-point stencil never reads). Edges on the grid's boundary are not exchanged
 *       (the source's {@code if (y != dj-1)} guards): the fixed values stay.</li>
 *   <li>{@code store}: tfunc line 219, the interior back to the grid B in DRAM (2D DMA).</li>
 * </ul>
 *
 * <p>Sizes: main's {@code EDIM = 4}, {@code STEPS = 32} (stencil/Makefile line 1; main lines 170-171); the Makefile's
 * {@code NI = NJ = 8} would give each core a 2x2 interior, which tfunc's 4x4 register blocking
 * (lines 120-130) cannot cover, so the grid side must be a multiple of 16 and defaults to the
 * smallest, 16. Weights and boundary values are main's (lines 174-178 and 86-93).
 *
 * <p>The check runs main's {@code update_stencil_cpu} with the fused form of tfunc, so the floats
 * must match bit for bit.
 */
public final class StencilProgram {
    public static final int GRID = 4;
    public static final int DEFAULT_SIZE = 16;
    public static final int DEFAULT_ITERATIONS = 32;
    /** main lines 174-178. */
    static final float W0 = 0.166666666f;
    static final float W1 = 0.333333333f;
    static final float W2 = 0.166666666f;
    static final float W3 = 0.166666666f;
    static final float W4 = 0.166666666f;

    /**
     * Code sizes, estimated as 4 bytes per instruction of the unrolled loop bodies counted below
     * (most eCore instructions have a 32-bit form) plus a prologue: the sweep's 4x4 block is 141
     * instructions, the j-block head 22; the rest of tfunc (MPI set-up, copies, exchange) about 700.
     */
    static final CodeObject SWEEP_CODE = CodeObject.of("stencil_sweep", 4 * (141 + 22) + 96, Placement.LOCAL);
    static final CodeObject MAIN_CODE = CodeObject.of("stencil_main", 704, Placement.LOCAL);

    /** Instruction counts, from tfunc's source; the loads and stores of buffers are charged by the bodies. */
    static final class Costs {
        private Costs() {}

        /**
         * One sweep of a t x t interior (t a multiple of 4), tfunc lines 112-215, q = t/4.
         * <ul>
         *   <li>Per 4x4 block (q^2, lines 131-181): 16 points of one FMUL and four FMA (80 FPU); 24
         *       loads and 16 stores (charged by the body: rows j..j+5, four floats each); 8 register
         *       moves carrying a14..a45 into a10..a41 (lines 136-159), 10 pointer increments (six
         *       rows of a, four of b, by 16 bytes: no displacement addressing with a moving index)
         *       and the loop compare, 19 IALU; one back-edge.</li>
         *   <li>Per j-block (q, lines 120-130): 8 loads (charged), j += 4, the compare, i = 0 and the
         *       ten row pointers, 13 IALU; one back-edge.</li>
         *   <li>Per sweep: {@code while (niter--)} and the pointer swap (lines 112, 213-215), 5 IALU
         *       and a branch.</li>
         * </ul>
         * For t = 4: 80 FPU, 37 IALU, 3 branches.
         */
        static Cost sweep(int t) {
            long q = t / 4;
            long blocks = q * q;
            return new Cost(0, 19 * blocks + 13 * q + 5, 80 * blocks, 0, blocks + q + 1);
        }

        /**
         * One exchange (tfunc lines 185-211) of {@code floats} floats in all over the tile's
         * {@code edges} neighbours: per float a compare and a back-edge of the copy loop (the
         * source's {@code ldrd}/{@code strd} post-increment loops, line 188), the load and store
         * charged by the body; per edge the MPI_Sendrecv_replace call (closed source; estimate as
         * cannon's call entry: 10 IALU, 4 load/store, 2 branches) and 4 IALU of pointer set-up.
         */
        static Cost halo(int floats, int edges) {
            return new Cost(0, floats + 14L * edges, 0, 4L * edges, floats + 2L * edges);
        }

        /** {@code b = a} over (t+2)^2 floats, tfunc line 110: a load and a store (charged), an increment, a compare and a back-edge each. */
        static Cost copy(int t) {
            long e = (long) (t + 2) * (t + 2);
            return new Cost(0, 2 * e, 0, 0, e);
        }

        /**
         * The start, tfunc lines 49-99 (the DMA's own set-up is the target's to charge): the twelve
         * argument loads; MPI_Init, MPI_Cart_create, MPI_Comm_rank with MPI_Cart_coords and the two
         * MPI_Cart_shift, closed source and estimated as {@link CannonProgram}'s (120/60/68/64 IALU,
         * 48/24/4/24 load/store, 16/8/20/8 branches); the tile sizes {@code (NI-2)/di} and
         * {@code (NJ-2)/dj}, two libgcc divisions of 32 IALU and 8 branches each (the eCore has no
         * divider); four coprthr_tls_sbrk calls of 4 IALU, 2 load/store and a call and return each.
         */
        static final Cost LOAD = Cost.instructions(120 + 60 + 68 + 64 + 2 * 32 + 4 * 4, 0,
                12 + 48 + 24 + 4 + 24 + 4 * 2, 16 + 8 + 20 + 8 + 2 * 8 + 4 * 2);
        /** coprthr_tls_brk and MPI_Finalize, tfunc lines 221-223 (closed source; estimate as cannon's finalize). */
        static final Cost STORE = Cost.instructions(16, 0, 4, 4);
    }

    /** The grids in DRAM and each tile's two arrays. */
    public static final class Frame {
        final int n;
        final int t;
        final float[] gA;
        final float[] gB;
        final float[][] a = new float[GRID * GRID][];
        final float[][] b = new float[GRID * GRID][];

        Frame(int n) {
            this.n = n;
            this.t = n / GRID;
            gA = initial(n);
            gB = initial(n);
            int l = t + 2;
            for (int k = 0; k < GRID * GRID; k++) {
                a[k] = new float[l * l];
                b[k] = new float[l * l];
            }
        }
    }

    private StencilProgram() {}

    /** main lines 78-94: interior 0, north edge -2, south 1, east -1, west 2 (corners 0). */
    static float[] initial(int n) {
        int g = n + 2;
        float[] x = new float[g * g];
        for (int i = 1; i < g - 1; i++) {
            x[i] = -2f;
            x[(g - 1) * g + i] = 1f;
        }
        for (int j = 1; j < g - 1; j++) {
            x[j * g + g - 1] = -1f;
            x[j * g] = 2f;
        }
        return x;
    }

    static float point(float w, float c, float e, float north, float south) {
        return Math.fma(W4, south, Math.fma(W3, north, Math.fma(W2, e, Math.fma(W1, c, W0 * w))));
    }

    /** main's update_stencil_cpu (lines 130-145) in tfunc's fused order: the grid after {@code iterations} sweeps. */
    public static float[] reference(int n, int iterations) {
        int g = n + 2;
        float[] src = initial(n);
        float[] dst = initial(n);
        for (int s = 0; s < iterations; s++) {
            for (int y = 1; y <= n; y++) {
                for (int x = 1; x <= n; x++) {
                    int p = y * g + x;
                    dst[p] = point(src[p - 1], src[p], src[p + 1], src[p - g], src[p + g]);
                }
            }
            float[] tmp = src;
            src = dst;
            dst = tmp;
        }
        return src;
    }

    /**
     * The stencil on {@code machine}: tile (r,c) lives in core (r,c)'s memory and its codelets have
     * affinity there when that core is a CU.
     *
     * @throws IllegalArgumentException for a size that is not a multiple of 16, iterations below 1,
     *                                  or a mesh smaller than 4x4
     */
    public static Program<Frame> of(int n, int iterations, Machine machine) {
        return of(n, iterations, machine, -1);
    }

    /** As {@link #of(int, int, Machine)}; {@code faultyTile} >= 0 makes that tile's first sweep write one wrong point (for tests). */
    static Program<Frame> of(int n, int iterations, Machine machine, int faultyTile) {
        if (n < 4 * GRID || n % (4 * GRID) != 0 || n > 4 * GRID * 16) {
            throw new IllegalArgumentException("stencil --size " + n + ": expected a multiple of 16 from 16 to 256 (each "
                    + "of the 4x4 cores updates its n/4 x n/4 tile in 4x4 register blocks)");
        }
        if (iterations < 1 || iterations > 100_000) {
            throw new IllegalArgumentException("stencil --iterations " + iterations + ": expected 1..100000");
        }
        if (machine.rows() < GRID || machine.cols() < GRID) {
            throw new IllegalArgumentException("stencil needs a mesh of at least 4x4 cores, " + machine.name() + " has "
                    + machine.rows() + "x" + machine.cols());
        }
        int t = n / GRID;
        int l = t + 2;
        int g = n + 2;
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("stencil");
        BufferHandle<float[]> gA = tp.buffer("A", BufferPlace.external(), f -> f.gA);
        BufferHandle<float[]> gB = tp.buffer("B", BufferPlace.external(), f -> f.gB);
        BufferHandle<float[]>[][] buf = handles(2, GRID * GRID);
        for (int k = 0; k < GRID * GRID; k++) {
            final int kk = k;
            buf[0][k] = tp.buffer("a(" + k / GRID + "," + k % GRID + ")", BufferPlace.core(k / GRID, k % GRID), f -> f.a[kk]);
            buf[1][k] = tp.buffer("b(" + k / GRID + "," + k % GRID + ")", BufferPlace.core(k / GRID, k % GRID), f -> f.b[kk]);
        }
        CodeletHandle done = tp.codelet("done", ctx -> { }).deps(GRID * GRID).code(MAIN_CODE);
        CodeletHandle[] copy = new CodeletHandle[GRID * GRID];
        CodeletHandle[][] sweep = new CodeletHandle[GRID * GRID][iterations];
        CodeletHandle[][] halo = new CodeletHandle[GRID * GRID][iterations];
        for (int k = 0; k < GRID * GRID; k++) {
            final int r = k / GRID;
            final int c = k % GRID;
            final int kk = k;
            String at = "(" + r + "," + c + ")";
            int first = tp.size();
            CodeletHandle cp = tp.codelet("copy" + at, ctx -> copy(ctx, buf[0][kk], buf[1][kk], l * l))
                    .deps(1).code(MAIN_CODE).cost(Costs.copy(t)).reads(buf[0][kk]).writes(buf[1][kk]);
            copy[k] = cp;
            tp.codelet("load" + at, ctx -> ctx.dma2d(gA, r * t * g + c * t, g, buf[0][kk], 0, l, l, l, ctx.slotOf(cp)))
                    .code(MAIN_CODE).cost(Costs.LOAD);
            int[] nbrs = neighbours(r, c);
            int edgeFloats = t * nbrs.length;
            for (int s = 0; s < iterations; s++) {
                final int ss = s;
                final boolean fault = kk == faultyTile && s == 0;
                sweep[k][s] = tp.codelet("sweep" + at + "#" + s,
                                ctx -> sweep(ctx, buf[ss % 2][kk], buf[(ss + 1) % 2][kk], t, fault))
                        .code(SWEEP_CODE).cost(Costs.sweep(t)).reads(buf[ss % 2][kk]).writes(buf[(ss + 1) % 2][kk]);
                halo[k][s] = tp.codelet("halo" + at + "#" + s, ctx -> halo(ctx, buf[(ss + 1) % 2], kk, t))
                        .code(MAIN_CODE).cost(Costs.halo(edgeFloats, nbrs.length)).reads(buf[(ss + 1) % 2][kk]);
                sweep[k][s].precede(halo[k][s]);
                if (s == 0) {
                    cp.precede(sweep[k][s]);
                } else {
                    halo[k][s - 1].precede(sweep[k][s]);
                }
            }
            final BufferHandle<float[]> last = buf[iterations % 2][k];
            CodeletHandle store = tp.codelet("store" + at,
                            ctx -> ctx.dma2d(last, l + 1, l, gB, (r * t + 1) * g + c * t + 1, g, t, t, ctx.slotOf(done)))
                    .code(MAIN_CODE).cost(Costs.STORE);
            halo[k][iterations - 1].precede(store);
            int core = machine.core(r, c);
            if (machine.role(core) == CoreRole.CU) {
                for (int i = first; i < tp.size(); i++) {
                    tp.get(i).affinity(core);
                }
            }
        }
        for (int k = 0; k < GRID * GRID; k++) {
            for (int nb : neighbours(k / GRID, k % GRID)) {
                copy[nb].precede(sweep[k][0]);
                for (int s = 0; s + 1 < iterations; s++) {
                    halo[nb][s].precede(sweep[k][s + 1]);
                }
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", Integer.toString(n));
        params.put("iterations", Integer.toString(iterations));
        return Program.of("stencil", tp.build(), () -> new Frame(n), f -> check(f, iterations), params);
    }

    @SuppressWarnings("unchecked") // an array of one element type, filled by the caller
    static BufferHandle<float[]>[][] handles(int rows, int cols) {
        return (BufferHandle<float[]>[][]) new BufferHandle<?>[rows][cols];
    }

    /** Tiles north, south, west and east of (r,c) that exist, as tile indices. */
    static int[] neighbours(int r, int c) {
        int[] out = new int[4];
        int k = 0;
        if (r > 0) {
            out[k++] = (r - 1) * GRID + c;
        }
        if (r < GRID - 1) {
            out[k++] = (r + 1) * GRID + c;
        }
        if (c > 0) {
            out[k++] = r * GRID + c - 1;
        }
        if (c < GRID - 1) {
            out[k++] = r * GRID + c + 1;
        }
        return java.util.Arrays.copyOf(out, k);
    }

    private static void copy(CodeletContext<Frame> ctx, BufferHandle<float[]> a, BufferHandle<float[]> b, int count) {
        System.arraycopy(ctx.read(a, 0, count), 0, ctx.write(b, 0, count), 0, count);
    }

    /** tfunc lines 120-182: the 4x4 blocks of the interior, charging each block's 24 loads and 16 stores where they are. */
    static void sweep(CodeletContext<Frame> ctx, BufferHandle<float[]> from, BufferHandle<float[]> to, int t,
            boolean fault) {
        int l = t + 2;
        float[] src = ctx.read(from, 0, 0);
        float[] dst = ctx.write(to, 0, 0);
        for (int j = 0; j < t; j += 4) {
            for (int r = 1; r <= 4; r++) {
                ctx.read(from, (j + r) * l, 2);
            }
            for (int i = 0; i < t; i += 4) {
                ctx.read(from, j * l + i + 1, 4);
                for (int r = 1; r <= 4; r++) {
                    ctx.read(from, (j + r) * l + i + 2, 4);
                }
                ctx.read(from, (j + 5) * l + i + 1, 4);
                for (int r = 1; r <= 4; r++) {
                    ctx.write(to, (j + r) * l + i + 1, 4);
                    for (int q = 1; q <= 4; q++) {
                        int p = (j + r) * l + i + q;
                        dst[p] = point(src[p - 1], src[p], src[p + 1], src[p - l], src[p + l]);
                    }
                }
            }
        }
        if (fault) {
            dst[l + 1] += 1f;
        }
    }

    /**
     * tfunc lines 185-211: this tile's edges of the array just written into the same array of each
     * neighbour, second row to the north neighbour's last, second-to-last to the south's first,
     * second column to the west's last, second-to-last to the east's first.
     */
    static void halo(CodeletContext<Frame> ctx, BufferHandle<float[]>[] arrays, int k, int t) {
        int l = t + 2;
        int r = k / GRID;
        int c = k % GRID;
        float[] mine = ctx.read(arrays[k], 0, 0);
        if (r > 0) {
            float[] north = ctx.write(arrays[k - GRID], (l - 1) * l + 1, t);
            System.arraycopy(ctx.read(arrays[k], l + 1, t), l + 1, north, (l - 1) * l + 1, t);
        }
        if (r < GRID - 1) {
            float[] south = ctx.write(arrays[k + GRID], 1, t);
            System.arraycopy(ctx.read(arrays[k], (l - 2) * l + 1, t), (l - 2) * l + 1, south, 1, t);
        }
        for (int y = 1; y <= t; y++) {
            if (c > 0) {
                ctx.read(arrays[k], y * l + 1, 1);
                ctx.write(arrays[k - 1], y * l + l - 1, 1)[y * l + l - 1] = mine[y * l + 1];
            }
            if (c < GRID - 1) {
                ctx.read(arrays[k], y * l + l - 2, 1);
                ctx.write(arrays[k + 1], y * l, 1)[y * l] = mine[y * l + l - 2];
            }
        }
    }

    static CheckResult check(Frame f, int iterations) {
        int n = f.n;
        int g = n + 2;
        float[] ref = reference(n, iterations);
        for (int y = 1; y <= n; y++) {
            for (int x = 1; x <= n; x++) {
                int p = y * g + x;
                if (Float.floatToIntBits(ref[p]) != Float.floatToIntBits(f.gB[p])) {
                    return CheckResult.failed("B[" + y + "][" + x + "] = " + f.gB[p] + ", reference " + ref[p]
                            + " after " + iterations + " sweeps");
                }
            }
        }
        return CheckResult.passed(n + "x" + n + " grid after " + iterations + " sweeps matches the sequential stencil bit"
                + " for bit");
    }
}
