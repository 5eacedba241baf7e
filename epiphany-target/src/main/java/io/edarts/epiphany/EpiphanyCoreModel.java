package io.edarts.epiphany;

import io.edarts.cam.Charge;
import io.edarts.cam.CodeEvent;
import io.edarts.cam.CodeObject;
import io.edarts.cam.CodeStats;
import io.edarts.cam.CoreModel;
import io.edarts.cam.Counters;
import io.edarts.cam.FiringCost;
import io.edarts.cam.Placement;
import io.edarts.cam.Traffic;
import io.edarts.cam.Work;
import io.edarts.epiphany.cache.CacheSpec;
import io.edarts.epiphany.cache.CacheStats;
import io.edarts.epiphany.cache.CallOutcome;
import io.edarts.epiphany.cache.CodeCache;
import io.edarts.epiphany.cache.CodeImage;
import io.edarts.epiphany.cache.CodeResidency;
import io.edarts.epiphany.cache.CodeSource;
import io.edarts.epiphany.cache.CopyCost;
import io.edarts.epiphany.cache.DynamicCallStats;
import io.edarts.epiphany.cache.DynamicCallTable;
import io.edarts.epiphany.core.MixTiming;
import io.edarts.epiphany.memory.MeshGeometry;
import io.edarts.epiphany.mesh.MeshTiming;
import java.util.HashMap;
import java.util.Map;

/**
 * One eCore's cost model: what a firing costs on this core.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>Dispatch and signal</b>: the {@code costs} block's instruction counts
 *       ({@code cu-dispatch-instructions}, {@code cu-signal-instructions} per dependent) at one per
 *       cycle; the runtime is resident, so no fetch stalls. The signal's write is posted (ARCH 5.4),
 *       so the core does not wait for it; its latency is {@code EpiphanyTarget.messageCycles}.</li>
 *   <li><b>Body</b>: {@link MixTiming} over the firing's IALU, FPU, load/store and branch counts,
 *       each recorded data access counting as one more load/store, plus the declared cycles, plus
 *       data stalls: a load from another core is a split transaction that stalls the pipeline for
 *       the uncontended round trip ({@link MeshTiming#readTicks}, ARCH 5.3, Table 27 "external data
 *       load 10+"); a load from DRAM likewise, through the eLink (~543 cycles from core (0,0) of a
 *       Parallella); a store to another core is posted and costs only its issue slot (the cMesh
 *       accepts a write per cycle, ARCH 6.1.5); stores to DRAM are posted too but cannot leave
 *       faster than the eLink takes them (9.28 cycles per transaction), so a burst of them stalls.
 *       Accesses to the core's own memory cost their issue slot.</li>
 *   <li><b>Code</b>: resident code costs nothing here. Code executed in place from another core or
 *       from DRAM (placement {@code GLOBAL}, a {@code codeHomeCore} other than this core, or a cache
 *       or dynamic-call fall-back) is fetched 8 bytes at a time (ARCH 6.2), each fetch a remote
 *       read that stalls the sequencer for its round trip (ARCH Table 27 "external instruction fetch
 *       10+"): instructions x {@code mean-instruction-bytes} / 8 lines, each costing the
 *       uncontended read of 8 bytes from the code's home. {@code CACHED} and {@code DYNAMIC} code
 *       goes through the eSDK code cache and the COPRTHR-2 dynamic-call table of package
 *       {@code cache}, whose copies are priced by the same remote reads (word by word).</li>
 *   <li><b>Ideal</b>: declared cycles, instructions and data stalls, i.e. the same work with all
 *       code local and scheduling free.</li>
 *   <li><b>Code events</b>: {@code codeEvent} is "cache miss", "dynamic load" or "in place" (a
 *       cached or dynamic object that could not be brought in); code that runs in place by
 *       placement is not an event. {@code codeResident} says whether the code is in local memory
 *       after the firing; {@code evicted} lists what the cache evicted to make room.
 *       {@link #codeStats()} adds up the cache's and loader's counts, every in-place execution, and
 *       the cycles of the cache manager and loader (not the fetch stalls of in-place code).</li>
 *   <li><b>Counters</b> (CTIMER modes, ARCH 9): clock = end of the last firing; idle = gaps between
 *       firings; IALU counts the body's IALU instructions plus the runtime's dispatch and signal
 *       instructions; dual issue = paired cycles of the mix; load and register-dependency stalls
 *       are 0 for a mix (counts carry no dependences, see {@link MixTiming}); external fetch and
 *       load stalls as above; mesh bytes = payload this core writes to or reads from other nodes,
 *       code lines included.</li>
 * </ul>
 * Owned by one core's actor; shares no mutable state with other cores' models; {@link #fire}
 * allocates only its answer after a code object's first call and runs in O(accesses).
 */
final class EpiphanyCoreModel implements CoreModel {
    private final int core;
    private final EpiphanyParams params;
    private final MeshGeometry geometry;
    private final MeshTiming timing;
    private final Counters counters = new Counters();
    private final long lineStallFromDram;
    private long lastFinish;

    private final boolean rentOrBuy;
    private final Traffic traffic = new Traffic();
    /** LOCAL code objects resident on this core, and their bytes, against the code budget. */
    private final java.util.Set<String> localCode = new java.util.HashSet<>();
    private long localCodeBytes;
    private long regionBytes;
    /** Bytes of one read request on the rMesh: the address and the return address, two words. */
    static final int READ_REQUEST_BYTES = MeshTiming.READ_REQUEST_BYTES;
    /** Rent-or-buy: fetch-stall cycles paid so far per code object id, running it in place. */
    private long[] rented = new long[0];
    private CodeResidency residency;
    private CodeCache cache;
    private DynamicCallTable dynamic;
    private final Map<String, CodeImage> catalog = new HashMap<>();
    /**
     * Entries of {@link #codeObject}'s cache of resolved code objects (a power of two): a program's
     * codelets often alternate between a few kernels (a task graph's tasks run kernel {@code t mod 8}),
     * which a one-entry cache would miss on nearly every firing.
     */
    static final int CODE_CACHE_ENTRIES = 16;
    /**
     * The code objects (immutable records, matched by identity, never by name) and home cores
     * {@link #codeObject} resolved recently, and their images, each in the entry its name's hash
     * picks (direct mapped: one probe, no search). A null object marks an empty entry.
     */
    private final CodeObject[] codeSlots = new CodeObject[CODE_CACHE_ENTRIES];
    private final int[] codeSlotHomes = new int[CODE_CACHE_ENTRIES];
    private final CodeImage[] codeSlotImages = new CodeImage[CODE_CACHE_ENTRIES];
    private final CodeStats codeStats = new CodeStats();
    private long inPlace;
    private long codeCyclesTotal;
    /** The firing's mesh use for the contended mesh, or null when contention is off. */
    private final io.edarts.epiphany.mesh.FiringScript.Builder script;
    /** Code copies of the current firing (node, words) and their stall cycles, for the script. */
    private final java.util.List<long[]> copies = new java.util.ArrayList<>();
    /** Reused per firing: the data accesses' mesh use, appended to {@link #script} after the code's. */
    private final io.edarts.epiphany.mesh.FiringScript.Builder dataScript;

    EpiphanyCoreModel(int core, EpiphanyParams params, MeshGeometry geometry, MeshTiming timing) {
        this(core, params, geometry, timing, false);
    }

    /**
     * @param rentOrBuy run cached code this core does not hold in place from its home until the fetch
     *                  stalls paid for it reach the cost of one copy, then copy it (see
     *                  {@code epiphany.code-fetch} in reference.conf)
     */
    EpiphanyCoreModel(int core, EpiphanyParams params, MeshGeometry geometry, MeshTiming timing, boolean rentOrBuy) {
        this.rentOrBuy = rentOrBuy;
        this.core = core;
        this.params = params;
        this.geometry = geometry;
        this.timing = timing;
        this.lineStallFromDram = timing.readCycles(core, geometry.dramNode(), params.fetchLineBytes());
        boolean contended = params.contention() == EpiphanyConfig.Contention.ON;
        this.script = contended ? new io.edarts.epiphany.mesh.FiringScript.Builder() : null;
        this.dataScript = contended ? new io.edarts.epiphany.mesh.FiringScript.Builder() : null;
    }

    @Override
    public Charge fire(Work w, long startCycle) {
        if (w == null) {
            throw new IllegalArgumentException("work must not be null");
        }
        if (startCycle < 0) {
            throw new IllegalArgumentException("start cycle must be >= 0, got " + startCycle);
        }
        return charge(w, startCycle);
    }

    private Charge charge(Work w, long startCycle) {
        String codeName = w.code().name();
        int codeBytes = w.code().sizeBytes();
        Placement placement = w.code().placement();
        Work.Accesses data = w.data();
        CodeEvent event = CodeEvent.NONE;
        java.util.List<String> evicted = java.util.List.of();
        long dispatch = params.cuDispatchInstructions();
        long signal = Math.multiplyExact(params.cuSignalInstructions(), (long) w.signals());
        int accesses = data.count();
        long loadStore = Math.addExact(w.loadStore(), accesses);
        long exec = MixTiming.cycles(w.ialu(), w.fpu(), loadStore, w.branches());
        long pairs = MixTiming.dualIssues(w.ialu(), w.fpu(), loadStore, w.branches());

        // data: accesses in order, the core's own issue slots advancing a local clock for DRAM stores
        long dataStall = 0;
        long extLoad = 0;
        long meshBytes = 0;
        long t = 0;
        long elinkFreeTicks = 0;
        int dram = geometry.dramNode();
        if (!copies.isEmpty()) {
            copies.clear();
        }
        // the data accesses' mesh use, replayed after the body's code (the order does not change the
        // uncontended total): collected here, appended below
        io.edarts.epiphany.mesh.FiringScript.Builder dataMesh = dataScript == null ? null : dataScript.reset();
        if (script != null) {
            script.reset();
        }
        for (int i = 0; i < accesses; i++) {
            int bytes = data.size(i);
            int node = geometry.nodeOf(data.address(i), core);
            t++;
            if (node == core) {
                continue;
            }
            meshBytes += bytes;
            int peer = node == dram ? Traffic.DRAM : node;
            boolean write = data.isWrite(i);
            if (write) {
                traffic.add(core, peer, Traffic.CMESH, bytes);
            } else {
                traffic.add(peer, core, Traffic.CMESH, bytes);
                traffic.add(core, peer, Traffic.RMESH, READ_REQUEST_BYTES);
            }
            if (write) {
                if (node == dram) {
                    long nowTicks = t * EpiphanyParams.TICKS_PER_CYCLE;
                    long stallTicks = Math.max(0, elinkFreeTicks - nowTicks);
                    long stall = MeshTiming.toCycles(stallTicks);
                    dataStall += stall;
                    t += stall;
                    elinkFreeTicks = Math.max(nowTicks, elinkFreeTicks) + timing.elinkTicks(bytes);
                    if (dataMesh != null) {
                        dataMesh.compute(stall); // the core's own eLink stall, kept as local work
                    }
                }
                if (dataMesh != null) {
                    dataMesh.write(node, bytes);
                }
            } else {
                long stall = timing.readCycles(core, node, bytes);
                dataStall += stall;
                extLoad += stall;
                t += stall;
                if (dataMesh != null) {
                    dataMesh.reads(node, bytes, 1, 0);
                }
            }
        }

        // code
        long codeCycles = 0;
        long fetchStall = 0;
        CodeImage cached = null;
        int home;
        switch (placement) {
            case LOCAL -> {
                home = remoteHome(w, core);
                if (home == core && localCode.add(codeName)) {
                    localCodeBytes += codeBytes;
                    checkCodeBudget(codeName);
                }
            }
            case GLOBAL -> home = remoteHome(w, dram);
            case CACHED, DYNAMIC -> {
                cached = codeObject(w);
                residency();
                if (rentOrBuy && placement == Placement.CACHED && !cache.isCached(cached.id())) {
                    int from = homeNode(cached.home());
                    long copyCost = (cached.bytes() / 4L) * timing.readCycles(core, from, 4);
                    long stall = fetchStall(w, loadStore, from);
                    if (cached.id() >= rented.length) {
                        rented = java.util.Arrays.copyOf(rented, Math.max(16, 2 * (cached.id() + 1)));
                    }
                    if (rented[cached.id()] + stall < copyCost) {
                        // rent: run it from its home this time
                        rented[cached.id()] += stall;
                        event = CodeEvent.IN_PLACE_RENT;
                        cached = null;
                        home = from;
                        break;
                    }
                }
                int hint = w.codeCopySource();
                CallOutcome outcome = residency().enter(cached, startCycle + dispatch,
                        hint >= 0 && hint != core && hint < geometry.coreCount() ? CodeSource.core(hint) : null);
                if (!residency.lastEvicted().isEmpty()) {
                    evicted = residency.lastEvicted().stream().map(CodeImage::name).toList();
                }
                codeCycles += residency.lastCycles();
                home = outcome.inPlace() ? homeNode(cached.home()) : core;
                event = switch (outcome) {
                    case CACHE_MISS -> CodeEvent.CACHE_MISS;
                    case DYNAMIC_FIRST_CALL -> CodeEvent.DYNAMIC_LOAD;
                    case IN_PLACE_FALLBACK -> CodeEvent.IN_PLACE;
                    default -> CodeEvent.NONE;
                };
            }
            default -> throw new IllegalArgumentException("unknown placement " + placement);
        }
        if (home != core) {
            inPlace++;
        }
        if (home != core) {
            fetchStall = fetchStall(w, loadStore, home);
            long lines = fetchLines(w, loadStore);
            meshBytes += lines * params.fetchLineBytes();
            int peer = home == dram ? Traffic.DRAM : home;
            traffic.add(peer, core, Traffic.CMESH, lines * params.fetchLineBytes());
            traffic.add(core, peer, Traffic.RMESH, lines * READ_REQUEST_BYTES);
        }
        long body = Math.addExact(Math.addExact(w.declaredCycles(), exec), dataStall);
        if (cached != null) {
            codeCycles += residency.exit(cached, startCycle + dispatch + codeCycles + fetchStall + body);
        }
        codeCyclesTotal += codeCycles;

        FiringCost cost = new FiringCost(dispatch, Math.addExact(codeCycles, fetchStall), body, signal, body);
        long total = cost.total();
        io.edarts.cam.FiringTraffic traffic = io.edarts.cam.FiringTraffic.NONE;
        if (script != null && (home != core || !copies.isEmpty() || dataMesh.usesMesh())) {
            // (otherwise every op would be local work, whose script is FiringTraffic.NONE)
            script.compute(dispatch);
            long copyStall = 0;
            for (int i = 0; i < copies.size(); i++) { // indexed: no iterator per firing
                long[] c = copies.get(i);
                script.reads((int) c[0], 4, c[1], 0);
                copyStall += c[2];
            }
            script.compute(codeCycles - copyStall);
            long work = Math.addExact(w.declaredCycles(), exec);
            if (home != core) {
                script.reads(home, params.fetchLineBytes(), fetchLines(w, loadStore), work);
            } else {
                script.compute(work);
            }
            script.append(dataMesh);
            script.compute(signal);
            traffic = script.build();
        }
        if (startCycle > lastFinish) {
            counters.idle += startCycle - lastFinish;
        }
        lastFinish = Math.max(lastFinish, startCycle + total);
        counters.clock = lastFinish;
        counters.ialu += w.ialu() + dispatch + signal;
        counters.fpu += w.fpu();
        counters.dualIssue += pairs;
        counters.extFetchStalls += fetchStall;
        counters.extLoadStalls += extLoad;
        counters.meshBytes += meshBytes;
        return new Charge(cost, event, home == core, evicted, traffic);
    }

    @Override
    public Counters counters() {
        return counters.copy();
    }

    @Override
    public Traffic traffic() {
        return traffic.copy();
    }

    @Override
    public CodeStats codeStats() {
        CacheStats c = cache == null ? CacheStats.ZERO : cache.stats();
        DynamicCallStats d = dynamic == null ? DynamicCallStats.ZERO : dynamic.stats();
        codeStats.hits = c.hits();
        codeStats.misses = c.misses();
        codeStats.evictions = c.evictions();
        codeStats.bytesCopied = c.bytesCopied() + d.bytesCopied();
        codeStats.pltPatches = c.pltPatches();
        codeStats.pltRestores = c.pltRestores();
        codeStats.dynamicFirstCalls = d.firstCalls();
        codeStats.dynamicCalls = d.calls();
        codeStats.inPlace = inPlace;
        codeStats.cycles = codeCyclesTotal;
        return codeStats.copy();
    }

    /**
     * Fetch lines of executing this firing's instructions: instructions x mean bytes / line bytes.
     * Declared cycles are work of unknown kind the core executes, counted at one instruction a cycle
     * (the in-order eCore's single-issue rate); without them a codelet that states only its cycles
     * (a task graph's processing time) would fetch nothing and run from DRAM for free.
     */
    private long fetchLines(Work w, long loadStore) {
        return fetchLines(params, w.declaredCycles() + w.ialu() + w.fpu() + loadStore + w.branches());
    }

    /** Fetch lines of executing {@code instructions} in place (the target's estimate uses it too). */
    static long fetchLines(EpiphanyParams params, long instructions) {
        return (long) Math.ceil(instructions * params.meanInstructionBytes() / params.fetchLineBytes());
    }

    /** Sequencer stalls of fetching this firing's code from {@code home}, one remote read per line. */
    private long fetchStall(Work w, long loadStore, int home) {
        long perLine = home == geometry.dramNode() ? lineStallFromDram
                : timing.readCycles(core, home, params.fetchLineBytes());
        return fetchLines(w, loadStore) * perLine;
    }

    /** The node code runs from: {@code codeHomeCore} if it names another core, else {@code fallback}. */
    private int remoteHome(Work w, int fallback) {
        int h = w.codeHomeCore();
        if (h < -1 || h >= geometry.coreCount()) {
            throw new IllegalArgumentException("core " + core + ", '" + w.code().name() + "': code home core " + h
                    + " is neither -1 nor a core of the " + geometry.rows() + "x" + geometry.cols() + " mesh");
        }
        return h >= 0 && h != core ? h : fallback;
    }

    private int homeNode(CodeSource source) {
        return source.isDram() ? geometry.dramNode() : source.core();
    }

    /**
     * The image of {@code w}'s code object: from the small cache when this very object (identity, so
     * an equal or same-named object declared anew is checked again) with this home resolved
     * recently, where the catalogue checked it then; else from the catalogue, replacing the entry.
     * Which entries collide never changes the answer, only whether the catalogue is asked (the
     * name's hash is the string's, so the same on every run).
     */
    private CodeImage codeObject(Work w) {
        CodeObject code = w.code();
        int h = w.codeHomeCore();
        int hash = code.name().hashCode();
        int i = (hash ^ (hash >>> 16)) & (CODE_CACHE_ENTRIES - 1);
        if (codeSlots[i] == code && codeSlotHomes[i] == h) {
            return codeSlotImages[i];
        }
        CodeImage c = catalogued(w);
        codeSlots[i] = code;
        codeSlotHomes[i] = h;
        codeSlotImages[i] = c;
        return c;
    }

    /** The catalogue's image of {@code w}'s code object, made at its first call, checked against it at later ones. */
    private CodeImage catalogued(Work w) {
        String codeName = w.code().name();
        int codeBytes = w.code().sizeBytes();
        Placement placement = w.code().placement();
        CodeImage c = catalog.get(codeName);
        int h = remoteHome(w, -1);
        CodeSource home = h >= 0 ? CodeSource.core(h) : CodeSource.DRAM;
        if (c != null) {
            if (c.bytes() != codeBytes || c.placement() != placement || !c.home().equals(home)) {
                throw new IllegalArgumentException("core " + core + ": code object '" + codeName + "' was "
                        + c.bytes() + " bytes " + c.placement() + " from " + c.home() + ", now " + codeBytes
                        + " bytes " + placement + " from " + home);
            }
            return c;
        }
        if (catalog.size() >= params.cacheMaxCodeObjects()) {
            throw new IllegalStateException("core " + core + ": more than " + params.cacheMaxCodeObjects()
                    + " cached or dynamic code objects (epiphany.code-cache.max-code-objects) at '" + codeName + "'");
        }
        c = new CodeImage(catalog.size(), w.code(), home);
        catalog.put(codeName, c);
        return c;
    }

    private CodeResidency residency() {
        if (residency == null) {
            Layout l = checkLayout(params);
            CopyCost copy = (bytes, from, startCycle) -> {
                int node = homeNode(from);
                if (node == core) {
                    return 0;
                }
                // the cache manager copies word by word: a read request and a 4-byte reply per word
                int peer = node == geometry.dramNode() ? Traffic.DRAM : node;
                traffic.add(peer, core, Traffic.CMESH, bytes);
                traffic.add(core, peer, Traffic.RMESH, (long) (bytes / 4) * READ_REQUEST_BYTES);
                counters.meshBytes += bytes;
                // each word is an ldr from another node: the cache manager stalls on external loads
                long stall = (bytes / 4) * timing.readCycles(core, node, 4);
                counters.extLoadStalls += stall;
                if (script != null && bytes / 4 > 0) {
                    copies.add(new long[] {node, bytes / 4, stall});
                }
                return stall;
            };
            // A miss copies from the core the scheduler names as holding a copy when that is nearer
            // than the code's home (code-copy-source = nearest-holder), else from the home.
            io.edarts.epiphany.cache.CopySourcePolicy sources = (code, now, hint) -> {
                if (hint == null) {
                    return code.home();
                }
                return timing.readCycles(core, homeNode(hint), 4) < timing.readCycles(core, homeNode(code.home()), 4)
                        ? hint : code.home();
            };
            cache = CodeCache.builder(new CacheSpec(l.cacheBase, params.cacheRegionBytes(),
                            params.cacheTableEntries()), params.cacheMaxCodeObjects())
                    .policy(params.cachePolicy()).copyCost(copy).copySource(sources).build();
            CodeResidency.Builder b = CodeResidency.builder().cache(cache);
            if (params.dynamicCallRegionBytes() > 0) {
                dynamic = DynamicCallTable.builder(l.dynamicBase, params.dynamicCallRegionBytes(),
                        params.cacheMaxCodeObjects()).copyCost(copy).build();
                b.dynamicCalls(dynamic);
            }
            residency = b.build();
            regionBytes = (long) l.dynamicBase - l.cacheBase + params.dynamicCallRegionBytes();
            checkCodeBudget("the code cache");
        }
        return residency;
    }

    /**
     * Resident code must fit what code and data share on a core (local memory less the reserved
     * runtime and stack): local code objects plus, once this core uses them, the code cache and the
     * dynamic-call region. This is the bound for code alone; with data, the run's memory plan
     * ({@link EpiphanyMemoryPlan#placeCode}) checks the two together before a core runs the code.
     */
    private void checkCodeBudget(String what) {
        long budget = params.budget().sharedBytes(params.localMemoryBytes());
        if (localCodeBytes + regionBytes > budget) {
            throw new IllegalArgumentException("core (" + geometry.row(core) + "," + geometry.col(core) + "): " + what
                    + " does not fit local memory: " + localCodeBytes + " bytes of local code + " + regionBytes
                    + " bytes of code cache and dynamic-call region > the " + budget + " bytes code and data share"
                    + " (epiphany.local-memory-bytes less epiphany.budget.runtime-bytes and stack-bytes)");
        }
    }

    /**
     * Where the code cache (table, then code space) and the dynamic-call region sit: the top of the
     * space code and data share, just below the stack.
     */
    record Layout(int cacheBase, int dynamicBase) { }

    /**
     * @throws IllegalArgumentException if the cache table, its code space and the dynamic-call
     *                                  region do not fit the space code and data share
     */
    static Layout checkLayout(EpiphanyParams p) {
        int codeEnd = (p.localMemoryBytes() - p.budget().stackBytes()) & -8;
        int shared = p.budget().sharedBytes(p.localMemoryBytes());
        int table = p.cacheTableEntries() * CacheSpec.TABLE_ENTRY_BYTES;
        long need = (long) table + p.cacheRegionBytes() + p.dynamicCallRegionBytes();
        if (need > shared) {
            throw new IllegalArgumentException("code cache (" + table + " B table + " + p.cacheRegionBytes()
                    + " B code space) and dynamic-call region (" + p.dynamicCallRegionBytes() + " B) need " + need
                    + " B, more than the " + shared + " B code and data share (the code budget: local-memory-bytes"
                    + " less budget.runtime-bytes and budget.stack-bytes)");
        }
        if (p.cacheRegionBytes() % 4 != 0 || p.dynamicCallRegionBytes() % 4 != 0) {
            throw new IllegalArgumentException("code-cache.region-bytes (" + p.cacheRegionBytes()
                    + ") and dynamic-call-region-bytes (" + p.dynamicCallRegionBytes() + ") must be multiples of 4");
        }
        int dynamicBase = codeEnd - p.dynamicCallRegionBytes();
        int cacheBase = dynamicBase - p.cacheRegionBytes();
        return new Layout(cacheBase, dynamicBase);
    }
}
