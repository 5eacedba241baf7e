package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletContext;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Cannon's matrix multiply on a 4x4 grid of blocks, as codelets, after the threaded-MPI Cannon that
 * COPRTHR-2 uses to demonstrate code placement (coprthr2-paper.txt, section 3.4 and Table 2). The
 * routines and their costs follow the public source, {@code USArmyResearchLab/mpi-epiphany} at
 * 1e09545, {@code cannon/mpi_tfunc.c} ("tfunc" below) built by {@code cannon/Makefile} line 1
 * ({@code EDIM=4 SIZE=128 MPI_BUF_SIZE=1536}); docs/model/code-fetch.md derives every count.
 *
 * <pre>
 *  per block (i,j), with affinity to core (i,j):
 *    mpi_init ─▶ cart_create ─▶ rank_coords ─▶ cart_shift ─▶ dma_load ─▶ transpose ─▶ mm(0)
 *    mm(s) ─▶ comm(s) ─▶ send(a,s,0) ─▶ recv(a,s,0) ─▶ send(a,s,1) ─▶ … ─▶ recv(b,s,last) ─▶ mm(s+1)
 *    mm(3) ─▶ write_c ─▶ finalize
 *  send(X,s,k) of the right (a) or lower (b) neighbour ─▶ recv(X,s,k)   (the chunk has arrived)
 *  recv of the destination's previous chunk           ─▶ send(X,s,k)   (its buffer is free again)
 * </pre>
 *
 * <ul>
 *   <li>{@code mpi_init}, {@code cart_create}, {@code rank_coords}, {@code cart_shift}: tfunc lines
 *       55-65 (MPI_Init, MPI_Cart_create, MPI_Comm_rank, MPI_Cart_coords, two MPI_Cart_shift).
 *       libcoprthr_mpi is closed source: their costs are estimates.</li>
 *   <li>{@code dma_load}: tfunc lines 96-113, the 2D doubleword DMA reads of the C, B and A blocks
 *       from DRAM, each followed by {@code e_dma_wait}. Until DMA codelets exist (issue 13) each
 *       doubleword the DMA engine moves is a data load from its DRAM address, which the core model
 *       charges as a blocking read through the eLink (a core's {@code ldrd}, not a DMA's overlapped
 *       reads: see the doc for what that does to the numbers).</li>
 *   <li>{@code transpose}: tfunc lines 115-122, B transposed in place.</li>
 *   <li>{@code mm}: MatrixMultiply, tfunc lines 150-216, register-blocked 4x4 over the transposed B,
 *       each multiply-add a fused {@code fmaf} as in the source.</li>
 *   <li>{@code comm}: MatrixMultiplyComm, which Table 2 names; the public source has no such
 *       function and makes the two calls inline (tfunc lines 131-132), so it is the call setup of the
 *       two MPI_Sendrecv_replace calls.</li>
 *   <li>{@code send}/{@code recv}: the two sequential blocking MPI_Sendrecv_replace calls, a left
 *       then b up, through the receiver's {@code MPI_BUF_SIZE} = 1536-byte buffer (tfunc line 55).
 *       Assumed protocol of the closed library (the simplest reading of a replace through a bounce
 *       buffer on a chip where writes are cheap and reads dear, ARCH 5.3): the block goes in
 *       buffer-sized chunks; a chunk is written by the sender into the receiver's buffer with
 *       remote doubleword stores and a flag; the receiver copies it into its own block (after its
 *       own chunk left) and writes an acknowledgement back, which frees the buffer for the next
 *       chunk. The body really replaces the blocks in place through the buffer, so a dependency
 *       that let a chunk overwrite an undrained buffer would fail the check.</li>
 *   <li>{@code write_c}: tfunc lines 138-139, the DMA write of C to DRAM on channel 1, as posted
 *       doubleword stores to DRAM; {@code finalize}: lines 144-146.</li>
 * </ul>
 * The core at (0,0) is the SU on parallella16, so block (0,0)'s codelets are placed by the policy
 * on a CU, which then carries two blocks.
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
    /** The receive buffer of each rank: MPI_Init(0, MPI_BUF_SIZE), cannon/Makefile line 1. */
    public static final int MPI_BUF_SIZE = 1536;

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

    /**
     * Instruction counts of each routine, from tfunc's source (line numbers in each comment). Where
     * the source does not fix a count (the closed MPI library, libgcc, e-lib, the compiler's
     * prologue) the number is an estimate and says so; none of them is more than a few hundred
     * cycles of a run of millions.
     */
    static final class Costs {
        private Costs() {}

        /**
         * MatrixMultiply(n), tfunc lines 150-216, for an n x n block (n a multiple of 4), q = n/4.
         * <ul>
         *   <li>Per k-step (lines 171-197, q^3 of them): 64 fmaf (lines 181-196: 16 accumulators x 4),
         *       32 loads (a0..a3[0..3] and b0..b3[0..3], lines 172-179, each loaded once and reused by
         *       four fmaf), 10 IALU (the eight row pointers {@code base + k} with {@code a+(i+r)*n} and
         *       {@code b+(j+r)*n} hoisted, plus {@code k += 4} and the {@code k < n} compare), one
         *       back-edge. (With post-modify loads the eight adds would fold into loads: they pair with
         *       the FPU either way, ARCH Table 23.)</li>
         *   <li>Per (i,j) (q^2): 16 loads of C (lines 155-170), 16 stores (lines 198-213), 8 IALU (the C
         *       block's base, four B row bases, {@code k = 0}, {@code j += 4}, compare), one branch.</li>
         *   <li>Per i (q): 8 IALU (four A row bases, the C row base, {@code j = 0}, {@code i += 4},
         *       compare), one branch.</li>
         *   <li>Per call (estimate): saving and restoring the callee-saved registers the 16
         *       accumulators and 8 pointers need, 10 doubleword stores and 10 loads, 2 IALU for the
         *       frame, the return.</li>
         * </ul>
         * For n = 32: 32,768 FPU, 18,452 load/store, 5,698 IALU, 585 branches (57,503 instructions).
         */
        static Cost matrixMultiply(int n) {
            long q = n / 4;
            long kSteps = q * q * q;
            long cells = q * q;
            long ialu = 10 * kSteps + 8 * cells + 8 * q + 2;
            long fpu = 64 * kSteps;
            long loadStore = 32 * kSteps + 32 * cells + 20;
            long branches = kSteps + cells + q + 1;
            return new Cost(0, ialu, fpu, loadStore, branches);
        }

        /**
         * The in-place transpose of B, tfunc lines 115-122: n(n-1)/2 swaps, each 2 loads, 2 stores,
         * the float-to-int conversion of {@code int tmp = b[..]} (line 118, a FIX) and the int-to-float
         * of the store (line 120, a FLOAT), both FPU instructions, 4 IALU ({@code ii++}, compare, the
         * two element pointers) and a back-edge; per outer iteration (n-1) 5 IALU ({@code ji++},
         * compare, {@code ii = ji+1}, two row pointers) and a branch.
         */
        static Cost transpose(int n) {
            long swaps = (long) n * (n - 1) / 2;
            long rows = n - 1;
            return new Cost(0, 4 * swaps + 5 * rows, 2 * swaps, 4 * swaps, swaps + rows);
        }

        /**
         * dma_load's own instructions (tfunc lines 44-113), without the transfers (its data loads):
         * 6 loads of the arguments (lines 44-47); two libgcc divisions, {@code N/d} (line 48) and
         * {@code (x+y)%d} (line 70), estimated at 32 IALU and 8 branches each (a bit-serial loop: the
         * eCore has no divider); four {@code coprthr_tls_sbrk} calls (lines 72-75; estimate 4 IALU,
         * 2 load/store, call and return each); 18 IALU of address arithmetic (lines 98, 105, 106);
         * four descriptors (lines 99-100, 108-109: e_dma_set_desc computes the fields, 8 IALU, stores
         * the 6-word e_dma_desc_t, call and return); three e_dma_start (lines 102, 110, 112: 6 IALU, a
         * store to the channel's config register, call and return; estimate). The e_dma_wait polls
         * (lines 103, 111, 113) run while the transfer does and are the time the data loads take,
         * so they are not counted again.
         */
        static Cost dmaLoadSetup() {
            long ialu = 2 * 32 + 4 * 4 + 18 + 4 * 8 + 3 * 6;
            long loadStore = 6 + 4 * 2 + 4 * 6 + 3;
            long branches = 2 * 8 + 4 * 2 + 4 * 2 + 3 * 2;
            return new Cost(0, ialu, 0, loadStore, branches);
        }

        /** MPI_Init(0, MPI_BUF_SIZE), line 55 (closed source; estimate: rank and size from the core ID, the buffer and its flags). */
        static final Cost MPI_INIT = Cost.instructions(120, 0, 48, 16);
        /** MPI_Cart_create of the periodic 4x4 torus, line 59 (closed source; estimate). */
        static final Cost CART_CREATE = Cost.instructions(60, 0, 24, 8);
        /**
         * MPI_Comm_rank and MPI_Cart_coords, lines 60-61 (closed source; estimate): a load of the
         * rank, and its row and column by one libgcc division and one modulo (32 IALU, 8 branches
         * each, as above), two stores, calls and returns.
         */
        static final Cost RANK_COORDS = Cost.instructions(2 * 32 + 4, 0, 4, 2 * 8 + 4);
        /** Two MPI_Cart_shift calls, lines 64-65 (closed source; estimate 32 IALU, 12 load/store, 4 branches each). */
        static final Cost CART_SHIFT_TWICE = Cost.instructions(2 * 32, 0, 2 * 12, 2 * 4);
        /**
         * MatrixMultiplyComm (Table 2's name for lines 131-132): two calls of nine arguments, four in
         * r0-r3 and five on the stack (the e-gcc ABI), so 4 moves, 5 stores and a call each, plus its
         * own frame (2 load/store) and return.
         */
        static final Cost COMM = Cost.instructions(2 * 4, 0, 2 * 5 + 2, 2 + 1);

        /**
         * One chunk of {@code dw} doublewords sent by MPI_Sendrecv_replace (assumed protocol, see the
         * class note): a local {@code ldrd} of each doubleword (its remote {@code strd} is a data
         * store of the body), the copy loop's counter and back-edge per four doublewords (the shape of
         * newlib's unrolled copy, as reference.conf's read-turnaround derivation assumes), 6 IALU of
         * chunk setup, and on the first chunk the call's entry (10 IALU, 4 load/store, 2 branches;
         * estimate). The flag store is a data store too.
         */
        static Cost sendChunk(int dw, boolean first) {
            long loops = (dw + 3) / 4;
            return new Cost(0, loops + 6 + (first ? 10 : 0), 0, dw + (first ? 4 : 0), loops + (first ? 2 : 0));
        }

        /**
         * One chunk received: the flag test that ends the wait (1 load, 1 IALU, 1 branch), the copy
         * from the buffer into the block (a load and a store per doubleword, loop overhead as above),
         * clearing the flag (1 store), 4 IALU of chunk setup. The acknowledgement to the sender is a
         * data store of the body.
         */
        static Cost recvChunk(int dw) {
            long loops = (dw + 3) / 4;
            return new Cost(0, loops + 5, 0, 2L * dw + 2, loops + 1);
        }

        /** write_c's own instructions, lines 138-139: e_dma_start on channel 1 (as above); the transfer is its data stores. */
        static final Cost WRITE_C = Cost.instructions(6, 0, 1, 2);
        /** coprthr_tls_brk and MPI_Finalize, lines 144-146 (closed source; estimate, no barrier assumed). */
        static final Cost FINALIZE = Cost.instructions(16, 0, 4, 4);
    }

    /** The matrices, each block's working copies, the receive buffers and the machine's address map. */
    public static final class Frame {
        final int n;
        final int b;
        final float[] a;
        final float[] bm;
        /** Each rank's a, b (transposed after the load) and c blocks (tfunc lines 73-75). */
        final float[][] blockA;
        final float[][] blockB;
        final float[][] c;
        /** Each rank's MPI_BUF_SIZE receive buffer (one chunk). */
        final float[][] inbox;
        final long[] coreBase;
        final int meshCols;
        /** DRAM addresses of ga, gb, gc (coprthr_dmalloc, main.c lines 120-122). */
        final long ga;
        final long gb;
        final long gc;

        Frame(int n, long seed, long[] coreBase, int meshCols, long dramShared) {
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
            blockA = new float[GRID * GRID][];
            blockB = new float[GRID * GRID][];
            c = new float[GRID * GRID][];
            inbox = new float[GRID * GRID][MPI_BUF_SIZE / 4];
            this.coreBase = coreBase;
            ga = dramShared;
            gb = dramShared + 4L * n * n;
            gc = dramShared + 8L * n * n;
        }

        float[] blockOf(float[] m, int bi, int bj) {
            float[] out = new float[b * b];
            for (int i = 0; i < b; i++) {
                System.arraycopy(m, (bi * b + i) * n + bj * b, out, i * b, b);
            }
            return out;
        }
    }

    /** Offset of the receive buffer in a core's local memory: bank 2 (0x4000), as a linker script would place data. */
    static final long RECV_BUFFER = 0x4000;
    /** The buffer's full flag, after the buffer; the sender's acknowledgement flag after that. */
    static final long RECV_FLAG = RECV_BUFFER + MPI_BUF_SIZE;
    static final long ACK_FLAG = RECV_FLAG + 8;
    /**
     * Offset of ga, gb, gc in the DRAM window: fast.ldf's shared_dram starts at 0x8f000000, 16 MB
     * into the 0x8e000000 window (epiphany-facts.md); the three 64 KB matrices follow each other.
     */
    static final long SHARED_DRAM_OFFSET = 0x100_0000;

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
        return of(n, seed, layout, bases, machine.cols(), c -> machine.role(c) == io.edarts.cam.CoreRole.CU,
                g.dramAddress(SHARED_DRAM_OFFSET));
    }

    /**
     * @param n          matrix size, a multiple of 16 (MatrixMultiply's 4x4 register blocks need a
     *                   block side that is a multiple of 4), at most 128 (each core's blocks fit in its 32 KB)
     * @param coreBase   global address of local offset 0 of each core of the machine (core index order)
     * @param meshCols   columns of the mesh; block (i,j) has affinity to core (i,j)
     * @param isCu       whether a core fires codelets; a block whose core does not gets no affinity
     * @param dramShared global address of the matrices in DRAM
     */
    static Program<Frame> of(int n, long seed, Layout layout, long[] coreBase, int meshCols, IntPredicate isCu,
            long dramShared) {
        if (n < 4 * GRID || n % (4 * GRID) != 0 || n > 128) {
            throw new IllegalArgumentException("cannon --size " + n + ": expected a multiple of 16 from 16 to 128"
                    + " (MatrixMultiply works on 4x4 register blocks of each core's n/4 block)");
        }
        if (coreBase.length < GRID * GRID || meshCols < GRID) {
            throw new IllegalArgumentException("cannon needs a mesh of at least 4x4 cores, got " + coreBase.length);
        }
        int b = n / GRID;
        int blockBytes = 4 * b * b;
        int chunks = (blockBytes + MPI_BUF_SIZE - 1) / MPI_BUF_SIZE;
        int rounds = GRID - 1;
        // messages each rank receives, in order: per round, a's chunks then b's
        int messages = rounds * 2 * chunks;
        Map<String, CodeObject> code = code(layout);
        CodeObject main = code.get("cannon_main");
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("cannon");
        CodeletHandle[][] mm = new CodeletHandle[GRID * GRID][GRID];
        CodeletHandle[][] send = new CodeletHandle[GRID * GRID][messages];
        CodeletHandle[][] recv = new CodeletHandle[GRID * GRID][messages];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                final int bi = i;
                final int bj = j;
                final int id = i * GRID + j;
                int core = i * meshCols + j;
                int first = tp.size();
                CodeletHandle mpiInit = tp.codelet("mpi_init(" + i + "," + j + ")", ctx -> { })
                        .code(code.get("MPI_Init")).cost(Costs.MPI_INIT);
                CodeletHandle cart = tp.codelet("cart_create(" + i + "," + j + ")", ctx -> { })
                        .code(code.get("MPI_Cart_create")).cost(Costs.CART_CREATE);
                CodeletHandle coords = tp.codelet("rank_coords(" + i + "," + j + ")", ctx -> { })
                        .code(main).cost(Costs.RANK_COORDS);
                CodeletHandle shift = tp.codelet("cart_shift(" + i + "," + j + ")", ctx -> { })
                        .code(code.get("MPI_Cart_shift")).cost(Costs.CART_SHIFT_TWICE);
                CodeletHandle load = tp.codelet("dma_load(" + i + "," + j + ")", ctx -> dmaLoad(ctx, bi, bj))
                        .code(main).cost(Costs.dmaLoadSetup());
                CodeletHandle transpose = tp.codelet("transpose(" + i + "," + j + ")", ctx -> transpose(ctx.frame(), id))
                        .code(main).cost(Costs.transpose(b));
                mpiInit.precede(cart);
                cart.precede(coords);
                coords.precede(shift);
                shift.precede(load);
                load.precede(transpose);
                CodeletHandle prev = transpose;
                for (int s = 0; s < GRID; s++) {
                    mm[id][s] = tp.codelet("mm(" + i + "," + j + "," + s + ")", ctx -> multiply(ctx.frame(), id))
                            .code(code.get("MatrixMultiply")).cost(Costs.matrixMultiply(b));
                    prev.precede(mm[id][s]);
                    prev = mm[id][s];
                    if (s == rounds) {
                        break;
                    }
                    CodeletHandle comm = tp.codelet("comm(" + i + "," + j + "," + s + ")", ctx -> { })
                            .code(code.get("MatrixMultiplyComm")).cost(Costs.COMM);
                    prev.precede(comm);
                    prev = comm;
                    for (int x = 0; x < 2 * chunks; x++) {
                        final int m = s * 2 * chunks + x;
                        final int k = x % chunks;
                        final boolean isA = x < chunks;
                        int dw = chunkBytes(blockBytes, k) / 8;
                        String tag = (isA ? "a," : "b,") + s + "," + k;
                        send[id][m] = tp.codelet("send(" + i + "," + j + "," + tag + ")",
                                        ctx -> sendChunk(ctx, id, isA, k))
                                .code(main).cost(Costs.sendChunk(dw, k == 0));
                        recv[id][m] = tp.codelet("recv(" + i + "," + j + "," + tag + ")",
                                        ctx -> recvChunk(ctx, id, isA, k))
                                .code(main).cost(Costs.recvChunk(dw));
                        prev.precede(send[id][m]);
                        send[id][m].precede(recv[id][m]);
                        prev = recv[id][m];
                    }
                }
                CodeletHandle write = tp.codelet("write_c(" + i + "," + j + ")", ctx -> writeC(ctx, bi, bj))
                        .code(main).cost(Costs.WRITE_C);
                CodeletHandle fin = tp.codelet("finalize(" + i + "," + j + ")", ctx -> { })
                        .code(main).cost(Costs.FINALIZE);
                prev.precede(write);
                write.precede(fin);
                // Block (i,j) prefers core (i,j), unless that core is an SU (it fires nothing).
                if (isCu.test(core)) {
                    for (int c = first; c < tp.size(); c++) {
                        tp.get(c).affinity(core);
                    }
                }
            }
        }
        // A chunk is received once its sender has written it; a chunk is sent once the receiver has
        // drained its buffer of the message before (the acknowledgement).
        for (int id = 0; id < GRID * GRID; id++) {
            for (int m = 0; m < messages; m++) {
                boolean isA = (m / chunks) % 2 == 0;
                int from = isA ? right(id) : below(id);
                int to = isA ? left(id) : up(id);
                send[from][m].precede(recv[id][m]);
                if (m > 0) {
                    recv[to][m - 1].precede(send[id][m]);
                }
            }
        }
        long[] bases = coreBase.clone();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", Integer.toString(n));
        params.put("layout", layout.label);
        params.put("userCodeBytes", Integer.toString(userCodeBytes(layout)));
        return Program.of("cannon", tp.build(), () -> new Frame(n, seed, bases, meshCols, dramShared),
                CannonProgram::check, params);
    }

    /** Bytes of chunk {@code k} of a block: MPI_BUF_SIZE, the last one the rest. */
    static int chunkBytes(int blockBytes, int k) {
        return Math.min(MPI_BUF_SIZE, blockBytes - k * MPI_BUF_SIZE);
    }

    // MPI_Cart_shift on the periodic torus (tfunc lines 64-65): dimension 0 is the column.
    private static int left(int id) {
        return (id / GRID) * GRID + (id % GRID + GRID - 1) % GRID;
    }

    private static int right(int id) {
        return (id / GRID) * GRID + (id % GRID + 1) % GRID;
    }

    private static int up(int id) {
        return ((id / GRID + GRID - 1) % GRID) * GRID + id % GRID;
    }

    private static int below(int id) {
        return ((id / GRID + 1) % GRID) * GRID + id % GRID;
    }

    /**
     * tfunc lines 96-113: C (zero, as the host wrote it), then B, then A with the initial skew read
     * in directly (line 70), each block a 2D DMA of b rows of b/2 doublewords from its DRAM matrix,
     * every doubleword a data load from its address.
     */
    static void dmaLoad(CodeletContext<Frame> ctx, int bi, int bj) {
        Frame f = ctx.frame();
        int id = bi * GRID + bj;
        int skew = (bi + bj) % GRID;
        f.c[id] = new float[f.b * f.b];
        dmaRead(ctx, f.gc, bi, bj);
        f.blockB[id] = f.blockOf(f.bm, skew, bj);
        dmaRead(ctx, f.gb, skew, bj);
        f.blockA[id] = f.blockOf(f.a, bi, skew);
        dmaRead(ctx, f.ga, bi, skew);
    }

    private static void dmaRead(CodeletContext<Frame> ctx, long matrix, int bi, int bj) {
        Frame f = ctx.frame();
        for (int r = 0; r < f.b; r++) {
            long row = matrix + 4L * ((long) (bi * f.b + r) * f.n + (long) bj * f.b);
            for (int d = 0; d < f.b / 2; d++) {
                ctx.load(row + 8L * d, 8);
            }
        }
    }

    /** tfunc lines 115-122 (swapping floats: the source's {@code int tmp} is exact only for its integer-valued B). */
    static void transpose(Frame f, int id) {
        float[] m = f.blockB[id];
        int n = f.b;
        for (int ji = 0; ji < n - 1; ji++) {
            for (int ii = ji + 1; ii < n; ii++) {
                float tmp = m[ji * n + ii];
                m[ji * n + ii] = m[ii * n + ji];
                m[ii * n + ji] = tmp;
            }
        }
    }

    /** MatrixMultiply, tfunc lines 150-216: c += a x b with b transposed, 4x4 register blocks, fmaf. */
    static void multiply(Frame f, int id) {
        float[] a = f.blockA[id];
        float[] b = f.blockB[id];
        float[] c = f.c[id];
        int n = f.b;
        for (int i = 0; i < n; i += 4) {
            for (int j = 0; j < n; j += 4) {
                float[] acc = new float[16];
                for (int r = 0; r < 4; r++) {
                    for (int q = 0; q < 4; q++) {
                        acc[r * 4 + q] = c[(i + r) * n + j + q];
                    }
                }
                for (int k = 0; k < n; k += 4) {
                    for (int r = 0; r < 4; r++) {
                        for (int q = 0; q < 4; q++) {
                            int ar = (i + r) * n + k;
                            int bq = (j + q) * n + k;
                            float s = acc[r * 4 + q];
                            s = Math.fma(a[ar], b[bq], s);
                            s = Math.fma(a[ar + 1], b[bq + 1], s);
                            s = Math.fma(a[ar + 2], b[bq + 2], s);
                            s = Math.fma(a[ar + 3], b[bq + 3], s);
                            acc[r * 4 + q] = s;
                        }
                    }
                }
                for (int r = 0; r < 4; r++) {
                    for (int q = 0; q < 4; q++) {
                        c[(i + r) * n + j + q] = acc[r * 4 + q];
                    }
                }
            }
        }
    }

    /** Chunk {@code k} of this rank's a (to the left) or b (up) into the receiver's buffer, then its flag. */
    static void sendChunk(CodeletContext<Frame> ctx, int id, boolean isA, int k) {
        Frame f = ctx.frame();
        int to = isA ? left(id) : up(id);
        float[] block = isA ? f.blockA[id] : f.blockB[id];
        int bytes = chunkBytes(4 * f.b * f.b, k);
        System.arraycopy(block, k * MPI_BUF_SIZE / 4, f.inbox[to], 0, bytes / 4);
        long base = f.coreBase[coreOf(to, f)];
        for (int d = 0; d < bytes / 8; d++) {
            ctx.store(base + RECV_BUFFER + 8L * d, 8);
        }
        ctx.store(base + RECV_FLAG, 4);
    }

    /** The chunk that arrived from the right (a) or lower (b) neighbour replaces chunk {@code k} of the block; acknowledge it. */
    static void recvChunk(CodeletContext<Frame> ctx, int id, boolean isA, int k) {
        Frame f = ctx.frame();
        int from = isA ? right(id) : below(id);
        float[] block = isA ? f.blockA[id] : f.blockB[id];
        int bytes = chunkBytes(4 * f.b * f.b, k);
        System.arraycopy(f.inbox[id], 0, block, k * MPI_BUF_SIZE / 4, bytes / 4);
        Arrays.fill(f.inbox[id], Float.NaN);
        ctx.store(f.coreBase[coreOf(from, f)] + ACK_FLAG, 4);
    }

    /** tfunc lines 138-139: the C block back to its place in gc, b rows of b/2 doublewords. */
    static void writeC(CodeletContext<Frame> ctx, int bi, int bj) {
        Frame f = ctx.frame();
        for (int r = 0; r < f.b; r++) {
            long row = f.gc + 4L * ((long) (bi * f.b + r) * f.n + (long) bj * f.b);
            for (int d = 0; d < f.b / 2; d++) {
                ctx.store(row + 8L * d, 8);
            }
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
