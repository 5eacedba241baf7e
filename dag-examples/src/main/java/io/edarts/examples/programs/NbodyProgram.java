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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * All-pairs gravitational n-body over 16 ranks with ring passing, after the threaded-MPI n-body of
 * {@code USArmyResearchLab/mpi-epiphany} at 1e09545 ({@code nbody/mpi_tfunc.c}, "tfunc";
 * {@code nbody/nbody.h}, "h"; {@code nbody/main.c}, "main"). Rank q (core (q/4, q%4), affinity
 * there when it is a CU) keeps its n/16 particles and their velocities and accelerations in its
 * local memory; each time step the blocks travel round the ring, rank q computing the pull of
 * the block it holds on its own, then passing it to rank q-1:
 *
 * <pre>
 *   load(q) ─DMA─▶ accel(q,0,0) ─▶ accel(q,0,1) ─▶ … ─▶ accel(q,0,15) ─▶ newpos(q,0) ─▶ accel(q,1,0) ─▶ … ─▶ newpos(q,T-1) ─▶ store(q) ─DMA─▶ done
 *   accel(q+1,t,k) ─▶ accel(q,t,k+1)     (the block it passed has landed in q's visiting buffer)
 *   accel(q-1,t,k) ─▶ accel(q,t,k+1)     (q-1 has read the buffer q is about to write)
 *   accel(q-1,t,15) ─▶ accel(q,t+1,0)    (likewise, for the first pass of the next step)
 * </pre>
 *
 * <ul>
 *   <li>{@code load}: tfunc lines 40-68, MPI set-up and the DMA of the rank's particles and state.</li>
 *   <li>{@code accel(q,t,k)}: one pass of the ring loop, tfunc lines 75-80: at k = 0 the copy of
 *       the rank's own particles into the visiting buffer (line 73); ComputeAccel (h lines 77-142)
 *       of the visiting block on the rank's own, with Q_rsqrt (h lines 60-75); then the block goes
 *       on to rank q-1 (MPI_Sendrecv_replace to the left, line 77) as remote stores into q-1's
 *       other visiting buffer (two buffers, where the source replaces in place through the
 *       library's bounce buffer).</li>
 *   <li>{@code newpos}: ComputeNewPos (h lines 144-165), line 82.</li>
 *   <li>{@code store}: lines 85-90, the particles and state back to DRAM.</li>
 * </ul>
 *
 * <p>Sizes: nbody/Makefile line 1 ({@code ECORE=16 NPARTICLE=2048 STEPS=32}), dt = 0.0001 and
 * es = 0.01 (main lines 222-223), the Plummer-model start of main's init_particles (lines 50-133)
 * with {@link SplittableRandom} for {@code rand()}.
 *
 * <p>Check: the same arithmetic in one thread, every rank's accelerations summed block by block in
 * the ring's order, must match bit for bit; and the positions must be within main's own
 * validation tolerance (1e-5, main line 197) of main's update_particles_cpu, which sums all n
 * particles in index order.
 */
public final class NbodyProgram {
    public static final int RANKS = 16;
    public static final int DEFAULT_PARTICLES = 2048;
    public static final int DEFAULT_STEPS = 32;
    static final float DT = 0.0001f;
    static final float ES = 0.01f;
    /** main's validate_particles tolerance on each coordinate. */
    static final float TOLERANCE = 0.00001f;

    /**
     * Code sizes at 4 bytes per instruction: ComputeAccel's inner body is 8 x 26 instructions plus
     * the block's prologue and epilogue (about 150), ComputeNewPos about 40; the rest of tfunc 480.
     */
    static final CodeObject ACCEL_CODE = CodeObject.of("ComputeAccel", 4 * (8 * 26 + 150), Placement.LOCAL);
    static final CodeObject MAIN_CODE = CodeObject.of("nbody_main", 4 * 40 + 480, Placement.LOCAL);

    /** Instruction counts from the source; the buffer loads and stores are charged by the bodies. */
    static final class Costs {
        private Costs() {}

        /**
         * ComputeAccel of a visiting block of {@code np} particles on the rank's {@code np} (h lines
         * 77-142), np a multiple of 8.
         * <ul>
         *   <li>Per interaction (np^2, lines 98-131, one of eight per j): 3 FSUB (rx, ry, rz), 3 FMA
         *       (r^2 + eps), Q_rsqrt's 4 FMUL and one FSUB (h lines 65-71; its bit shift and
         *       subtract from the magic constant are 2 IALU: the register file is shared, so the
         *       float-to-int reinterpretation costs nothing), invr^3 by 2 FMUL, and the three
         *       accumulations, each an FMUL of mj by r and an FMA: 19 FPU, 2 IALU.</li>
         *   <li>Per j (np^2/8): the 4 loads of the visiting particle (charged), j++ with the
         *       compare, 2 IALU, and a back-edge.</li>
         *   <li>Per block of 8 (np/8, lines 81-96 and 133-140): 24 loads of x, y, z (charged), 24
         *       register clears (IALU moves), 24 loads, 24 FADD and 24 stores of the accelerations
         *       (charged), i += 8 with the compare, 2 IALU, and a back-edge.</li>
         *   <li>Per call: 4 IALU of argument set-up and a call and return, 2 branches; at k = 0 the
         *       copy of the own block into the visiting buffer (line 73), 4 np floats loaded and
         *       stored (charged) with a counter and a back-edge per particle, and the
         *       MPI_Sendrecv_replace call it stands for after each pass but the last, 10 IALU, 4
         *       load/store and 2 branches (closed source; as CannonProgram's call entry) with a
         *       counter and a back-edge per doubleword of the block passed on (its loads and
         *       remote stores charged).</li>
         * </ul>
         * For np = 128, a middle pass: 311,680 FPU, 37,550 IALU, 2,324 branches, 4 load/store.
         */
        static Cost accel(int np, boolean first, boolean passes) {
            long pairs = (long) np * np;
            long js = pairs / 8;
            long blocks = np / 8;
            long fpu = 19 * pairs + 24 * blocks;
            long ialu = 2 * pairs + 2 * js + (24 + 2) * blocks + 4;
            long branches = js + blocks + 2;
            long loadStore = 0;
            if (first) {
                ialu += np;
                branches += np;
            }
            if (passes) {
                long dw = 2L * np;
                ialu += 10 + dw;
                loadStore += 4;
                branches += 2 + dw;
            }
            return new Cost(0, ialu, fpu, loadStore, branches);
        }

        /**
         * ComputeNewPos (h lines 144-165) of np particles: per particle 6 loads and 6 stores of the
         * state and 3 loads and 3 stores of the position (charged), {@code 0.5f*dt*dt} (2 FMUL,
         * not hoisted by the source), 3 x (FMUL, FMA, FADD) for the position and 3 FMA for the
         * velocity, 14 FPU; 3 register clears, the counter and compare, 5 IALU; a back-edge.
         */
        static Cost newPos(int np) {
            return new Cost(0, 5L * np, 14L * np, 0, np);
        }

        /** tfunc lines 47-68: MPI_Init, rank, size, MPI_Cart_shift (closed source; CannonProgram's estimates), n/size (a libgcc division), three coprthr_tls_sbrk. */
        static final Cost LOAD = Cost.instructions(120 + 8 + 32 + 32 + 3 * 4, 0, 6 + 48 + 2 + 12 + 3 * 2,
                16 + 2 + 4 + 8 + 3 * 2);
        /** coprthr_tls_brk and MPI_Finalize, tfunc lines 88-90 (estimate as cannon's finalize). */
        static final Cost STORE = Cost.instructions(16, 0, 4, 4);
    }

    /** The particles and state in DRAM and each rank's arrays. */
    public static final class Frame {
        final int n;
        final int steps;
        final long seed;
        final float[] p0;
        final float[] v0;
        final float[] gP;
        final float[] gV;
        final float[][] mine = new float[RANKS][];
        final float[][] state = new float[RANKS][];
        final float[][][] visit = new float[2][RANKS][];

        Frame(int n, int steps, long seed) {
            this.n = n;
            this.steps = steps;
            this.seed = seed;
            p0 = new float[4 * n];
            v0 = new float[6 * n];
            initParticles(p0, v0, n, seed);
            gP = p0.clone();
            gV = v0.clone();
            int np = n / RANKS;
            for (int q = 0; q < RANKS; q++) {
                mine[q] = new float[4 * np];
                state[q] = new float[6 * np];
                visit[0][q] = new float[4 * np];
                visit[1][q] = new float[4 * np];
            }
        }
    }

    private NbodyProgram() {}

    /** main's init_particles (lines 50-133), a Plummer sphere; the generator stands in for rand(). */
    static void initParticles(float[] p, float[] v, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float alphas = 2.0f;
        float body1 = 5.0f;
        float bodyn = 1.0f;
        float twopi = 6.283185307f;
        float alpha1 = alphas - 1.0f;
        float fm1 = 1.0f / (float) Math.pow(body1, alpha1);
        float fmn = (fm1 - 1.0f / (float) Math.pow(bodyn, alpha1)) / ((float) n - 1.0f);
        float zmass = 0.0f;
        float coef = 1.0f / alpha1;
        for (int i = 0; i < n; i++) {
            float fmi = fm1 - (float) (i - 1) * fmn;
            p[4 * i + 3] = 1.0f / (float) Math.pow(fmi, coef);
            zmass += p[4 * i + 3];
        }
        float zmbar1 = zmass / (float) n;
        for (int i = 0; i < n; i++) {
            p[4 * i + 3] /= zmbar1;
        }
        zmass = (float) n;
        float[] cmr = new float[3];
        for (int i = 0; i < n; i++) {
            float ri;
            do {
                float a1 = (float) r.nextDouble();
                ri = 1.0f / (float) Math.sqrt((float) Math.pow(a1, -0.6666667f) - 1.0f);
            } while (!(ri <= 10.0f));
            float a2 = (float) r.nextDouble();
            float a3 = (float) r.nextDouble();
            float z = (1.0f - 2.0f * a2) * ri;
            float rxy = (float) Math.sqrt(ri * ri - z * z);
            p[4 * i] = rxy * (float) Math.cos(twopi * a3);
            p[4 * i + 1] = rxy * (float) Math.sin(twopi * a3);
            p[4 * i + 2] = z;
            float a4;
            float a6;
            do {
                a4 = (float) r.nextDouble();
                float a5 = (float) r.nextDouble();
                a6 = a4 * a4 * (float) Math.pow(1.0f - a4 * a4, 3.5f);
                if (!(0.1f * a5 > a6)) {
                    break;
                }
            } while (true);
            float a8 = a4 * (float) Math.sqrt(2.0f) / (float) Math.pow(1.0f + ri * ri, 0.25f);
            a6 = (float) r.nextDouble();
            float a7 = (float) r.nextDouble();
            float vz = (1.0f - 2.0f * a6) * a8;
            float vxy = (float) Math.sqrt(a8 * a8 - vz * vz);
            v[6 * i] = vxy * (float) Math.cos(twopi * a7);
            v[6 * i + 1] = vxy * (float) Math.sin(twopi * a7);
            v[6 * i + 2] = vz;
            for (int d = 0; d < 3; d++) {
                cmr[d] += p[4 * i + 3] * p[4 * i + d];
            }
        }
        // main sums the position moment into cmrdot too (lines 109-111): kept
        float a1 = 1.5f * twopi / 16.0f;
        float a2 = (float) Math.sqrt(zmass / a1);
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 3; d++) {
                p[4 * i + d] = (p[4 * i + d] - cmr[d] / zmass) * a1;
                v[6 * i + d] = (v[6 * i + d] - cmr[d] / zmass) * a2;
                v[6 * i + 3 + d] = 0f;
            }
        }
    }

    /** h lines 60-75, one Newton step. */
    static float qRsqrt(float number) {
        float x2 = number * 0.5f;
        int i = Float.floatToRawIntBits(number);
        i = 0x5f3759df - (i >> 1);
        float y = Float.intBitsToFloat(i);
        return y * (1.5f - (x2 * y * y));
    }

    /** ComputeAccel (h lines 77-142): the pull of {@code others} (np particles from float {@code oOff}) added to pv. */
    static void computeAccel(float[] mine, int mOff, float[] others, int oOff, int count, float[] pv, int vOff,
            int np) {
        for (int i = 0; i < np; i++) {
            float xi = mine[mOff + 4 * i];
            float yi = mine[mOff + 4 * i + 1];
            float zi = mine[mOff + 4 * i + 2];
            float ax = 0f;
            float ay = 0f;
            float az = 0f;
            for (int j = 0; j < count; j++) {
                int o = oOff + 4 * j;
                float rx = others[o] - xi;
                float ry = others[o + 1] - yi;
                float rz = others[o + 2] - zi;
                float mj = others[o + 3];
                float invr = qRsqrt(Math.fma(rz, rz, Math.fma(ry, ry, Math.fma(rx, rx, ES))));
                float invr3 = invr * invr * invr;
                ax = Math.fma(mj * rx, invr3, ax);
                ay = Math.fma(mj * ry, invr3, ay);
                az = Math.fma(mj * rz, invr3, az);
            }
            pv[vOff + 6 * i + 3] += ax;
            pv[vOff + 6 * i + 4] += ay;
            pv[vOff + 6 * i + 5] += az;
        }
    }

    /** ComputeNewPos (h lines 144-165). */
    static void computeNewPos(float[] p, int pOff, float[] pv, int vOff, int np) {
        for (int i = 0; i < np; i++) {
            int v = vOff + 6 * i;
            int x = pOff + 4 * i;
            float halfdtdt = 0.5f * DT * DT;
            for (int d = 0; d < 3; d++) {
                float vel = pv[v + d];
                float acc = pv[v + 3 + d];
                p[x + d] += vel * DT + acc * halfdtdt;
                pv[v + d] = vel + acc * DT;
                pv[v + 3 + d] = 0f;
            }
        }
    }

    /**
     * The n-body on {@code machine}.
     *
     * @throws IllegalArgumentException for particles not a multiple of 128 in 128..4096, steps outside
     *                                  1..10000, or a mesh smaller than 4x4
     */
    public static Program<Frame> of(int n, int steps, long seed, Machine machine) {
        return of(n, steps, seed, machine, false);
    }

    /** As {@link #of(int, int, long, Machine)}; {@code faulty} makes one pass skip a particle's pull (for tests). */
    static Program<Frame> of(int n, int steps, long seed, Machine machine, boolean faulty) {
        if (n < 8 * RANKS || n % (8 * RANKS) != 0 || n > 4096) {
            throw new IllegalArgumentException("nbody --size " + n + ": expected a multiple of 128 from 128 to 4096 "
                    + "particles (16 ranks, each block a multiple of ComputeAccel's 8)");
        }
        if (steps < 1 || steps > 10_000) {
            throw new IllegalArgumentException("nbody --iterations " + steps + ": expected 1..10000 time steps");
        }
        if (machine.rows() < 4 || machine.cols() < 4) {
            throw new IllegalArgumentException("nbody needs a mesh of at least 4x4 cores, " + machine.name() + " has "
                    + machine.rows() + "x" + machine.cols());
        }
        int np = n / RANKS;
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("nbody");
        BufferHandle<float[]> gP = tp.buffer("particles", BufferPlace.external(), f -> f.gP);
        BufferHandle<float[]> gV = tp.buffer("state", BufferPlace.external(), f -> f.gV);
        BufferHandle<float[]>[] mine = StencilProgram.handles(1, RANKS)[0];
        BufferHandle<float[]>[] state = StencilProgram.handles(1, RANKS)[0];
        BufferHandle<float[]>[][] visit = StencilProgram.handles(2, RANKS);
        for (int q = 0; q < RANKS; q++) {
            final int qq = q;
            BufferPlace at = BufferPlace.core(q / 4, q % 4);
            mine[q] = tp.buffer("my_particles" + q, at, f -> f.mine[qq]);
            state[q] = tp.buffer("my_state" + q, at, f -> f.state[qq]);
            visit[0][q] = tp.buffer("sendbuf" + q, at, f -> f.visit[0][qq]);
            visit[1][q] = tp.buffer("recvbuf" + q, at, f -> f.visit[1][qq]);
        }
        CodeletHandle done = tp.codelet("done", ctx -> { }).deps(2 * RANKS).code(MAIN_CODE);
        CodeletHandle[][][] accel = new CodeletHandle[RANKS][steps][RANKS];
        CodeletHandle[][] newpos = new CodeletHandle[RANKS][steps];
        List<List<Integer>> owned = new ArrayList<>();
        for (int q = 0; q < RANKS; q++) {
            final int qq = q;
            List<Integer> mineIdx = new ArrayList<>();
            owned.add(mineIdx);
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < RANKS; k++) {
                    final int kk = k;
                    final boolean fault = faulty && q == 3 && t == 0 && k == 5;
                    accel[q][t][k] = tp.codelet("accel(" + q + "," + t + "," + k + ")",
                                    ctx -> pass(ctx, qq, kk, np, mine, state, visit, fault))
                            .code(ACCEL_CODE).cost(Costs.accel(np, k == 0, k < RANKS - 1));
                    mineIdx.add(accel[q][t][k].index());
                }
                final int tt = t;
                newpos[q][t] = tp.codelet("newpos(" + q + "," + t + ")", ctx -> newPos(ctx, mine[qq], state[qq], np))
                        .code(MAIN_CODE).cost(Costs.newPos(np));
                mineIdx.add(newpos[q][t].index());
                accel[q][t][RANKS - 1].precede(newpos[q][t]);
                if (tt > 0) {
                    newpos[q][t - 1].precede(accel[q][t][0]);
                }
            }
            CodeletHandle first = accel[q][0][0].deps(2);
            mineIdx.add(tp.codelet("load(" + q + ")", ctx -> {
                ctx.dma(gP, 4 * qq * np, mine[qq], 0, 4 * np, ctx.slotOf(first));
                ctx.dma(gV, 6 * qq * np, state[qq], 0, 6 * np, ctx.slotOf(first));
            }).code(MAIN_CODE).cost(Costs.LOAD).index());
            CodeletHandle store = tp.codelet("store(" + q + ")", ctx -> {
                ctx.dma(mine[qq], 0, gP, 4 * qq * np, 4 * np, ctx.slotOf(done));
                ctx.dma(state[qq], 0, gV, 6 * qq * np, 6 * np, ctx.slotOf(done));
            }).code(MAIN_CODE).cost(Costs.STORE);
            mineIdx.add(store.index());
            newpos[q][steps - 1].precede(store);
        }
        for (int q = 0; q < RANKS; q++) {
            int left = (q + RANKS - 1) % RANKS;
            int right = (q + 1) % RANKS;
            for (int t = 0; t < steps; t++) {
                for (int k = 1; k < RANKS; k++) {
                    accel[q][t][k - 1].precede(accel[q][t][k]);
                    accel[right][t][k - 1].precede(accel[q][t][k]);
                    accel[left][t][k - 1].precede(accel[q][t][k]);
                }
                if (t > 0) {
                    accel[left][t - 1][RANKS - 1].precede(accel[q][t][0]);
                }
            }
            int core = machine.core(q / 4, q % 4);
            if (machine.role(core) == CoreRole.CU) {
                for (int i : owned.get(q)) {
                    tp.get(i).affinity(core);
                }
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", Integer.toString(n));
        params.put("iterations", Integer.toString(steps));
        params.put("seed", Long.toString(seed));
        return Program.of("nbody", tp.build(), () -> new Frame(n, steps, seed), NbodyProgram::check, params);
    }

    /**
     * Pass k of the ring at rank q: at k = 0 the own block into the visiting buffer; the pull of the
     * visiting block (rank q+k's) on the own; then, but on the last pass, the block on to rank q-1's
     * other visiting buffer.
     */
    static void pass(CodeletContext<Frame> ctx, int q, int k, int np, BufferHandle<float[]>[] mine,
            BufferHandle<float[]>[] state, BufferHandle<float[]>[][] visit, boolean fault) {
        BufferHandle<float[]> here = visit[k % 2][q];
        if (k == 0) {
            System.arraycopy(ctx.read(mine[q], 0, 4 * np), 0, ctx.write(here, 0, 4 * np), 0, 4 * np);
        }
        float[] own = ctx.read(mine[q], 0, 0);
        float[] others = ctx.read(here, 0, 0);
        float[] pv = ctx.read(state[q], 0, 0);
        for (int b = 0; b < np; b += 8) {
            ctx.read(mine[q], 4 * b, 4 * 8);      // x, y, z of the eight (mass words unread, charged as the struct's stride)
            ctx.read(here, 0, 4 * np);            // the visiting block, once per eight
            ctx.read(state[q], 6 * b, 6 * 8);     // the accelerations read and added to
            ctx.write(state[q], 6 * b, 6 * 8);
        }
        computeAccel(own, 0, others, 0, fault ? np - 1 : np, pv, 0, np);
        if (k < RANKS - 1) {
            int left = (q + RANKS - 1) % RANKS;
            BufferHandle<float[]> there = visit[(k + 1) % 2][left];
            System.arraycopy(ctx.read(here, 0, 4 * np), 0, ctx.write(there, 0, 4 * np), 0, 4 * np);
        }
    }

    private static void newPos(CodeletContext<Frame> ctx, BufferHandle<float[]> mine, BufferHandle<float[]> state,
            int np) {
        float[] p = ctx.read(mine, 0, 4 * np);
        ctx.write(mine, 0, 4 * np);
        float[] v = ctx.read(state, 0, 6 * np);
        ctx.write(state, 0, 6 * np);
        computeNewPos(p, 0, v, 0, np);
    }

    /** The ring's arithmetic in one thread: particles after {@code steps}, each rank summing the blocks in ring order. */
    public static float[] reference(int n, int steps, long seed) {
        float[] p = new float[4 * n];
        float[] v = new float[6 * n];
        initParticles(p, v, n, seed);
        int np = n / RANKS;
        for (int t = 0; t < steps; t++) {
            float[] snapshot = p.clone();
            for (int q = 0; q < RANKS; q++) {
                for (int k = 0; k < RANKS; k++) {
                    int from = (q + k) % RANKS;
                    computeAccel(p, 4 * q * np, snapshot, 4 * from * np, np, v, 6 * q * np, np);
                }
            }
            computeNewPos(p, 0, v, 0, n);
        }
        return p;
    }

    /** main's update_particles_cpu (lines 181-191): all n particles in index order each step. */
    static float[] plainReference(int n, int steps, long seed) {
        float[] p = new float[4 * n];
        float[] v = new float[6 * n];
        initParticles(p, v, n, seed);
        for (int t = 0; t < steps; t++) {
            float[] snapshot = p.clone();
            computeAccel(p, 0, snapshot, 0, n, v, 0, n);
            computeNewPos(p, 0, v, 0, n);
        }
        return p;
    }

    static CheckResult check(Frame f) {
        float[] ref = reference(f.n, f.steps, seedOf(f));
        for (int i = 0; i < ref.length; i++) {
            if (Float.floatToIntBits(ref[i]) != Float.floatToIntBits(f.gP[i])) {
                return CheckResult.failed("particle " + i / 4 + " " + "xyzm".charAt(i % 4) + " = " + f.gP[i]
                        + ", the ring's arithmetic in one thread gives " + ref[i]);
            }
        }
        float[] plain = plainReference(f.n, f.steps, seedOf(f));
        float worst = 0f;
        for (int i = 0; i < plain.length; i++) {
            if (i % 4 != 3) {
                worst = Math.max(worst, Math.abs(plain[i] - f.gP[i]));
            }
        }
        String figures = String.format(Locale.ROOT, "max position delta %.2e against main's CPU order (tolerance %.0e)",
                worst, TOLERANCE);
        return worst <= TOLERANCE ? CheckResult.passed(f.n + " particles after " + f.steps + " steps match the ring's "
                + "arithmetic bit for bit; " + figures) : CheckResult.failed(figures);
    }

    private static long seedOf(Frame f) {
        return f.seed;
    }
}
