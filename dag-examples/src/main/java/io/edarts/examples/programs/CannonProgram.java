package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.cam.CodeObject;
import io.edarts.api.CodeletContext;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.cam.Placement;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.SplittableRandom;

/**
 * Cannon's matrix multiply on a 4x4 grid of blocks, as codelets, after the threaded-MPI Cannon that
 * COPRTHR-2 uses to demonstrate code placement (coprthr2-paper.txt, section 3.4 and Table 2).
 *
 * <pre>
 *  per block (i,j), with affinity to core (i,j):
 *    mpi_init ─▶ load ─▶ cart_create ─▶ cart_shift ─▶ mm(0) ─▶ comm(0) ─▶ sendrecv(0) ─▶ mm(1) ─▶ … ─▶ mm(3)
 *                                                                             │ A left, B up
 *              sendrecv(s) of the right and lower neighbours ─────────────────┘ (mm(s+1) waits for both)
 * </pre>
 *
 * {@code mpi_init} is MPI_Init's bookkeeping, {@code load} (program code) fills the block's A and B
 * with the initial skew, {@code cart_create} and {@code cart_shift} compute the neighbours on the
 * torus (the mesh topology), {@code mm} is the inner kernel C += A x B (MatrixMultiply),
 * {@code comm} is MatrixMultiplyComm, which works out the partners and calls the MPI library's
 * send-receive, and {@code sendrecv} is that library routine (resident program code): it writes the A
 * block into the left neighbour's and the B block into the upper neighbour's local memory, one remote
 * doubleword store at a time. The utility routines are thin, as in the application, so placing them
 * in global memory costs little, while the inner kernel runs b^3 multiply-adds. Costs are the
 * operations each performs (see each codelet). The core at (0,0) is the SU on parallella16, so block
 * (0,0)'s codelets are placed by the policy on a CU.
 *
 * <p>Code sizes follow from Table 2: all code local is 8736 bytes of user code; moving MPI_Init,
 * MPI_Cart_create, MPI_Cart_shift and MatrixMultiplyComm to global memory leaves 5960 (so those four
 * are 2776 bytes, split here by estimate); moving MatrixMultiply too leaves 4864 (so it is 1096
 * bytes; 4864 is the rest of the program, resident in every layout); with MatrixMultiply as a
 * dynamic call the table reports 5064, i.e. 200 bytes of jump table and loader.
 */
public final class CannonProgram {
    public static final int GRID = 4;
    /** Bytes of user code resident in every layout (Table 2, the 4864-byte layout). */
    public static final int RESIDENT_BYTES = 4864;
    /** Jump-table entry and dynamic-call loader (Table 2: 5064 - 4864). */
    public static final int DYNAMIC_OVERHEAD_BYTES = 200;
    static final int MATRIX_MULTIPLY = 1096;
    // 2776 bytes for the four, split by the relative size of what each does (estimate).
    static final int MPI_INIT = 1024;
    static final int MPI_CART_CREATE = 704;
    static final int MPI_CART_SHIFT = 360;
    static final int MATRIX_MULTIPLY_COMM = 688;

    /** COPRTHR-2 Table 2's layouts. */
    public enum Layout {
        LOCAL("local", "all code in core local memory"),
        GLOBAL_UTIL("global-util", "MPI_Init, MPI_Cart_create, MPI_Cart_shift, MatrixMultiplyComm in global memory"),
        GLOBAL_INNER("global-inner", "as global-util, plus MatrixMultiply in global memory"),
        DYNAMIC_INNER("dynamic-inner", "as global-util, with MatrixMultiply as a dynamic call");

        public final String label;
        public final String description;

        Layout(String label, String description) {
            this.label = label;
            this.description = description;
        }

        public static Layout parse(String s) {
            for (Layout l : values()) {
                if (l.label.equals(s)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("cannon --layout '" + s + "': expected one of " + labels() + " or all");
        }

        /** Every label, in declaration order: "local, global-util, ...". */
        public static String labels() {
            StringBuilder sb = new StringBuilder();
            for (Layout l : values()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(l.label);
            }
            return sb.toString();
        }

        Placement util() {
            return this == LOCAL ? Placement.LOCAL : Placement.GLOBAL;
        }

        Placement inner() {
            return switch (this) {
                case LOCAL, GLOBAL_UTIL -> Placement.LOCAL;
                case GLOBAL_INNER -> Placement.GLOBAL;
                case DYNAMIC_INNER -> Placement.DYNAMIC;
            };
        }
    }

    /** The code objects of a layout, by name. */
    public static Map<String, CodeObject> code(Layout l) {
        Map<String, CodeObject> m = new LinkedHashMap<>();
        m.put("MPI_Init", new CodeObject("MPI_Init", MPI_INIT, l.util()));
        m.put("MPI_Cart_create", new CodeObject("MPI_Cart_create", MPI_CART_CREATE, l.util()));
        m.put("MPI_Cart_shift", new CodeObject("MPI_Cart_shift", MPI_CART_SHIFT, l.util()));
        m.put("MatrixMultiplyComm", new CodeObject("MatrixMultiplyComm", MATRIX_MULTIPLY_COMM, l.util()));
        m.put("MatrixMultiply", new CodeObject("MatrixMultiply", MATRIX_MULTIPLY, l.inner()));
        m.put("cannon_main", new CodeObject("cannon_main", RESIDENT_BYTES, Placement.LOCAL));
        return m;
    }

    /** User-code bytes resident in each core's local memory under a layout. */
    public static int userCodeBytes(Layout l) {
        int bytes = 0;
        for (CodeObject c : code(l).values()) {
            if (c.placement() == Placement.LOCAL) {
                bytes += c.sizeBytes();
            }
        }
        return bytes + (l == Layout.DYNAMIC_INNER ? DYNAMIC_OVERHEAD_BYTES : 0);
    }

    /** The matrices, per-block buffers for each step, and the machine's address map. */
    public static final class Frame {
        final int n;
        final int b;
        final float[] a;
        final float[] bm;
        final float[][][] aBuf;
        final float[][][] bBuf;
        final float[][] c;
        final int[][] left;
        final int[][] up;
        final long[] coreBase;
        final int meshCols;

        Frame(int n, long seed, long[] coreBase, int meshCols) {
            this.meshCols = meshCols;
            this.n = n;
            this.b = n / GRID;
            a = new float[n * n];
            bm = new float[n * n];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < n * n; i++) {
                a[i] = (float) (r.nextDouble() * 2 - 1);
                bm[i] = (float) (r.nextDouble() * 2 - 1);
            }
            aBuf = new float[GRID + 1][GRID * GRID][];
            bBuf = new float[GRID + 1][GRID * GRID][];
            c = new float[GRID * GRID][b * b];
            left = new int[GRID][GRID];
            up = new int[GRID][GRID];
            this.coreBase = coreBase;
        }

        float[] blockOf(float[] m, int bi, int bj) {
            float[] out = new float[b * b];
            for (int i = 0; i < b; i++) {
                System.arraycopy(m, (bi * b + i) * n + bj * b, out, i * b, b);
            }
            return out;
        }
    }

    /** Offset of the receive buffers in a core's local memory: bank 2 (0x4000), as a linker script would place data. */
    static final long RECV_BUFFER = 0x4000;

    private CannonProgram() {}

    /**
     * Cannon on {@code machine}: block (i,j) has affinity to core (i,j) when that core is a CU (on
     * the Parallella the SU sits at (0,0), so block (0,0) goes wherever the policy puts it),
     * addresses from its address map.
     */
    public static Program<Frame> of(int n, long seed, Layout layout, io.edarts.cam.Machine machine) {
        io.edarts.epiphany.memory.MeshGeometry g = io.edarts.epiphany.memory.MeshGeometry.of(machine);
        long[] bases = new long[machine.coreCount()];
        for (int core = 0; core < bases.length; core++) {
            bases[core] = g.globalAddress(core, 0);
        }
        return of(n, seed, layout, bases, machine.cols(), c -> machine.role(c) == io.edarts.cam.CoreRole.CU);
    }

    /** As {@link #of(int, long, Layout, long[], int, IntPredicate)}, every core a CU. */
    public static Program<Frame> of(int n, long seed, Layout layout, long[] coreBase, int meshCols) {
        return of(n, seed, layout, coreBase, meshCols, c -> true);
    }

    /**
     * @param n        matrix size, a multiple of 4, at most 128 (each core's blocks fit in its 32 KB)
     * @param coreBase global address of local offset 0 of each core of the machine (core index order)
     * @param meshCols columns of the mesh; block (i,j) has affinity to core (i,j)
     * @param isCu     whether a core fires codelets; a block whose core does not gets no affinity
     */
    public static Program<Frame> of(int n, long seed, Layout layout, long[] coreBase, int meshCols, IntPredicate isCu) {
        if (n < GRID || n % GRID != 0 || n > 128) {
            throw new IllegalArgumentException("cannon --size " + n + ": expected a multiple of 4 from 4 to 128");
        }
        if (coreBase.length < GRID * GRID || meshCols < GRID) {
            throw new IllegalArgumentException("cannon needs a mesh of at least 4x4 cores, got " + coreBase.length);
        }
        int b = n / GRID;
        long b2 = (long) b * b;
        long b3 = b2 * b;
        Map<String, CodeObject> code = code(layout);
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("cannon");
        CodeletHandle[][] mm = new CodeletHandle[GRID * GRID][GRID];
        CodeletHandle[][] comm = new CodeletHandle[GRID * GRID][GRID - 1];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                final int bi = i;
                final int bj = j;
                final int id = i * GRID + j;
                int core = i * meshCols + j;
                int first = tp.size();
                // MPI_Init: the runtime's bookkeeping for this rank (rank, size, buffers).
                CodeletHandle mpiInit = tp.codelet("mpi_init(" + i + "," + j + ")", ctx -> { })
                        .code(code.get("MPI_Init")).cost(Cost.instructions(120, 0, 48, 16));
                // load (program code): copy the skewed blocks of A and B in (a load and a store per
                // element, index arithmetic per element, a branch per row).
                CodeletHandle init = tp.codelet("load(" + i + "," + j + ")", ctx -> {
                    Frame f = ctx.frame();
                    f.aBuf[0][id] = f.blockOf(f.a, bi, (bj + bi) % GRID);
                    f.bBuf[0][id] = f.blockOf(f.bm, (bi + bj) % GRID, bj);
                }).code(code.get("cannon_main"))
                        .cost(Cost.instructions(2 * b2, 0, 4 * b2, 2L * b + 1));
                mpiInit.precede(init);
                // MPI_Cart_create: the 2D torus of 4x4 ranks (coordinates of this rank).
                CodeletHandle cart = tp.codelet("cart_create(" + i + "," + j + ")", ctx -> { })
                        .code(code.get("MPI_Cart_create")).cost(Cost.instructions(60, 0, 24, 8));
                // MPI_Cart_shift: the left and upper neighbours on the torus.
                CodeletHandle shift = tp.codelet("cart_shift(" + i + "," + j + ")", ctx -> {
                    Frame f = ctx.frame();
                    f.left[bi][bj] = bi * GRID + (bj + GRID - 1) % GRID;
                    f.up[bi][bj] = ((bi + GRID - 1) % GRID) * GRID + bj;
                }).code(code.get("MPI_Cart_shift")).cost(Cost.instructions(32, 0, 12, 4));
                init.precede(cart);
                cart.precede(shift);
                for (int s = 0; s < GRID; s++) {
                    final int step = s;
                    // mm: the inner kernel, unrolled by four: per multiply-add one FMADD and two loads,
                    // a counter increment and a branch per four, a load and store of each C element.
                    mm[id][s] = tp.codelet("mm(" + i + "," + j + "," + s + ")", ctx -> multiply(ctx.frame(), id, step))
                            .code(code.get("MatrixMultiply"))
                            .cost(new Cost(0, b3 / 4 + b2, b3, 2 * b3 + 2 * b2, b3 / 4 + b2 / 4));
                    if (s == 0) {
                        shift.precede(mm[id][s]);
                    } else {
                        mm[id][s - 1].precede(mm[id][s]);
                    }
                    if (s < GRID - 1) {
                        // MatrixMultiplyComm: work out the partners and call the library's send-receive.
                        CodeletHandle wrapper = tp.codelet("comm(" + i + "," + j + "," + s + ")", ctx -> { })
                                .code(code.get("MatrixMultiplyComm")).cost(Cost.instructions(24, 0, 12, 3));
                        // MPI send-receive (resident library code): a doubleword load and a remote
                        // doubleword store per two floats of each block, plus the loop counter and branch.
                        comm[id][s] = tp.codelet("sendrecv(" + i + "," + j + "," + s + ")",
                                        ctx -> communicate(ctx, id, bi, bj, step))
                                .code(code.get("cannon_main"))
                                .cost(Cost.instructions(b2 / 2, 0, b2, b2 / 8));
                        mm[id][s].precede(wrapper);
                        wrapper.precede(comm[id][s]);
                    }
                }
                // Block (i,j) prefers core (i,j), unless that core is an SU (it fires nothing).
                if (isCu.test(core)) {
                    for (int k = first; k < tp.size(); k++) {
                        tp.get(k).affinity(core);
                    }
                }
            }
        }
        // mm(i,j,s+1) needs the A block from the right neighbour and the B block from the lower one.
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                int id = i * GRID + j;
                int right = i * GRID + (j + 1) % GRID;
                int below = ((i + 1) % GRID) * GRID + j;
                for (int s = 0; s < GRID - 1; s++) {
                    comm[right][s].precede(mm[id][s + 1]);
                    if (below != right) {
                        comm[below][s].precede(mm[id][s + 1]);
                    }
                }
            }
        }
        long[] bases = coreBase.clone();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", Integer.toString(n));
        params.put("layout", layout.label);
        params.put("userCodeBytes", Integer.toString(userCodeBytes(layout)));
        return Program.of("cannon", tp.build(), () -> new Frame(n, seed, bases, meshCols), CannonProgram::check, params);
    }

    static void multiply(Frame f, int id, int s) {
        float[] a = f.aBuf[s][id];
        float[] bb = f.bBuf[s][id];
        float[] c = f.c[id];
        int b = f.b;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                float sum = c[i * b + j];
                for (int k = 0; k < b; k++) {
                    sum += a[i * b + k] * bb[k * b + j];
                }
                c[i * b + j] = sum;
            }
        }
    }

    static void communicate(CodeletContext<Frame> ctx, int id, int bi, int bj, int s) {
        Frame f = ctx.frame();
        int left = f.left[bi][bj];
        int up = f.up[bi][bj];
        f.aBuf[s + 1][left] = f.aBuf[s][id].clone();
        f.bBuf[s + 1][up] = f.bBuf[s][id].clone();
        int doublewords = f.b * f.b / 2;
        long leftBase = f.coreBase[coreOf(left, f)] + RECV_BUFFER;
        long upBase = f.coreBase[coreOf(up, f)] + RECV_BUFFER + 4L * f.b * f.b;
        for (int k = 0; k < doublewords; k++) {
            ctx.store(leftBase + 8L * k, 8);
            ctx.store(upBase + 8L * k, 8);
        }
    }

    private static int coreOf(int blockId, Frame f) {
        return (blockId / GRID) * f.meshCols + blockId % GRID;
    }

    /** The plain triple loop; Cannon sums the k blocks in a rotated order, so floats may differ in the last bits. */
    static CheckResult check(Frame f) {
        int n = f.n;
        int b = f.b;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double mag = 0;
                for (int k = 0; k < n; k++) {
                    ref += (double) f.a[i * n + k] * f.bm[k * n + j];
                    mag += Math.abs((double) f.a[i * n + k] * f.bm[k * n + j]);
                }
                float got = f.c[(i / b) * GRID + j / b][(i % b) * b + j % b];
                // float summation error is bounded by n * eps * sum|a*b|
                double err = Math.abs(got - ref) / (n * Math.ulp(1.0f) * Math.max(mag, 1e-30));
                worst = Math.max(worst, err);
                if (err > 1.0) {
                    return CheckResult.failed("C[" + i + "][" + j + "] = " + got + ", reference " + ref);
                }
            }
        }
        return CheckResult.passed(n + "x" + n + " product within float rounding of the reference (worst "
                + String.format(java.util.Locale.ROOT, "%.3f", worst) + " of the bound)");
    }

    public static List<Layout> layouts() {
        return List.of(Layout.values());
    }
}
