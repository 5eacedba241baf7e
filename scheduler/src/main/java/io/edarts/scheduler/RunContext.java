package io.edarts.scheduler;

import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.Cluster;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Machine;
import io.edarts.cam.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Everything a run's actors share and never change: the program, the machine and its costs. */
final class RunContext {
    final Program<Object> program;
    final Target target;
    final Machine machine;
    final RunOptions options;
    final int clusters;
    /** Cycles an SU-to-SU message takes at the least: the window of the time keeper. */
    final long lookahead;
    final int dispatchBytes;
    final int signalBytes;
    final AtomicLong firedSoFar = new AtomicLong();
    /** Whether cache misses may copy code from the nearest CU known to hold it. */
    final boolean copyFromNearest;
    /** The {@code --verify} logs, or {@code null} without it. */
    final RunVerifier verifier;
    /**
     * With contention on a machine of several clusters: the one interconnect every SU shares, driven
     * by the time keeper in serial rounds (see {@link Timekeeper}); else null (one cluster's is {@link #sole}).
     */
    final io.edarts.cam.Interconnect chip;
    /** On a machine of one cluster, its SU's interconnect (or null): built once, here. */
    final io.edarts.cam.Interconnect sole;
    /**
     * With {@link #chip}: per cluster, the earliest event the shared mesh's callbacks added to that
     * SU's clock since it last reported. Written and read only while one party runs (an SU in its
     * grant, or the time keeper between grants), the hand-over being a message.
     */
    final long[] added;
    /**
     * With {@link #chip}: the bound the time keeper steps the shared mesh to, lowered by
     * {@link #added(int, long)}; the keeper sets it to the SUs' earliest work before it steps.
     */
    long addedMin = Long.MAX_VALUE;
    /**
     * With {@link #chip}: per cluster, the time keeper's earliest work of that SU (its report, its
     * mail, {@link #added}), lowered by {@link #added(int, long)} so that the keeper needs no scan of
     * the three to find it.
     */
    final long[] due;

    /** A callback of the shared mesh gave cluster {@code c}'s SU an event at {@code t}. */
    void added(int c, long t) {
        if (t < added[c]) {
            added[c] = t;
        }
        if (t < due[c]) {
            due[c] = t;
        }
        if (t < addedMin) {
            addedMin = t;
        }
    }
    /** The run's interconnect ({@link #chip} or {@link #sole}), or null without one. */
    io.edarts.cam.Interconnect interconnect() {
        return chip != null ? chip : sole;
    }

    /** Whether firings are timed by an interconnect (each SU's own, or {@link #chip}). */
    final boolean contended;
    /**
     * Whether each SU fires its CUs' bodies itself instead of through their actors: with one host
     * thread nothing runs in parallel anyway. Set by the {@link Simulator} before the run starts.
     */
    boolean inlineBodies;
    /** DMA channels of each CU ({@link Target#dmaChannels}). */
    final int dmaChannels;
    /** The host's side of host calls; touched by one party at a time ({@link HostServices}). */
    final HostServices host;
    /** The cycle the program starts at: the end of its launch ({@link RunOptions#startCycle}), else 0. */
    final long startCycle;
    /**
     * Whether the SUs form a tree ({@link TopScheduler}): a policy that deals procedures from the top,
     * on a machine of several clusters.
     */
    final boolean tree;
    /**
     * With {@link #tree} and {@link #chip}: per cluster, the tree messages the shared mesh delivered to
     * its SU since its last turn (written by the mesh's callbacks, read in the SU's next turn, the
     * hand-over a message as for {@link #added}); else null.
     */
    final List<java.util.ArrayDeque<SchedulingUnit.TreeMessage>> treeMail;
    /**
     * With {@link #chip}: per cluster, the slot messages and exit notices other SUs sent its SU since
     * its last turn, in sending order (the SUs run one at a time, so a list read in the receiver's next
     * turn is what its mailbox would hold then); else null (they are actor messages).
     */
    final List<java.util.ArrayDeque<SchedulingUnit.Command>> suMail;
    /**
     * With {@link #chip} and no instance stream: the SUs, by cluster, whose serial turns the time
     * keeper runs as method calls instead of messages ({@link Timekeeper}, "Direct turns"; each SU
     * puts itself here as it is made); else null. Set by the {@link Simulator} before the run.
     */
    SchedulingUnit[] directSus;
    private final Set<TpDefinition<?>> checked = ConcurrentHashMap.newKeySet();
    private final Set<String> capabilities;
    private final Map<TpDefinition<?>, long[]> bottomLevels = new ConcurrentHashMap<>();
    private final Map<TpDefinition<?>, PerDefinition> perDefinition = new ConcurrentHashMap<>();

    /** The run's memory plan with everything placed before the run (static data and code). */
    private final io.edarts.cam.MemoryPlan memory;
    /** Per cluster: the plan its SU allocates and frees instances' buffers in ({@link io.edarts.cam.MemoryPlan#forCluster}). */
    private final io.edarts.cam.MemoryPlan[] plans;
    /** Every scratch buffer of the procedures placed before the run, and its allocation. */
    private final Map<io.edarts.api.BufferHandle<?>, io.edarts.cam.MemoryAllocation> scratch =
            new java.util.IdentityHashMap<>();
    /** The one array of each scratch buffer that is not per core. */
    private final Map<io.edarts.api.BufferHandle<?>, Object> sharedScratch = new java.util.IdentityHashMap<>();
    private final Set<TpDefinition<?>> placed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** The code objects in force of the procedures known before the run, by name, in first-seen order. */
    private final Map<String, CodeObject> staticCode = new java.util.LinkedHashMap<>();
    /** The root's frame, made before the run when its buffers must be sized then; else at the start. */
    private Object rootFrame;
    private final InstanceMemory rootMemory;
    /** The root procedure's code names, as an SU's {@link CodeNames} holds them before its first invocation (copy it). */
    final CodeNames rootCodeNames;
    /** A streamed run's admission control (the SU of cluster 0 drives it), else null. */
    final Admissions admissions;

    /** What the run derives once per procedure: code objects in force and cost lower bounds. */
    private record PerDefinition(CodeObject[] code, long[] lowerBound) {}

    RunContext(Program<?> program, Target target, RunOptions options) {
        this(program, target, options, null);
    }

    /**
     * A run of {@code program}, or with {@code stream} a run of the stream's instances, for which
     * {@code program} is the template: its name, parameters and procedures are checked and placed
     * before the run, but its root does not run by itself.
     */
    @SuppressWarnings("unchecked")
    RunContext(Program<?> program, Target target, RunOptions options, InstanceStream stream) {
        this.admissions = stream == null ? null : new Admissions(stream);
        this.program = (Program<Object>) program;
        this.target = target;
        this.machine = target.machine();
        this.options = options;
        this.clusters = machine.clusters().size();
        this.dispatchBytes = machine.costs().dispatchBytes();
        this.signalBytes = machine.costs().signalBytes();
        this.copyFromNearest = machine.codeCopySource() == io.edarts.cam.CodeCopySource.NEAREST_HOLDER;
        this.capabilities = machine.cuCapabilities();
        this.tree = clusters > 1 && Policies.byName(options.policy()).get().dealsProceduresFromTop();
        long la = Long.MAX_VALUE;
        for (Cluster a : machine.clusters()) {
            for (Cluster b : machine.clusters()) {
                if (a != b) {
                    la = Math.min(la, target.messageCycles(a.suCore(), b.suCore(), signalBytes));
                    if (tree) { // a tree message carries a TP closure of dispatch-bytes
                        la = Math.min(la, target.messageCycles(a.suCore(), b.suCore(), dispatchBytes));
                    }
                }
            }
        }
        this.lookahead = la == Long.MAX_VALUE ? 0 : la;
        this.verifier = options.verify() ? new RunVerifier(clusters) : null;
        io.edarts.cam.Interconnect ic = target.newInterconnect(options.startCycle()).orElse(null);
        this.chip = clusters > 1 ? ic : null;
        this.sole = clusters == 1 ? ic : null;
        if (sole != null) {
            sole.submitsInOrder(); // its one SU submits at its own clock, which only moves forward
        }
        this.added = new long[clusters];
        this.due = new long[clusters];
        this.contended = ic != null;
        this.dmaChannels = target.dmaChannels();
        this.host = new HostServices(this, options.host());
        this.startCycle = options.startCycle();
        this.treeMail = tree && chip != null ? java.util.stream.IntStream.range(0, clusters)
                .mapToObj(k -> new java.util.ArrayDeque<SchedulingUnit.TreeMessage>()).toList() : null;
        this.suMail = chip != null ? java.util.stream.IntStream.range(0, clusters)
                .mapToObj(k -> new java.util.ArrayDeque<SchedulingUnit.Command>()).toList() : null;
        java.util.Arrays.fill(added, Long.MAX_VALUE);
        java.util.Arrays.fill(due, Long.MAX_VALUE);
        // a program that registers host functions declares its host calls: refuse before the run what
        // checkHostCalls would refuse at the first call (printf and the file calls need no
        // registration, so a program with only those is still refused at its first call)
        String refused = this.program.hostFunctions().isEmpty() ? null : checkHostCalls();
        if (refused != null) {
            throw new IllegalArgumentException(this.program.name() + " registers host functions "
                    + this.program.hostFunctions().keySet() + ": " + refused);
        }
        checkPlacementKeys();
        checkProcedure(this.program.root());
        CodeNames names = new CodeNames();
        names.add(this.program.root(), this);
        this.rootCodeNames = names.copy();
        List<TpDefinition<?>> known = new java.util.ArrayList<>();
        known.add(this.program.root());
        for (TpDefinition<?> d : this.program.procedures()) {
            checkProcedure(d);
            names.add(d, this);
            known.add(d);
        }
        this.memory = target.newMemoryPlan();
        this.rootMemory = placeStatic(known);
        this.offloadChoosers = new OffloadChooser[clusters];
        if (program.offloadMode() == io.edarts.api.OffloadMode.AUTO) {
            for (int k = 0; k < clusters; k++) {
                offloadChoosers[k] = new OffloadChooser(this);
            }
        }
        this.plans = new io.edarts.cam.MemoryPlan[clusters];
        for (int k = 0; k < clusters; k++) {
            plans[k] = memory.forCluster(k);
        }
    }

    /**
     * Places what is known before the run, in this order: the resident code of the known procedures
     * on the cores that may run it (a codelet's affinity core, else every CU), every scratch buffer,
     * then the root's frame buffers (sized from a frame made now, which the run then uses).
     *
     * @throws IllegalArgumentException if something does not fit, naming it, the core (row, col),
     *                                  the region or bank and the sizes
     */
    private InstanceMemory placeStatic(List<TpDefinition<?>> known) {
        int[] cus = java.util.stream.IntStream.range(0, machine.coreCount())
                .filter(c -> machine.role(c) == io.edarts.cam.CoreRole.CU).toArray();
        String before = program.name() + " cannot start on " + machine.name() + ": ";
        // placing a (core, code object) pair again does nothing (MemoryPlan.placeCode), so each pair
        // goes once: a million codelets share a handful of code objects
        java.util.Set<CodeObject> onEveryCu = new java.util.HashSet<>();
        // the same instance again needs no hashing of its record (equal ones still meet in onEveryCu)
        java.util.Set<CodeObject> onEveryCuSame = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Set<java.util.Map.Entry<Integer, CodeObject>> onItsCore = new java.util.HashSet<>();
        CodeObject lastOnEveryCu = null; // the code placed on every CU last: its next codelets skip the sets
        for (TpDefinition<?> d : known) {
            for (int c = 0; c < d.codeletCount(); c++) {
                CodeObject code = codeOf(d, c);
                if (d.affinity(c) < 0 && (code == lastOnEveryCu || onEveryCuSame.contains(code) || onEveryCu.contains(code))) {
                    lastOnEveryCu = code;
                    continue;
                }
                staticCode.putIfAbsent(code.name(), code);
                try {
                    if (d.affinity(c) >= 0) {
                        if (onItsCore.add(java.util.Map.entry(d.affinity(c), code))) {
                            memory.placeCode(d.affinity(c), code);
                        }
                    } else {
                        onEveryCu.add(code); // the check above skips its later codelets
                        onEveryCuSame.add(code);
                        lastOnEveryCu = code;
                        for (int core : cus) {
                            memory.placeCode(core, code);
                        }
                    }
                } catch (io.edarts.cam.MemoryBudgetException e) {
                    throw new IllegalArgumentException(before + "code object '" + code.name() + "' of codelet '"
                            + d.codeletName(c) + "' of " + d.name() + " does not fit: " + e.getMessage(), e);
                }
            }
        }
        for (TpDefinition<?> d : known) {
            placed.add(d);
            for (int i = 0; i < d.bufferCount(); i++) {
                io.edarts.api.BufferHandle<?> h = d.buffer(i);
                if (!h.isScratch()) {
                    continue;
                }
                long bytes = (long) h.scratchLength() * h.scratchElementBytes();
                try {
                    scratch.put(h, memory.allocate(d.name() + "." + h.name(), io.edarts.cam.MemoryKind.DATA, h.place(),
                            bytes));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(before + h + " (" + bytes + " B at " + h.place()
                            + ") does not fit: " + e.getMessage(), e);
                }
                if (h.place().kind() != io.edarts.cam.BufferPlace.Kind.FIRING_CORE) {
                    sharedScratch.put(h, java.lang.reflect.Array.newInstance(h.scratchType().getComponentType(),
                            h.scratchLength()));
                }
            }
        }
        TpDefinition<Object> root = program.root();
        if (!InstanceMemory.needed(root) || admissions != null) { // a stream's instances allocate their own
            return null;
        }
        rootFrame = program.newFrame();
        try {
            return InstanceMemory.allocate(root, rootFrame, memory, root.name() + "#0");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(before + e.getMessage(), e);
        }
    }

    /**
     * Why this run cannot carry out host calls, or null when it can: their effects must happen in
     * simulated-time order, which SUs running their windows at once on host threads cannot give, so
     * a machine of several clusters needs the interconnect they share (the time keeper then steps
     * it alone).
     */
    String checkHostCalls() {
        return clusters > 1 && !contended ? "host calls on a machine of " + clusters + " clusters need a target that"
                + " models its interconnect (with the epiphany target: epiphany.contention=on), which orders them in"
                + " simulated time" : null;
    }

    /** The root's frame: the one made to size its buffers, or a new one. Called once, when the run starts. */
    Object rootFrame() {
        if (rootFrame == null) {
            rootFrame = program.newFrame();
        }
        return rootFrame;
    }

    /** The root's frame buffers, allocated before the run, or null when it has none. */
    InstanceMemory rootMemory() {
        return rootMemory;
    }

    /** What was placed before the run: the program's code in force and every core's memory. */
    StaticPlan staticPlan() {
        return new StaticPlan(List.copyOf(staticCode.values()), memoryUse(), memory.externalPeakBytes());
    }

    /** The memory plan the SU of cluster {@code k} allocates in; only that SU calls it during the run. */
    io.edarts.cam.MemoryPlan plan(int k) {
        return plans[k];
    }

    /** What every core's memory held over the run (each core as its own cluster's SU saw it). */
    List<io.edarts.cam.CoreMemory> memoryUse() {
        List<io.edarts.cam.CoreMemory> out = new java.util.ArrayList<>(machine.coreCount());
        for (int c = 0; c < machine.coreCount(); c++) {
            out.add(plans[machine.clusterOf(c).id()].use(c));
        }
        return out;
    }

    /** Whether the target's memory plan enforces a budget. */
    boolean memoryBudgeted() {
        return memory.budgeted();
    }

    /** External memory the run held at most: the static part once, plus each SU's own peak above it. */
    long externalPeakBytes() {
        long base = memory.externalPeakBytes();
        long sum = base;
        for (io.edarts.cam.MemoryPlan p : plans) {
            sum += Math.max(0, p.externalPeakBytes() - base);
        }
        return sum;
    }

    /**
     * @throws IllegalArgumentException if {@code def} declares scratch buffers but was not placed
     *                                  before the run (neither the root nor declared with
     *                                  {@code Program.withProcedures})
     */
    void checkScratchPlaced(TpDefinition<?> def) {
        if (placed.contains(def)) {
            return;
        }
        for (int i = 0; i < def.bufferCount(); i++) {
            if (def.buffer(i).isScratch()) {
                throw new IllegalArgumentException(def.buffer(i) + " is placed before the run, but " + def.name()
                        + " was not known then: declare it with program.withProcedures(" + def.name() + ")");
            }
        }
    }

    /** The allocation of scratch buffer {@code h} (placed before the run). */
    io.edarts.cam.MemoryAllocation scratch(io.edarts.api.BufferHandle<?> h) {
        return scratch.get(h);
    }

    /** The run's one array of scratch buffer {@code h}, or null for a per-core one. */
    Object sharedScratch(io.edarts.api.BufferHandle<?> h) {
        return sharedScratch.get(h);
    }

    /**
     * The machine address of element {@code element} of buffer {@code h} of {@code inst} as core
     * {@code core} reaches it (its own copy of a firing-core buffer): the address a load, a store or
     * a DMA descriptor of that core uses. Pure; any thread.
     *
     * @throws IllegalArgumentException if {@code h} is not a buffer of {@code inst}'s procedure, or
     *                                  the element is outside it
     */
    long bufferAddress(InstanceRef inst, io.edarts.api.BufferHandle<?> h, int core, long element) {
        if (!inst.def().declares(h)) {
            throw new IllegalArgumentException(h + " is not a buffer of " + inst.def().name());
        }
        if (h.isScratch()) {
            return memory.address(scratch.get(h), core, element * h.scratchElementBytes());
        }
        InstanceMemory m = inst.memory();
        if (m.allocation(h.index()) == null) {
            throw new IllegalArgumentException(h + " is empty");
        }
        return m.address(memory, h.index(), core, element);
    }

    /**
     * The target's uncontended data movement for core {@code core} firing codelet {@code codelet} of
     * {@code inst}: for each buffer it declares it reads (writes), {@link Target#dataCycles} of loads
     * (stores) of every element of the buffer. A firing-core buffer is on whichever core fires and
     * costs nothing to move; an empty buffer neither. Pure; any thread.
     */
    long dataCycles(InstanceRef inst, int codelet, int core) {
        TpDefinition<?> def = inst.def();
        if (!def.declaresData(codelet)) {
            return 0;
        }
        long sum = 0;
        for (int pass = 0; pass < 2; pass++) {
            boolean write = pass == 1;
            for (int b : write ? def.writesBuffers(codelet) : def.readsBuffers(codelet)) {
                io.edarts.api.BufferHandle<?> h = def.buffer(b);
                io.edarts.cam.MemoryAllocation a;
                int elementBytes;
                if (h.isScratch()) {
                    a = scratch.get(h);
                    elementBytes = h.scratchElementBytes();
                } else {
                    a = inst.memory().allocation(b);
                    elementBytes = inst.memory().elementBytes(b);
                }
                if (a == null || a.place().kind() == io.edarts.cam.BufferPlace.Kind.FIRING_CORE) {
                    continue;
                }
                long address = memory.address(a, core, 0);
                sum = Math.addExact(sum, target.dataCycles(core, address, elementBytes, a.bytes() / elementBytes, write));
            }
        }
        return sum;
    }

    /**
     * Every placement override names a code object of the root procedure, or is {@code "*"}, and
     * every home core is on this machine.
     */
    private void checkPlacementKeys() {
        for (Map.Entry<String, RunOptions.HomeCore> h : new java.util.TreeMap<>(options.homes()).entrySet()) {
            homeCore(h.getKey(), h.getValue());
        }
        if (options.placements().isEmpty() && options.homes().isEmpty()) {
            return;
        }
        TpDefinition<Object> root = program.root();
        Set<String> known = new java.util.LinkedHashSet<>();
        for (int c = 0; c < root.codeletCount(); c++) {
            known.add(root.code(c).name());
        }
        Set<String> keys = new java.util.TreeSet<>(options.placements().keySet());
        keys.addAll(options.homes().keySet());
        for (String key : keys) {
            if (!key.equals("*") && !known.contains(key)) {
                List<String> names = new java.util.ArrayList<>(known);
                throw new IllegalArgumentException("placement override '" + key + "': " + program.name()
                        + " has no code object '" + key + "' in its root procedure " + root.name()
                        + "; its code objects are " + (names.size() <= 20 ? String.join(", ", names)
                                : String.join(", ", names.subList(0, 20)) + " ... (" + names.size() + " in all)")
                        + " (or * for all)");
            }
        }
    }

    /**
     * Checks what can be known of a procedure before it runs: affinities name cores of this machine,
     * the CUs have the capabilities its codelets require, and the target can hold every code object
     * where its placement (in force for this run) puts it. Once per procedure and run.
     *
     * @throws IllegalArgumentException naming the codelet or code object that does not fit
     */
    void checkProcedure(TpDefinition<?> def) {
        if (checked.contains(def)) {
            return;
        }
        checkAffinities(def);
        for (int c = 0; c < def.codeletCount(); c++) {
            if (!capable(def, c)) {
                throw new IllegalArgumentException("codelet '" + def.codeletName(c) + "' of " + def.name()
                        + " requires " + String.join(", ", def.requires(c)) + " but the CUs of " + machine.name()
                        + " offer only " + capabilities);
            }
            if (program.offloadMode() != io.edarts.api.OffloadMode.OFF && def.unit(c) != null) {
                checkUnit(def, c);
            }
            if (def.needsDmaChannel(c) && dmaChannels < 1) {
                throw new IllegalArgumentException("codelet '" + def.codeletName(c) + "' of " + def.name()
                        + " needs a DMA channel, but the target of " + machine.name() + " has no DMA engine");
            }
        }
        CodeObject last = null;
        for (CodeObject c : definition(def).code()) {
            if (c == last) { // runs of codelets share one code object: checked once a run
                continue;
            }
            last = c;
            if (c.homeCore() >= machine.coreCount()) {
                throw new IllegalArgumentException("code object '" + c.name() + "' of " + def.name()
                        + " is homed on core " + c.homeCore() + ", but " + machine.name() + " has cores 0.."
                        + (machine.coreCount() - 1));
            }
            target.checkCode(c);
        }
        checked.add(def);
    }

    /**
     * The core at {@code home}'s coordinates on this machine, where code object {@code name} lives.
     *
     * @throws IllegalArgumentException naming the code object and the coordinates when they are off the mesh
     */
    private int homeCore(String name, RunOptions.HomeCore home) {
        if (home.row() < 0 || home.row() >= machine.rows() || home.col() < 0 || home.col() >= machine.cols()) {
            throw new IllegalArgumentException("placement override '" + name + "=" + home + "': core (" + home.row()
                    + "," + home.col() + ") is not on " + machine.name() + "'s " + machine.rows() + "x" + machine.cols()
                    + " mesh (rows 0.." + (machine.rows() - 1) + ", columns 0.." + (machine.cols() - 1) + ")");
        }
        return machine.core(home.row(), home.col());
    }

    /** The code object codelet {@code c} runs with in this run (the program's, or a placement override). */
    CodeObject codeOf(TpDefinition<?> def, int c) {
        return definition(def).code()[c];
    }

    /** The target's lower bound on the cycles of one firing of codelet {@code c}. */
    long lowerBound(TpDefinition<?> def, int c) {
        return definition(def).lowerBound()[c];
    }

    /** The definition looked up last and its entry: most runs fire codelets of one or two procedures. */
    private record LastDefinition(TpDefinition<?> def, PerDefinition entry) { }

    /** Read and written by every CU's thread; a stale or lost value only costs a map lookup. */
    private LastDefinition lastDefinition;

    private PerDefinition definition(TpDefinition<?> def) {
        LastDefinition last = lastDefinition;
        if (last != null && last.def() == def) {
            return last.entry();
        }
        PerDefinition entry = lookUp(def);
        lastDefinition = new LastDefinition(def, entry);
        return entry;
    }

    private PerDefinition lookUp(TpDefinition<?> def) {
        return perDefinition.computeIfAbsent(def, d -> {
            int n = d.codeletCount();
            CodeObject[] code = new CodeObject[n];
            long[] lb = new long[n];
            // codelets share a handful of code objects: each is resolved once (and keeps one identity)
            Map<CodeObject, CodeObject> resolved = new java.util.IdentityHashMap<>();
            for (int c = 0; c < n; c++) {
                CodeObject declared = d.code(c);
                CodeObject inForce = resolved.get(declared);
                if (inForce == null) {
                    RunOptions.HomeCore home = options.homeOf(declared);
                    inForce = home != null ? declared.homedOn(homeCore(declared.name(), home))
                            : options.overrides(declared) ? declared.withPlacement(options.placementOf(declared))
                            : declared;
                    resolved.put(declared, inForce);
                }
                code[c] = inForce;
                lb[c] = target.lowerBoundCycles(d.cost(c).cycles(), d.cost(c).instructions());
            }
            return new PerDefinition(code, lb);
        });
    }

    /**
     * The last cycle an event may have: one below {@link Long#MAX_VALUE}, which the SUs' event loop
     * reads as "nothing left", so a saturated event is still consumed (and fails the run) rather than
     * silently dropped.
     */
    static final long LAST_CYCLE = Long.MAX_VALUE - 1;

    /** {@code a + b} for non-negative cycle counts, held at {@link #LAST_CYCLE} instead of wrapping. */
    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 || r > LAST_CYCLE ? LAST_CYCLE : r;
    }

    /**
     * @throws IllegalArgumentException naming the codelet whose affinity is a core this machine lacks or an SU
     */
    void checkAffinities(TpDefinition<?> def) {
        for (int c = 0; c < def.codeletCount(); c++) {
            int a = def.affinity(c);
            if (a < 0) {
                continue;
            }
            if (a >= machine.coreCount()) {
                throw new IllegalArgumentException("codelet '" + def.codeletName(c) + "' of " + def.name()
                        + " has affinity to core " + a + ", but " + machine.name() + " has cores 0.."
                        + (machine.coreCount() - 1));
            }
            if (machine.role(a) == io.edarts.cam.CoreRole.SU) {
                throw new IllegalArgumentException("codelet '" + def.codeletName(c) + "' of " + def.name()
                        + " has affinity to core " + a + " (" + machine.row(a) + "," + machine.col(a) + "), an SU of "
                        + machine.name() + ": affinity must name a CU, and SUs never fire codelets");
            }
        }
    }

    /** The cluster whose SU owns codelet {@code c} of {@code inst}: its affinity, else spread or home. */
    int ownerOf(InstanceRef inst, int c) {
        if (clusters == 1) {
            return 0; // one SU owns everything: no read of the codelet's affinity or the instance
        }
        int aff = inst.def().affinity(c);
        if (aff >= 0) { // checkAffinities refused cores the machine lacks
            return machine.clusterOf(aff).id();
        }
        if (inst.id() == 0 && clusters > 1) {
            return c % clusters;
        }
        return inst.home();
    }

    /** The root's layout over the SUs ({@link InstanceState.Layout}), made by the first SU that needs it. */
    private InstanceState.Layout rootLayout;

    /**
     * How SUs index the slots and codelets of {@code inst}: for the root on a machine of several
     * clusters, a layout that gives each SU only its share; else null (indexed directly).
     */
    synchronized InstanceState.Layout layout(InstanceRef inst) {
        if (inst.id() != 0 || clusters == 1) {
            return null;
        }
        if (rootLayout == null) {
            rootLayout = layoutOf(inst);
        }
        return rootLayout;
    }

    private InstanceState.Layout layoutOf(InstanceRef inst) {
        TpDefinition<?> def = inst.def();
        int slots = def.slotCount();
        int n = def.codeletCount();
        int[] slotKeeper = new int[slots];
        int[] slotCount = new int[clusters];
        int[] slotAt = new int[slots];
        for (int s = 0; s < slots; s++) {
            int k = slotOwner(inst, s);
            slotKeeper[s] = k;
            slotAt[s] = slotCount[k]++;
        }
        // a codelet is enabled and fired where it is owned, which may not be where its slot is
        // (Dataflow forwards ENABLE to the owner), so its counts live at its owner
        int[] codeletKeeper = new int[n];
        int[] codeletCount = new int[clusters];
        int[] codeletAt = new int[n];
        for (int c = 0; c < n; c++) {
            codeletKeeper[c] = ownerOf(inst, c);
            codeletAt[c] = codeletCount[codeletKeeper[c]]++;
        }
        int[][] bySlot = new int[clusters][];
        int[][] byCodelet = new int[clusters][];
        for (int k = 0; k < clusters; k++) {
            bySlot[k] = new int[slotCount[k]];
            byCodelet[k] = new int[codeletCount[k]];
        }
        for (int s = 0; s < slots; s++) {
            bySlot[slotKeeper[s]][slotAt[s]] = s;
        }
        for (int c = 0; c < n; c++) {
            byCodelet[codeletKeeper[c]][codeletAt[c]] = c;
        }
        return new InstanceState.Layout(slotAt, codeletAt, bySlot, byCodelet);
    }

    /** The cluster whose SU owns slot {@code s}: the owner of the first codelet it enables. */
    int slotOwner(InstanceRef inst, int s) {
        if (clusters == 1) {
            return 0;
        }
        return inst.def().slotTargetCount(s) == 0 ? inst.home() : ownerOf(inst, inst.def().slotTarget(s, 0));
    }

    /** An offloading run's codelet {@code c} needs its unit on this machine, and host calls that this run can carry out. */
    private void checkUnit(TpDefinition<?> def, int c) {
        String unit = def.unit(c);
        java.util.List<String> names = target.units().stream().map(io.edarts.cam.UnitInfo::name).toList();
        if (!names.contains(unit)) {
            throw new IllegalArgumentException("codelet '" + def.codeletName(c) + "' of " + def.name() + " requires unit '"
                    + unit + "' to offload, but " + machine.name() + " has " + (names.isEmpty() ? "no units but cores"
                    : "only " + String.join(", ", names)));
        }
        String refused = checkHostCalls();
        if (refused != null) {
            throw new IllegalArgumentException("codelet '" + def.codeletName(c) + "' of " + def.name()
                    + " offloads through the host: " + refused);
        }
    }

    /**
     * The body codelet {@code c} of {@code def} fires in this run: its accelerator body when the program
     * offloads, or with {@code --offload auto} when its SU chose it ({@code chosen}).
     */
    <F> io.edarts.api.CodeletBody<F> body(TpDefinition<F> def, int c, boolean chosen) {
        if (def.unit(c) == null) {
            return def.body(c);
        }
        return switch (program.offloadMode()) {
            case ON -> def.acceleratorBody(c);
            case AUTO -> chosen ? def.acceleratorBody(c) : def.body(c);
            case OFF -> def.body(c);
        };
    }

    /** Per cluster, its SU's {@code --offload auto} chooser, or null (made by the SU). */
    private final OffloadChooser[] offloadChoosers;

    /** Cluster {@code k}'s chooser with {@code --offload auto}, else null. */
    OffloadChooser offloadChooser(int k) {
        return offloadChoosers[k];
    }

    /** Every cluster's chooser, in cluster order (nulls without {@code --offload auto}). */
    List<OffloadChooser> offloadChoosers() {
        return Arrays.asList(offloadChoosers);
    }

    /** Whether every CU has the capabilities codelet {@code c} requires. */
    boolean capable(TpDefinition<?> def, int c) {
        if (!def.hasRequirements(c)) {
            return true;
        }
        return capabilities.containsAll(Arrays.asList(def.requires(c)));
    }

    /** Longest declared-cost path from each codelet of {@code def} to the end, itself included. */
    long[] bottomLevels(TpDefinition<?> def) {
        return bottomLevels.computeIfAbsent(def, this::computeBottomLevels);
    }

    // One more cycle per codelet than its declared lower bound, so zero-cost chains still rank by length.
    private long[] computeBottomLevels(TpDefinition<?> d) {
        int n = d.codeletCount();
        long[] w = new long[n + d.slotCount()];
        for (int i = 0; i < n; i++) {
            w[i] = lowerBound(d, i) + 1;
        }
        return Arrays.copyOf(d.loopFreeGraph().longestPathsStartingAt(w), n);
    }
}
