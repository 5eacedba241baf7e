package io.edarts.epiphany.mesh;

import io.edarts.cam.Interconnect;
import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The contention-aware eMesh: a router at every core (plus one behind the eLink for the external
 * DRAM), three meshes, links that are busy while a transaction crosses them, and round-robin
 * arbitration at every router output.
 *
 * <h2>Design note</h2>
 *
 * <p><b>Sources.</b> ARCH = Epiphany Architecture Reference REV 4.13.01.04, sections 5.1-5.5 and
 * Table 3; epiphany-facts.md, "eMesh network" and "Measured"; parameters and their derivations in
 * cam-model {@code reference.conf} ({@code edarts.machine.costs}, {@code edarts.machine.epiphany}).
 *
 * <p><b>Time.</b> Integer half-cycle ticks ({@link EpiphanyParams#TICKS_PER_CYCLE}), so the
 * 1.5-cycle hop is exact; the synchronous helpers report cycles rounded up. The host clock is never
 * read.
 *
 * <p><b>Topology and routing.</b> {@link Routing}: row first, then column (ARCH 5.2, Table 3); the
 * DRAM is one extra node east of the eLink router. Three meshes (ARCH 5.1): the cMesh carries
 * on-chip writes and read data, the rMesh read requests, the xMesh writes to DRAM. Every router
 * output on every mesh, including "into the node", is a link; the eLink is one link each way, shared
 * by all meshes.
 *
 * <p><b>Links.</b> A transaction of B bytes holds a cMesh/xMesh link for ceil(B/8) cycles (8 bytes
 * per cycle); a read request holds an rMesh link for 8 cycles (one read per 8 cycles per direction);
 * an eLink transaction holds the eLink 9.28 cycles ({@code elink-cycles-per-8kib}). Transfers move
 * through routers cut-through: the head reaches the next router one hop (1.5 cycles) after winning a
 * link, and the tail follows at the link's rate, so a long transfer is pipelined over its path while
 * each link it crosses stays busy for its serialization time. A transfer that finds its next link
 * busy waits in that router's input buffer; it does not hold the link behind it (virtual
 * cut-through: eMesh transactions are single packets of at most 8 data bytes). {@link LinkModel}.
 *
 * <p><b>Buffers and backpressure.</b> A router input holds at most ceil(hop / serialization) = 2
 * transactions (one per cycle of link throughput during the 1.5-cycle hop); a link is granted only
 * when the router it feeds has a free slot at that input, and a slot frees when its transaction is
 * granted the next link. The eMesh has no deep buffers: its links use an access/wait handshake in
 * which a blocked sender keeps its packet (aolofsson/oh {@code emesh/hdl/emesh_mux.v}), so a
 * congested router stalls its neighbours. This matters: with unbounded input queues the requests of
 * every core pile up in the one queue in front of the bottleneck and are served first come, first
 * served, which is fair and shows no row effect at all; with backpressure the arbitration happens
 * at every router on the way, as in the chip.
 *
 * <p><b>Reads</b> are split transactions (ARCH 5.3): a request on the rMesh; at the owner, after
 * the turnaround ({@code read-turnaround-cycles}, or {@code dram-read-latency-cycles} for DRAM),
 * the data comes back as a write on the cMesh. Reads of DRAM overlap, but the off-chip read path
 * starts one only every {@code dram-read-cycles-per-8kib} / 1024 cycles (29.6, from DMA from ERAM):
 * a read that finds it busy waits. Writes are posted: the issuing core does not wait.
 *
 * <p><b>Arbitration.</b> Each link has a FIFO per router input (north, east, south, west, local)
 * and a round-robin pointer (ARCH 5.5). When a link falls free, it grants the next non-empty input
 * after the last one it granted. Every event is ordered by (tick, phase, sequence number), arrivals
 * before arbitration at the same tick, so two transfers that want a link at the same tick are
 * ordered by the round robin, never by host timing. Results depend only on the sequence of calls.
 *
 * <p><b>Why remote execution is slower for cores further down the rows.</b> Unloaded, a core's
 * cost grows only with its hop distance to the code, which is symmetric in rows and columns
 * (1.5 cycles per hop each way). Under load the rows separate: row-first routing sends every read
 * request from a row below the home core west along its own row and then north up the home's
 * column, so all those rows share the column's northbound rMesh links, one request per 8 cycles.
 * At each router of that column the round-robin arbiter gives its local/east inputs (the row it
 * serves) and its south input (all rows further down) equal turns, so a request from row r has to
 * win r successive merges in which it shares the "south" turn with every row below it: each row
 * further down gets a geometrically smaller share of the link into the home core (the parking-lot
 * unfairness of per-input round robin). Rows nearer the home finish first; the far rows run at
 * what is left. Requests from the home's own row come in from the east and split the home's
 * "into node" rMesh port with the whole column. This is the mechanism; no row-dependent
 * parameter exists in the model. With the int loop of {@code experiment.RemoteExec} on the 4x4
 * it gives slowdowns of about 15x on row 0, 20-25x on row 1, 33-36x on row 2 and 37x on row 3
 * when all cores run at once, against 6-10.6x by distance alone.
 *
 * <p><b>Contract.</b> Submissions ({@link #write}, {@link #read}) must come in nondecreasing start
 * time, and no earlier than the mesh's current time ({@link #nowTick()}); the caller drives time with
 * {@link #step()}, {@link #runUntil} or the synchronous helpers. Completions are reported through
 * {@link Completion} callbacks, which may submit further transfers. Not thread-safe: one owner.
 * Simplifications: no bank conflicts at the target (cMesh and rMesh have the highest bank priority,
 * ARCH Table 4), no multicast, no detour routing.
 */
public final class EMesh {

    /** Receives the end of a write (last byte delivered) or of a read (data back in the core). */
    @FunctionalInterface
    public interface Completion {
        void done(long transferId, long completionTick);
    }

    private static final int EV_ARRIVE = 0;
    private static final int EV_ARBITRATE = 1;
    private static final int EV_COMPLETE = 2;
    private static final int ROLE_WRITE = 0;
    private static final int ROLE_REQUEST = 1;
    private static final int ROLE_REPLY = 2;
    private static final int PORTS = 5;
    private static final MeshKind[] KINDS = MeshKind.values();

    private final MeshGeometry g;
    private final EpiphanyParams p;
    private final int nodes;

    private final long[] busyUntil;
    private final int[] lastGrant;
    /** Per link: the tick of its earliest pending arbitration, or {@link Long#MAX_VALUE}. */
    private final long[] arbAt;
    private final byte[] linkClass;
    private final IntRing[] queues;
    private final long[] statTransfers;
    private final long[] statBytes;
    private final long[] statBusy;
    private final long[] statWait;
    /** Transactions in, or on their way into, each router input buffer (indexed like links). */
    private final int[] bufUsed;
    /** Router input slots per buffer (see design note). */
    private final int slots;
    /** Per link: the node and input port it feeds, or -1 (into a node, or into the DRAM). */
    private final int[] downNode;
    private final byte[] downPort;
    /**
     * Per link: the router input buffer it feeds (as {@code downNode}, {@code downPort}) for transactions
     * of the link's own mesh, or -1. Every link but the eLink carries only those; the eLink is shared.
     */
    private final int[] downBuf;
    /** Per link: the node whose router it leaves (precomputed: the arbitration's hot path divides by nothing). */
    private final int[] linkNode;
    /** {@link LinkModel}'s numbers that do not depend on the transfer: a router hop, an rMesh request's occupancy. */
    private final long hop;
    private final long requestOccupancy;
    /** Transactions waiting in a link's input queues, so an idle link is found without a scan. */
    private final int[] waiting;
    /** Per link: bit {@code in} set while that input's queue is not empty, so arbitration visits only those. */
    private final int[] occupied;
    /**
     * By (mesh, node, input port) as a raw link index: the link that feeds that input buffer from
     * the neighbouring router, or -1.
     */
    private final int[] upstream;
    /** eLink time used so far, in 1/1024 ticks, so that rounding to ticks does not drift (see occupancy). */
    private final long[] elinkUsed;
    /** The off-chip read path: the tick it falls free, and its time used in 1/1024 ticks. */
    private long dramReadFree;
    private long dramReadUsed;

    private final int[][][] routes;

    private int[][] tRoute = new int[64][];
    private int[] tStage = new int[64];
    private int[] tBytes = new int[64];
    /** {@link LinkModel#serialTicks} of {@code tBytes}: a transfer's occupancy and ejection tail on the cMesh and xMesh. */
    private long[] tSer = new long[64];
    private int[] tReplyBytes = new int[64];
    private int[] tKind = new int[64];
    private int[] tRole = new int[64];
    private int[] tSrc = new int[64];
    private int[] tDst = new int[64];
    private long[] tId = new long[64];
    private long[] tArrived = new long[64];
    /** What to tell at the end: a {@link Completion}, or an {@link Interconnect.Done} told the cycle ({@link #report}). */
    private Object[] tCb = new Object[64];
    private int[] free = new int[64];
    private int freeTop;
    private int allocated;

    private final EventQueue q = new EventQueue();
    private long now;
    private long nextId = 1;
    private long inFlight;

    /**
     * The solo write (see {@link #submit}): its handle, or -1; when it started and when it completes;
     * per stage of its route, when its head reaches the link and when the link is granted to it.
     */
    private int solo = -1;
    /** The solo's first closed-form stage: 0 for a write solo from its submission, more for one that went solo after a grant. */
    private int soloFirst;
    private long soloStart;
    private long soloEnd;
    private long[] soloArrive = new long[16];
    private long[] soloGrant = new long[16];
    private boolean soloEnabled = true;
    private long solos;
    private long fullBufferRefusals;
    private long midFlightSettles;
    private long lateSolos;
    private long quietEvents;
    /** While {@link #settle} replays the solo's first step: no write goes solo after a grant. */
    private boolean settling;

    private long syncId;
    private long syncTick = -1;
    private final Completion syncDone = (id, tick) -> {
        if (id == syncId) {
            syncTick = tick;
        }
    };

    /** An idle mesh for {@code geometry}. */
    public EMesh(MeshGeometry geometry, EpiphanyParams params) {
        if (geometry == null || params == null) {
            throw new IllegalArgumentException("geometry and params must not be null");
        }
        this.g = geometry;
        this.p = params;
        this.nodes = geometry.nodeCount();
        int links = KINDS.length * nodes * PORTS;
        busyUntil = new long[links];
        lastGrant = new int[links];
        Arrays.fill(lastGrant, PORTS - 1);
        arbAt = new long[links];
        Arrays.fill(arbAt, Long.MAX_VALUE);
        linkClass = new byte[links];
        queues = new IntRing[links * PORTS];
        statTransfers = new long[links];
        statBytes = new long[links];
        statBusy = new long[links];
        statWait = new long[links];
        bufUsed = new int[links];
        downNode = new int[links];
        downPort = new byte[links];
        downBuf = new int[links];
        linkNode = new int[links];
        for (int l = 0; l < links; l++) {
            linkNode[l] = (l / PORTS) % nodes;
        }
        hop = LinkModel.latency(params, MeshKind.CMESH, LinkModel.ROUTER, 8);
        requestOccupancy = LinkModel.occupancy(params, MeshKind.RMESH, LinkModel.ROUTER, 8);
        elinkUsed = new long[links];
        waiting = new int[links];
        occupied = new int[links];
        upstream = new int[links];
        for (MeshKind k : KINDS) {
            for (int n = 0; n < nodes; n++) {
                for (Port port : Port.VALUES) {
                    int l = rawLink(k, n, port);
                    linkClass[l] = (byte) classOf(n, port);
                    int next = neighbour(n, port);
                    downNode[l] = next == g.dramNode() ? -1 : next;
                    downPort[l] = (byte) (next < 0 ? -1 : port.opposite().ordinal());
                    upstream[l] = next < 0 ? -1 : linkId(k, next, port.opposite());
                    downBuf[l] = downNode[l] < 0 ? -1 : rawLink(k, downNode[l], port.opposite());
                }
            }
        }
        // One transaction crosses a link per serialization time while the head takes a hop to
        // reach the next router, so a hop holds ceil(hop / serialization) transactions in flight;
        // a router input holds no more (the eMesh handshake is access/wait: a blocked sender keeps
        // its packet, aolofsson/oh emesh/hdl/emesh_mux.v). 1.5 cycles / 1 cycle = 2 on the eCore.
        long ser = LinkModel.serialTicks(params, 8);
        slots = (int) Math.max(1, (params.hopTicks() + ser - 1) / ser);
        routes = new int[KINDS.length * nodes][][];
    }

    public MeshGeometry geometry() {
        return g;
    }

    /** Tick of the last event processed or transfer started at once: no submission may start before it. */
    public long nowTick() {
        return now;
    }

    /** Tick of the next pending event, or {@link Long#MAX_VALUE} when the mesh is idle. */
    public long nextEventTick() {
        if (solo >= 0) {
            return soloEnd;
        }
        return q.isEmpty() ? Long.MAX_VALUE : q.peekTick();
    }

    /** Writes that went solo so far (for tests: that the fast path was taken). */
    long solos() {
        return solos;
    }

    /** Writes that could not go solo because a router buffer on their route was full (for tests). */
    long fullBufferRefusals() {
        return fullBufferRefusals;
    }

    /**
     * Turns the solo fast path of {@link #submit} off (on by default), with its kin (a write going
     * solo after a grant, the quiet events run ahead of a start-now submission), so tests can compare
     * it with the plain event replay it must match exactly.
     */
    void soloFastPath(boolean enabled) {
        settle();
        soloEnabled = enabled;
    }

    /** Transfers submitted and not yet complete. */
    public long inFlight() {
        return inFlight;
    }

    /**
     * Posts a write of {@code bytes} from core {@code fromCore} to node {@code toNode} (a core, on the
     * cMesh, or the DRAM node, on the xMesh and eLink) starting at {@code startTick}.
     *
     * @return the transfer id passed to {@code done}
     * @throws IllegalArgumentException on a bad core, node or size, or a write to the issuing core
     * @throws IllegalStateException    if {@code startTick} is before {@link #nowTick()}
     */
    public long write(int fromCore, int toNode, int bytes, long startTick, Completion done) {
        return write(fromCore, toNode, bytes, startTick, done, false);
    }

    /**
     * {@link #write}; with {@code startNow}, the caller guarantees that nothing it will submit later, and
     * none of its own pending events, starts before {@code startTick}, so the transfer may take its
     * first step at once (see {@link #submit}).
     */
    long write(int fromCore, int toNode, int bytes, long startTick, Completion done, boolean startNow) {
        return postWrite(fromCore, toNode, bytes, startTick, done, startNow);
    }

    /**
     * {@link #write(int, int, int, long, Completion, boolean)} whose end {@code done} is told as a cycle,
     * the tick rounded up ({@link MeshTiming#toCycles}), without a {@link Completion} to wrap it.
     */
    long writeCycles(int fromCore, int toNode, int bytes, long startTick, Interconnect.Done done, boolean startNow) {
        return postWrite(fromCore, toNode, bytes, startTick, done, startNow);
    }

    /** Both writes: {@code done} is a {@link Completion} or an {@link Interconnect.Done} ({@link #report}). */
    private long postWrite(int fromCore, int toNode, int bytes, long startTick, Object done, boolean startNow) {
        checkCore(fromCore);
        checkNode(toNode);
        MeshKind kind = toNode == g.dramNode() ? MeshKind.XMESH : MeshKind.CMESH;
        return submit(kind, ROLE_WRITE, fromCore, toNode, bytes, bytes, startTick, done, startNow);
    }

    /**
     * Posts a write of {@code bytes} from the far side of the eLink (a unit in the fabric, say) into
     * core {@code toCore}'s memory at {@code startTick}: in through the eLink, then on the cMesh, as a
     * read's reply from DRAM travels. Never started at once (see {@link #submit}).
     *
     * @return the transfer id passed to {@code done}
     * @throws IllegalArgumentException on a bad core or size
     * @throws IllegalStateException    if {@code startTick} is before {@link #nowTick()}
     */
    public long writeFromOffChip(int toCore, int bytes, long startTick, Completion done) {
        checkCore(toCore);
        return submit(MeshKind.CMESH, ROLE_WRITE, g.dramNode(), toCore, bytes, bytes, startTick, done, false);
    }

    /**
     * Issues a read of {@code bytes} by core {@code core} from node {@code fromNode} at
     * {@code startTick}: a request on the rMesh, then the data back on the cMesh.
     *
     * @return the transfer id passed to {@code done} when the data is in the core
     * @throws IllegalArgumentException on a bad core, node or size, or a read of the issuing core
     * @throws IllegalStateException    if {@code startTick} is before {@link #nowTick()}
     */
    public long read(int core, int fromNode, int bytes, long startTick, Completion done) {
        return read(core, fromNode, bytes, startTick, done, false);
    }

    /** {@link #read}, with {@code startNow} as in {@link #write(int, int, int, long, Completion, boolean)}. */
    long read(int core, int fromNode, int bytes, long startTick, Completion done, boolean startNow) {
        checkCore(core);
        checkNode(fromNode);
        return submit(MeshKind.RMESH, ROLE_REQUEST, core, fromNode, 0, bytes, startTick, done, startNow);
    }

    /**
     * A write that runs the mesh until it is delivered. Other transfers in flight advance too.
     *
     * @return cycle at which the last byte arrived (rounded up)
     */
    public long writeAndWait(int fromCore, int toNode, int bytes, long startCycle) {
        syncTick = -1;
        syncId = write(fromCore, toNode, bytes, startCycle * EpiphanyParams.TICKS_PER_CYCLE, syncDone);
        return waitSync();
    }

    /**
     * A read that runs the mesh until its data is back. Other transfers in flight advance too.
     *
     * @return cycle at which the data is in the core (rounded up)
     */
    public long readAndWait(int core, int fromNode, int bytes, long startCycle) {
        syncTick = -1;
        syncId = read(core, fromNode, bytes, startCycle * EpiphanyParams.TICKS_PER_CYCLE, syncDone);
        return waitSync();
    }

    /**
     * Processes the next event.
     *
     * @return false if there was none
     */
    public boolean step() {
        if (solo >= 0) {
            finishSolo();
            return true;
        }
        if (q.isEmpty()) {
            return false;
        }
        long t = q.peekTick();
        int type = q.peekType();
        int a = q.peekArg();
        q.pop();
        now = t;
        switch (type) {
            case EV_ARRIVE -> arrive(a, t);
            case EV_ARBITRATE -> arbitrate(a, t);
            default -> complete(a, t);
        }
        return true;
    }

    /** Processes every event at or before {@code tick}. */
    public void runUntil(long tick) {
        while (nextEventTick() <= tick) {
            step();
        }
    }

    /** Processes events until nothing is in flight. */
    public void runToIdle() {
        while (step()) {
            // keep going
        }
    }

    /** Statistics of every link that carried traffic, in link order (mesh, node, port). */
    public List<LinkStats> linkStats() {
        settle();
        List<LinkStats> out = new ArrayList<>();
        for (int l = 0; l < statTransfers.length; l++) {
            if (statTransfers[l] > 0) {
                out.add(stats(l));
            }
        }
        return out;
    }

    /** Statistics of the link leaving {@code node} by {@code port} on {@code kind}. */
    public LinkStats linkStats(MeshKind kind, int node, Port port) {
        checkNode(node);
        settle();
        return stats(linkId(kind, node, port));
    }

    /** Statistics of the eLink: {@code outbound} true for chip to DRAM. */
    public LinkStats elinkStats(boolean outbound) {
        int edge = g.core(g.elinkRow(), g.cols() - 1);
        return outbound ? linkStats(MeshKind.XMESH, edge, Port.EAST) : linkStats(MeshKind.XMESH, g.dramNode(), Port.WEST);
    }

    // ---- engine ----

    /**
     * Posts a transfer. Normally its arrival at its first link is an event at {@code startTick}. With
     * {@code startNow} (the caller's promise that nothing earlier will be submitted) and no event of
     * this mesh at or before that tick's arrivals still to come (the head may be an arbitration of the
     * same tick: arrivals come first), that arrival would be the next event processed, so it is
     * processed now and the mesh's time moves to {@code startTick}: the same order of queueing and
     * grants as with the event, one event fewer ({@link #arrive} itself waits for the tick's pending
     * arbitrations).
     */
    private long submit(MeshKind kind, int role, int src, int dst, int bytes, int replyBytes, long startTick,
                        Object done, boolean startNow) {
        if (src == dst) {
            throw new IllegalArgumentException("core " + src + " addressing its own memory does not use the mesh");
        }
        if (replyBytes <= 0) {
            throw new IllegalArgumentException("bytes must be > 0, got " + replyBytes);
        }
        if (done == null) {
            throw new IllegalArgumentException("completion callback must not be null");
        }
        if (startTick < now) {
            throw new IllegalStateException("transfers must be submitted in nondecreasing start time: start tick "
                    + startTick + " is before the mesh's current tick " + now);
        }
        if (startNow) {
            settle(startTick);
            runQuietBefore(startTick);
        } else {
            settle();
        }
        int h = allocate();
        tRoute[h] = route(kind, src, dst);
        tStage[h] = 0;
        tBytes[h] = bytes;
        tSer[h] = LinkModel.serialTicks(p, bytes);
        tReplyBytes[h] = replyBytes;
        tKind[h] = kind.ordinal();
        tRole[h] = role;
        tSrc[h] = src;
        tDst[h] = dst;
        tId[h] = nextId++;
        tCb[h] = done;
        inFlight++;
        long id = tId[h];
        if (startNow && role == ROLE_WRITE && soloEnabled && solo(h, startTick)) {
            now = startTick;
            return id;
        }
        if (startNow && (q.isEmpty() || q.peekKey() > startTick * 4 + EV_ARRIVE)) {
            now = startTick;
            arrive(h, startTick);
        } else {
            q.push(startTick, 0, EV_ARRIVE, h);
        }
        return id;
    }

    /**
     * A submitted transfer (or a read's reply) enters its first link's local input at {@code t}. When
     * that link is free and no other event of this tick is still to come before its arbitration (no
     * arrival, no earlier arbitration: the queue's head is past {@code t}'s arbitration phase), the
     * arbitration the enqueue would schedule is the very next event, so it runs at once: the same
     * grant at the same tick, one queue event fewer per transfer. Nothing else can join the link's
     * inputs in between: its other inputs are fed by neighbours a hop away, granted at earlier ticks
     * and already queued, and its local input only by this node, whose later submissions queue behind.
     */
    private void arrive(int h, long t) {
        int link = tRoute[h][tStage[h]] >>> 3;
        boolean next = busyUntil[link] <= t && arbAt[link] > t
                && (q.isEmpty() || q.peekKey() > t * 4 + EV_ARBITRATE);
        if (!next) {
            enqueue(h, t);
            return;
        }
        enqueueOnly(h, t);
        arbitrate(link, t);
    }

    /**
     * Transfer {@code h} joins the input queue of its current stage's link, available from tick
     * {@code t}. A transfer granted one link is queued at the next at once, marked with the tick its
     * head gets there: each input queue is fed by one upstream link in grant order, so a queue's head
     * is always its earliest, and arbitration considers only heads that have arrived. This is the
     * same as an arrival event at {@code t}, one event fewer per hop.
     */
    private void enqueue(int h, long t) {
        int link = enqueueOnly(h, t);
        schedule(link, Math.max(t, busyUntil[link]));
    }

    /** Puts transfer {@code h} at the tail of its current link's input queue, there from {@code t}; returns the link. */
    private int enqueueOnly(int h, long t) {
        int packed = tRoute[h][tStage[h]];
        int link = packed >>> 3;
        int in = packed & 7;
        IntRing ring = queues[link * PORTS + in];
        if (ring == null) {
            ring = new IntRing();
            queues[link * PORTS + in] = ring;
        }
        ring.add(h);
        waiting[link]++;
        occupied[link] |= 1 << in;
        tArrived[h] = t;
        return link;
    }

    /**
     * For a submission at {@code tick} with the start-now promise: processes the mesh's events before
     * that tick while they are arrivals and arbitrations, which tell no one. The replay would process
     * them before the submission's arrival too (nothing submitted from now on starts before
     * {@code tick}, and the caller's other events come after them), in the same order, and the
     * events they queue are arbitrations and completions, never an arrival that the submission's
     * could tie with; processing them now lets the submission go solo or arrive at once. It stops at
     * the first completion, whose callback must run when the caller steps to it. A write that goes solo
     * after a grant here is settled at once ({@link #settle(long)}: the submission overtakes it), so
     * no solo is pending while events run. Off with the solo fast path.
     */
    private void runQuietBefore(long tick) {
        if (!soloEnabled) {
            return;
        }
        while (!q.isEmpty() && q.peekTick() < tick && q.peekType() != EV_COMPLETE) {
            long t = q.peekTick();
            int type = q.peekType();
            int a = q.peekArg();
            q.pop();
            now = t;
            quietEvents++;
            if (type == EV_ARRIVE) {
                arrive(a, t);
            } else {
                arbitrate(a, t);
            }
            settle(tick); // a write that went solo after a grant here: its stages before the tick at once
        }
    }

    /** Events processed ahead by {@link #runQuietBefore} so far (for tests). */
    long quietEvents() {
        return quietEvents;
    }

    /** Makes sure {@code link} arbitrates at {@code tick} or earlier. */
    private void schedule(int link, long tick) {
        if (arbAt[link] <= tick) {
            return;
        }
        arbAt[link] = tick;
        q.push(tick, EV_ARBITRATE, EV_ARBITRATE, link);
    }

    private void arbitrate(int link, long t) {
        if (arbAt[link] <= t) {
            arbAt[link] = Long.MAX_VALUE;
        }
        if (busyUntil[link] > t) {
            if (waiting[link] > 0) {
                schedule(link, busyUntil[link]);
            }
            return;
        }
        if (waiting[link] == 0) {
            return;
        }
        int base = link * PORTS;
        // one pass over the inputs: the earliest head, the mesh of the queued traffic (every
        // transaction waiting for a link goes on the same mesh), and the round-robin choice among
        // the heads that have arrived
        long firstArrival = Long.MAX_VALUE;
        int kindOfQueued = -1;
        int granted = -1;
        int last = lastGrant[link];
        int bestRank = PORTS;
        for (int bits = occupied[link]; bits != 0; bits &= bits - 1) {
            int in = Integer.numberOfTrailingZeros(bits);
            int head = queues[base + in].peek();
            long arrived = tArrived[head];
            if (kindOfQueued < 0) {
                kindOfQueued = tKind[head];
            }
            firstArrival = Math.min(firstArrival, arrived);
            if (arrived <= t) {
                int rank = in > last ? in - last - 1 : in + PORTS - last - 1;
                if (rank < bestRank) {
                    bestRank = rank;
                    granted = in;
                }
            }
        }
        if (firstArrival > t) {
            schedule(link, firstArrival); // queued transfers whose heads are still on their way
            return;
        }
        int cls = linkClass[link];
        int down = downBuf[link];
        if (cls == LinkModel.ELINK && down >= 0) {
            down = (kindOfQueued * nodes + downNode[link]) * PORTS + downPort[link]; // rawLink of the queued mesh
        }
        if (down >= 0) {
            if (bufUsed[down] >= slots) {
                return; // blocked: the downstream router kicks this link when a slot frees
            }
        }
        IntRing from = queues[base + granted];
        int h = from.poll();
        waiting[link]--;
        if (from.isEmpty()) {
            occupied[link] &= ~(1 << granted);
        }
        lastGrant[link] = granted;
        if (down >= 0) {
            bufUsed[down]++;
        }
        if (granted != Port.LOCAL.ordinal()) {
            // the transaction leaves this router's input buffer: its upstream link may send again
            int node = linkNode[link];
            int buffer = (tKind[h] * nodes + node) * PORTS + granted;
            bufUsed[buffer]--;
            int up = upstream[buffer];
            if (up >= 0) {
                kick(up, t);
            }
        }
        long occ;
        long lat;
        if (cls == LinkModel.ELINK) {
            // 9.28 cycles per transaction is not a whole number of ticks: round the running total
            // up, not each transaction, so a stream runs at the measured rate. A transaction that
            // finds the eLink idle starts a new stream: it pays the whole rounded-up time, as the
            // closed form (MeshTiming) charges it, so a lone reader takes exactly its uncontended cost.
            long before = elinkUsed[link];
            if (busyUntil[link] < t) {
                before = ceilDiv(before, LinkModel.ELINK_UNITS_PER_TICK) * LinkModel.ELINK_UNITS_PER_TICK;
            }
            long after = before + LinkModel.elinkUnits(p, tBytes[h]);
            elinkUsed[link] = after;
            occ = ceilDiv(after, LinkModel.ELINK_UNITS_PER_TICK) - ceilDiv(before, LinkModel.ELINK_UNITS_PER_TICK);
            lat = p.hopTicks() + occ;
        } else {
            occ = occupancy(h);
            lat = latency(h, cls);
        }
        busyUntil[link] = t + occ;
        statTransfers[link]++;
        // a read request carries no data but its address: count it as traffic counts it
        statBytes[link] += tRole[h] == ROLE_REQUEST ? MeshTiming.READ_REQUEST_BYTES : tBytes[h];
        statBusy[link] += occ;
        statWait[link] += t - tArrived[h];
        int stage = ++tStage[h];
        if (stage == tRoute[h].length) {
            q.push(t + lat, EV_COMPLETE, EV_COMPLETE, h);
        } else if (lateSolo(h, link, t, t + lat)) {
            return; // nothing waits for the link: the kick below would do nothing
        } else {
            enqueue(h, t + lat);
        }
        kick(link, busyUntil[link]);
    }

    /** {@link LinkModel#occupancy} of transfer {@code h} on a link other than the eLink. */
    private long occupancy(int h) {
        return tKind[h] == MeshKind.RMESH.ordinal() ? requestOccupancy : tSer[h];
    }

    /** {@link LinkModel#latency} of transfer {@code h} on a link of class {@code cls} other than the eLink. */
    private long latency(int h, int cls) {
        if (cls == LinkModel.ROUTER) {
            return hop;
        }
        return tKind[h] == MeshKind.RMESH.ordinal() ? 0 : tSer[h];
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Schedules an arbitration of {@code link} at {@code t} (or when it falls free) if anything waits for it. */
    private void kick(int link, long t) {
        if (waiting[link] == 0) {
            return;
        }
        long first = Long.MAX_VALUE;
        int base = link * PORTS;
        for (int bits = occupied[link]; bits != 0; bits &= bits - 1) {
            first = Math.min(first, tArrived[queues[base + Integer.numberOfTrailingZeros(bits)].peek()]);
        }
        // not before the earliest queued head gets here: its own enqueue scheduled that arbitration
        schedule(link, Math.max(Math.max(t, busyUntil[link]), first));
    }

    private void complete(int h, long t) {
        if (tRole[h] == ROLE_REQUEST) {
            int owner = tDst[h];
            long service = p.readTurnaroundTicks();
            if (owner == g.dramNode()) {
                // reads overlap, but the off-chip read path takes one every dram-read-cycles-per-8kib
                // / 1024 cycles: a read that finds it busy starts when it falls free
                long start = Math.max(t, dramReadFree);
                long before = start > dramReadFree
                        ? ceilDiv(dramReadUsed, LinkModel.ELINK_UNITS_PER_TICK) * LinkModel.ELINK_UNITS_PER_TICK
                        : dramReadUsed;
                dramReadUsed = before + (long) EpiphanyParams.TICKS_PER_CYCLE * p.dramReadCyclesPer8KiB();
                dramReadFree = start + ceilDiv(dramReadUsed, LinkModel.ELINK_UNITS_PER_TICK)
                        - ceilDiv(before, LinkModel.ELINK_UNITS_PER_TICK);
                service = start - t + p.dramReadLatencyTicks();
            }
            tRole[h] = ROLE_REPLY;
            tKind[h] = MeshKind.CMESH.ordinal();
            tBytes[h] = tReplyBytes[h];
            tSer[h] = LinkModel.serialTicks(p, tBytes[h]);
            tRoute[h] = route(MeshKind.CMESH, owner, tSrc[h]);
            tStage[h] = 0;
            tDst[h] = tSrc[h];
            tSrc[h] = owner;
            q.push(t + service, EV_ARRIVE, EV_ARRIVE, h);
            return;
        }
        long id = tId[h];
        Object cb = tCb[h];
        release(h);
        inFlight--;
        report(cb, id, t);
    }

    /** Tells {@code cb} (see {@link #tCb}) that transfer {@code id} ended at tick {@code t}. */
    private static void report(Object cb, long id, long t) {
        if (cb instanceof Completion c) {
            c.done(id, t);
        } else {
            ((Interconnect.Done) cb).done(MeshTiming.toCycles(t));
        }
    }

    // ---- the solo write ----

    /**
     * Whether write {@code h}, submitted at {@code start} with the caller's start-now promise, goes
     * solo: then its whole replay is known now. It does when nothing waits for or is scheduled on any
     * link of its route ({@code arbAt}; a transaction queued at a link has an arbitration scheduled,
     * unless it is blocked by a full router buffer further on, which is checked too: every buffer the
     * route enters has a free slot) and the mesh's next event comes after its completion (key past
     * that tick's completions, so no completion of the same tick is ordered before it either). Until
     * then no event runs and nothing else is submitted without {@link #settle} first, so the write is
     * alone on its route: each stage is granted when its head arrives or its link falls free (a link
     * may still be busy from an earlier transfer: an rMesh request holds its link longer than its
     * hop), nothing competes in any queue, no buffer it enters is full, so {@code arbitrate} would
     * grant every stage at {@code max(arrival, busyUntil)} and the head would move on after the
     * link's latency: the closed form computed here, from the same {@link LinkModel} numbers. Its
     * effects on links and statistics are applied when it completes ({@link #finishSolo}); the
     * buffers it passed through are as they were. Transfers elsewhere in flight see only those
     * effects, after its end, as in the replay. Only on-chip writes (no eLink, whose running rounding
     * needs its own care), and not reads: after its first step a write has only arbitrations and its
     * completion left, never an arrival, so none of its events can tie with the arrival of a
     * transfer submitted later whatever the order they were queued in ({@link #settle}); a read's
     * reply starts with an arrival, which can (tried, and {@code EMeshSoloTest} caught two same-tick
     * replies swapped).
     */
    private boolean solo(int h, long start) {
        return solo(h, 0, start, start);
    }

    /**
     * {@link #solo(int, long)} from stage {@code first} of write {@code h}, its head reaching that
     * stage's link at {@code arrive}; {@code start} is its submission when {@code first} is 0.
     */
    private boolean solo(int h, int first, long start, long arrive) {
        int[] r = tRoute[h];
        // its end is no earlier than every stage granted on arrival: refuse at once if an event comes first
        long earliest = arrive + (r.length - first - 1) * hop + tSer[h];
        if (!q.isEmpty() && q.peekKey() <= earliest * 4 + EV_COMPLETE) {
            return false;
        }
        if (r.length > soloGrant.length) {
            soloGrant = new long[r.length * 2];
            soloArrive = new long[r.length * 2];
        }
        long a = arrive;
        for (int i = first; i < r.length; i++) {
            int link = r[i] >>> 3;
            int cls = linkClass[link];
            if (cls == LinkModel.ELINK || arbAt[link] != Long.MAX_VALUE) {
                return false;
            }
            int down = downBuf[link]; // not the eLink: the link is on the write's own mesh
            if (down >= 0 && bufUsed[down] >= slots) {
                fullBufferRefusals++;
                return false;
            }
            // a link with work waiting has an arbitration scheduled or a full buffer after it
            assert waiting[link] == 0 : "link " + link + " has work waiting but no arbitration nor a full buffer";
            long g = Math.max(a, busyUntil[link]);
            soloArrive[i] = a;
            soloGrant[i] = g;
            a = g + latency(h, cls);
        }
        if (!q.isEmpty() && q.peekKey() <= a * 4 + EV_COMPLETE) {
            return false;
        }
        solo = h;
        soloFirst = first;
        solos++;
        soloStart = start;
        soloEnd = a;
        return true;
    }

    /**
     * Write {@code h}, just granted the link before stage {@code tStage[h]} at tick {@code t}, its
     * head due at the next link at {@code arrive}, goes solo for the rest of its route if it can
     * ({@link #solo(int, long)}'s conditions from that stage): the replay would now queue it there and
     * schedule that link's arbitration, and from then on it has only arbitrations and its completion
     * left, as a solo from its start. One more condition: nothing waits for the link it was just
     * granted ({@code prev}), so the slot it frees in that link's downstream buffer when granted the
     * next wakes no one. Its buffer slot stays held until then ({@link #soloGrants}).
     */
    private boolean lateSolo(int h, int prev, long t, long arrive) {
        if (!soloEnabled || settling || solo >= 0 || tRole[h] != ROLE_WRITE || waiting[prev] != 0
                || linkClass[prev] == LinkModel.ELINK) {
            return false;
        }
        if (!solo(h, tStage[h], t, arrive)) {
            return false;
        }
        lateSolos++;
        return true;
    }

    /** The solo write completes: the grants it had alone take effect on its links, then its callback. */
    private void finishSolo() {
        int h = solo;
        solo = -1;
        if (!q.isEmpty() && q.peekKey() <= soloEnd * 4 + EV_COMPLETE) {
            throw new IllegalStateException("a solo transfer ran with an event pending before its end"); // settle() keeps this out
        }
        soloGrants(h, soloFirst, tRoute[h].length);
        now = soloEnd;
        long id = tId[h];
        Object cb = tCb[h];
        release(h);
        inFlight--;
        report(cb, id, soloEnd);
    }

    /**
     * The grants of the solo write's stages {@code from} (its first closed-form one) to {@code to}
     * (exclusive) take effect on their links, as its events would have made them; a solo that went
     * solo after a grant gives back the buffer slot that grant took, as its next grant would.
     */
    private void soloGrants(int h, int from, int to) {
        int[] r = tRoute[h];
        int bytes = tBytes[h];
        long occ = occupancy(h); // no eLink on a solo route
        for (int i = from; i < to; i++) {
            int link = r[i] >>> 3;
            busyUntil[link] = soloGrant[i] + occ;
            lastGrant[link] = r[i] & 7;
            statTransfers[link]++;
            statBytes[link] += bytes;
            statBusy[link] += occ;
            statWait[link] += soloGrant[i] - soloArrive[i];
        }
        if (from > 0 && to > from) {
            bufUsed[downBuf[r[from - 1] >>> 3]]--; // nothing waits for that link (lateSolo): no one to wake
        }
    }

    /**
     * Before anything else touches the mesh: the solo write, if any, becomes an ordinary transfer in
     * the state it was in when submitted, its first step taken as {@link #submit} would have taken
     * it (nothing has touched the mesh since, so that step does exactly what it did then) and its
     * next event queued. Its later events then run in the queue's order with everything else,
     * exactly as in the plain replay: it has had no event of its own since it was submitted, and
     * one it would have had before now is still due before anything the caller submits from now on
     * (a submission starts no earlier than the mesh's time, which stays at the solo's start).
     */
    private void settle() {
        if (solo < 0) {
            return;
        }
        int h = solo;
        solo = -1;
        if (soloFirst == 0) {
            settling = true; // its first grant may not make it solo again: the caller is about to touch the mesh
            arrive(h, soloStart);
            settling = false;
        } else {
            enqueue(h, soloArrive[soloFirst]); // as the grant before it would have queued it
        }
    }

    /**
     * {@link #settle} for a submission at {@code tick} with the start-now promise: nothing submitted
     * from now on starts before {@code tick}, so the solo write's events before that tick, which in
     * the replay would run before anything else, are applied at once from its closed form instead of
     * being queued and replayed. Its stages granted before {@code tick} (the first one also when it
     * was granted on submission: its link was free) take effect as at its end; a buffer it entered
     * with its last grant stays held; it is queued at its next link from its head's arrival, with
     * that link's arbitration at its grant tick, or, all stages granted, its completion is queued.
     * That is the replay's state just before {@code tick}'s arrivals. The one event queued gets a
     * later sequence number than in the replay, which cannot reorder it: every other event in the
     * queue comes after the solo's end (so after this one), and every later one is pushed after it
     * in both. {@link #midFlightSettles} counts these, for tests.
     */
    private void settle(long tick) {
        if (solo < 0) {
            return;
        }
        int h = solo;
        int[] r = tRoute[h];
        int first = soloFirst;
        int granted = first == 0 && soloGrant[0] == soloStart ? 1 : first;
        while (granted < r.length && soloGrant[granted] < tick) {
            granted++;
        }
        if (granted == first) {
            settle();
            return;
        }
        solo = -1;
        midFlightSettles++;
        soloGrants(h, first, granted);
        tStage[h] = granted;
        if (granted == r.length) {
            q.push(soloEnd, EV_COMPLETE, EV_COMPLETE, h);
            return;
        }
        int down = downBuf[r[granted - 1] >>> 3]; // not the eLink, not the port into a node: a router link
        bufUsed[down]++;
        enqueue(h, soloArrive[granted]);
    }

    /** Writes that went solo after a grant ({@link #lateSolo}), for tests; {@link #solos} counts them too. */
    long lateSolos() {
        return lateSolos;
    }

    /** Solo writes settled mid-flight by {@link #settle(long)} so far (for tests: that the path was taken). */
    long midFlightSettles() {
        return midFlightSettles;
    }

    private long waitSync() {
        while (syncTick < 0) {
            if (!step()) {
                throw new IllegalStateException("mesh went idle before transfer " + syncId + " completed");
            }
        }
        return MeshTiming.toCycles(syncTick);
    }

    // ---- routes and links ----

    private int[] route(MeshKind kind, int from, int to) {
        int row = kind.ordinal() * nodes + from;
        int[][] byTo = routes[row];
        if (byTo == null) {
            byTo = new int[nodes][];
            routes[row] = byTo;
        }
        int[] r = byTo[to];
        if (r == null) {
            r = buildRoute(kind, from, to);
            byTo[to] = r;
        }
        return r;
    }

    private int[] buildRoute(MeshKind kind, int from, int to) {
        Route route = Routing.route(g, from, to);
        boolean eject = to != g.dramNode();
        int n = route.hops() + (eject ? 1 : 0);
        int[] packed = new int[n];
        Port in = Port.LOCAL;
        for (int i = 0; i < route.hops(); i++) {
            Port out = route.directions().get(i);
            packed[i] = (linkId(kind, route.nodes().get(i), out) << 3) | in.ordinal();
            in = out.opposite();
        }
        if (eject) {
            packed[n - 1] = (linkId(kind, to, Port.LOCAL) << 3) | in.ordinal();
        }
        return packed;
    }

    /** The node on the other side of {@code node}'s {@code port}, or -1 (off the mesh, or the node itself). */
    public int neighbour(int node, Port port) {
        if (port == Port.LOCAL) {
            return -1;
        }
        if (node == g.dramNode()) {
            return port == Port.WEST ? g.core(g.elinkRow(), g.cols() - 1) : -1;
        }
        int r = g.row(node);
        int c = g.col(node);
        return switch (port) {
            case NORTH -> r > 0 ? g.core(r - 1, c) : -1;
            case SOUTH -> r < g.rows() - 1 ? g.core(r + 1, c) : -1;
            case WEST -> c > 0 ? g.core(r, c - 1) : -1;
            default -> c < g.cols() - 1 ? g.core(r, c + 1) : (r == g.elinkRow() ? g.dramNode() : -1);
        };
    }

    private int classOf(int node, Port port) {
        if (port == Port.LOCAL) {
            return LinkModel.EJECT;
        }
        if (node == g.dramNode()) {
            return LinkModel.ELINK;
        }
        if (port == Port.EAST && g.col(node) == g.cols() - 1 && g.row(node) == g.elinkRow()) {
            return LinkModel.ELINK;
        }
        return LinkModel.ROUTER;
    }

    private int linkId(MeshKind kind, int node, Port port) {
        MeshKind k = classOf(node, port) == LinkModel.ELINK ? MeshKind.XMESH : kind;
        return rawLink(k, node, port);
    }

    private int rawLink(MeshKind kind, int node, Port port) {
        return (kind.ordinal() * nodes + node) * PORTS + port.ordinal();
    }

    private LinkStats stats(int l) {
        int port = l % PORTS;
        int node = (l / PORTS) % nodes;
        int kind = l / PORTS / nodes;
        return new LinkStats(KINDS[kind], node, Port.VALUES[port], statTransfers[l], statBytes[l], statBusy[l], statWait[l]);
    }

    // ---- transfer pool ----

    private int allocate() {
        if (freeTop > 0) {
            return free[--freeTop];
        }
        if (allocated == tStage.length) {
            int n = allocated * 2;
            tRoute = Arrays.copyOf(tRoute, n);
            tStage = Arrays.copyOf(tStage, n);
            tBytes = Arrays.copyOf(tBytes, n);
            tSer = Arrays.copyOf(tSer, n);
            tReplyBytes = Arrays.copyOf(tReplyBytes, n);
            tKind = Arrays.copyOf(tKind, n);
            tRole = Arrays.copyOf(tRole, n);
            tSrc = Arrays.copyOf(tSrc, n);
            tDst = Arrays.copyOf(tDst, n);
            tId = Arrays.copyOf(tId, n);
            tArrived = Arrays.copyOf(tArrived, n);
            tCb = Arrays.copyOf(tCb, n);
            free = Arrays.copyOf(free, n);
        }
        return allocated++;
    }

    private void release(int h) {
        tCb[h] = null;
        tRoute[h] = null;
        free[freeTop++] = h;
    }

    private void checkCore(int core) {
        if (core < 0 || core >= g.coreCount()) {
            throw new IllegalArgumentException("core " + core + " is not on the " + g.rows() + "x" + g.cols() + " mesh");
        }
    }

    private void checkNode(int node) {
        if (node < 0 || node > g.dramNode()) {
            throw new IllegalArgumentException("node " + node + " is neither a core (0.." + (g.coreCount() - 1)
                    + ") nor the DRAM node (" + g.dramNode() + ")");
        }
    }
}
