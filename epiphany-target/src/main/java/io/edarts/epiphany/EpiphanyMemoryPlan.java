package io.edarts.epiphany;

import io.edarts.cam.BufferPlace;
import io.edarts.cam.CodeObject;
import io.edarts.cam.CoreMemory;
import io.edarts.cam.CoreRole;
import io.edarts.cam.Machine;
import io.edarts.cam.MemoryAllocation;
import io.edarts.cam.MemoryKind;
import io.edarts.cam.MemoryPlan;
import io.edarts.cam.Placement;
import io.edarts.epiphany.memory.Allocation;
import io.edarts.epiphany.memory.MemoryBudget;
import io.edarts.epiphany.memory.MeshGeometry;
import io.edarts.epiphany.memory.Place;
import io.edarts.epiphany.memory.Region;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Epiphany's {@link MemoryPlan}, on {@link MemoryBudget}: each core's 32 KB less the reserved
 * runtime and stack is one space that resident code and data buffers share, and the DRAM window
 * holds external buffers.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>Code.</b> {@link #placeCode}: a {@code local} code object takes its bytes on the core that
 *       runs it (on its home core when it is homed elsewhere, which others execute in place); a
 *       {@code cached} or {@code dynamic} one makes the core hold the eSDK code cache (table and
 *       code space) and the COPRTHR-2 dynamic-call region, at the fixed place the core model's
 *       {@link EpiphanyCoreModel#checkLayout layout} gives them, just below the stack; {@code global}
 *       code lives in DRAM and takes nothing local.</li>
 *   <li><b>Firing-core buffers</b> take one local offset on every CU (the lowest all of them have
 *       free), as a global does in each core's image; SU cores run the scheduler, not the program.</li>
 *   <li><b>Partitions.</b> {@link #forCluster}: the SU of cluster k allocates only in its own cores'
 *       memory and in the k-th of K equal slices of the DRAM left free before the run (doubleword
 *       aligned), so the SUs, which run concurrently, never share an allocator.</li>
 * </ul>
 */
final class EpiphanyMemoryPlan implements MemoryPlan {
    private final Machine machine;
    private final EpiphanyParams params;
    private final MeshGeometry geometry;
    private final MemoryBudget budget;
    private final int[] cus;
    private final Map<MemoryAllocation, List<Allocation>> backing;
    private final Set<String> placedCode;
    /** Per core, the code object placed for it last (identity), so a repeated dispatch costs no lookup. */
    private final CodeObject[] lastPlaced;
    /** Per core, whether its code cache region is known placed: spares a string key per dispatch of cached code. */
    private final boolean[] cacheRegionPlaced;
    private final int[] staticData;
    private final long staticExternal;

    EpiphanyMemoryPlan(Machine machine, EpiphanyParams params, MeshGeometry geometry) {
        this(machine, params, geometry, new MemoryBudget(geometry, params.budget()), new HashMap<>(), new HashSet<>());
    }

    private EpiphanyMemoryPlan(Machine machine, EpiphanyParams params, MeshGeometry geometry, MemoryBudget budget,
                               Map<MemoryAllocation, List<Allocation>> backing, Set<String> placedCode) {
        this.machine = machine;
        this.params = params;
        this.geometry = geometry;
        this.budget = budget;
        this.cus = java.util.stream.IntStream.range(0, machine.coreCount())
                .filter(c -> machine.role(c) == CoreRole.CU).toArray();
        this.backing = backing;
        this.placedCode = placedCode;
        this.lastPlaced = new CodeObject[geometry.coreCount()];
        this.cacheRegionPlaced = new boolean[geometry.coreCount()];
        this.staticData = new int[geometry.coreCount()];
        for (int c = 0; c < staticData.length; c++) {
            staticData[c] = budget.used(c, Region.DATA);
        }
        this.staticExternal = budget.dramUsed();
    }

    @Override
    public MemoryAllocation allocate(String name, MemoryKind kind, BufferPlace place, long bytes) {
        if (place == null || kind == null) {
            throw new IllegalArgumentException("'" + name + "': kind and place must not be null");
        }
        Region region = kind == MemoryKind.CODE ? Region.CODE : Region.DATA;
        if (bytes > Integer.MAX_VALUE) {
            long capacity = place.kind() == BufferPlace.Kind.EXTERNAL ? geometry.dramBytes() : geometry.localMemoryBytes();
            throw new TooLarge(name, place, bytes, capacity);
        }
        int size = (int) bytes;
        return switch (place.kind()) {
            case BANK, CORE -> {
                int core = coreOf(name, place);
                Allocation a = budget.allocate(place.kind() == BufferPlace.Kind.BANK ? Place.bank(core, place.bank())
                        : Place.core(core), region, name, size);
                yield keep(new MemoryAllocation(name, kind, place, core, a.address(), bytes), List.of(a));
            }
            case EXTERNAL -> {
                Allocation a = budget.allocate(Place.dram(), region, name, size);
                yield keep(new MemoryAllocation(name, kind, place, -1, a.address(), bytes), List.of(a));
            }
            case FIRING_CORE -> {
                List<Allocation> all = budget.allocateOnEvery(cus, region, name, size);
                long offset = all.get(0).address() & (MeshGeometry.NODE_SPACE_BYTES - 1);
                yield keep(new MemoryAllocation(name, kind, place, -1, offset, bytes), all);
            }
        };
    }

    /** A size no core or window of this machine can ever hold. */
    private static final class TooLarge extends io.edarts.cam.MemoryBudgetException {
        private static final long serialVersionUID = 1L;

        TooLarge(String name, BufferPlace place, long bytes, long capacity) {
            super(place + ": '" + name + "' needs " + bytes + " B, more than the " + capacity + " B it has", -1,
                    place.toString(), bytes, capacity);
        }
    }

    private MemoryAllocation keep(MemoryAllocation m, List<Allocation> parts) {
        backing.put(m, parts);
        return m;
    }

    private int coreOf(String name, BufferPlace place) {
        if (place.row() >= geometry.rows() || place.col() >= geometry.cols()) {
            throw new IllegalArgumentException("'" + name + "': " + place + " is not on " + machine.name() + "'s "
                    + geometry.rows() + "x" + geometry.cols() + " mesh (rows 0.." + (geometry.rows() - 1)
                    + ", columns 0.." + (geometry.cols() - 1) + ")");
        }
        if (place.kind() == BufferPlace.Kind.BANK && place.bank() >= geometry.banks()) {
            throw new IllegalArgumentException("'" + name + "': " + place + " does not exist: a core has banks 0.."
                    + (geometry.banks() - 1) + " (epiphany.local-memory-bytes / bank-bytes)");
        }
        return geometry.core(place.row(), place.col());
    }

    @Override
    public void placeCode(int core, CodeObject code) {
        if (code.placement() == Placement.GLOBAL) {
            return;
        }
        // the SU calls this at every dispatch: the code a core was given last is placed already
        if (core >= 0 && core < lastPlaced.length && lastPlaced[core] == code) {
            return;
        }
        placeOnce(core, code);
        if (core >= 0 && core < lastPlaced.length) {
            lastPlaced[core] = code;
        }
    }

    private void placeOnce(int core, CodeObject code) {
        if (code.placement() == Placement.LOCAL) {
            int home = code.hasHomeCore() ? code.homeCore() : core;
            if (placedCode.add(home + "/" + code.name())) {
                budget.allocate(Place.core(home), Region.CODE, "code object '" + code.name() + "'", code.sizeBytes());
            }
            return;
        }
        // cached and dynamic code: the cache and the dynamic-call region, once per core
        boolean known = core >= 0 && core < cacheRegionPlaced.length;
        if (known && cacheRegionPlaced[core]) {
            return;
        }
        if (placedCode.add(core + "//cache")) {
            EpiphanyCoreModel.Layout l = EpiphanyCoreModel.checkLayout(params);
            int table = params.cacheTableEntries() * io.edarts.epiphany.cache.CacheSpec.TABLE_ENTRY_BYTES;
            int start = l.cacheBase() - table;
            int end = l.dynamicBase() + params.dynamicCallRegionBytes();
            budget.allocateAt(core, start, Region.CODE, "the code cache and dynamic-call region", end - start);
        }
        if (known) {
            cacheRegionPlaced[core] = true;
        }
    }

    /**
     * An 8-byte jump-table entry per call number (coprthr2-paper.txt 3.5), from the memory code and
     * data share. The service's fixed 128 bytes are not counted here: they are part of syscore ("a
     * fixed cost of 128 bytes to provide the feature as a service within syscore"), which the runtime
     * reserve and the image's syscore section already hold on every core.
     */
    @Override
    public void placeHostCall(int core, int number) {
        if (placedCode.add(core + "//host-call/" + number)) {
            budget.allocate(Place.core(core), Region.CODE, "the host-call jump-table entry of call " + number,
                    io.edarts.epiphany.hostcall.HostCallParams.ENTRY_BYTES);
        }
    }

    @Override
    public void free(MemoryAllocation allocation) {
        List<Allocation> parts = backing.remove(allocation);
        if (parts == null) {
            throw new IllegalArgumentException("'" + (allocation == null ? null : allocation.name())
                    + "' is not allocated in this plan");
        }
        for (Allocation a : parts) {
            budget.free(a);
        }
    }

    @Override
    public long address(MemoryAllocation a, int core, long offset) {
        if (offset < 0 || offset >= a.bytes()) {
            throw new IllegalArgumentException("'" + a.name() + "': offset " + offset + " is outside its " + a.bytes()
                    + " B");
        }
        if (a.place().kind() == BufferPlace.Kind.FIRING_CORE) {
            return geometry.globalAddress(core, a.base() + offset);
        }
        return a.base() + offset;
    }

    @Override
    public MemoryPlan forCluster(int cluster) {
        int k = machine.clusters().size();
        if (cluster < 0 || cluster >= k) {
            throw new IllegalArgumentException("cluster " + cluster + " is not one of " + machine.name() + "'s " + k);
        }
        boolean[] open = new boolean[geometry.coreCount()];
        for (int c = 0; c < open.length; c++) {
            open[c] = machine.clusterOf(c).id() == cluster;
        }
        long start = budget.dramFreeStart();
        long freeBytes = geometry.dramBytes() - start;
        long lo = (start + freeBytes * cluster / k) & -8L;
        long hi = cluster == k - 1 ? geometry.dramBytes() : (start + freeBytes * (cluster + 1) / k) & -8L;
        return new EpiphanyMemoryPlan(machine, params, geometry, budget.partition(open, lo, hi),
                new HashMap<>(backing), new HashSet<>(placedCode));
    }

    @Override
    public boolean budgeted() {
        return true;
    }

    @Override
    public CoreMemory use(int core) {
        int capacity = geometry.localMemoryBytes();
        int runtime = budget.used(core, Region.RUNTIME);
        int stack = budget.used(core, Region.STACK);
        int code = budget.used(core, Region.CODE);
        int peak = budget.peakData(core);
        return new CoreMemory(core, capacity, runtime, stack, code, staticData[core], peak,
                Math.max(0, capacity - runtime - stack - code - peak));
    }

    @Override
    public int machineCores() {
        return geometry.coreCount();
    }

    @Override
    public long externalPeakBytes() {
        return Math.max(staticExternal, budget.dramPeak());
    }
}
