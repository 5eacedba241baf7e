package io.edarts.examples.programs;

import io.edarts.api.BufferHandle;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletContext;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Program;
import io.edarts.api.SlotHandle;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import io.edarts.cam.CodeObject;
import io.edarts.cam.CoreRole;
import io.edarts.cam.Machine;
import io.edarts.cam.Placement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A forward 2D FFT of an n x n array of complex floats over 16 ranks, after the threaded-MPI 2D FFT
 * of {@code USArmyResearchLab/mpi-epiphany} at 1e09545 ({@code fft2d/mpi_tfunc.c}, "tfunc";
 * {@code fft2d/main.c}, "main"): rank q (core (q/4, q%4), affinity there when it is a CU) holds
 * n/16 rows in its local memory, transforms them, the corner turn transposes the array across the
 * ranks, each transforms its rows again (the columns), and a second turn restores the order.
 *
 * <pre>
 *   init(q) ─DMA wn, rows─▶ [loaded(q)] ─▶ rowfft(q,0..r-1) ─▶ [rows(q)] ─▶ turn(q,0..15)
 *   turn(0..15,p) ─▶ [turned(p)] ─▶ colfft(p,0..r-1) ─▶ [cols(p)] ─▶ back(p,0..15)
 *   back(0..15,q) ─▶ [back(q)] ─▶ store(q) ─DMA─▶ done              [x] = a shared sync slot
 * </pre>
 *
 * <ul>
 *   <li>{@code init}: tfunc lines 174-203: MPI set-up, the bit-reversal pair table {@code brp}
 *       (lines 185-197), and the DMA of the twiddles and of the rank's rows from DRAM.</li>
 *   <li>{@code rowfft}, {@code colfft}: one row's bitreverse_swap (lines 30-42) and fft_r2_dit
 *       (lines 44-84), radix-2 decimation in time, complex products as C99's {@code float complex}
 *       multiply (no fused operations).</li>
 *   <li>{@code turn(c,p)}, {@code back(c,p)}: corner_turn (lines 86-143) as one-sided writes: rank c
 *       stores its n/16 x n/16 block for rank p, transposed, straight into p's second array with
 *       remote doubleword stores, where the source packs the block into a bounce buffer, swaps it
 *       with MPI_Sendrecv_replace and unpacks it transposed. Writing into a second array (8 KB at
 *       n = 128, bank 2 beside the rows in bank 1) is what one-sided writes need: the block a rank
 *       receives lands where its own outgoing block still waits to be read. The second turn writes
 *       back into the first array, column block by column block, each after the reader of that
 *       block (the first turn's {@code turn(q,p)}) has run.</li>
 *   <li>{@code store}: line 259, the rows back to DRAM.</li>
 * </ul>
 *
 * <p>Sizes: fft2d/Makefile line 3 ({@code EDIM=4 NSIZE=128 MSIZE=7 LOOP=1}); input uniform in
 * [0,1) as main's {@code frand()} (lines 158-162), twiddles by main's recurrence generate_wn
 * (lines 60-79, cos/sin table lines 147-150). Forward only, the timed run of main line 183.
 *
 * <p>Check: the sequential row-column FFT with the same operations must match bit for bit, and it
 * must be within Higham's bound of the exact DFT (computed in double): for a radix-2 FFT with
 * weights within mu of the true ones, ||y^ - y|| / ||y|| <= L eta / (1 - L eta), eta = mu +
 * gamma_4 (sqrt 2 + mu), gamma_4 = 4u / (1 - 4u), over L = log2(n^2) butterfly stages (N. J. Higham,
 * Accuracy and Stability of Numerical Algorithms, 2nd ed., Theorem 24.2). mu is measured on the
 * recurrence's twiddles.
 */
public final class Fft2dProgram {
    public static final int RANKS = 16;
    public static final int DEFAULT_SIZE = 128;

    /**
     * Code sizes, estimated at 4 bytes per instruction counted below plus call overhead: fft_r2_dit's
     * two loop bodies (about 60 instructions) and bitreverse_swap's (about 12), 384 bytes; the rest of
     * tfunc (MPI set-up, brp table, the corner turn) about 640.
     */
    static final CodeObject FFT_CODE = CodeObject.of("fft_r2_dit", 384, Placement.LOCAL);
    static final CodeObject MAIN_CODE = CodeObject.of("fft_main", 640, Placement.LOCAL);

    /** Instruction counts from tfunc; every data and table access is charged by the bodies where it goes. */
    static final class Costs {
        private Costs() {}

        /** Bit-reversal pairs (x, y), x < y, of {@code n = 2^m} (what brp holds, tfunc lines 188-197). */
        static int pairs(int n) {
            int m = Integer.numberOfTrailingZeros(n);
            int p = 0;
            for (int x = 0; x < n; x++) {
                if (x < reverse(x, m)) {
                    p++;
                }
            }
            return p;
        }

        /**
         * One row: bitreverse_swap then fft_r2_dit, n = 2^m.
         * <ul>
         *   <li>bitreverse_swap (lines 34-41), per pair: the two halfword loads of brp and the two
         *       doubleword loads and stores of the swap (charged), {@code k += 2} and the two indices
         *       scaled and added to the base, 5 IALU, one back-edge; the terminating load (charged)
         *       and a branch.</li>
         *   <li>First stage (lines 53-58), n/2 butterflies: the C99 complex product (4 FMUL, 2
         *       FADD/FSUB, and gcc's NaN test of the result, one FPU compare and a branch, the
         *       {@code __mulsc3} fallback never taken), the sum and difference (4 FPU), the pointer
         *       increment and a back-edge: 11 FPU, 1 IALU, 2 branches; two loads and two stores
         *       (charged).</li>
         *   <li>Stages 1..m-1 (lines 62-83): per inner iteration (n/4 a stage), two butterflies, 22
         *       FPU, 5 IALU ({@code i1 = i0 + l1}, {@code i0 += l2}, the compare, two pointers), 3
         *       branches (the back-edge and two NaN tests); per j (2^(l-1) a stage) 4 IALU (i and the
         *       second twiddle's index) and a back-edge, two twiddle loads (charged); per stage 6
         *       IALU and a branch.</li>
         *   <li>Per call: 4 IALU and the return; the first twiddle load (charged).</li>
         * </ul>
         * For n = 128 (56 pairs): 4,928 FPU, 1,596 IALU, 831 branches.
         */
        static Cost row(int n) {
            int m = Integer.numberOfTrailingZeros(n);
            long p = pairs(n);
            long inner = (long) (m - 1) * (n / 4);
            long js = (1L << (m - 1)) - 1; // sum over l = 1..m-1 of 2^(l-1)
            long fpu = 11L * (n / 2) + 22 * inner;
            long ialu = 5 * p + (n / 2) + 5 * inner + 4 * js + 6L * (m - 1) + 4;
            long branches = p + 1 + 2L * (n / 2) + 3 * inner + js + (m - 1) + 1;
            return new Cost(0, ialu, fpu, 0, branches);
        }

        /**
         * One block of b x b complex floats in a corner turn (lines 102-139, the pack, exchange and
         * unpack done as one pass): per element a doubleword load and a remote doubleword store
         * (charged) and the destination pointer stepping by a row, 1 IALU; per four elements (the
         * source's unrolling) the counter and a back-edge; per row 3 IALU (the two row pointers and
         * the counter) and a back-edge; the MPI_Sendrecv_replace call it stands for, 10 IALU, 4
         * load/store and 2 branches (closed source; estimate, as CannonProgram's call entry).
         */
        static Cost block(int b) {
            long e = (long) b * b;
            return new Cost(0, e + e / 4 + 3L * b + 10, 0, 4, e / 4 + b + 2);
        }

        /**
         * init, lines 174-203, without the stores of brp (charged): MPI_Init, MPI_Comm_size and
         * MPI_Comm_rank (closed source; estimates as CannonProgram's: 120 + 2 x 4 IALU, 48 + 2
         * load/store, 16 + 2 branches), {@code n/nprocs} (a shift) and four coprthr_tls_sbrk (4 IALU,
         * 2 load/store, call and return each); zeroing brp, per halfword a counter and a back-edge;
         * the table, per x: m inner steps of 4 IALU (shift, mask, shift, or) plus the counter and
         * compare and a back-edge, then 3 IALU and 2 branches; per pair 1 IALU.
         */
        static Cost init(int n) {
            int m = Integer.numberOfTrailingZeros(n);
            long ialu = 128 + 1 + 16 + 2L * n + (long) n * (6L * m + 3) + pairs(n);
            long loadStore = 50 + 8;
            long branches = 18 + 8 + 2L * n + (long) n * (m + 2);
            return new Cost(0, ialu, 0, loadStore, branches);
        }

        /** coprthr_tls_brk and MPI_Finalize, lines 261-263 (closed source; estimate as cannon's finalize). */
        static final Cost STORE = Cost.instructions(16, 0, 4, 4);
    }

    /** The array in DRAM (input, then the answer), the twiddles, and each rank's two arrays and tables. */
    public static final class Frame {
        final int n;
        final long seed;
        final float[] input;
        final float[] gData;
        final float[] gWn;
        final float[][] rows = new float[RANKS][];
        final float[][] turned = new float[RANKS][];
        final float[][] wn = new float[RANKS][];
        final short[][] brp = new short[RANKS][];

        Frame(int n, long seed) {
            this.n = n;
            this.seed = seed;
            input = input(n, seed);
            gData = input.clone();
            gWn = twiddles(n);
            int nl = n / RANKS;
            for (int q = 0; q < RANKS; q++) {
                rows[q] = new float[2 * nl * n];
                turned[q] = new float[2 * nl * n];
                wn[q] = new float[2 * n];
                brp[q] = new short[2 * n];
            }
        }
    }

    private Fft2dProgram() {}

    /** main lines 158-162: real and imaginary parts uniform in [0, 1). */
    static float[] input(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    /** main's generate_wn(n, m, +1, cc, ss, wn) (lines 60-79), in float: w^i by recurrence, w = exp(-2 pi i / n). */
    static float[] twiddles(int n) {
        int m = Integer.numberOfTrailingZeros(n);
        float c = (float) Math.cos(2.0 * Math.PI / Math.pow(2.0, m));
        float s = -(float) Math.sin(2.0 * Math.PI / Math.pow(2.0, m));
        int n2 = n >> 1;
        float[] wn = new float[2 * n];
        wn[0] = 1f;
        wn[2 * n2] = 1f;
        for (int i = 1; i < n2; i++) {
            float re = c * wn[2 * (i - 1)] - s * wn[2 * (i - 1) + 1];
            float im = s * wn[2 * (i - 1)] + c * wn[2 * (i - 1) + 1];
            wn[2 * i] = re;
            wn[2 * i + 1] = im;
            wn[2 * (i + n2)] = re;
            wn[2 * (i + n2) + 1] = -im;
        }
        return wn;
    }

    static int reverse(int x, int m) {
        int y = 0;
        for (int j = 0; j < m; j++) {
            y = (y << 1) | ((x >> j) & 1);
        }
        return y;
    }

    /**
     * The transform on {@code machine}; rank q's arrays are in core (q/4, q%4)'s banks 1 and 2.
     *
     * @throws IllegalArgumentException for a size other than 64 or 128, or a mesh smaller than 4x4
     */
    public static Program<Frame> of(int n, long seed, Machine machine) {
        return of(n, seed, machine, false);
    }

    /** As {@link #of(int, long, Machine)}; {@code faulty} makes the last turn drop one element (for tests). */
    static Program<Frame> of(int n, long seed, Machine machine, boolean faulty) {
        if (n != 64 && n != 128) {
            throw new IllegalArgumentException("fft2d --size " + n + ": expected 64 or 128 (a power of two whose n/16 "
                    + "rows per rank are a multiple of the corner turn's unrolling by 4, and whose two arrays of "
                    + "n/16 x n complex floats fit a core's banks)");
        }
        if (machine.rows() < 4 || machine.cols() < 4) {
            throw new IllegalArgumentException("fft2d needs a mesh of at least 4x4 cores, " + machine.name() + " has "
                    + machine.rows() + "x" + machine.cols());
        }
        int nl = n / RANKS;
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("fft2d");
        BufferHandle<float[]> gData = tp.buffer("data2", BufferPlace.external(), f -> f.gData);
        BufferHandle<float[]> gWn = tp.buffer("wn", BufferPlace.external(), f -> f.gWn);
        BufferHandle<float[]>[] rows = StencilProgram.handles(1, RANKS)[0];
        BufferHandle<float[]>[] turned = StencilProgram.handles(1, RANKS)[0];
        BufferHandle<float[]>[] wn = StencilProgram.handles(1, RANKS)[0];
        java.util.List<BufferHandle<short[]>> brp = new java.util.ArrayList<>();
        for (int q = 0; q < RANKS; q++) {
            final int qq = q;
            int r = q / 4;
            int c = q % 4;
            rows[q] = tp.buffer("rows" + q, BufferPlace.bank(r, c, 1), f -> f.rows[qq]);
            turned[q] = tp.buffer("turned" + q, BufferPlace.bank(r, c, 2), f -> f.turned[qq]);
            wn[q] = tp.buffer("wn" + q, BufferPlace.core(r, c), f -> f.wn[qq]);
            brp.add(tp.buffer("brp" + q, BufferPlace.core(r, c), f -> f.brp[qq]));
        }
        CodeletHandle done = tp.codelet("done", ctx -> { }).deps(RANKS).code(MAIN_CODE);
        SlotHandle[] loaded = new SlotHandle[RANKS];
        SlotHandle[] rowsDone = new SlotHandle[RANKS];
        SlotHandle[] turnedIn = new SlotHandle[RANKS];
        SlotHandle[] colsDone = new SlotHandle[RANKS];
        SlotHandle[] backIn = new SlotHandle[RANKS];
        for (int q = 0; q < RANKS; q++) {
            loaded[q] = tp.slot("loaded" + q, 2, 0);
            rowsDone[q] = tp.slot("rows" + q, nl, 0);
            turnedIn[q] = tp.slot("turned" + q, RANKS, 0);
            colsDone[q] = tp.slot("cols" + q, nl, 0);
            backIn[q] = tp.slot("back" + q, RANKS, 0);
        }
        java.util.List<java.util.List<Integer>> owned = new java.util.ArrayList<>();
        for (int q = 0; q < RANKS; q++) {
            owned.add(new java.util.ArrayList<>());
        }
        for (int q = 0; q < RANKS; q++) {
            final int qq = q;
            owned.get(q).add(tp.codelet("init(" + q + ")", ctx -> init(ctx, brp.get(qq), n, gWn, wn[qq], gData,
                    rows[qq], qq, ctx.slot(loaded[qq]))).code(MAIN_CODE).cost(Costs.init(n)).index());
            for (int r = 0; r < nl; r++) {
                final int rr = r;
                owned.get(q).add(tp.codelet("rowfft(" + q + "," + r + ")",
                                ctx -> rowFft(ctx, rows[qq], rr, wn[qq], brp.get(qq), n))
                        .waitsOn(loaded[q]).signals(rowsDone[q]).code(FFT_CODE).cost(Costs.row(n)).index());
                owned.get(q).add(tp.codelet("colfft(" + q + "," + r + ")",
                                ctx -> rowFft(ctx, turned[qq], rr, wn[qq], brp.get(qq), n))
                        .waitsOn(turnedIn[q]).signals(colsDone[q]).code(FFT_CODE).cost(Costs.row(n)).index());
            }
            for (int p = 0; p < RANKS; p++) {
                final int pp = p;
                owned.get(q).add(tp.codelet("turn(" + q + "," + p + ")",
                                ctx -> turn(ctx, rows[qq], turned[pp], qq, pp, n, false))
                        .waitsOn(rowsDone[q]).signals(turnedIn[p]).code(MAIN_CODE).cost(Costs.block(nl)).index());
                final boolean fault = faulty && q == RANKS - 1 && p == RANKS - 1;
                owned.get(q).add(tp.codelet("back(" + q + "," + p + ")",
                                ctx -> turn(ctx, turned[qq], rows[pp], qq, pp, n, fault))
                        .waitsOn(colsDone[q]).signals(backIn[p]).code(MAIN_CODE).cost(Costs.block(nl)).index());
            }
            owned.get(q).add(tp.codelet("store(" + q + ")",
                            ctx -> ctx.dma(rows[qq], 0, gData, 2 * qq * nl * n, 2 * nl * n, ctx.slotOf(done)))
                    .waitsOn(backIn[q]).code(MAIN_CODE).cost(Costs.STORE).index());
        }
        for (int q = 0; q < RANKS; q++) {
            int core = machine.core(q / 4, q % 4);
            if (machine.role(core) == CoreRole.CU) {
                for (int i : owned.get(q)) {
                    tp.get(i).affinity(core);
                }
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", Integer.toString(n));
        params.put("seed", Long.toString(seed));
        return Program.of("fft2d", tp.build(), () -> new Frame(n, seed), Fft2dProgram::check, params);
    }

    private static void init(CodeletContext<Frame> ctx, BufferHandle<short[]> brpBuf, int n,
            BufferHandle<float[]> gWn, BufferHandle<float[]> wnBuf, BufferHandle<float[]> gData,
            BufferHandle<float[]> rowsBuf, int q, io.edarts.api.SlotRef loaded) {
        int m = Integer.numberOfTrailingZeros(n);
        short[] brp = ctx.write(brpBuf, 0, 2 * n);
        java.util.Arrays.fill(brp, (short) 0);
        int k = 0;
        for (int x = 0; x < n; x++) {
            int y = reverse(x, m);
            if (x < y) {
                ctx.write(brpBuf, k, 2);
                brp[k++] = (short) x;
                brp[k++] = (short) y;
            }
        }
        int nl = n / RANKS;
        ctx.dma(gWn, 0, wnBuf, 0, 2 * n, loaded);
        ctx.dma(gData, 2 * q * nl * n, rowsBuf, 0, 2 * nl * n, loaded);
    }

    /** bitreverse_swap then fft_r2_dit on row {@code row} of {@code buf}, each doubleword access charged where it is. */
    static void rowFft(CodeletContext<Frame> ctx, BufferHandle<float[]> buf, int row, BufferHandle<float[]> wnBuf,
            BufferHandle<short[]> brpBuf, int n) {
        float[] d = ctx.read(buf, 0, 0);
        float[] w = ctx.read(wnBuf, 0, 0);
        short[] brp = ctx.read(brpBuf, 0, 0);
        long base = ctx.address(buf, 2 * row * n);
        long wBase = ctx.address(wnBuf, 0);
        int off = 2 * row * n;
        int k = 0;
        while (true) {
            ctx.read(brpBuf, k, 1);
            if (brp[k] == 0) {
                break;
            }
            ctx.read(brpBuf, k + 1, 1);
            int i = brp[k++];
            int j = brp[k++];
            dw(ctx, base, i, false);
            dw(ctx, base, j, false);
            dw(ctx, base, i, true);
            dw(ctx, base, j, true);
            swap(d, off + 2 * i, off + 2 * j);
        }
        fft(d, off, w, n, ctx, base, wBase);
    }

    private static void swap(float[] d, int a, int b) {
        float re = d[a];
        float im = d[a + 1];
        d[a] = d[b];
        d[a + 1] = d[b + 1];
        d[b] = re;
        d[b + 1] = im;
    }

    /** One doubleword (a complex float) of a row at {@code base}: a load or a store. */
    private static void dw(CodeletContext<Frame> ctx, long base, int element, boolean store) {
        if (ctx == null) {
            return;
        }
        if (store) {
            ctx.store(base + 8L * element, 8);
        } else {
            ctx.load(base + 8L * element, 8);
        }
    }

    /**
     * fft_r2_dit (tfunc lines 44-84) on the n complex floats of {@code d} from float {@code off},
     * in place; with a context, charges each doubleword access (null: the sequential reference).
     */
    static void fft(float[] d, int off, float[] w, int n, CodeletContext<Frame> ctx, long base, long wBase) {
        int m = Integer.numberOfTrailingZeros(n);
        int wstride = n >> 1;
        dw(ctx, wBase, 0, false);
        float wr = w[0];
        float wi = w[1];
        for (int i0 = 0; i0 < n; i0 += 2) {
            dw(ctx, base, i0, false);
            dw(ctx, base, i0 + 1, false);
            butterfly(d, off + 2 * i0, off + 2 * (i0 + 1), wr, wi);
            dw(ctx, base, i0 + 1, true);
            dw(ctx, base, i0, true);
        }
        int l2 = 2;
        for (int l = 1; l < m; l++) {
            int l1 = l2;
            l2 <<= 1;
            int i = 0;
            wstride >>= 1;
            for (int j = 0; j < l1; j += 2) {
                dw(ctx, wBase, i, false);
                dw(ctx, wBase, i + wstride, false);
                float w0r = w[2 * i];
                float w0i = w[2 * i + 1];
                float w1r = w[2 * (i + wstride)];
                float w1i = w[2 * (i + wstride) + 1];
                i += 2 * wstride;
                for (int i0 = j; i0 < n; i0 += l2) {
                    int i1 = i0 + l1;
                    for (int e = 0; e < 2; e++) {
                        dw(ctx, base, i0 + e, false);
                        dw(ctx, base, i1 + e, false);
                    }
                    butterfly(d, off + 2 * i0, off + 2 * i1, w0r, w0i);
                    butterfly(d, off + 2 * (i0 + 1), off + 2 * (i1 + 1), w1r, w1i);
                    for (int e = 0; e < 2; e++) {
                        dw(ctx, base, i1 + e, true);
                        dw(ctx, base, i0 + e, true);
                    }
                }
            }
        }
    }

    /** x0 = d[a], y = w * d[b]; d[b] = x0 - y, d[a] = x0 + y, with C99's complex product. */
    private static void butterfly(float[] d, int a, int b, float wr, float wi) {
        float xr = d[a];
        float xi = d[a + 1];
        float br = d[b];
        float bi = d[b + 1];
        float yr = wr * br - wi * bi;
        float yi = wr * bi + wi * br;
        d[b] = xr - yr;
        d[b + 1] = xi - yi;
        d[a] = xr + yr;
        d[a + 1] = xi + yi;
    }

    /**
     * Rank c's block for rank p, transposed, into p's array: element (j, p*b + i) of {@code from} (c's
     * rows) becomes element (i, c*b + j) of {@code to}, b = n/16; a local load and a remote store each.
     */
    static void turn(CodeletContext<Frame> ctx, BufferHandle<float[]> from, BufferHandle<float[]> to, int c, int p,
            int n, boolean fault) {
        int b = n / RANKS;
        float[] src = ctx.read(from, 0, 0);
        float[] dst = ctx.write(to, 0, 0);
        long srcBase = ctx.address(from, 0);
        long dstBase = ctx.address(to, 0);
        for (int j = 0; j < b; j++) {
            for (int i = 0; i < b; i++) {
                int s = j * n + p * b + i;
                int t = i * n + c * b + j;
                ctx.load(srcBase + 8L * s, 8);
                ctx.store(dstBase + 8L * t, 8);
                dst[2 * t] = src[2 * s];
                dst[2 * t + 1] = src[2 * s + 1];
            }
        }
        if (fault) {
            dst[2 * c * b] = 0f; // the first element this block writes
        }
    }

    /** The same operations in one thread: rows, transpose, rows, transpose. */
    public static float[] reference(int n, long seed) {
        float[] d = input(n, seed);
        float[] w = twiddles(n);
        int m = Integer.numberOfTrailingZeros(n);
        for (int pass = 0; pass < 2; pass++) {
            for (int r = 0; r < n; r++) {
                for (int x = 0; x < n; x++) {
                    int y = reverse(x, m);
                    if (x < y) {
                        swap(d, 2 * (r * n + x), 2 * (r * n + y));
                    }
                }
                fft(d, 2 * r * n, w, n, null, 0, 0);
            }
            float[] t = new float[d.length];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    t[2 * (j * n + i)] = d[2 * (i * n + j)];
                    t[2 * (j * n + i) + 1] = d[2 * (i * n + j) + 1];
                }
            }
            d = t;
        }
        return d;
    }

    /** The exact 2D DFT of the input, row by row then column by column, in double. */
    static double[] dft(float[] x, int n) {
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int k = 0; k < n; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = -Math.sin(2 * Math.PI * k / n);
        }
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
        }
        for (int pass = 0; pass < 2; pass++) {
            double[] out = new double[a.length];
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < n; k++) {
                    double re = 0;
                    double im = 0;
                    for (int j = 0; j < n; j++) {
                        int t = (int) ((long) j * k % n);
                        double xr = a[2 * (r * n + j)];
                        double xi = a[2 * (r * n + j) + 1];
                        re += xr * cos[t] - xi * sin[t];
                        im += xr * sin[t] + xi * cos[t];
                    }
                    // written transposed, so the second pass transforms the columns
                    out[2 * (k * n + r)] = re;
                    out[2 * (k * n + r) + 1] = im;
                }
            }
            a = out;
        }
        return a;
    }

    /** Largest distance of the twiddles fft_r2_dit reads (the first n/2) from exp(-2 pi i k / n). */
    static double twiddleError(float[] w, int n) {
        double mu = 0;
        for (int k = 0; k < n / 2; k++) {
            double er = w[2 * k] - Math.cos(2 * Math.PI * k / n);
            double ei = w[2 * k + 1] + Math.sin(2 * Math.PI * k / n);
            mu = Math.max(mu, Math.hypot(er, ei));
        }
        return mu;
    }

    /** Higham's Theorem 24.2 bound for L butterfly stages with weights within mu. */
    static double bound(int stages, double mu) {
        double u = Math.ulp(1.0f) / 2;
        double gamma4 = 4 * u / (1 - 4 * u);
        double eta = mu + gamma4 * (Math.sqrt(2) + mu);
        return stages * eta / (1 - stages * eta);
    }

    static CheckResult check(Frame f) {
        int n = f.n;
        float[] ref = reference(n, seedOf(f));
        for (int i = 0; i < ref.length; i++) {
            if (Float.floatToIntBits(ref[i]) != Float.floatToIntBits(f.gData[i])) {
                return CheckResult.failed("X[" + i / 2 / n + "][" + i / 2 % n + "]." + (i % 2 == 0 ? "re" : "im") + " = "
                        + f.gData[i] + ", the sequential FFT gives " + ref[i]);
            }
        }
        return againstDft(f.gData, f.input, n);
    }

    /** The normwise error of {@code got} against the exact DFT of {@code input}, within Higham's bound. */
    static CheckResult againstDft(float[] got, float[] input, int n) {
        double[] exact = dft(input, n);
        double num = 0;
        double den = 0;
        for (int i = 0; i < exact.length; i++) {
            double e = got[i] - exact[i];
            num += e * e;
            den += exact[i] * exact[i];
        }
        double err = Math.sqrt(num / den);
        int stages = 2 * Integer.numberOfTrailingZeros(n);
        double mu = twiddleError(twiddles(n), n);
        double bound = bound(stages, mu);
        String figures = String.format(Locale.ROOT, "relative error %.2e, bound %.2e (Higham Thm 24.2, %d stages, "
                + "twiddle error %.1e)", err, bound, stages, mu);
        return err <= bound ? CheckResult.passed(n + "x" + n + " FFT matches the sequential FFT bit for bit; against the"
                + " exact DFT: " + figures) : CheckResult.failed("against the exact DFT: " + figures);
    }

    private static long seedOf(Frame f) {
        return f.seed;
    }
}
