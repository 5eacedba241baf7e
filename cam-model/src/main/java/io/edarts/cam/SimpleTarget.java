package io.edarts.cam;

import com.typesafe.config.Config;

/**
 * The two targets that need no hardware model: {@code ideal} (every communication and scheduling
 * cost zero; a firing costs its instructions and declared cycles) and {@code simple-mesh} (messages
 * pay {@code hops * hop-cycles + bytes / cmesh-bytes-per-cycle}, with no contention; bodies execute
 * one instruction per cycle from local memory). The Epiphany target replaces both with the eMesh.
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

    private SimpleTarget(Machine machine, boolean ideal) {
        this.machine = machine;
        this.ideal = ideal;
        Config c = machine.config().getConfig("costs");
        this.hopCycles = ideal ? 0 : c.getDouble("hop-cycles");
        this.bytesPerCycle = c.getDouble("cmesh-bytes-per-cycle");
        this.suDecision = ideal ? 0 : c.getLong("su-decision-instructions");
        this.suPerCandidate = ideal ? 0 : c.getLong("su-instructions-per-candidate");
        this.cuDispatch = ideal ? 0 : c.getLong("cu-dispatch-instructions");
        this.cuSignal = ideal ? 0 : c.getLong("cu-signal-instructions");
    }

    /** The zero-communication, zero-scheduling-cost target. */
    public static SimpleTarget ideal(Machine m) {
        return new SimpleTarget(m, true);
    }

    /** Hop latency without contention. */
    public static SimpleTarget simpleMesh(Machine m) {
        return new SimpleTarget(m, false);
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
            public void fire(Work w, long startCycle, Charge out) {
                out.reset();
                out.dispatch = cuDispatch;
                out.body = w.declaredCycles + w.instructions();
                out.signal = cuSignal * w.signals;
                out.ideal = out.body;
                // clock and idle as the Counters doc says: end of the last firing, gaps between firings
                counters.idle += Math.max(0, startCycle - lastFinish);
                lastFinish = Math.max(lastFinish, startCycle + out.total());
                counters.clock = lastFinish;
                counters.ialu += w.ialu + cuDispatch + cuSignal * w.signals;
                counters.fpu += w.fpu;
            }

            @Override
            public Counters counters() {
                return counters;
            }
        };
    }

    @Override
    public String describe() {
        return ideal ? "ideal: no communication or scheduling cost"
                : "simple-mesh: " + hopCycles + " cycles/hop, no contention";
    }
}
