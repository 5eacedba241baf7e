package io.edarts.cam;

/**
 * The two targets that need no hardware model: {@code ideal} (every communication and scheduling
 * cost zero; a firing costs its instructions and declared cycles) and {@code simple-mesh} (messages
 * pay {@code hops * hop-cycles + bytes / link-bytes-per-cycle}, with no contention; bodies execute
 * one instruction per cycle from local memory). Neither prices where code lives: every placement,
 * and a code object homed in another core's memory ({@link CodeObject#homeCore}), runs as local code
 * at no cost, so placement comparisons need a hardware target. A hardware target module replaces
 * both with its own model ({@link MachineExtension}).
 */
public final class SimpleTarget implements Target {
    private final Machine machine;
    private final boolean ideal;
    private final double hopCycles;
    private final double bytesPerCycle;
    private final long suDecision;
    private final long suPerCandidate;
    private final long cuDispatch;
    private final long cuSignal;

    private SimpleTarget(Machine machine, boolean ideal) { // machine checked by the factories
        this.machine = machine;
        this.ideal = ideal;
        Costs c = machine.costs();
        this.hopCycles = ideal ? 0 : c.hopCycles();
        this.bytesPerCycle = c.linkBytesPerCycle();
        this.suDecision = ideal ? 0 : c.suDecisionInstructions();
        this.suPerCandidate = ideal ? 0 : c.suInstructionsPerCandidate();
        this.cuDispatch = ideal ? 0 : c.cuDispatchInstructions();
        this.cuSignal = ideal ? 0 : c.cuSignalInstructions();
    }

    /** The {@code target} name of {@link #ideal}. */
    public static final String IDEAL = "ideal";
    /** The {@code target} name of {@link #simpleMesh}. */
    public static final String SIMPLE_MESH = "simple-mesh";

    /**
     * The zero-communication, zero-scheduling-cost target.
     *
     * @throws IllegalArgumentException if {@code m} is null or its {@code target} is not {@code ideal}
     *                                  (it used to charge ideal costs on any machine, whatever its target)
     */
    public static SimpleTarget ideal(Machine m) {
        return new SimpleTarget(requireTarget(m, IDEAL), true);
    }

    /**
     * Hop latency without contention.
     *
     * @throws IllegalArgumentException if {@code m} is null or its {@code target} is not {@code simple-mesh}
     */
    public static SimpleTarget simpleMesh(Machine m) {
        return new SimpleTarget(requireTarget(m, SIMPLE_MESH), false);
    }

    private static Machine requireTarget(Machine m, String asked) {
        if (m == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        return m.requireTarget(asked);
    }

    @Override
    public Machine machine() {
        return machine;
    }

    @Override
    public long decisionCycles(int suCore, int candidates) {
        return suDecision + suPerCandidate * candidates;
    }

    @Override
    public long messageCycles(int from, int to, int bytes) {
        if (ideal || from == to) {
            return 0;
        }
        double serial = bytesPerCycle > 0 ? bytes / bytesPerCycle : 0;
        return (long) Math.ceil(machine.hops(from, to) * hopCycles + serial);
    }

    @Override
    public CoreModel coreModel(int core) {
        return new CoreModel() {
            private final Counters counters = new Counters();
            private long lastFinish;

            @Override
            public Charge fire(Work w, long startCycle) {
                if (startCycle < 0) {
                    throw new IllegalArgumentException("start cycle must be >= 0, got " + startCycle);
                }
                // code and data are all local and free here: a firing costs what it executes
                long body = Math.addExact(w.declaredCycles(), w.instructions());
                long signal = Math.multiplyExact(cuSignal, w.signals());
                FiringCost cost = new FiringCost(cuDispatch, 0, body, signal, body);
                // clock and idle as the Counters doc says: end of the last firing, gaps between firings
                counters.idle += Math.max(0, startCycle - lastFinish);
                lastFinish = Math.max(lastFinish, Math.addExact(startCycle, cost.total()));
                counters.clock = lastFinish;
                counters.ialu += w.ialu() + cuDispatch + signal;
                counters.fpu += w.fpu();
                return Charge.of(cost);
            }

            @Override
            public Counters counters() {
                return counters.copy();
            }
        };
    }

    /**
     * {@code ideal}: free, as all communication is. {@code simple-mesh}: the engine moves the bytes at
     * the link rate ({@code link-bytes-per-cycle}), with no address map to price where they go.
     */
    @Override
    public long dmaCycles(int core, Dma transfer) {
        if (ideal || bytesPerCycle <= 0) {
            return 0;
        }
        return (long) Math.ceil(transfer.bytes() / bytesPerCycle);
    }

    /** Exactly what {@link #coreModel}'s charge is: dispatch, declared cycles, instructions and signals; code is free here. */
    @Override
    public long estimateCycles(int core, Work work, boolean codeHeld) {
        return Math.addExact(Math.addExact(cuDispatch, work.declaredCycles()),
                Math.addExact(work.instructions(), Math.multiplyExact(cuSignal, work.signals())));
    }

    /** Instructions issue at most one a cycle here, so declared cycles plus instructions bound a firing. */
    @Override
    public long lowerBoundCycles(long declaredCycles, long instructions) {
        return declaredCycles + instructions;
    }

    @Override
    public String describe() {
        return ideal ? "ideal: no communication or scheduling cost"
                : "simple-mesh: " + hopCycles + " cycles/hop, no contention";
    }
}
