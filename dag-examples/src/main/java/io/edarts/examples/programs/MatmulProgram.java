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
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Blocked single-precision matrix multiply C = A x B, N x N in tiles of B x B, on buffers as the
 * eSDK's {@code matmul-16} keeps them ({@code adapteva/epiphany-examples}, {@code apps/matmul-16}):
 * A, B and C in external DRAM ({@code shared_buf_t} in {@code .shared_dram}, {@code matmul.h}); in
 * each core's local memory a C tile and ping-pong A and B tiles ({@code AA[2]}, {@code BB[2]},
 * {@code CC}, {@code matmul_main.c} {@code init()}); the A and B tiles read from DRAM by 2D
 * doubleword DMA ({@code dma_desc[0]}: {@code _Score} rows of {@code _Score/2} doublewords, the
 * outer stride skipping the rest of the matrix row), C cleared locally ({@code matclr}) and written
 * back by DMA ({@code dma_desc[2]}).
 *
 * <pre>
 *   per CU h, with the C tiles t = h, h+P, h+2P, ... dealt to it (P CUs), steps s = (t, k):
 *     start(h) ──dma A,B of steps 0 and 1──▶ mm(s0)   mm(s1)
 *     mm(s) ─▶ mm(s+1)                          one core's steps in order (its one C tile)
 *     mm(s) ──dma A,B of step s+2 into the buffers it has just read──▶ mm(s+2)
 *     mm(t, last k) ──dma C tile to DRAM──▶ mm(next tile, k 0) (it clears C), or ─▶ end
 * </pre>
 *
 * What follows the eSDK and what does not: the tiles live where the eSDK puts them, and every
 * transfer between DRAM and local memory is DMA; the eSDK's data_copy waits for each transfer
 * ({@code e_dma_wait}), where here the core fires another codelet meanwhile and the next step's
 * tiles are in flight while the current one is multiplied (the ping-pong buffers make that safe:
 * a step's DMA is issued only after the step two before it has read the buffer). The eSDK moves the
 * tiles between cores by Cannon's shifts; this program reads every tile from DRAM (Cannon is
 * {@link CannonProgram}). The tiles are placed anywhere in the core's memory rather than in named
 * banks: this model's runtime and stack (epiphany.budget) do not leave the eSDK's three free banks.
 * So a core needs 5 B^2 floats of data; a tile size whose buffers do not fit next to the code is
 * refused before the run, naming the core and the sizes.
 *
 * <p>Each element's products are summed in the same order as the plain triple loop (k ascending from
 * zero), so the check demands bit-identical floats. The declared cost follows the inner loop an
 * eCore compiler emits for a B x B tile, unrolled by four: per multiply-add one FMADD and two loads,
 * plus one counter increment and one branch per four iterations, and a load and a store of each C
 * element per tile. The loads and stores are the buffer accesses the body makes (each element of A
 * and B read B times, C read and written once), charged where the tiles are; the rest is declared.
 */
public final class MatmulProgram {
    /** The matrices in DRAM and each core's local tiles. */
    public static final class Frame {
        final int n;
        final float[] a;
        final float[] b;
        final float[] c;
        /** Per home core: the ping-pong A and B tiles and the C tile. */
        final float[][][] tileA;
        final float[][][] tileB;
        final float[][] tileC;

        Frame(int n, int block, int homes, long seed) {
            this.n = n;
            a = new float[n * n];
            b = new float[n * n];
            c = new float[n * n];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < n * n; i++) {
                a[i] = (float) (r.nextDouble() * 2 - 1);
                b[i] = (float) (r.nextDouble() * 2 - 1);
            }
            tileA = new float[homes][2][block * block];
            tileB = new float[homes][2][block * block];
            tileC = new float[homes][block * block];
        }
    }

    /** The largest matrix side accepted. */
    public static final int MAX_SIZE = 1024;

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

    /** As {@link #of(int, int, long, Machine)} on parallella16's 4x4 mesh (SU at (0,0), 15 CUs). */
    public static Program<Frame> of(int n, int block, long seed) {
        return of(n, block, seed, MachineLoader.load("parallella16", List.of()));
    }

    /**
     * Tile (i,j) of C goes to CU t mod P of the machine's P CUs (t = i * N/B + j), whose local
     * memory holds its tiles; its codelets prefer that core.
     *
     * @param n     matrix size
     * @param block tile size; must divide n
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public static Program<Frame> of(int n, int block, long seed, Machine machine) {
        if (n < 1 || n > MAX_SIZE) {
            throw new IllegalArgumentException("matmul --size " + n + ": expected 1.." + MAX_SIZE);
        }
        if (block < 1 || n % block != 0) {
            throw new IllegalArgumentException("matmul --block " + block + ": expected a divisor of --size " + n);
        }
        int[] cus = java.util.stream.IntStream.range(0, machine.coreCount())
                .filter(c -> machine.role(c) == CoreRole.CU).toArray();
        if (cus.length == 0) {
            throw new IllegalArgumentException("matmul: machine " + machine.name() + " has no CU");
        }
        int nb = n / block;
        int tiles = nb * nb;
        int homes = Math.min(tiles, cus.length);
        long b3 = (long) block * block * block;
        long b2 = (long) block * block;
        // the declared part of the kernel: its loads and stores are the body's buffer accesses
        Cost cost = new Cost(0, b3 / 4 + b2, b3, 0, b3 / 4 + b2 / 4);
        CodeObject kernel = new CodeObject("matmul_block", 640, Placement.CACHED);
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("matmul");
        BufferHandle<float[]> ga = tp.buffer("A", BufferPlace.external(), f -> f.a);
        BufferHandle<float[]> gb = tp.buffer("B", BufferPlace.external(), f -> f.b);
        BufferHandle<float[]> gc = tp.buffer("C", BufferPlace.external(), f -> f.c);
        CodeletHandle end = tp.codelet("end", ctx -> { }).deps(homes);
        for (int h = 0; h < homes; h++) {
            final int home = h;
            int core = cus[h];
            BufferPlace local = BufferPlace.core(machine.row(core), machine.col(core));
            String at = "(" + machine.row(core) + "," + machine.col(core) + ")";
            List<BufferHandle<float[]>> ta = List.of(tp.buffer("A0" + at, local, f -> f.tileA[home][0]),
                    tp.buffer("A1" + at, local, f -> f.tileA[home][1]));
            List<BufferHandle<float[]>> tb = List.of(tp.buffer("B0" + at, local, f -> f.tileB[home][0]),
                    tp.buffer("B1" + at, local, f -> f.tileB[home][1]));
            BufferHandle<float[]> tc = tp.buffer("C" + at, local, f -> f.tileC[home]);
            // this core's steps: (tile, k) in order
            List<int[]> steps = new ArrayList<>();
            for (int t = h; t < tiles; t += cus.length) {
                for (int k = 0; k < nb; k++) {
                    steps.add(new int[] {t / nb, t % nb, k});
                }
            }
            // the bodies name later codelets of the array, filled before any body runs
            CodeletHandle[] mm = new CodeletHandle[steps.size()];
            for (int s = 0; s < mm.length; s++) {
                final int step = s;
                int[] st = steps.get(s);
                int p = s % 2;
                boolean lastK = st[2] == nb - 1;
                boolean nextTile = lastK && s + 1 < mm.length;
                int[] ahead = s + 2 < mm.length ? steps.get(s + 2) : null;
                mm[s] = tp.codelet("mm(" + st[0] + "," + st[1] + "," + st[2] + ")", ctx -> {
                    multiply(ctx, ta.get(p), tb.get(p), tc, block, st[2] == 0);
                    if (lastK) {
                        // dma_desc[2]: the C tile back to its place in C; the next tile's first
                        // step clears C only once it has left
                        ctx.dma2d(tc, 0, block, gc, st[0] * block * n + st[1] * block, n, block, block,
                                ctx.slotOf(nextTile ? mm[step + 1] : end));
                    }
                    if (ahead != null) {
                        // step s+2 into the buffers this step has just read
                        fetch(ctx, ga, gb, ta.get(p), tb.get(p), ahead, block, n, ctx.slotOf(mm[step + 2]));
                    }
                }).cost(cost).code(kernel).affinity(core);
                // its two tiles' DMAs, the step before, and before a tile's first step the last write-back
                mm[s].deps(2 + (s > 0 ? 1 : 0) + (s > 0 && st[2] == 0 ? 1 : 0));
                if (s > 0) {
                    mm[s - 1].precede(mm[s]);
                }
            }
            CodeletHandle[] first = {mm[0], mm.length > 1 ? mm[1] : null};
            tp.codelet("start" + at, ctx -> {
                for (int s = 0; s < 2 && s < steps.size(); s++) {
                    fetch(ctx, ga, gb, ta.get(s), tb.get(s), steps.get(s), block, n, ctx.slotOf(first[s]));
                }
            }).affinity(core);
        }
        TpDefinition<Frame> root = tp.build();
        return Program.of("matmul", root, () -> new Frame(n, block, homes, seed), MatmulProgram::check,
                Map.of("size", Integer.toString(n), "block", Integer.toString(block)));
    }

    /** dma_desc[0]: step {@code st}'s A tile (i,k) and B tile (k,j), B rows of B elements, stride N. */
    private static void fetch(CodeletContext<Frame> ctx, BufferHandle<float[]> ga, BufferHandle<float[]> gb,
                              BufferHandle<float[]> ta, BufferHandle<float[]> tb, int[] st, int block, int n,
                              io.edarts.api.SlotRef done) {
        ctx.dma2d(ga, st[0] * block * n + st[2] * block, n, ta, 0, block, block, block, done);
        ctx.dma2d(gb, st[2] * block * n + st[1] * block, n, tb, 0, block, block, block, done);
    }

    /**
     * C += A x B on the local tiles, in the triple loop's order; {@code clear} first zeroes C
     * (matclr). Each element of A and of B is read B times and C read and written once, as the
     * compiled loop does; the accesses are charged where the tiles are.
     */
    static void multiply(CodeletContext<Frame> ctx, BufferHandle<float[]> ta, BufferHandle<float[]> tb,
                         BufferHandle<float[]> tc, int bs, boolean clear) {
        int b2 = bs * bs;
        if (clear) {
            Arrays.fill(ctx.write(tc, 0, b2), 0f);
        }
        float[] c = ctx.read(tc, 0, b2);
        float[] a = ctx.read(ta, 0, 0);
        float[] b = ctx.read(tb, 0, 0);
        for (int i = 0; i < bs; i++) {
            ctx.read(tb, 0, b2); // row i of C reads all of B once
            for (int j = 0; j < bs; j++) {
                ctx.read(ta, i * bs, bs); // and row i of A once per element
                float s = c[i * bs + j];
                for (int k = 0; k < bs; k++) {
                    s += a[i * bs + k] * b[k * bs + j];
                }
                c[i * bs + j] = s;
            }
        }
        ctx.write(tc, 0, b2);
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
