package io.edarts.scheduler;

import java.util.List;

/**
 * Where a run's core cycles went, for a perf-style profile: every completed firing's cycles by
 * codelet, by code object and by core, split by phase, and the SUs' decisions. Recorded by every SU
 * as it consumes completions (always: it costs a map lookup and a histogram count per firing), merged
 * by the simulator, immutable. All figures are simulated cycles.
 *
 * <p>A firing's cycles are its core's busy cycles for it (finish minus start, what
 * {@code cores[].busyCycles} sums): {@link Phases#dispatch}, {@link Phases#code}, {@link Phases#body}
 * and {@link Phases#signal} as the target charged them, and {@link Phases#contention}, what the shared
 * mesh added on top. So the phases of all codelets plus the SUs' {@link Phases#decide} add up to the
 * sum of every core's busy cycles. {@link Stats#waitCycles} is off the core: from enabled to started
 * (waiting for a pool slot, the SU's decision and the dispatch message, then for the CU), of which
 * {@link Stats#slotWaitCycles} is the wait for a pool slot.
 *
 * @param codelets    by (procedure, codelet, code object), sorted by those names
 * @param codeObjects by code object name, sorted
 * @param cores       every core that fired a codelet or made a decision, in core order
 * @param units       the machine's units that are not cores (accelerators), with their calls' driver
 *                    and unit cycles by phase: a core that offloads waits for them in {@link Phases#host}
 */
public record RunProfile(List<Codelet> codelets, List<CodeObject> codeObjects, List<Core> cores,
                         List<RunResult.UnitReport> units) {
    /** A profile of nothing (a result built without a run). */
    public static final RunProfile EMPTY = new RunProfile(List.of(), List.of(), List.of());

    public RunProfile {
        codelets = List.copyOf(codelets);
        codeObjects = List.copyOf(codeObjects);
        cores = List.copyOf(cores);
        units = List.copyOf(units);
    }

    /** A profile of cores only. */
    public RunProfile(List<Codelet> codelets, List<CodeObject> codeObjects, List<Core> cores) {
        this(codelets, codeObjects, cores, List.of());
    }

    /** This profile with the machine's units. */
    public RunProfile withUnits(List<RunResult.UnitReport> u) {
        return new RunProfile(codelets, codeObjects, cores, u);
    }

    /**
     * Cycles by phase; {@link #total} is what the cores were busy.
     *
     * @param dispatch   popping the ready pool and calling the body
     * @param code       getting the code to the core (cache, copies, execution in place)
     * @param body       the body: instructions and data accesses
     * @param signal     decrementing dependents and writing the completion
     * @param contention what the shared mesh added beyond the charged cost (0 without contention)
     * @param decide     SU cycles spent deciding placements (0 for firings)
     * @param host       waiting for the host to carry out the firing's host calls, offloads included
     *                   (the host's driver and the unit: {@link #units} by phase)
     */
    public record Phases(long dispatch, long code, long body, long signal, long contention, long decide, long host) {
        public static final Phases ZERO = new Phases(0, 0, 0, 0, 0, 0, 0);

        /** Phases without host waits. */
        public Phases(long dispatch, long code, long body, long signal, long contention, long decide) {
            this(dispatch, code, body, signal, contention, decide, 0);
        }

        public long total() {
            return dispatch + code + body + signal + contention + decide + host;
        }

        public Phases plus(Phases o) {
            return new Phases(dispatch + o.dispatch, code + o.code, body + o.body, signal + o.signal,
                    contention + o.contention, decide + o.decide, host + o.host);
        }
    }

    /**
     * Counts of one group of firings (or decisions, on an SU's core).
     *
     * @param calls      firings (decisions)
     * @param phases     their cycles by phase
     * @param waitCycles summed from enabled to started, off the core (0 for decisions)
     * @param slotWaitCycles the part of {@code waitCycles} before the SU placed the codelet: waiting
     *                   in its ready queue for a pool slot (a credit) or for the SU; the rest is the
     *                   decision, the dispatch message and the wait in the CU's pool
     * @param p50        median cycles of one firing (HdrHistogram, 3 significant digits)
     * @param p99        99th percentile of the same
     * @param max        the longest one, exactly
     */
    public record Stats(long calls, Phases phases, long waitCycles, long slotWaitCycles, long p50, long p99, long max) {
        public static final Stats NONE = new Stats(0, Phases.ZERO, 0, 0, 0, 0, 0);

        /** Cycles of all calls. */
        public long cycles() {
            return phases.total();
        }

        /** Mean cycles of one call, exact; 0 without calls. */
        public double mean() {
            return calls == 0 ? 0 : (double) cycles() / calls;
        }
    }

    /** The firings of one codelet of one procedure ({@code codeObject} is the code it ran). */
    public record Codelet(String procedure, String codelet, String codeObject, Stats stats) {}

    /** The firings that ran one code object. */
    public record CodeObject(String name, Stats stats) {}

    /**
     * What one core did: the firings it ran, or on an SU the decisions it made; {@code decideFloor}
     * is the least those decisions could cost on this target (each one at the cost of a decision
     * that examines no CU, {@link io.edarts.cam.Target#decisionCycles}{@code (su, 0)}), whatever the
     * pools held: a floor that holds for any run of the same program, which the Amdahl bound uses.
     */
    public record Core(int core, Stats stats, long decideFloor) {}
}
