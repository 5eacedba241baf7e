package io.edarts.epiphany.mesh;

import io.edarts.cam.Charge;
import io.edarts.cam.Interconnect;
import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.ArrayList;
import java.util.List;

/**
 * The eMesh every firing and runtime message of a run shares: the transaction-level {@link EMesh}
 * (links, round-robin arbitration at every router output, back-pressure, the eLink) plus the cores
 * that drive it, replaying each firing's {@link FiringScript}.
 *
 * <h2>Design note</h2>
 * <p><b>Why transaction-level.</b> The effect this model exists for, the slowdown of code executed
 * in place when many cores fetch from one memory, comes from per-input round-robin arbitration with
 * back-pressure at every router on the way (the parking-lot shares described in {@link EMesh}).
 * A flow-level model with max-min fair sharing, as SimGrid uses, gives every flow through a
 * bottleneck an equal share and so loses exactly that row effect; weighting the shares by the
 * arbitration tree would reproduce it only for single-destination trees and still miss
 * back-pressure. The transaction-level mesh is the reference, so driving the run through it makes
 * the error against the reference zero by construction for the traffic it carries, and its cost is
 * what the traffic is: a firing with local code costs one queue event, a runtime message a few
 * events per hop, and code executed in place one read per 8-byte line, as on the chip.
 *
 * <p><b>Measured error against the reference.</b> The remote-execution experiment as codelet runs
 * agrees with {@code experiment.RemoteExec} (which walks the loop line by line through the same
 * {@link EMesh}) within 4.6% on every core of every case, both loops ({@code
 * RemoteExecAgreementTest}, 100 iterations): one-at-a-time 1.038 / 0.963 (int / float, worst
 * codelet-over-reference ratio), all-at-once 0.993 / 0.954, external DRAM 1.003 / 0.955. The gap is
 * the core model's coarser description of the loop (lines from instructions x 3.2 bytes, the
 * taken-branch penalty after the fetch, the body as a mix), not this class: a firing alone ends
 * exactly at its charge ({@code ContendedMeshTest}).
 *
 * <p><b>What a firing does.</b> A core replays its script in order: local work as a timer, each
 * blocking read as an {@link EMesh#read} issued when the previous step ended (one read in flight,
 * as the core model assumes for fetches and loads), local work between the reads of code run in
 * place spread evenly (fetch a line, execute it), posted writes submitted and not waited for. Read
 * completions are rounded up to whole cycles, as {@link MeshTiming#readCycles} rounds, so a firing
 * alone on an idle mesh ends exactly {@link Charge#cost()} cycles after it started.
 *
 * <p><b>Simplifications.</b> A posted write never stalls its core (the core model's own eLink stall
 * for bursts of DRAM stores is kept as local work); bank conflicts at the target and the priority of
 * load/store over fetch over DMA inside a node are not modelled (ARCH Table 4); the SU's decision
 * is local work of the SU, not mesh traffic.
 *
 * <p><b>Time and order.</b> Cycles outside, half-cycle ticks inside. A core's event at cycle c is
 * processed before the mesh's events at tick 2c, as in {@code experiment.RemoteExec}; ties among
 * cores go by submission order. Everything depends only on the calls, never on the host.
 */
public final class ContendedMesh implements Interconnect {
    private static final int RESUME = 0;
    private static final int DELIVER = 1;
    /** Posted writes: the core does not wait for them. */
    private static final EMesh.Completion POSTED = (id, tick) -> { };

    private final EMesh mesh;
    private final MeshGeometry g;
    private final EventQueue cores = new EventQueue();
    private final Runner[] runners;
    /** Callbacks of messages to self and of firings without traffic, by slot, with a free list. */
    private final List<Done> pending = new ArrayList<>();
    private long[] pendingAt = new long[16];
    private int[] free = new int[16];
    private int freeTop;

    public ContendedMesh(MeshGeometry geometry, EpiphanyParams params) {
        this.g = geometry;
        this.mesh = new EMesh(geometry, params);
        this.runners = new Runner[geometry.coreCount()];
    }

    @Override
    public void send(int from, int to, int bytes, long cycle, Done done) {
        if (from == to) {
            later(cycle, done);
            return;
        }
        mesh.write(from, to, Math.max(bytes, 1), cycle * EpiphanyParams.TICKS_PER_CYCLE,
                (id, tick) -> done.done(MeshTiming.toCycles(tick)));
    }

    @Override
    public void fire(int core, Charge charge, long cycle, Done done) {
        long end = Math.addExact(cycle, charge.cost().total());
        if (!(charge.traffic() instanceof FiringScript s)) {
            later(end, done);
            return;
        }
        Runner r = runners[core];
        if (r == null) {
            r = new Runner(core);
            runners[core] = r;
        }
        r.start(s, cycle, done);
    }

    @Override
    public long nextEventCycle() {
        long core = cores.isEmpty() ? Long.MAX_VALUE : cores.peekTick();
        long tick = mesh.nextEventTick();
        long m = tick == Long.MAX_VALUE ? Long.MAX_VALUE : MeshTiming.toCycles(tick);
        return Math.min(core, m);
    }

    @Override
    public void step() {
        long tick = mesh.nextEventTick();
        if (!cores.isEmpty() && (tick == Long.MAX_VALUE
                || cores.peekTick() * EpiphanyParams.TICKS_PER_CYCLE <= tick)) {
            long cycle = cores.peekTick();
            int type = cores.peekType();
            int arg = cores.peekArg();
            cores.pop();
            if (type == RESUME) {
                runners[arg].resume(cycle);
            } else {
                Done d = pending.get(arg);
                pending.set(arg, null);
                push(arg);
                d.done(pendingAt[arg]);
            }
        } else if (tick != Long.MAX_VALUE) {
            mesh.step();
        }
    }

    /**
     * The links that carried traffic, as the mesh measured them (a read request counts the 8 bytes
     * of its addresses, as {@code EpiphanyTarget.linkLoads} does): between neighbours, the DRAM end
     * of the eLink being {@code Traffic.DRAM}, and each core's port into its own node as a link from
     * the core to itself (where readers of one memory queue: the hot spot of remote execution).
     */
    @Override
    public List<io.edarts.cam.LinkLoad> linkLoads() {
        List<io.edarts.cam.LinkLoad> out = new ArrayList<>();
        int dram = g.dramNode();
        for (LinkStats s : mesh.linkStats()) {
            int to = s.port() == Port.LOCAL ? s.node() : mesh.neighbour(s.node(), s.port());
            if (to < 0) {
                continue;
            }
            String kind = s.kind() == MeshKind.RMESH ? "rmesh" : s.kind() == MeshKind.XMESH ? "xmesh" : "cmesh";
            out.add(new io.edarts.cam.LinkLoad(s.node() == dram ? io.edarts.cam.Traffic.DRAM : s.node(),
                    to == dram ? io.edarts.cam.Traffic.DRAM : to, kind, s.bytes(), s.busyCycles(),
                    MeshTiming.toCycles(s.waitTicks())));
        }
        return out;
    }

    private void later(long cycle, Done done) {
        int slot;
        if (freeTop > 0) {
            slot = free[--freeTop];
            pending.set(slot, done);
        } else {
            slot = pending.size();
            pending.add(done);
            if (slot == pendingAt.length) {
                pendingAt = java.util.Arrays.copyOf(pendingAt, slot * 2);
            }
        }
        pendingAt[slot] = cycle;
        cores.push(cycle, 0, DELIVER, slot);
    }

    private void push(int slot) {
        if (freeTop == free.length) {
            free = java.util.Arrays.copyOf(free, free.length * 2);
        }
        free[freeTop++] = slot;
    }

    /** One core replaying one firing's script; a core fires one codelet at a time. */
    private final class Runner implements EMesh.Completion {
        private final int core;
        private long[] ops;
        private int pc;
        private long now;
        private long read;
        private boolean slice;
        private Done done;

        Runner(int core) {
            this.core = core;
        }

        void start(FiringScript s, long cycle, Done d) {
            if (done != null) {
                throw new IllegalStateException("core " + core + " started a firing at cycle " + cycle
                        + " while one is still running");
            }
            ops = s.ops;
            pc = 0;
            read = 0;
            slice = false;
            now = cycle;
            done = d;
            run();
        }

        void resume(long cycle) {
            now = cycle;
            run();
        }

        @Override
        public void done(long transferId, long completionTick) {
            now = MeshTiming.toCycles(completionTick);
            long count = ops[pc + 3];
            long between = ops[pc + 4];
            // the local work after read i: an even share of the op's cycles, exact in total
            long work = between == 0 ? 0 : share(between, count, read);
            read++;
            if (work > 0) {
                cores.push(now + work, 0, RESUME, core);
                return;
            }
            run();
        }

        /** floor((i+1) b / n) - floor(i b / n): shares that add up to exactly b over n reads. */
        private static long share(long b, long n, long i) {
            long q = b / n;
            long r = b % n;
            if (r == 0) {
                return q;
            }
            if (i + 1 < Long.MAX_VALUE / r) {
                return q + ((i + 1) * r) / n - (i * r) / n;
            }
            java.math.BigInteger br = java.math.BigInteger.valueOf(r);
            java.math.BigInteger bn = java.math.BigInteger.valueOf(n);
            return q + br.multiply(java.math.BigInteger.valueOf(i + 1)).divide(bn).longValueExact()
                    - br.multiply(java.math.BigInteger.valueOf(i)).divide(bn).longValueExact();
        }

        private void run() {
            while (pc < ops.length) {
                int type = (int) ops[pc];
                if (type == FiringScript.COMPUTE) {
                    if (!slice) {
                        slice = true;
                        cores.push(now + ops[pc + 4], 0, RESUME, core);
                        return;
                    }
                    slice = false;
                    pc += FiringScript.WIDTH;
                } else if (type == FiringScript.READS) {
                    if (read < ops[pc + 3]) {
                        mesh.read(core, (int) ops[pc + 1], (int) ops[pc + 2], now * EpiphanyParams.TICKS_PER_CYCLE,
                                this);
                        return;
                    }
                    read = 0;
                    pc += FiringScript.WIDTH;
                } else {
                    mesh.write(core, (int) ops[pc + 1], (int) ops[pc + 2], now * EpiphanyParams.TICKS_PER_CYCLE,
                            POSTED);
                    pc += FiringScript.WIDTH;
                }
            }
            Done d = done;
            done = null;
            ops = null;
            d.done(now);
        }
    }
}
