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
import io.edarts.cam.Placement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Cannon's matrix multiply on a 4x4 grid of blocks, as codelets, after the threaded-MPI Cannon that
 * COPRTHR-2 uses to demonstrate code placement (coprthr2-paper.txt, section 3.4 and Table 2). The
 * routines and their costs follow the public source, {@code USArmyResearchLab/mpi-epiphany} at
 * 1e09545, {@code cannon/mpi_tfunc.c} ("tfunc" below) built by {@code cannon/Makefile} line 1
 * ({@code EDIM=4 SIZE=128 MPI_BUF_SIZE=1536}); docs/model/code-fetch.md derives every count.
 *
 * <pre>
 *  per block (i,j), with affinity to core (i,j):
 *    mpi_init ─▶ cart_create ─▶ rank_coords ─▶ cart_shift ─▶ dma_load ═▶ dma_load_b ═▶ dma_load_a ═▶ transpose ─▶ mm(0)
 *    mm(s) ─▶ comm(s) ─▶ send(a,s,0) ─▶ recv(a,s,0) ─▶ send(a,s,1) ─▶ … ─▶ recv(b,s,last) ─▶ mm(s+1)
 *    mm(3) ─▶ write_c ═▶ finalize                     (═▶: a DMA transfer's completion)
 *  --write-result: mm(3) of rank r and save(r-1) ─▶ save(r)   (the ranks in row-major order)
 *  send(X,s,k) of the right (a) or lower (b) neighbour ─▶ recv(X,s,k)   (the chunk has arrived)
 *  recv of the destination's previous chunk           ─▶ send(X,s,k)   (its buffer is free again)
 *  --shift dma: send(X,s) ═▶ sent(X,s) ─▶ recv(X,s) of both ranks   (the block has landed and left)
 * </pre>
 *
 * <p>Data, on buffers: the matrices ga, gb, gc in DRAM; rank (i,j)'s a, b and c blocks, its receive
 * buffer and its two flags in core (i,j)'s local memory ({@code BufferPlace.core}: the source takes
 * them from the thread-local heap with coprthr_tls_sbrk, lines 72-75, not from named banks). Every
 * load and store the routines make of them is a buffer access charged where it goes, so rank (0,0),
 * whose core is the SU on the Parallella, has its codelets run elsewhere and reach its blocks over
 * the mesh.
 *
 * <ul>
 *   <li>{@code mpi_init}, {@code cart_create}, {@code rank_coords}, {@code cart_shift}: tfunc lines
 *       55-65 (MPI_Init, MPI_Cart_create, MPI_Comm_rank, MPI_Cart_coords, two MPI_Cart_shift).
 *       libcoprthr_mpi is closed source: their costs are estimates.</li>
 *   <li>{@code dma_load}, {@code dma_load_b}, {@code dma_load_a}: tfunc lines 96-113, the 2D
 *       doubleword DMA reads of the C, B and A blocks from DRAM ({@code ctx.dma2d}), each followed
 *       by {@code e_dma_wait}: the next codelet is enabled by the transfer's completion.</li>
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
 *       that let a chunk overwrite an undrained buffer would fail the check. With {@code --shift dma}
 *       each shift is instead one DMA of the whole block into the receiver's block-sized landing
 *       buffer; {@code sent}, enabled when it has landed, writes the receiver's flag, and both ranks'
 *       {@code recv} wait for it (the receiver to copy the block in, the sender to overwrite its own
 *       block only once its transfer has read it).</li>
 *   <li>{@code write_c}: tfunc lines 138-139, the 2D DMA write of C to DRAM, which enables
 *       {@code finalize} (lines 144-146) when it has landed.</li>
 *   <li>{@code save} (with {@code writeResult}; not in tfunc, where the host reads C from DRAM):
 *       each rank writes its C block, from its local memory where mm left it, to
 *       {@link #RESULT_FILE} through host calls, one {@code write} of the whole block, rank (0,0)
 *       opening the file first and rank (3,3) closing it after. The ranks take turns in row-major
 *       order, so the file holds the 16 blocks in that order, each b x b floats row by row
 *       (float32, little-endian as the Epiphany stores them): one host call a block, each payload
 *       read by the host from the core's SRAM as the host-call model charges it, where a row-major
 *       file would need 4n calls of one block row each (the host calls have no seek).</li>
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
    /**
     * The size {@code edarts run cannon} uses unless told: 64, not the source's 128, because at 128 a
     * rank's data beside the local layout's code overflows what the default runtime and stack
     * reserves leave (README, "Buffers"); 128 runs with smaller reserves.
     */
    public static final int DEFAULT_SIZE = 64;
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
    /** Where {@code writeResult} writes C through host calls, relative to the run's {@code files/} folder. */
    public static final String RESULT_FILE = "cannon-c.f32";
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
         * What the {@code mm} codelet declares: {@link #matrixMultiply} less the loads and stores of
         * a, b and c, which its body makes as buffer accesses (32 per k-step, 32 per cell), so they
         * are charged where the blocks are. The frame's 20 stay declared (the stack is local).
         */
        static Cost matrixMultiplyDeclared(int n) {
            Cost all = matrixMultiply(n);
            long q = n / 4;
            return new Cost(0, all.ialu(), all.fpu(), all.loadStore() - 32 * q * q * q - 32 * q * q, all.branches());
        }

        /**
         * The in-place transpose of B, tfunc lines 115-122: n(n-1)/2 swaps, each 2 loads and 2 stores
         * (the body's buffer accesses), the float-to-int conversion of {@code int tmp = b[..]} (line
         * 118, a FIX) and the int-to-float of the store (line 120, a FLOAT), both FPU instructions,
         * 4 IALU ({@code ii++}, compare, the two element pointers) and a back-edge; per outer
         * iteration (n-1) 5 IALU ({@code ji++}, compare, {@code ii = ji+1}, two row pointers) and a
         * branch. This is the declared part, without the accesses.
         */
        static Cost transpose(int n) {
            long swaps = (long) n * (n - 1) / 2;
            long rows = n - 1;
            return new Cost(0, 4 * swaps + 5 * rows, 2 * swaps, 0, swaps + rows);
        }

        /**
         * dma_load's own instructions (tfunc lines 44-113), without the transfers and without the
         * descriptors and starts, which the target charges with each DMA (e-lib's e_dma_set_desc and
         * e_dma_start, {@code Target.dmaSetup}): 6 loads of the arguments (lines 44-47); two libgcc
         * divisions, {@code N/d} (line 48) and {@code (x+y)%d} (line 70), estimated at 32 IALU and 8
         * branches each (a bit-serial loop: the eCore has no divider); four {@code coprthr_tls_sbrk}
         * calls (lines 72-75; estimate 4 IALU, 2 load/store, call and return each); 18 IALU of address
         * arithmetic (lines 98, 105, 106). The e_dma_wait polls (lines 103, 111, 113) are the time
         * the transfers take: the next load is a codelet the transfer's completion enables.
         */
        static Cost dmaLoadSetup() {
            long ialu = 2 * 32 + 4 * 4 + 18;
            long loadStore = 6 + 4 * 2;
            long branches = 2 * 8 + 4 * 2;
            return new Cost(0, ialu, 0, loadStore, branches);
        }

        /** The step after an e_dma_wait returns: its exit test and the call of what follows (estimate). */
        static final Cost DMA_NEXT = Cost.instructions(2, 0, 0, 2);

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
         * class note), without its accesses (a local {@code ldrd} and a remote {@code strd} per
         * doubleword, then the flag): the copy loop's counter and back-edge per four doublewords (the
         * shape of newlib's unrolled copy, as reference.conf's read-turnaround derivation assumes),
         * 6 IALU of chunk setup, and on the first chunk the call's entry (10 IALU, 4 load/store,
         * 2 branches; estimate).
         */
        static Cost sendChunk(int dw, boolean first) {
            long loops = (dw + 3) / 4;
            return new Cost(0, loops + 6 + (first ? 10 : 0), 0, first ? 4 : 0, loops + (first ? 2 : 0));
        }

        /** Shift dma: the call's entry as {@link #sendChunk}'s first chunk; the descriptor and start are the DMA's set-up. */
        static final Cost SEND_DMA = Cost.instructions(10, 0, 4, 2);

        /**
         * One chunk received, without its accesses (the flag test, a local {@code ldrd} and
         * {@code strd} per doubleword from the buffer into the block, clearing the flag, the
         * acknowledgement to the sender): the test's compare and branch, the copy's loop overhead as
         * above, 4 IALU of chunk setup.
         */
        static Cost recvChunk(int dw) {
            long loops = (dw + 3) / 4;
            return new Cost(0, loops + 5, 0, 0, loops + 1);
        }

        /** write_c's own instructions, lines 137-139: the address of its place in gc (the descriptor and e_dma_start are the DMA's set-up). */
        static final Cost WRITE_C = Cost.instructions(6, 0, 0, 1);
        /**
         * save's own instructions (estimate): the three arguments of {@code write(fd, c, 4*b*b)}
         * moved into registers and the call; the host call's stub is the target's charge.
         */
        static final Cost SAVE = Cost.instructions(3, 0, 0, 1);
        /** coprthr_tls_brk and MPI_Finalize, lines 144-146 (closed source; estimate, no barrier assumed). */
        static final Cost FINALIZE = Cost.instructions(16, 0, 4, 4);
    }

    /** How a rank's blocks reach its neighbours in the shifts. */
    public enum Shift {
        /** MPI_Sendrecv_replace as the class note assumes it: remote doubleword stores into the receiver's 1,536-byte buffer, chunk by chunk. */
        WRITE("write", "remote stores into the neighbour's MPI buffer, in MPI_BUF_SIZE chunks"),
        /** Each shift one DMA transfer of the whole block into a block-sized buffer of the neighbour. */
        DMA("dma", "one DMA transfer of the block into the neighbour's block-sized buffer");

        public final String label;
        public final String description;

        Shift(String label, String description) {
            this.label = label;
            this.description = description;
        }

        /** @throws IllegalArgumentException for an unknown label, listing the known ones */
        public static Shift parse(String s) {
            for (Shift v : values()) {
                if (v.label.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("cannon --shift '" + s + "': expected write or dma");
        }
    }

    /** The matrices in DRAM and each rank's blocks, buffer and flags in its core's local memory. */
    public static final class Frame {
        final int n;
        final int b;
        final float[] a;
        final float[] bm;
        /** gc: C in DRAM, zero as the host wrote it; the ranks' blocks land here (tfunc lines 138-139). */
        final float[] gc;
        /** Each rank's a, b (transposed after the load) and c blocks (coprthr_tls_sbrk, tfunc lines 73-75). */
        final float[][] blockA;
        final float[][] blockB;
        final float[][] blockC;
        /** Each rank's MPI_BUF_SIZE receive buffer, as doublewords (shift write). */
        final long[][] box;
        /** Each rank's block-sized landing buffer (shift dma). */
        final float[][] land;
        /** Each rank's flags: {@link #FULL} (a chunk or block has arrived) and {@link #ACK} (its own was drained). */
        final int[][] flags;
        /** With writeResult: the descriptor of {@link #RESULT_FILE} (rank (0,0) opens it), and what each rank's write answered. */
        int resultFd = -1;
        final long[] written;

        Frame(int n, long seed, Shift shift) {
            this.n = n;
            this.b = n / GRID;
            a = new float[n * n];
            bm = new float[n * n];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < n * n; i++) {
                a[i] = (float) (r.nextDouble() * 2 - 1);
                bm[i] = (float) (r.nextDouble() * 2 - 1);
            }
            gc = new float[n * n];
            int ranks = GRID * GRID;
            blockA = new float[ranks][b * b];
            blockB = new float[ranks][b * b];
            blockC = new float[ranks][b * b];
            box = shift == Shift.WRITE ? new long[ranks][MPI_BUF_SIZE / 8] : null;
            land = shift == Shift.DMA ? new float[ranks][b * b] : null;
            flags = new int[ranks][2];
            written = new long[ranks];
            Arrays.fill(written, Long.MIN_VALUE);
        }
    }

    static final int FULL = 0;
    static final int ACK = 1;
    /** Two float NaNs: what a drained receive buffer holds, so a chunk read twice fails the check. */
    private static final long DRAINED = 0x7fc00000_7fc00000L;

    /** One rank's buffers, all in its core's local memory. */
    private record Rank(BufferHandle<float[]> a, BufferHandle<float[]> b, BufferHandle<float[]> c,
                        BufferHandle<long[]> box, BufferHandle<float[]> land, BufferHandle<int[]> flags) {
        BufferHandle<float[]> block(boolean isA) {
            return isA ? a : b;
        }
    }

    private CannonProgram() {}

    /** As {@link #of(int, long, Layout, Shift, io.edarts.cam.Machine)} with the shifts as remote writes. */
    public static Program<Frame> of(int n, long seed, Layout layout, io.edarts.cam.Machine machine) {
        return of(n, seed, layout, Shift.WRITE, machine);
    }

    /** As {@link #of(int, long, Layout, Shift, io.edarts.cam.Machine, boolean)} without writing the result to a file. */
    public static Program<Frame> of(int n, long seed, Layout layout, Shift shift, io.edarts.cam.Machine machine) {
        return of(n, seed, layout, shift, machine, false);
    }

    /**
     * Cannon on {@code machine}: rank (i,j)'s blocks, buffer and flags live in core (i,j)'s local
     * memory (where the source's coprthr_tls_sbrk puts them), the matrices in DRAM; block (i,j)'s
     * codelets prefer core (i,j) when it is a CU (on the Parallella the SU sits at (0,0), so rank
     * (0,0)'s codelets go wherever the policy puts them and reach its blocks over the mesh).
     *
     * @param n     matrix size, a multiple of 16 (MatrixMultiply's 4x4 register blocks need a block
     *              side that is a multiple of 4), at most 128
     * @param shift       how the blocks move between ranks
     * @param writeResult whether the ranks also write C to {@link #RESULT_FILE} through host calls
     *                    (the {@code save} codelets of the class note), checked by the program's check
     * @throws IllegalArgumentException for a size out of range or a mesh smaller than 4x4
     */
    public static Program<Frame> of(int n, long seed, Layout layout, Shift shift, io.edarts.cam.Machine machine,
                                    boolean writeResult) {
        if (n < 4 * GRID || n % (4 * GRID) != 0 || n > 128) {
            throw new IllegalArgumentException("cannon --size " + n + ": expected a multiple of 16 from 16 to 128"
                    + " (MatrixMultiply works on 4x4 register blocks of each core's n/4 block)");
        }
        if (machine.rows() < GRID || machine.cols() < GRID) {
            throw new IllegalArgumentException("cannon needs a mesh of at least 4x4 cores, got " + machine.rows() + "x"
                    + machine.cols());
        }
        int b = n / GRID;
        int blockBytes = 4 * b * b;
        boolean dma = shift == Shift.DMA;
        int chunks = dma ? 1 : (blockBytes + MPI_BUF_SIZE - 1) / MPI_BUF_SIZE;
        int rounds = GRID - 1;
        // messages each rank receives, in order: per round, a's chunks then b's
        int messages = rounds * 2 * chunks;
        Map<String, CodeObject> code = code(layout);
        CodeObject main = code.get("cannon_main");
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("cannon");
        BufferHandle<float[]> ga = tp.buffer("ga", BufferPlace.external(), f -> f.a);
        BufferHandle<float[]> gb = tp.buffer("gb", BufferPlace.external(), f -> f.bm);
        BufferHandle<float[]> gc = tp.buffer("gc", BufferPlace.external(), f -> f.gc);
        Rank[] ranks = new Rank[GRID * GRID];
        for (int id = 0; id < ranks.length; id++) {
            final int r = id;
            String at = "(" + id / GRID + "," + id % GRID + ")";
            BufferPlace local = BufferPlace.core(id / GRID, id % GRID);
            ranks[id] = new Rank(tp.buffer("a" + at, local, f -> f.blockA[r]), tp.buffer("b" + at, local, f -> f.blockB[r]),
                    tp.buffer("c" + at, local, f -> f.blockC[r]),
                    dma ? null : tp.buffer("mpi_buf" + at, local, f -> f.box[r]),
                    dma ? tp.buffer("landing" + at, local, f -> f.land[r]) : null,
                    tp.buffer("flags" + at, local, f -> f.flags[r]));
        }
        CodeletHandle[][] send = new CodeletHandle[GRID * GRID][messages];
        CodeletHandle[][] sent = new CodeletHandle[GRID * GRID][messages];
        CodeletHandle[][] recv = new CodeletHandle[GRID * GRID][messages];
        CodeletHandle[] save = new CodeletHandle[GRID * GRID];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                final int bi = i;
                final int bj = j;
                final int id = i * GRID + j;
                final int skew = (i + j) % GRID;
                Rank me = ranks[id];
                int core = machine.core(i, j);
                int first = tp.size();
                String at = "(" + i + "," + j + ")";
                CodeletHandle mpiInit = tp.codelet("mpi_init" + at, ctx -> { })
                        .code(code.get("MPI_Init")).cost(Costs.MPI_INIT);
                CodeletHandle cart = tp.codelet("cart_create" + at, ctx -> { })
                        .code(code.get("MPI_Cart_create")).cost(Costs.CART_CREATE);
                CodeletHandle coords = tp.codelet("rank_coords" + at, ctx -> { })
                        .code(main).cost(Costs.RANK_COORDS);
                CodeletHandle shiftCodelet = tp.codelet("cart_shift" + at, ctx -> { })
                        .code(code.get("MPI_Cart_shift")).cost(Costs.CART_SHIFT_TWICE);
                // tfunc lines 96-113: C, then B, then A (the skew read in directly, line 70), each a 2D
                // doubleword DMA followed by e_dma_wait, so each waits for the one before
                CodeletHandle transpose = tp.codelet("transpose" + at, ctx -> transpose(ctx, me.b(), b))
                        .code(main).cost(Costs.transpose(b)).deps(1);
                CodeletHandle loadA = tp.codelet("dma_load_a" + at, ctx -> ctx.dma2d(ga, offset(bi, skew, b, n), n,
                        me.a(), 0, b, b, b, ctx.slotOf(transpose))).code(main).cost(Costs.DMA_NEXT).deps(1);
                CodeletHandle loadB = tp.codelet("dma_load_b" + at, ctx -> ctx.dma2d(gb, offset(skew, bj, b, n), n,
                        me.b(), 0, b, b, b, ctx.slotOf(loadA))).code(main).cost(Costs.DMA_NEXT).deps(1);
                CodeletHandle load = tp.codelet("dma_load" + at, ctx -> ctx.dma2d(gc, offset(bi, bj, b, n), n,
                        me.c(), 0, b, b, b, ctx.slotOf(loadB))).code(main).cost(Costs.dmaLoadSetup());
                mpiInit.precede(cart);
                cart.precede(coords);
                coords.precede(shiftCodelet);
                shiftCodelet.precede(load);
                CodeletHandle prev = transpose;
                for (int s = 0; s < GRID; s++) {
                    CodeletHandle mm = tp.codelet("mm(" + i + "," + j + "," + s + ")", ctx -> multiply(ctx, me, b))
                            .code(code.get("MatrixMultiply")).cost(Costs.matrixMultiplyDeclared(b))
                            .reads(me.a(), me.b(), me.c()).writes(me.c());
                    prev.precede(mm);
                    prev = mm;
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
                        Rank to = ranks[isA ? left(id) : up(id)];
                        Rank from = ranks[isA ? right(id) : below(id)];
                        String tag = at.substring(0, at.length() - 1) + "," + (isA ? "a," : "b,") + s
                                + (dma ? "" : "," + k) + ")";
                        if (dma) {
                            CodeletHandle landed = tp.codelet("sent" + tag, ctx -> ctx.write(to.flags(), FULL, 1)[FULL] = 1)
                                    .code(main).cost(Costs.DMA_NEXT).deps(1);
                            sent[id][m] = landed;
                            send[id][m] = tp.codelet("send" + tag, ctx -> ctx.dma(me.block(isA), 0, to.land(), 0, b * b,
                                    ctx.slotOf(landed))).code(main).cost(Costs.SEND_DMA);
                            recv[id][m] = tp.codelet("recv" + tag, ctx -> recvBlock(ctx, me, from, isA, b))
                                    .code(main).cost(Costs.recvChunk(blockBytes / 8));
                            prev.precede(send[id][m]);
                            // the block may be replaced once its own transfer has left it
                            landed.precede(recv[id][m]);
                        } else {
                            int dw = chunkBytes(blockBytes, k) / 8;
                            send[id][m] = tp.codelet("send" + tag, ctx -> sendChunk(ctx, me, to, isA, k, b))
                                    .code(main).cost(Costs.sendChunk(dw, k == 0)).reads(me.block(isA));
                            recv[id][m] = tp.codelet("recv" + tag, ctx -> recvChunk(ctx, me, from, isA, k, b))
                                    .code(main).cost(Costs.recvChunk(dw)).reads(me.box()).writes(me.block(isA));
                            prev.precede(send[id][m]);
                            send[id][m].precede(recv[id][m]);
                        }
                        prev = recv[id][m];
                    }
                }
                // tfunc lines 138-139: C back to its place in gc on channel 1, then e_dma_wait
                CodeletHandle fin = tp.codelet("finalize" + at, ctx -> { }).code(main).cost(Costs.FINALIZE).deps(1);
                CodeletHandle write = tp.codelet("write_c" + at, ctx -> ctx.dma2d(me.c(), 0, b, gc, offset(bi, bj, b, n),
                        n, b, b, ctx.slotOf(fin))).code(main).cost(Costs.WRITE_C);
                prev.precede(write);
                if (writeResult) {
                    save[id] = tp.codelet("save" + at, ctx -> save(ctx, me, id, b)).code(main).cost(Costs.SAVE);
                    prev.precede(save[id]);
                }
                // Block (i,j) prefers core (i,j), unless that core is an SU (it fires nothing).
                if (machine.role(core) == io.edarts.cam.CoreRole.CU) {
                    for (int c = first; c < tp.size(); c++) {
                        tp.get(c).affinity(core);
                    }
                }
            }
        }
        // A chunk is received once its sender has written it (write) or its transfer has landed
        // (dma); a chunk is sent once the receiver has drained its buffer of the message before.
        for (int id = 0; id < GRID * GRID; id++) {
            for (int m = 0; m < messages; m++) {
                boolean isA = (m / chunks) % 2 == 0;
                int from = isA ? right(id) : below(id);
                int to = isA ? left(id) : up(id);
                (dma ? sent : send)[from][m].precede(recv[id][m]);
                if (m > 0) {
                    recv[to][m - 1].precede(send[id][m]);
                }
            }
        }
        for (int id = 1; writeResult && id < GRID * GRID; id++) {
            save[id - 1].precede(save[id]); // the file takes the blocks in rank order
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", Integer.toString(n));
        params.put("layout", layout.label);
        params.put("shift", shift.label);
        params.put("userCodeBytes", Integer.toString(userCodeBytes(layout)));
        if (writeResult) {
            params.put("writeResult", RESULT_FILE);
        }
        return Program.of("cannon", tp.build(), () -> new Frame(n, seed, shift),
                writeResult ? CannonProgram::checkWritten : CannonProgram::check, params);
    }

    /** Element of block (bi, bj)'s first element in an n x n row-major matrix of b x b blocks. */
    private static int offset(int bi, int bj, int b, int n) {
        return bi * b * n + bj * b;
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

    /** {@code dw} doubleword loads or stores ({@code ldrd}/{@code strd}) of a float buffer from element {@code from}. */
    private static void doublewords(CodeletContext<Frame> ctx, BufferHandle<float[]> buf, int from, int dw, boolean store) {
        for (int d = 0; d < dw; d++) {
            long address = ctx.address(buf, from + 2 * d);
            if (store) {
                ctx.store(address, 8);
            } else {
                ctx.load(address, 8);
            }
        }
    }

    /** tfunc lines 115-122: B transposed in place, two loads and two stores per swap (the source's {@code int tmp} is exact for its integer-valued B; floats are swapped here). */
    static void transpose(CodeletContext<Frame> ctx, BufferHandle<float[]> buf, int n) {
        float[] m = ctx.read(buf, 0, 0);
        for (int ji = 0; ji < n - 1; ji++) {
            for (int ii = ji + 1; ii < n; ii++) {
                int x = ji * n + ii;
                int y = ii * n + ji;
                ctx.read(buf, x, 1);
                ctx.read(buf, y, 1);
                ctx.write(buf, x, 1);
                ctx.write(buf, y, 1);
                float tmp = m[x];
                m[x] = m[y];
                m[y] = tmp;
            }
        }
    }

    /**
     * MatrixMultiply, tfunc lines 150-216: c += a x b with b transposed, 4x4 register blocks, fmaf.
     * Its loads and stores are buffer accesses, four floats at a time as the source's row pointers
     * read them: 16 of C and 16 stores per cell, 32 per k-step.
     */
    static void multiply(CodeletContext<Frame> ctx, Rank rk, int n) {
        float[] a = ctx.read(rk.a(), 0, 0);
        float[] b = ctx.read(rk.b(), 0, 0);
        float[] c = ctx.read(rk.c(), 0, 0);
        float[] acc = new float[16];
        for (int i = 0; i < n; i += 4) {
            for (int j = 0; j < n; j += 4) {
                for (int r = 0; r < 4; r++) {
                    ctx.read(rk.c(), (i + r) * n + j, 4);
                    for (int q = 0; q < 4; q++) {
                        acc[r * 4 + q] = c[(i + r) * n + j + q];
                    }
                }
                for (int k = 0; k < n; k += 4) {
                    for (int r = 0; r < 4; r++) {
                        ctx.read(rk.a(), (i + r) * n + k, 4);
                        ctx.read(rk.b(), (j + r) * n + k, 4);
                    }
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
                    ctx.write(rk.c(), (i + r) * n + j, 4);
                    for (int q = 0; q < 4; q++) {
                        c[(i + r) * n + j + q] = acc[r * 4 + q];
                    }
                }
            }
        }
    }

    /**
     * Chunk {@code k} of this rank's a (to the left) or b (up): each doubleword read locally and
     * stored into the receiver's buffer (remote {@code strd}, posted), then its full flag.
     */
    static void sendChunk(CodeletContext<Frame> ctx, Rank me, Rank to, boolean isA, int k, int b) {
        int dw = chunkBytes(4 * b * b, k) / 8;
        int from = k * MPI_BUF_SIZE / 4;
        doublewords(ctx, me.block(isA), from, dw, false);
        float[] block = ctx.read(me.block(isA), 0, 0);
        long[] box = ctx.write(to.box(), 0, dw);
        for (int d = 0; d < dw; d++) {
            box[d] = ((long) Float.floatToRawIntBits(block[from + 2 * d + 1]) << 32)
                    | (Float.floatToRawIntBits(block[from + 2 * d]) & 0xffff_ffffL);
        }
        ctx.write(to.flags(), FULL, 1)[FULL] = 1;
    }

    /**
     * The chunk from the right (a) or lower (b) neighbour: the flag tested, the buffer copied into
     * chunk {@code k} of the block (a local {@code ldrd} and {@code strd} per doubleword), the flag
     * cleared and the sender acknowledged (a remote store).
     */
    static void recvChunk(CodeletContext<Frame> ctx, Rank me, Rank from, boolean isA, int k, int b) {
        int dw = chunkBytes(4 * b * b, k) / 8;
        int to = k * MPI_BUF_SIZE / 4;
        ctx.read(me.flags(), FULL, 1);
        long[] box = ctx.read(me.box(), 0, dw);
        doublewords(ctx, me.block(isA), to, dw, true);
        float[] block = ctx.read(me.block(isA), 0, 0);
        for (int d = 0; d < dw; d++) {
            block[to + 2 * d] = Float.intBitsToFloat((int) box[d]);
            block[to + 2 * d + 1] = Float.intBitsToFloat((int) (box[d] >>> 32));
        }
        Arrays.fill(box, DRAINED);
        ctx.write(me.flags(), FULL, 1)[FULL] = 0;
        ctx.write(from.flags(), ACK, 1)[ACK]++;
    }

    /** Shift dma: the block that landed from the right (a) or below (b) copied into place, as {@link #recvChunk}. */
    static void recvBlock(CodeletContext<Frame> ctx, Rank me, Rank from, boolean isA, int b) {
        int dw = b * b / 2;
        ctx.read(me.flags(), FULL, 1);
        doublewords(ctx, me.land(), 0, dw, false);
        doublewords(ctx, me.block(isA), 0, dw, true);
        float[] land = ctx.read(me.land(), 0, 0);
        System.arraycopy(land, 0, ctx.read(me.block(isA), 0, 0), 0, b * b);
        Arrays.fill(land, Float.NaN);
        ctx.write(me.flags(), FULL, 1)[FULL] = 0;
        ctx.write(from.flags(), ACK, 1)[ACK]++;
    }

    /**
     * The reference in Cannon's own order: element (i,j) of block (bi,bj) sums its k blocks from
     * the skew (bi+bj) mod 4 on, each k ascending, each product a fused multiply-add as the kernel's
     * fmaf, so the run must match it bit for bit.
     */
    static float[] reference(Frame f) {
        int n = f.n;
        int b = f.b;
        float[] c = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int skew = (i / b + j / b) % GRID;
                float acc = 0;
                for (int s = 0; s < GRID; s++) {
                    int kb = (skew + s) % GRID;
                    for (int k = kb * b; k < (kb + 1) * b; k++) {
                        acc = Math.fma(f.a[i * n + k], f.bm[k * n + j], acc);
                    }
                }
                c[i * n + j] = acc;
            }
        }
        return c;
    }

    /**
     * Rank {@code id} writes its C block to {@link #RESULT_FILE} through the host: rank 0 opens the
     * file first, the last rank closes it after; each write's answer is kept for the check.
     */
    static void save(CodeletContext<Frame> ctx, Rank me, int id, int b) {
        Frame f = ctx.frame();
        if (id == 0) {
            f.resultFd = ctx.open(RESULT_FILE);
        }
        float[] c = ctx.read(me.c(), 0, 0);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * b * b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : c) {
            bytes.putFloat(v);
        }
        ctx.write(f.resultFd, bytes.array(), r -> f.written[id] = r);
        if (id == GRID * GRID - 1) {
            ctx.close(f.resultFd);
        }
    }

    /** {@link #check}, and every rank's write of its block answered with the block's bytes. */
    static CheckResult checkWritten(Frame f) {
        CheckResult c = check(f);
        if (c.status() != CheckResult.Status.PASSED) {
            return c;
        }
        for (int id = 0; id < f.written.length; id++) {
            if (f.written[id] != 4L * f.b * f.b) {
                return CheckResult.failed("block (" + id / GRID + "," + id % GRID + ")'s write to files/" + RESULT_FILE
                        + " answered " + f.written[id] + ", expected " + 4L * f.b * f.b + " bytes");
            }
        }
        return CheckResult.passed(c.message() + "; its 16 blocks written to files/" + RESULT_FILE);
    }

    /** The n x n product C, row-major, that a run with {@code seed} must leave, in Cannon's order of fused multiply-adds. */
    public static float[] product(int n, long seed) {
        return reference(new Frame(n, seed, Shift.WRITE));
    }

    /** gc, as the ranks' write-backs left it, against {@link #reference} bit for bit. */
    static CheckResult check(Frame f) {
        float[] ref = reference(f);
        for (int i = 0; i < ref.length; i++) {
            if (Float.floatToIntBits(ref[i]) != Float.floatToIntBits(f.gc[i])) {
                return CheckResult.failed("C[" + i / f.n + "][" + i % f.n + "] = " + f.gc[i] + ", reference "
                        + ref[i] + " (Cannon's order of fused multiply-adds)");
            }
        }
        return CheckResult.passed(f.n + "x" + f.n + " product in DRAM matches the reference in Cannon's order bit for bit");
    }

    public static List<Layout> layouts() {
        return List.of(Layout.values());
    }
}
