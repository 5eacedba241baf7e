package io.edarts.epiphany;

import io.edarts.cam.CoreModel;
import io.edarts.cam.Machine;
import io.edarts.cam.Target;
import io.edarts.epiphany.memory.DmaEngine;
import io.edarts.epiphany.memory.MemoryBudget;
import io.edarts.epiphany.memory.MeshGeometry;
import io.edarts.epiphany.mesh.ContendedMesh;
import io.edarts.epiphany.mesh.EMesh;
import io.edarts.epiphany.mesh.MeshTiming;
import java.util.Locale;

/**
 * The Epiphany cost model behind {@link Target}: eMesh latencies for messages, instruction timing
 * and remote fetches and loads for firings.
 *
 * <p><b>Threading and determinism.</b> The target itself is immutable and may be shared by every
 * actor. Each {@link #coreModel(int)} is a fresh object for one core's actor and shares no mutable
 * state with any other: the CU actors run concurrently on host threads, and a shared contention
 * model would make a core's charge depend on which actor the host happened to run first. So
 * per-firing and per-message costs are computed against an uncontended view of the mesh
 * ({@link MeshTiming}); contention between cores is what {@link EMesh} models when one owner drives
 * all cores through it in virtual-time order (see {@code experiment.RemoteExec}).
 *
 * <p><b>Scheduling costs.</b> An SU decision costs the {@code costs} block's instruction counts at
 * one instruction per cycle (IALU and load/store work, which does not dual-issue, ARCH Table 23);
 * a message costs the uncontended latency of a posted write of its bytes: hops x 1.5 cycles plus
 * serialization at 8 bytes per cycle.
 */
public final class EpiphanyTarget implements Target {
    private final Machine machine;
    private final EpiphanyParams params;
    private final MeshGeometry geometry;
    private final MeshTiming timing;
    private final boolean rentOrBuy;
    /** What the host daemon's work for a call costs ({@code epiphany.host.calls}). */
    private final io.edarts.epiphany.hostcall.HostCallParams hostCalls;
    private final io.edarts.epiphany.Accelerators accelerators;

    private EpiphanyTarget(Machine machine, EpiphanyParams params) {
        this.machine = machine;
        this.params = params;
        this.rentOrBuy = params.codeFetch() == EpiphanyConfig.CodeFetch.RENT_OR_BUY;
        this.geometry = MeshGeometry.of(machine, params);
        this.timing = new MeshTiming(geometry, params);
        EpiphanyConfig.Host host = machine.block(EpiphanyMachines.BLOCK, EpiphanyConfig.class).host();
        EpiphanyConfig.HostCalls h = host.calls();
        // the daemon moves its bytes at the host node's rates: one definition of each (epiphany.host.*)
        this.hostCalls = new io.edarts.epiphany.hostcall.HostCallParams(machine.clockMhz(), h.runStateBytes(), h.replyBytes(),
                host.sramToHostMibPerS(), host.dramToHostMibPerS(), host.hostToSramMibPerS(), h.serviceCycles());
        this.accelerators = io.edarts.epiphany.Accelerators.of(machine, geometry, params);
        // fail now, not in the first firing, if the code-cache layout does not fit the code budget
        EpiphanyCoreModel.checkLayout(params);
    }

    /**
     * @throws IllegalArgumentException if the machine is null, its target is not {@code epiphany},
     *                                  or its Epiphany parameters are bad (the message names the key)
     */
    public static EpiphanyTarget create(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        machine.requireTarget(EpiphanyMachines.TARGET);
        return new EpiphanyTarget(machine, EpiphanyParams.of(machine));
    }

    @Override
    public Machine machine() {
        return machine;
    }

    public EpiphanyParams params() {
        return params;
    }

    public MeshGeometry geometry() {
        return geometry;
    }

    /** The uncontended mesh latencies the per-core models use. */
    public MeshTiming timing() {
        return timing;
    }

    /** A fresh contention-aware mesh of this machine, for one owner that drives all cores. */
    public EMesh newMesh() {
        return new EMesh(geometry, params);
    }

    /**
     * With {@code epiphany.contention = on} (the default), a fresh {@link ContendedMesh}: every
     * dispatch, firing and completion message of the run shares one transaction-level eMesh (on a
     * machine of several clusters the runtime makes one for all SUs). Empty with {@code contention = off}.
     */
    @Override
    public java.util.Optional<io.edarts.cam.Interconnect> newInterconnect() {
        return newInterconnect(0);
    }

    /**
     * As {@link #newInterconnect()}, the host daemon's first sweep starting at {@code startCycle}:
     * the host serves calls once it has launched the program (coprthr2-paper.txt 3.3, 3.5: the same
     * host thread loads the program, then polls the cores).
     */
    @Override
    public java.util.Optional<io.edarts.cam.Interconnect> newInterconnect(long startCycle) {
        if (params.contention() != EpiphanyConfig.Contention.ON) {
            return java.util.Optional.empty();
        }
        ContendedMesh mesh = new ContendedMesh(geometry, params);
        io.edarts.cam.Interconnect ic = new io.edarts.epiphany.hostcall.HostCallInterconnect(mesh,
                new io.edarts.epiphany.hostcall.HostCallDaemon(geometry.coreCount(), hostCalls, startCycle));
        // only when some unit's calls take the eLink: otherwise the run is exactly what it was
        var direct = accelerators.directUnits();
        return java.util.Optional.of(direct.isEmpty() ? ic : new io.edarts.epiphany.fabric.FabricInterconnect(ic, mesh,
                geometry.dramNode(), accelerators.elinkParams(), direct));
    }

    /** What the host daemon's work for a call costs ({@code epiphany.host.calls}). */
    public io.edarts.epiphany.hostcall.HostCallParams hostCallParams() {
        return hostCalls;
    }

    /**
     * The core's own part of a host call (coprthr2-paper.txt 3.5): the jump-table entry ({@code mov
     * ip, #n}: IALU; {@code b _ehostcall}: branch); {@code _ehostcall} stores the call number, the
     * register arguments and the stack pointer, one word each, to the core's record in sysmem (the
     * first 32 bytes per core of the DRAM window, Figure 1's sysmem at 0x8e000000: posted writes over
     * the eLink), reads its run-state, sets the high bit and writes it back (load, IALU, store); after
     * the wait, the spin's last test (load, branch), the result's load, and the return (branch).
     */
    @Override
    public void hostCallWork(int core, io.edarts.cam.HostCall call, io.edarts.cam.Work.Builder work) {
        checkCore(core);
        work.instructions(2, 0, 4, 3);
        long record = params.dramBase() + (long) core * 32;
        int words = io.edarts.epiphany.hostcall.HostCallParams.recordBytes(call) / io.edarts.epiphany.hostcall.HostCallParams.WORD_BYTES;
        for (int i = 0; i < words; i++) {
            work.access(record + (long) i * io.edarts.epiphany.hostcall.HostCallParams.WORD_BYTES,
                    io.edarts.epiphany.hostcall.HostCallParams.WORD_BYTES, true);
        }
    }

    /** The daemon's wait for {@code call} when no other core calls ({@link io.edarts.epiphany.hostcall.HostCallDaemon#waitAlone}). */
    @Override
    public long hostCallCycles(int core, io.edarts.cam.HostCall call, long cycle) {
        checkCore(core);
        return io.edarts.epiphany.hostcall.HostCallDaemon.waitAlone(geometry.coreCount(), hostCalls, core, call, cycle);
    }

    /** The accelerators in the host's FPGA fabric ({@code epiphany.host.accelerators}). */
    @Override
    public java.util.List<io.edarts.cam.UnitInfo> units() {
        return accelerators.units();
    }

    /**
     * The cost of one call alone by the path the unit's {@code call-path} gives
     * ({@link io.edarts.epiphany.Accelerators#cost(int, io.edarts.cam.Offload)}): through the host,
     * the driver's call of the unit, which the core reaches through a host call whose own wait the
     * daemon adds; through the eLink, the whole direct call from the core's first write to its
     * seeing the flag.
     */
    @Override
    public io.edarts.cam.OffloadCost offloadCost(int core, io.edarts.cam.Offload offload) {
        checkCore(core);
        return accelerators.cost(core, offload);
    }

    /** Whether the unit's {@code call-path} is {@code elink} ({@link io.edarts.epiphany.Accelerators#direct}). */
    @Override
    public boolean offloadsDirectly(int core, io.edarts.cam.Offload offload) {
        checkCore(core);
        return accelerators.direct(offload.unit());
    }

    /** The units' model ({@code epiphany.host.accelerators}, {@code driver}, {@code elink-calls}). */
    public io.edarts.epiphany.Accelerators accelerators() {
        return accelerators;
    }

    /** A fresh memory plan of this machine with the configured per-core budget. */
    public MemoryBudget newMemoryBudget() {
        return new MemoryBudget(geometry, params.budget());
    }

    /** DMA channels per core ({@code epiphany.dma-channels}: 2, facts "DMA"; ARCH 8.1). */
    @Override
    public int dmaChannels() {
        return params.dmaChannels();
    }

    /** Memoized uncontended DMA durations by what they depend on ({@code DmaPlan.shape}). */
    private final java.util.concurrent.ConcurrentHashMap<java.util.List<Long>, Long> dmaAlone =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The transfer replayed by the contended mesh's own DMA engine on an idle mesh: what
     * {@code ContendedMesh.dma} gives it alone, so contention on and off agree for a lone transfer,
     * and the same replay as {@code validate}'s DMA rows (one transaction a cycle into the
     * transaction-level mesh). Memoized by core, nodes, data size and counts: the addresses matter
     * only through those.
     *
     * @throws IllegalArgumentException if the transfer cannot run on this machine (see {@code mesh.DmaPlan})
     */
    @Override
    public long dmaCycles(int core, io.edarts.cam.Dma transfer) {
        checkCore(core);
        return ContendedMesh.dmaAlone(geometry, params, core, transfer, dmaAlone);
    }

    /**
     * What e-lib's calls cost the issuing core (epiphany-libs e-lib {@code src/e_dma_set_desc.c} and
     * {@code src/e_dma_start.c}, counted from the C): per descriptor, {@code e_dma_set_desc} waits
     * for the channel (read the status register, mask, branch), packs four fields (4 shifts, 4 ors)
     * and stores the six descriptor words, plus its call and return: 10 IALU, 6 stores, 3 branches;
     * per transfer, {@code e_dma_start} checks the channel (2 IALU, 1 branch), waits for it to be idle
     * (2 IALU, 1 branch), builds the start word (2 IALU), selects the channel (1 IALU, 1 branch) and
     * writes its config register (1 IALU), plus call and return: 8 IALU, 5 branches. The channel is
     * free when the runtime starts a transfer, so neither wait loops.
     */
    @Override
    public io.edarts.cam.Dma.Setup dmaSetup(io.edarts.cam.Dma transfer) {
        long n = transfer.descriptors();
        return new io.edarts.cam.Dma.Setup(10 * n + 8, 6 * n, 3 * n + 5);
    }

    /** Memoized stalls of a burst of DRAM stores by element size and count (the same from every core). */
    private final java.util.concurrent.ConcurrentHashMap<java.util.List<Long>, Long> dramStoreStalls =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The data stalls {@code EpiphanyCoreModel} charges for these accesses of a firing alone (its
     * design note): a load from another core or from DRAM stalls for the uncontended read round trip
     * ({@code MeshTiming.readCycles}); a store to another core is posted and costs only its issue
     * slot; stores to DRAM are posted but leave no faster than the eLink takes them, so a burst
     * stalls the core by what the eLink is behind when the next one issues. The accesses of one
     * buffer all go to the node of its first address (a buffer lies in one bank, core or the DRAM).
     *
     * @throws IllegalArgumentException for a core off the mesh, a count below 0 or an element size below 1
     */
    @Override
    public long dataCycles(int core, long address, int elementBytes, long count, boolean write) {
        checkCore(core);
        if (count < 0 || elementBytes < 1) {
            throw new IllegalArgumentException("dataCycles: " + count + " accesses of " + elementBytes + " B");
        }
        int node = geometry.nodeOf(address, core);
        if (node == core || count == 0) {
            return 0;
        }
        if (!write) {
            return Math.multiplyExact(count, timing.readCycles(core, node, elementBytes));
        }
        if (node != geometry.dramNode()) {
            return 0;
        }
        return dramStoreStalls.computeIfAbsent(java.util.List.of((long) elementBytes, count), k -> {
            // the core model's loop: one issue slot per store, the eLink's queue ahead of the next
            long t = 0;
            long free = 0;
            long stalls = 0;
            long e = timing.elinkTicks(elementBytes);
            for (long i = 0; i < count; i++) {
                t++;
                long now = t * EpiphanyParams.TICKS_PER_CYCLE;
                long stall = MeshTiming.toCycles(Math.max(0, free - now));
                stalls += stall;
                t += stall;
                free = Math.max(now, free) + e;
            }
            return stalls;
        });
    }

    /**
     * A fresh plan of every core's local memory and the DRAM window ({@link EpiphanyMemoryPlan}):
     * runtime and stack reserved, resident code and data buffers sharing the rest.
     */
    @Override
    public io.edarts.cam.MemoryPlan newMemoryPlan() {
        return new EpiphanyMemoryPlan(machine, params, geometry);
    }

    /** A fresh DMA engine for one core. */
    public DmaEngine newDmaEngine() {
        return new DmaEngine(params.dmaChannels());
    }

    /**
     * @throws IllegalArgumentException if {@code suCore} is not a core or {@code candidates < 0}
     */
    @Override
    public long decisionCycles(int suCore, int candidates) {
        checkCore(suCore);
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates must be >= 0, got " + candidates);
        }
        return params.suDecisionInstructions() + params.suPerCandidateInstructions() * candidates;
    }

    /**
     * @throws IllegalArgumentException if a core is not on the mesh or {@code bytes < 0}
     */
    @Override
    public long messageCycles(int from, int to, int bytes) {
        checkCore(from);
        checkCore(to);
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
        if (from == to) {
            return 0;
        }
        return timing.writeCycles(from, to, Math.max(bytes, 1));
    }

    /** @throws IllegalArgumentException if {@code core} is not on the mesh */
    @Override
    public CoreModel coreModel(int core) {
        checkCore(core);
        return new EpiphanyCoreModel(core, params, geometry, timing, rentOrBuy);
    }

    /**
     * What {@code EpiphanyCoreModel} would charge this firing alone on the mesh, without its data:
     * dispatch, the instruction mix ({@code MixTiming}) plus declared cycles, signals, and the code:
     * nothing for code resident on {@code core} (a local code object at home there, or a cached or
     * dynamic one {@code codeHeld}); for code run in place (global, homed in another core, or too big
     * for the cache or dynamic-call region) a remote read per fetch line from its home; for a cached
     * or dynamic object not held, the copy in, a remote read per 4-byte word plus the copy loop's own
     * cycles ({@code CodeCache.copyLoopCyclesPerWord}), or under {@code code-fetch = rent-or-buy} the
     * cheaper of copying and running in place. Uncontended, and without the cache manager's
     * table scans and evictions, which depend on the core's history.
     *
     * @throws IllegalArgumentException if {@code core} is not on the mesh
     */
    @Override
    public long estimateCycles(int core, io.edarts.cam.Work w, boolean codeHeld) {
        checkCore(core);
        long exec = io.edarts.epiphany.core.MixTiming.cycles(w.ialu(), w.fpu(), w.loadStore(), w.branches());
        long cycles = Math.addExact(Math.addExact(params.cuDispatchInstructions(), w.declaredCycles()),
                Math.addExact(exec, Math.multiplyExact(params.cuSignalInstructions(), (long) w.signals())));
        io.edarts.cam.CodeObject code = w.code();
        int h = w.codeHomeCore();
        int dram = geometry.dramNode();
        int home = h >= 0 && h != core ? h : code.placement() == io.edarts.cam.Placement.LOCAL ? core : dram;
        if (home == core) {
            return cycles;
        }
        long lines = EpiphanyCoreModel.fetchLines(params, w.declaredCycles() + w.instructions());
        long inPlace = Math.multiplyExact(lines, timing.readCycles(core, home, params.fetchLineBytes()));
        boolean copies = code.placement() == io.edarts.cam.Placement.CACHED
                || code.placement() == io.edarts.cam.Placement.DYNAMIC;
        if (!copies) {
            return Math.addExact(cycles, inPlace);
        }
        if (codeHeld) {
            return cycles;
        }
        int region = code.placement() == io.edarts.cam.Placement.CACHED ? params.cacheRegionBytes()
                : params.dynamicCallRegionBytes();
        if (code.sizeBytes() > region) {
            return Math.addExact(cycles, inPlace);
        }
        long words = code.sizeBytes() / 4L;
        long copy = Math.multiplyExact(words, timing.readCycles(core, home, 4)
                + io.edarts.epiphany.cache.CodeCache.copyLoopCyclesPerWord());
        return Math.addExact(cycles, rentOrBuy && code.placement() == io.edarts.cam.Placement.CACHED
                ? Math.min(copy, inPlace) : copy);
    }

    /**
     * An eCore issues at most two instructions a cycle (ARCH Table 23: dual issue of an IALU or FPU
     * instruction with a load/store), so a firing takes at least its declared cycles plus half its
     * instructions.
     */
    @Override
    public long lowerBoundCycles(long declaredCycles, long instructions) {
        return declaredCycles + instructions / 2;
    }

    /**
     * A {@code local} code object must fit, on its own, what code and data share on a core (local
     * memory less {@code epiphany.budget.runtime-bytes} and {@code stack-bytes}); cached, dynamic and
     * global code lives in DRAM and can always run (in place, if need be). With data, the run's
     * memory plan checks the two together.
     */
    @Override
    public void checkCode(io.edarts.cam.CodeObject code) {
        long budget = params.budget().sharedBytes(params.localMemoryBytes());
        if (code.placement() == io.edarts.cam.Placement.LOCAL && code.sizeBytes() > budget) {
            throw new IllegalArgumentException("code object '" + code.name() + "' is local and " + code.sizeBytes()
                    + " bytes, more than the " + budget + " bytes code and data share on a core of " + machine.name()
                    + " (epiphany.local-memory-bytes less epiphany.budget.runtime-bytes and stack-bytes): make it"
                    + " cached, dynamic or global, or smaller");
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT,
                "epiphany: %dx%d eMesh, %.1f cycles/hop, cMesh %d B/cycle, rMesh 1 read/%d cycles, eLink %.2f B/cycle,"
                        + " DRAM read latency %d cycles; %s",
                geometry.rows(), geometry.cols(), params.hopTicks() / 2.0, params.cmeshBytesPerCycle(),
                params.rmeshCyclesPerRequest(), 8192.0 / params.elinkCyclesPer8KiB(),
                params.dramReadLatencyTicks() / EpiphanyParams.TICKS_PER_CYCLE,
                params.contention() == EpiphanyConfig.Contention.OFF ? "contention off: per-firing costs uncontended"
                        : machine.clusters().size() == 1
                        ? "contention on: the cluster's firings and messages share one transaction-level eMesh"
                        : "contention on: the " + machine.clusters().size() + " clusters' firings and messages share one"
                                + " transaction-level eMesh, run as one event loop (messages between SUs uncontended)");
    }

    private void checkCore(int core) {
        if (core < 0 || core >= geometry.coreCount()) {
            throw new IllegalArgumentException("core " + core + " is not on the " + geometry.rows() + "x"
                    + geometry.cols() + " mesh");
        }
    }

    /**
     * Expands node-to-node traffic into the links of its dimension-order routes ({@link Routing}).
     * Busy cycles: a cMesh link carries {@code link-bytes-per-cycle} bytes a cycle; an rMesh link
     * takes a read request every {@code rmesh-cycles-per-request} cycles (one request per
     * {@code READ_REQUEST_BYTES}); the off-chip link (to or from DRAM, reported as "xmesh") takes what
     * the eLink takes ({@link MeshTiming#elinkTicks}). Loads add up every firing's uncontended
     * traffic plus the SUs' dispatches and signals; contention is modelled per transaction only in
     * the eMesh simulation ({@link io.edarts.epiphany.mesh.EMesh}).
     */
    @Override
    public java.util.List<io.edarts.cam.LinkLoad> linkLoads(io.edarts.cam.Traffic traffic) {
        java.util.Map<java.util.List<Integer>, long[]> links = new java.util.TreeMap<>((a, b) -> {
            for (int i = 0; i < 3; i++) {
                int c = Integer.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        int dram = geometry.dramNode();
        for (io.edarts.cam.Traffic.Flow f : traffic.flows()) {
            int from = f.from() == io.edarts.cam.Traffic.DRAM ? dram : f.from();
            int to = f.to() == io.edarts.cam.Traffic.DRAM ? dram : f.to();
            java.util.List<Integer> nodes = io.edarts.epiphany.mesh.Routing.route(geometry, from, to).nodes();
            for (int i = 0; i + 1 < nodes.size(); i++) {
                int a = nodes.get(i);
                int b = nodes.get(i + 1);
                int mesh = (a == dram || b == dram) ? 2 : f.mesh();
                links.computeIfAbsent(java.util.List.of(a == dram ? -1 : a, b == dram ? -1 : b, mesh),
                        k -> new long[1])[0] += f.bytes();
            }
        }
        java.util.List<io.edarts.cam.LinkLoad> out = new java.util.ArrayList<>();
        for (var e : links.entrySet()) {
            int mesh = e.getKey().get(2);
            long bytes = e.getValue()[0];
            long busy = switch (mesh) {
                case 0 -> (bytes + params.cmeshBytesPerCycle() - 1) / params.cmeshBytesPerCycle();
                case 1 -> (bytes / EpiphanyCoreModel.READ_REQUEST_BYTES) * params.rmeshCyclesPerRequest();
                default -> MeshTiming.toCycles(timing.elinkTicks((int) Math.min(Integer.MAX_VALUE, bytes)));
            };
            out.add(new io.edarts.cam.LinkLoad(e.getKey().get(0), e.getKey().get(1),
                    mesh == 0 ? "cmesh" : mesh == 1 ? "rmesh" : "xmesh", bytes, busy));
        }
        return out;
    }
}
