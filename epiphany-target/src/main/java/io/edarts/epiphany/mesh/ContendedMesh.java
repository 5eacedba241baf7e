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
    private static final int DMA_ISSUE = 2;
    /** Posted writes: the core does not wait for them. */
    private static final EMesh.Completion POSTED = (id, tick) -> { };

    private final EMesh mesh;
    private final MeshGeometry g;
    private final EventQueue cores = new EventQueue();
    private final Runner[] runners;
    private final DmaEngine[] engines;
    private final int channels;
    /** Callbacks of messages to self and of firings without traffic, by slot, with a free list. */
    private Done[] pending = new Done[16];
    private long[] pendingAt = new long[16];
    private int pendingSlots;
    private int[] free = new int[16];
    private int freeTop;
    private boolean inOrder;
    private java.util.function.LongSupplier other = () -> Long.MAX_VALUE;

    public ContendedMesh(MeshGeometry geometry, EpiphanyParams params) {
        this.g = geometry;
        this.mesh = new EMesh(geometry, params);
        this.runners = new Runner[geometry.coreCount()];
        this.engines = new DmaEngine[geometry.coreCount()];
        this.channels = params.dmaChannels();
    }

    /**
     * Runs {@code transfer} on {@code channel} of {@code core}'s DMA engine from {@code cycle}
     * (see {@link DmaEngine}).
     *
     * @throws IllegalArgumentException if the channel does not exist or the transfer cannot run here
     *                                  ({@link DmaPlan#of})
     * @throws IllegalStateException    if the channel is already running a transfer
     */
    @Override
    public void dma(int core, int channel, io.edarts.cam.Dma transfer, long cycle, Done done) {
        if (channel < 0 || channel >= channels) {
            throw new IllegalArgumentException("core " + core + " has DMA channels 0.." + (channels - 1) + ", not "
                    + channel);
        }
        DmaPlan plan = DmaPlan.of(transfer, core, g);
        DmaEngine e = engines[core];
        if (e == null) {
            e = new DmaEngine(core);
            engines[core] = e;
        }
        e.start(channel, plan, cycle, done);
    }

    /**
     * Cycles of {@code transfer} on {@code core}'s engine alone on an idle mesh, memoized in
     * {@code memo} by what they depend on. Thread-safe if {@code memo} is.
     *
     * @throws IllegalArgumentException as {@link DmaPlan#of}
     */
    public static long dmaAlone(MeshGeometry geometry, EpiphanyParams params, int core, io.edarts.cam.Dma transfer,
                                java.util.Map<java.util.List<Long>, Long> memo) {
        DmaPlan plan = DmaPlan.of(transfer, core, geometry);
        java.util.List<Long> key = java.util.Arrays.stream(plan.shape(core)).boxed().toList();
        Long known = memo.get(key);
        if (known != null) {
            return known;
        }
        ContendedMesh alone = new ContendedMesh(geometry, params);
        long[] end = {-1};
        alone.dma(core, 0, transfer, 0, c -> end[0] = c);
        while (alone.nextEventCycle() != Long.MAX_VALUE) {
            alone.step();
        }
        memo.put(key, end[0]);
        return end[0];
    }

    @Override
    public void send(int from, int to, int bytes, long cycle, Done done) {
        if (from == to) {
            later(cycle, done);
            return;
        }
        long tick = cycle * EpiphanyParams.TICKS_PER_CYCLE;
        mesh.writeCycles(from, to, Math.max(bytes, 1), tick, done, startNow(tick));
    }

    /**
     * A posted write of {@code bytes} that may start later than the mesh's next event (a unit's
     * output as it leaves the pipeline, a core's copy loop): from core {@code from} to node
     * {@code toNode} (a core or the DRAM node, the far side of the eLink), or, with {@code from} the
     * DRAM node, from the far side of the eLink into core {@code toNode}. It never starts at once,
     * so it keeps the owner's in-order promise ({@link #submitsInOrder}) whatever its cycle.
     * {@code done} when its last byte is delivered.
     *
     * @throws IllegalArgumentException for a bad node or size, or a write to itself
     */
    public void post(int from, int toNode, int bytes, long cycle, Done done) {
        long tick = cycle * EpiphanyParams.TICKS_PER_CYCLE;
        if (from == g.dramNode()) {
            mesh.writeFromOffChip(toNode, Math.max(bytes, 1), tick,
                    done == null ? POSTED : (id, t) -> done.done(MeshTiming.toCycles(t)));
        } else if (done == null) {
            mesh.write(from, toNode, Math.max(bytes, 1), tick, POSTED, false);
        } else {
            mesh.writeCycles(from, toNode, Math.max(bytes, 1), tick, done, false);
        }
    }

    /** {@code done} at {@code cycle}, an event of this mesh like a message to self. */
    public void at(long cycle, Done done) {
        later(cycle, done);
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

    /**
     * The owner promises to submit in time order ({@link Interconnect#submitsInOrder}): from now on a
     * transfer whose arrival would be the mesh's next event takes its first step at once.
     */
    @Override
    public void submitsInOrder() {
        submitsInOrder(() -> Long.MAX_VALUE);
    }

    /**
     * {@link #submitsInOrder()} for a mesh stepped together with another event source (the host-call
     * daemon) whose events, at the cycle {@code otherNextCycle} gives, may submit too: a transfer
     * starts at once only if none of those comes before it either.
     */
    public void submitsInOrder(java.util.function.LongSupplier otherNextCycle) {
        if (otherNextCycle == null) {
            throw new IllegalArgumentException("otherNextCycle must not be null");
        }
        inOrder = true;
        other = otherNextCycle;
    }

    /**
     * Whether a transfer submitted at {@code tick} may start at once: the owner submits in order and no
     * core of this mesh has an event before the tick (a core's events at a cycle come before the mesh's
     * at that cycle, and one could submit earlier).
     */
    private boolean startNow(long tick) {
        if (!inOrder || (!cores.isEmpty() && cores.peekTick() * EpiphanyParams.TICKS_PER_CYCLE < tick)) {
            return false;
        }
        long o = other.getAsLong();
        return o == Long.MAX_VALUE || o * EpiphanyParams.TICKS_PER_CYCLE >= tick;
    }

    @Override
    public long nextEventCycle() {
        return nextEventCycle(mesh.nextEventTick());
    }

    /** The next event's cycle, core or mesh, {@code tick} being the mesh's next. */
    private long nextEventCycle(long tick) {
        long core = cores.isEmpty() ? Long.MAX_VALUE : cores.peekTick();
        long m = tick == Long.MAX_VALUE ? Long.MAX_VALUE : MeshTiming.toCycles(tick);
        return Math.min(core, m);
    }

    @Override
    public void step() {
        step(mesh.nextEventTick());
    }

    /** As {@code nextEventCycle() < cycle} then {@link #step()}, the mesh's next tick looked up once. */
    @Override
    public boolean stepBefore(long cycle) {
        long tick = mesh.nextEventTick();
        if (nextEventCycle(tick) >= cycle) {
            return false;
        }
        step(tick);
        return true;
    }

    /** The next event, core or mesh, {@code tick} being the mesh's next. */
    private void step(long tick) {
        if (!cores.isEmpty() && (tick == Long.MAX_VALUE
                || cores.peekTick() * EpiphanyParams.TICKS_PER_CYCLE <= tick)) {
            long cycle = cores.peekTick();
            int type = cores.peekType();
            int arg = cores.peekArg();
            cores.pop();
            if (type == RESUME) {
                runners[arg].resume(cycle);
            } else if (type == DMA_ISSUE) {
                engines[arg].issue(cycle);
            } else {
                Done d = pending[arg];
                pending[arg] = null;
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
        } else {
            slot = pendingSlots++;
            if (slot == pending.length) {
                pending = java.util.Arrays.copyOf(pending, slot * 2);
                pendingAt = java.util.Arrays.copyOf(pendingAt, slot * 2);
            }
        }
        pending[slot] = done;
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
                        long tick = now * EpiphanyParams.TICKS_PER_CYCLE;
                        mesh.read(core, (int) ops[pc + 1], (int) ops[pc + 2], tick, this, startNow(tick));
                        return;
                    }
                    read = 0;
                    pc += FiringScript.WIDTH;
                } else {
                    long tick = now * EpiphanyParams.TICKS_PER_CYCLE;
                    mesh.write(core, (int) ops[pc + 1], (int) ops[pc + 2], tick, POSTED, startNow(tick));
                    pc += FiringScript.WIDTH;
                }
            }
            Done d = done;
            done = null;
            ops = null;
            d.done(now);
        }
    }

    /**
     * One core's DMA engine replaying transfers on the mesh. The engine issues at most one transaction
     * a cycle over all its channels ("one doubleword per cycle", ARCH 8; epiphany-facts.md "DMA"),
     * and in a cycle in which both channels have one ready, channel 0's goes (channel 0 has priority,
     * ARCH 8.3). A transaction moves one item of the descriptor's data size ({@link DmaPlan}): from
     * local to remote memory a posted write (cMesh, or xMesh and eLink to DRAM), from remote to local
     * a read (a request on the rMesh, the data back on the cMesh), between two remote memories a read
     * whose data the engine then writes on, and within local memory no mesh at all (one cycle through
     * the DMA bank port, facts "bank ports per cycle"). The engine does not wait for a transaction
     * before issuing the next, as {@code validate}'s DMA rows assume; the mesh's links, router
     * buffers and the off-chip read path decide when each completes, and the transfer ends when its
     * last transaction has. Chained descriptors follow each other without a gap (the descriptor
     * fetch is not modelled). Simplification: the engine's transactions queue at its router's local
     * input with the core's own, first come first served.
     */
    private final class DmaEngine {
        private final int core;
        private final Channel[] ch = new Channel[channels];
        private boolean scheduled;

        DmaEngine(int core) {
            this.core = core;
            for (int c = 0; c < ch.length; c++) {
                ch[c] = new Channel();
            }
        }

        void start(int c, DmaPlan plan, long cycle, Done done) {
            Channel x = ch[c];
            if (x.done != null) {
                throw new IllegalStateException("core " + core + " started a transfer on DMA channel " + c
                        + " at cycle " + cycle + " while it is still running one");
            }
            x.plan = plan;
            x.desc = 0;
            x.issued = 0;
            x.outstanding = 0;
            x.lastTick = cycle * EpiphanyParams.TICKS_PER_CYCLE;
            x.done = done;
            x.relay = relay(plan.dstNode[0], plan.elem[0], x);
            if (!scheduled) {
                scheduled = true;
                cores.push(cycle, 0, DMA_ISSUE, core);
            }
        }

        private EMesh.Completion relay(int dstNode, int bytes, Channel x) {
            return (id, tick) -> mesh.write(core, dstNode, bytes, tick, x, startNow(tick));
        }

        /** The issue slot of {@code cycle}: the first channel with a transaction left issues it. */
        void issue(long cycle) {
            scheduled = false;
            Channel x = null;
            for (Channel c : ch) {
                if (c.done != null && c.plan != null) {
                    x = c;
                    break;
                }
            }
            if (x == null) {
                return;
            }
            int i = x.desc;
            DmaPlan p = x.plan;
            int src = p.srcNode[i];
            int dst = p.dstNode[i];
            int bytes = p.elem[i];
            long tick = cycle * EpiphanyParams.TICKS_PER_CYCLE;
            if (src == core && dst == core) {
                x.lastTick = Math.max(x.lastTick, tick + EpiphanyParams.TICKS_PER_CYCLE);
            } else if (src == core) {
                x.outstanding++;
                mesh.write(core, dst, bytes, tick, x, startNow(tick));
            } else {
                x.outstanding++;
                mesh.read(core, src, bytes, tick, dst == core ? x : x.relay, startNow(tick));
            }
            if (++x.issued == p.transactions(i)) {
                x.issued = 0;
                x.desc++;
                if (x.desc < p.elem.length) {
                    x.relay = relay(p.dstNode[x.desc], p.elem[x.desc], x);
                } else {
                    x.plan = null; // all issued: it ends with its last transaction
                    if (x.outstanding == 0) {
                        x.finish();
                    }
                }
            }
            for (Channel c : ch) {
                if (c.done != null && c.plan != null) {
                    scheduled = true;
                    cores.push(cycle + 1, 0, DMA_ISSUE, core);
                    break;
                }
            }
        }
    }

    /** One channel's transfer in flight. */
    private final class Channel implements EMesh.Completion {
        DmaPlan plan;
        int desc;
        long issued;
        long outstanding;
        long lastTick;
        Done done;
        EMesh.Completion relay;

        @Override
        public void done(long transferId, long completionTick) {
            outstanding--;
            lastTick = Math.max(lastTick, completionTick);
            if (plan == null && outstanding == 0) {
                finish();
            }
        }

        void finish() {
            Done d = done;
            done = null;
            long end = MeshTiming.toCycles(lastTick);
            if (end > nextFree()) {
                later(end, d); // the last item was local: it lands a cycle after its issue
            } else {
                d.done(end);
            }
        }

        /** The current cycle: the mesh's, or the core event being processed. */
        private long nextFree() {
            return MeshTiming.toCycles(mesh.nowTick());
        }
    }
}
