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
 * A DMA-fed stream kernel: {@code y[i] = p(x[i])}, a polynomial of degree {@code degree} evaluated by
 * Horner's rule (one fused multiply-add per degree), over two float arrays of {@code size} elements
 * in DRAM. Each of {@code cores} streams owns a contiguous slice and moves it block by block
 * ({@code block} elements) into buffers in its core's local memory by DMA, computes there, and sends
 * the results back by DMA. With {@code buffers 2} (ping-pong) block i+1 streams in while block i
 * computes; with {@code buffers 1} every transfer waits for the compute before it and the other way
 * round. One stream, two buffers (b = i mod 2):
 *
 * <pre>
 *   fetch0 ─dma x[0]─► in0 ─► compute0 ─► store0 ─dma out0─► y[0] ─► compute2 (out0 free again)
 *   fetch1 ─dma x[1]─► in1 ─► compute1 ─► store1 ─dma out1─► y[1] ─► compute3
 *     │                          ▲  │
 *     └── fetch1, store0 ────────┘  └─► fetch3 (in1 free again), store1
 *   compute_i waits for: block i's landing; from i = 2 block i-2's write-back (its out buffer); and
 *   the firings of fetch_i+1 and store_i-1, so that the next block's transfer and the previous
 *   block's write-back start before block i computes. fetch_i+2 waits for compute_i (in buffer
 *   free). With one buffer: fetch_i+1 waits for compute_i, compute_i+1 for block i's write-back.
 *   The last write-backs of every stream enable done.
 * </pre>
 *
 * fetch and store are short codelets that only describe a transfer; they declare
 * {@code needsDmaChannel()}, so they wait, enabled, while both of the core's channels are busy.
 * Every buffer's reuse is guarded by a dependency, as a program on the chip must guard it: a DMA's
 * Java data moves when its issuing firing ends, so a reader that did not wait for the landing would
 * read a race. Every codelet of stream s prefers (affinity) its core, the s-th CU; the check fails
 * if one ran elsewhere (its transfers would have used another core's engine).
 *
 * <p>Costs: compute charges its real accesses through the buffers ({@code ctx.read} of the block's
 * inputs, {@code ctx.write} of its outputs, one local load and store per element) and, per element,
 * {@code degree} FPU instructions (Horner's FMADDs), two IALU (index and count) and one branch (the
 * loop's back edge), plus a fixed call overhead; fetch and store pay their address arithmetic and
 * the target's DMA set-up ({@code Target.dmaSetup}). The transfers are priced by the target's DMA
 * engine and, with contention on, share the eMesh and the eLink with everything else.
 */
public final class DmaStreamProgram {
    /** The largest array accepted (8 MB of floats per array, within the Parallella's 32 MB window). */
    public static final int MAX_SIZE = 1 << 21;
    /** The highest polynomial degree accepted. */
    public static final int MAX_DEGREE = 1024;

    /** The arrays in DRAM, the local blocks of every stream, and where each codelet fired. */
    public static final class Frame {
        final float[] x;
        final float[] y;
        /** [stream][buffer]: the block each DMA lands in and the block compute writes. */
        final float[][][] in;
        final float[][][] out;
        /** Firings that ran off their stream's core, with the first offender. */
        int strays;
        String firstStray;

        Frame(float[] x, int streams, int buffers, int block) {
            this.x = x;
            this.y = new float[x.length];
            this.in = new float[streams][buffers][block];
            this.out = new float[streams][buffers][block];
        }

        /** The results. */
        public float[] y() {
            return y;
        }
    }

    private DmaStreamProgram() {}

    /** One element: Horner's rule with fused multiply-adds, as the eCore's FMADD computes it. */
    static float poly(float[] c, float x) {
        float acc = c[c.length - 1];
        for (int k = c.length - 2; k >= 0; k--) {
            acc = Math.fma(acc, x, c[k]);
        }
        return acc;
    }

    /**
     * The CUs that run the streams: the first {@code cores} compute cores of {@code m} in core order.
     *
     * @throws IllegalArgumentException if {@code m} has fewer CUs
     */
    public static int[] streamCores(Machine m, int cores) {
        List<Integer> cus = new ArrayList<>();
        for (int c = 0; c < m.coreCount() && cus.size() < cores; c++) {
            if (m.role(c) == CoreRole.CU) {
                cus.add(c);
            }
        }
        if (cores < 1 || cus.size() < cores) {
            throw new IllegalArgumentException("dma-stream --cores " + cores + ": expected 1.." + m.cuCount()
                    + " (the compute cores of " + m.name() + ")");
        }
        return cus.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param size    elements of x and y
     * @param block   elements per block (and per local buffer)
     * @param buffers 1 (single buffering) or 2 (double buffering)
     * @param cores   streams, each on its own CU with its own slice
     * @param degree  the polynomial's degree, 0..{@value #MAX_DEGREE}: the compute per element
     * @throws IllegalArgumentException naming the option for a size outside 1..{@value #MAX_SIZE}, a
     *                                  block outside 1..size, buffers other than 1 or 2, more cores
     *                                  than the machine's CUs or than elements, or a degree out of range
     */
    public static Program<Frame> of(int size, int block, int buffers, int cores, int degree, long seed, Machine m) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("dma-stream --size " + size + ": expected 1.." + MAX_SIZE);
        }
        if (block < 1 || block > size) {
            throw new IllegalArgumentException("dma-stream --block " + block + ": expected 1..--size (" + size
                    + "); a block is a part of the array");
        }
        if (buffers != 1 && buffers != 2) {
            throw new IllegalArgumentException("dma-stream --buffers " + buffers
                    + ": expected 1 (single buffering) or 2 (double buffering)");
        }
        if (degree < 0 || degree > MAX_DEGREE) {
            throw new IllegalArgumentException("dma-stream --degree " + degree + ": expected 0.." + MAX_DEGREE);
        }
        int[] streamCore = streamCores(m, cores);
        if (cores > size) {
            throw new IllegalArgumentException("dma-stream --cores " + cores + ": more streams than --size (" + size
                    + ") elements");
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] coeff = new float[degree + 1];
        for (int k = 0; k <= degree; k++) {
            coeff[k] = r.nextInt(-512, 513) / 1024f;
        }
        float[] x0 = new float[size];
        for (int i = 0; i < size; i++) {
            x0[i] = r.nextInt(-1024, 1025) / 1024f;
        }
        float[] expect = new float[size];
        for (int i = 0; i < size; i++) {
            expect[i] = poly(coeff, x0[i]);
        }

        TpDefinition.Builder<Frame> tp = TpDefinition.builder("dma-stream");
        BufferHandle<float[]> x = tp.buffer("x", BufferPlace.external(), f -> f.x);
        BufferHandle<float[]> y = tp.buffer("y", BufferPlace.external(), f -> f.y);
        List<CodeletHandle> lastWrites = new ArrayList<>();
        CodeletHandle done = tp.codelet("done", ctx -> { }).cost(Cost.instructions(2, 0, 0, 1));
        for (int s = 0; s < cores; s++) {
            int core = streamCore[s];
            int row = m.row(core);
            int col = m.col(core);
            int stream = s;
            List<BufferHandle<float[]>> in = new ArrayList<>();
            List<BufferHandle<float[]>> out = new ArrayList<>();
            for (int b = 0; b < buffers; b++) {
                int bb = b;
                in.add(tp.buffer("in" + s + "_" + b, BufferPlace.core(row, col), f -> f.in[stream][bb]));
                out.add(tp.buffer("out" + s + "_" + b, BufferPlace.core(row, col), f -> f.out[stream][bb]));
            }
            int lo = (int) ((long) s * size / cores);
            int hi = (int) ((long) (s + 1) * size / cores);
            int blocks = (hi - lo + block - 1) / block;
            CodeletHandle[] fetch = new CodeletHandle[blocks];
            CodeletHandle[] compute = new CodeletHandle[blocks];
            CodeletHandle[] store = new CodeletHandle[blocks];
            for (int i = 0; i < blocks; i++) {
                int n = Math.min(block, hi - (lo + i * block));
                BufferHandle<float[]> bin = in.get(i % buffers);
                BufferHandle<float[]> bout = out.get(i % buffers);
                // its landing, and from i = buffers on the write-back that frees its out buffer
                compute[i] = tp.codelet("compute" + s + "_" + i, ctx -> {
                    noteCore(ctx.frame(), ctx.core(), core, ctx.name());
                    float[] src = ctx.read(bin, 0, n);   // n local loads
                    float[] dst = ctx.write(bout, 0, n); // n local stores
                    for (int e = 0; e < n; e++) {
                        dst[e] = poly(coeff, src[e]);
                    }
                    ctx.compute(InstrKind.FPU, (long) degree * n); // Horner: one FMADD per degree
                    ctx.compute(InstrKind.IALU, 2L * n);           // index and loop count
                    ctx.compute(InstrKind.BRANCH, n);              // the loop's back edge
                }).affinity(core).deps(computeDeps(i, blocks, buffers)).cost(Cost.instructions(8, 0, 2, 1));
            }
            // fetches and stores after the computes, so that each names the compute its landing enables
            for (int i = 0; i < blocks; i++) {
                int from = lo + i * block;
                int n = Math.min(block, hi - from);
                BufferHandle<float[]> bin = in.get(i % buffers);
                BufferHandle<float[]> bout = out.get(i % buffers);
                CodeletHandle mine = compute[i];
                fetch[i] = tp.codelet("fetch" + s + "_" + i, ctx -> {
                    noteCore(ctx.frame(), ctx.core(), core, ctx.name());
                    ctx.dma(x, from, bin, 0, n, ctx.slotOf(mine));
                }).affinity(core).needsDmaChannel().cost(Cost.instructions(4, 0, 0, 1));
                CodeletHandle next = i + buffers < blocks ? compute[i + buffers] : done;
                store[i] = tp.codelet("store" + s + "_" + i, ctx -> {
                    noteCore(ctx.frame(), ctx.core(), core, ctx.name());
                    ctx.dma(bout, 0, y, from, n, ctx.slotOf(next));
                }).affinity(core).needsDmaChannel().cost(Cost.instructions(4, 0, 0, 1));
                if (next == done) {
                    lastWrites.add(store[i]);
                }
            }
            for (int i = 0; i < blocks; i++) {
                compute[i].precede(store[i]);
                if (i + buffers < blocks) {
                    compute[i].precede(fetch[i + buffers]); // its in buffer is free again
                }
                if (buffers == 2) {
                    // a core fires what its pool holds in order: the short codelets that start the next
                    // block's transfers go first, so they run while this block computes
                    if (i + 1 < blocks) {
                        fetch[i + 1].precede(compute[i]);
                    }
                    if (i > 0) {
                        store[i - 1].precede(compute[i]);
                    }
                }
            }
        }
        done.deps(lastWrites.size());
        TpDefinition<Frame> root = tp.build();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", Integer.toString(size));
        params.put("block", Integer.toString(block));
        params.put("buffers", Integer.toString(buffers));
        params.put("cores", Integer.toString(cores));
        params.put("degree", Integer.toString(degree));
        params.put("seed", Long.toString(seed));
        return Program.of("dma-stream", root, () -> new Frame(x0.clone(), cores, buffers, block), f -> {
            if (f.strays > 0) {
                return CheckResult.failed(f.strays + " firing(s) ran off their stream's core, first " + f.firstStray);
            }
            for (int i = 0; i < size; i++) {
                if (Float.floatToIntBits(f.y[i]) != Float.floatToIntBits(expect[i])) {
                    return CheckResult.failed("y[" + i + "] = " + f.y[i] + ", sequential pass " + expect[i]);
                }
            }
            return CheckResult.passed("y = p(x), degree " + degree + ", over " + size + " elements as a sequential pass ("
                    + cores + " stream(s), " + (buffers == 2 ? "double" : "single") + " buffering)");
        }, params);
    }

    /**
     * Signals compute_i waits for: its block's landing; from i = buffers the write-back of block
     * i - buffers (its out buffer); with two buffers also the firings of fetch_i+1 and store_i-1.
     */
    private static int computeDeps(int i, int blocks, int buffers) {
        int deps = 1 + (i >= buffers ? 1 : 0);
        if (buffers == 2) {
            deps += (i + 1 < blocks ? 1 : 0) + (i > 0 ? 1 : 0);
        }
        return deps;
    }

    private static void noteCore(Frame f, int ran, int want, String name) {
        if (ran != want) {
            synchronized (f) {
                if (f.strays++ == 0) {
                    f.firstStray = name + " on core " + ran + " instead of " + want;
                }
            }
        }
    }
}
