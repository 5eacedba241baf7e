package io.edarts.cam;

/**
 * The contract a target implements: what it costs, in cycles, to decide a placement, to send a
 * message across the machine, and to run a codelet on a core. The scheduler knows nothing else about
 * the hardware. Implementations are deterministic: the same calls in the same order give the same
 * answers.
 */
public interface Target {
    Machine machine();

    /**
     * Cycles an SU spends on one scheduling decision.
     *
     * @param suCore     the deciding SU
     * @param candidates CUs the policy examined
     */
    long decisionCycles(int suCore, int candidates);

    /** Uncontended latency in cycles of a message of {@code bytes} from core {@code from} to {@code to}. */
    long messageCycles(int from, int to, int bytes);

    /** A fresh cost model for {@code core}, to be owned by that core's actor. */
    CoreModel coreModel(int core);

    /**
     * A lower bound on the cycles any core of this target takes for a firing that declares
     * {@code declaredCycles} and executes {@code instructions}: the runtime uses it as lookahead, so
     * bodies may run ahead in parallel on the host. It must never exceed what {@link CoreModel#fire}
     * charges; {@code declaredCycles} alone is always safe.
     */
    default long lowerBoundCycles(long declaredCycles, long instructions) {
        return declaredCycles;
    }

    /**
     * The target's estimate, in cycles, of one firing of {@code work} on {@code core} with the
     * machine to itself: what a scheduler weighs when it asks where a codelet would finish first
     * (HEFT's rule). It counts where the code is: {@code codeHeld} says whether the core's local
     * memory holds a copy of a cached or dynamic code object (else the firing copies it in, or runs it
     * in place from its home), and a local code object homed in another core runs in place from there.
     * It does not count {@code work}'s addressed data ({@link #dataCycles} prices declared data).
     * Cores may differ (a heterogeneous machine answers per core). The default, for targets without a
     * code model, is {@link #lowerBoundCycles} on every core. Thread-safe.
     */
    default long estimateCycles(int core, Work work, boolean codeHeld) {
        return lowerBoundCycles(work.declaredCycles(), work.instructions());
    }

    /**
     * Checks before a run that this machine can hold {@code code} where its placement puts it.
     *
     * @throws IllegalArgumentException naming the code object, the placement and the sizes when it cannot
     */
    default void checkCode(CodeObject code) {
    }

    /**
     * The per-link loads of a run's traffic along this target's routes, in a fixed order; empty for
     * targets that do not model links.
     */
    default java.util.List<LinkLoad> linkLoads(Traffic traffic) {
        return java.util.List.of();
    }

    /**
     * A fresh model of the machine's shared resources for one owner (an SU), or empty when this
     * target charges firings and messages uncontended. When present, the runtime drives every
     * dispatch, firing and completion message of the owner's cluster through it.
     */
    default java.util.Optional<Interconnect> newInterconnect() {
        return java.util.Optional.empty();
    }

    /**
     * As {@link #newInterconnect()}, for a run whose program starts at {@code startCycle} (the end of
     * its launch): a host that serves the cores' calls starts doing so then. By default the start
     * changes nothing.
     */
    default java.util.Optional<Interconnect> newInterconnect(long startCycle) {
        return newInterconnect();
    }

    /**
     * DMA channels of each CU's engine: how many transfers a core runs at once (the rest wait, in
     * issue order). The codelet machine gives every CU a two-channel engine unless a target says
     * otherwise; 0 means no DMA engine, and a {@code ctx.dma} then fails the run naming the codelet.
     */
    default int dmaChannels() {
        return 2;
    }

    /**
     * Cycles core {@code core}'s engine takes for {@code transfer} when it has the machine to itself:
     * the duration the runtime uses without an {@link Interconnect}, and a check of the transfer.
     * Thread-safe. The default, for targets without a memory model, moves data for free.
     *
     * @throws IllegalArgumentException if this machine cannot run the transfer as described (an address
     *                                  off the machine, a descriptor its engine cannot hold)
     */
    default long dmaCycles(int core, Dma transfer) {
        return 0;
    }

    /** Instructions the issuing firing executes to describe and start {@code transfer}; none by default. */
    default Dma.Setup dmaSetup(Dma transfer) {
        return Dma.Setup.NONE;
    }

    /**
     * Uncontended cycles core {@code core} spends, beyond the issue slots the accesses take wherever
     * the data is, on {@code count} loads (or, with {@code write}, stores) of {@code elementBytes}
     * each at consecutive addresses from {@code address}, one after the other: the data movement
     * {@link CoreModel#fire} charges for those accesses of a firing alone on the machine. What a
     * data-aware placement policy weighs; 0 for the core's own memory. The default, for targets whose
     * core models charge no data access, is 0 everywhere. Thread-safe.
     *
     * @throws IllegalArgumentException for a count below 0 or an element size below 1
     */
    default long dataCycles(int core, long address, int elementBytes, long count, boolean write) {
        if (count < 0 || elementBytes < 1) {
            throw new IllegalArgumentException("dataCycles: " + count + " accesses of " + elementBytes + " B");
        }
        return 0;
    }

    /**
     * A fresh plan of this machine's memories for one run: where buffers and resident code go, and
     * what does not fit. The default never refuses ({@link MemoryPlan#unlimited}), for targets
     * without a memory budget; a hardware target checks its real capacities.
     */
    default MemoryPlan newMemoryPlan() {
        return MemoryPlan.unlimited(machine());
    }

    /**
     * Adds to {@code work} what core {@code core} itself does for one host call: the jump-table
     * entry and the stub that stores the request where the host reads it and flags it (instructions
     * and addressed stores). The wait for the host is not part of it ({@link #hostCallCycles},
     * {@link Interconnect#hostCall}). Nothing by default, for targets without a host model.
     */
    default void hostCallWork(int core, HostCall call, Work.Builder work) {
    }

    /**
     * Cycles core {@code core} waits for the host to carry out {@code call} when it flags it at
     * {@code cycle} and no other core is calling: what a run without an {@link Interconnect} charges
     * (with one, the interconnect queues the calls of all cores). 0 by default. Thread-safe.
     */
    default long hostCallCycles(int core, HostCall call, long cycle) {
        return 0;
    }

    /**
     * The units of this machine that are not cores (accelerators), in a fixed order; none by default.
     */
    default java.util.List<UnitInfo> units() {
        return java.util.List.of();
    }

    /**
     * What core {@code core}'s call of {@code offload} costs when the unit and its caller's path to it
     * are free, phase by phase: the driver's work on the caller's side and the unit's own. Thread-safe.
     * By default no unit exists.
     *
     * @throws IllegalArgumentException for a unit this machine does not have, naming it
     */
    default OffloadCost offloadCost(int core, Offload offload) {
        throw new IllegalArgumentException("unit '" + offload.unit() + "': " + machine().name() + " has no units but cores");
    }

    /**
     * Whether core {@code core}'s call of {@code offload} goes straight to the unit, with no host in
     * between ({@link Interconnect#offload}), rather than as a host call whose host work is the
     * call's cost ({@link Interconnect#hostCall}). Which path a unit's calls take is the machine's
     * description; {@link #offloadCost} is the cost of that path. False by default. Thread-safe.
     *
     * @throws IllegalArgumentException for a unit this machine does not have, naming it
     */
    default boolean offloadsDirectly(int core, Offload offload) {
        return false;
    }

    /** A short description for reports ("simple-mesh: 1.5 cycles/hop"). */
    String describe();
}
