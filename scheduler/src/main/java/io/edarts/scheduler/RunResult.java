package io.edarts.scheduler;

import io.edarts.api.CheckResult;
import io.edarts.cam.Counters;
import io.edarts.cam.FiringCost;
import java.util.List;
import java.util.Map;

/**
 * Everything a run measured, in simulated cycles, plus the host-side figures under {@link #host}
 * (which are the only part that may differ between two runs of the same program, machine and seed).
 * {@code machine} is the description's name and {@code machineOverrides} the {@code --set} overrides
 * it was loaded with ({@link io.edarts.cam.Machine#overrides()}); {@link #machineLabel()} joins them.
 * {@code prelude} is what loaded the program before it started ({@link RunOptions#withPrelude}), or
 * null; with one, {@code makespanCycles} counts from cycle 0, the launch included.
 * {@code profile} is where the cores' cycles went, by codelet, code object, core and phase ({@link RunProfile}).
 * {@code stream} is what a streamed run measured per instance ({@link StreamReport}), or null for a run of
 * one program.
 */
public record RunResult(
        String program, Map<String, String> parameters, String machine, List<String> machineOverrides,
        String target, String policy,
        long seed, double clockMhz, int rows, int cols,
        Status status, String message, CheckResult check,
        long makespanCycles, long codeletsFired,
        List<CoreReport> cores, SchedulingReport scheduling, FiringCost work, List<CodeObjectReport> codeObjects,
        List<LinkReport> links,
        List<String> unfired, long unfiredCount, long traceEvents, Timeline timeline, Throwable failure,
        HostReport host, MemoryReport memory, HostCallReport hostCalls, Prelude prelude,
        RunProfile profile, StreamReport stream) {

    /** A result without host calls, as before they existed. */
    public RunResult(
            String program, Map<String, String> parameters, String machine, List<String> machineOverrides,
            String target, String policy,
            long seed, double clockMhz, int rows, int cols,
            Status status, String message, CheckResult check,
            long makespanCycles, long codeletsFired,
            List<CoreReport> cores, SchedulingReport scheduling, FiringCost work, List<CodeObjectReport> codeObjects,
            List<LinkReport> links,
            List<String> unfired, long unfiredCount, long traceEvents, Timeline timeline, Throwable failure,
            HostReport host, MemoryReport memory) {
        this(program, parameters, machine, machineOverrides, target, policy, seed, clockMhz, rows, cols, status, message,
                check, makespanCycles, codeletsFired, cores, scheduling, work, codeObjects, links, unfired, unfiredCount,
                traceEvents, timeline, failure, host, memory, HostCallReport.NONE, null, RunProfile.EMPTY, null);
    }

    /**
     * What the cores' host calls came to: how many the host carried out, how many answered an error
     * ({@code -errno}), the cycles a core waited for each (from flagging the call to seeing the
     * host's answer: mean, 99th percentile, most), and the lines {@code printf} printed, tagged with
     * core and cycle, in the order the host printed them.
     */
    public record HostCallReport(long count, long failed, long meanWaitCycles, long p99WaitCycles, long maxWaitCycles,
                                 List<String> lines, List<UnitReport> units, OffloadReport offload) {
        public static final HostCallReport NONE = new HostCallReport(0, 0, 0, 0, 0, List.of(), List.of());

        /** {@code offload} is null unless the run chose its bodies ({@link io.edarts.api.OffloadMode#AUTO}). */
        public HostCallReport {
            lines = List.copyOf(lines);
            units = List.copyOf(units);
        }

        /** A report of a run that did not choose its bodies itself. */
        public HostCallReport(long count, long failed, long meanWaitCycles, long p99WaitCycles, long maxWaitCycles,
                              List<String> lines, List<UnitReport> units) {
            this(count, failed, meanWaitCycles, p99WaitCycles, maxWaitCycles, lines, units, null);
        }

        /** This report with what {@code --offload auto} chose, or null. */
        public HostCallReport withOffload(OffloadReport o) {
            return new HostCallReport(count, failed, meanWaitCycles, p99WaitCycles, maxWaitCycles, lines, units, o);
        }

        /** A report without offloads. */
        public HostCallReport(long count, long failed, long meanWaitCycles, long p99WaitCycles, long maxWaitCycles,
                              List<String> lines) {
            this(count, failed, meanWaitCycles, p99WaitCycles, maxWaitCycles, lines, List.of());
        }
    }

    /**
     * What {@code --offload auto} ({@link io.edarts.api.OffloadMode#AUTO}) chose: how many firings ran
     * each body, and per performance-model bucket (code object, unit, input-size range) what it had
     * learnt by the end and why it chose what it chose. See {@code OffloadChooser}.
     *
     * @param mode                {@code auto}
     * @param softwareFirings     firings of codelets with an accelerator body that ran their software body
     * @param acceleratorFirings  those that ran their accelerator body
     * @param buckets             per bucket, sorted by code object, unit and size
     */
    public record OffloadReport(String mode, long softwareFirings, long acceleratorFirings, List<OffloadBucket> buckets) {
        public OffloadReport {
            buckets = List.copyOf(buckets);
        }
    }

    /**
     * One bucket of the history-based model: firings of code {@code codeObject} whose accelerator body
     * calls {@code unit}, with a declared input of {@code fromBytes} to {@code toBytes} (both 0 when
     * the codelets declare no size: one bucket).
     *
     * @param softwareSamples        software firings measured (each from its start to its end on the core)
     * @param softwareMeanCycles     their mean cycles, 0 without samples
     * @param acceleratorSamples     accelerator firings measured
     * @param acceleratorMeanCoreCycles their mean cycles on the core besides the wait for the call
     * @param acceleratorMeanWaitCycles their mean wait for the call (the host's queue included)
     * @param callCycles             the target's closed form of one call of the bucket's mean size
     *                               ({@link io.edarts.cam.Target#offloadCost}), 0 if never known
     * @param decisions              the choices made, by reason and body
     */
    public record OffloadBucket(String codeObject, String unit, long fromBytes, long toBytes, long softwareSamples,
                                long softwareMeanCycles, long acceleratorSamples, long acceleratorMeanCoreCycles,
                                long acceleratorMeanWaitCycles, long callCycles, List<OffloadDecision> decisions) {
        public OffloadBucket {
            decisions = List.copyOf(decisions);
        }
    }

    /**
     * {@code count} firings of a bucket ran {@code body} ({@code software} or {@code accelerator}) for
     * {@code reason}: {@code calibrate} (the body had no measurement yet), {@code while-calibrating}
     * (the other body's first measurement was still running), {@code earliest-finish} (both known:
     * the one expected to end first).
     */
    public record OffloadDecision(String reason, String body, long count) {}

    /**
     * What the offloads to one unit of the machine that is not a core came to (the host's driver
     * calls, {@link io.edarts.api.CodeletContext#offload}): every unit of the machine, in the target's
     * order, called or not.
     *
     * @param name        the unit's name
     * @param kind        its kind ({@code accelerator})
     * @param attachment  where it is attached
     * @param calls       offloads the host carried out
     * @param inputBytes  bytes they handed the unit
     * @param outputBytes bytes it wrote back
     * @param busyCycles  cycles the unit itself was busy ({@link io.edarts.cam.OffloadCost#unitCycles})
     * @param phases      the calls' cycles by phase (driver and unit), summed, in the order a call runs them
     */
    public record UnitReport(String name, String kind, String attachment, long calls, long inputBytes,
                             long outputBytes, long busyCycles, List<io.edarts.cam.OffloadCost.Phase> phases) {
        public UnitReport {
            phases = List.copyOf(phases);
        }

        /** Cycles of every phase of every call: what the host spent on them, the unit's part included. */
        public long cycles() {
            return phases.stream().mapToLong(io.edarts.cam.OffloadCost.Phase::cycles).sum();
        }
    }

    /** How many frames of a body's exception {@link #failureFrames} keeps. */
    public static final int FAILURE_FRAMES = 12;

    /**
     * Traffic on one directed mesh link: from core {@code from} to its neighbour {@code to}
     * (-1 at either end is external DRAM beyond the off-chip link), on mesh {@code mesh} ("cmesh",
     * "rmesh" or "xmesh").
     */
    public record LinkReport(int from, int to, String mesh, long bytes, long busyCycles, long waitCycles) {
        /** A link nobody waited for (a closed form, or a target without contention). */
        public LinkReport(int from, int to, String mesh, long bytes, long busyCycles) {
            this(from, to, mesh, bytes, busyCycles, 0);
        }
    }

    /**
     * What one code object (by name) cost the firings that ran it: how many, and the cycles of their
     * code phase ({@link FiringCost#code}: cache lookups, copies, remote execution stalls).
     */
    public record CodeObjectReport(String name, long firings, long codeCycles) {}

    public enum Status {
        OK, FAILED, DEADLOCKED;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One core: what it did and its hardware counters. */
    public record CoreReport(int id, int row, int col, String role, long busyCycles, long idleCycles,
                             long fired, Counters counters, io.edarts.cam.CodeStats code) {
        public double utilisation(long makespan) {
            return makespan == 0 ? 0 : (double) busyCycles / makespan;
        }
    }

    /**
     * What scheduling cost: SU decisions, the mesh latency of dispatches and completion signals, and
     * how long enabled codelets waited for a CU (cycles, from enabled to started); with
     * {@code work-stealing}, the steal requests idle CUs sent and how many brought a codelet back;
     * with {@code scheduler.cu-side = on}, the codelets CUs placed in their own pools.
     */
    public record SchedulingReport(long decisions, long suBusyCycles, long dispatchLatencyCycles,
                                   long signalLatencyCycles, long waitMean, long waitP50, long waitP90,
                                   long waitP99, long waitMax, long stealsAttempted, long stealsSucceeded,
                                   long cuSidePlacements) {
        /** A report without steals or CU-side placements. */
        public SchedulingReport(long decisions, long suBusyCycles, long dispatchLatencyCycles,
                                long signalLatencyCycles, long waitMean, long waitP50, long waitP90,
                                long waitP99, long waitMax) {
            this(decisions, suBusyCycles, dispatchLatencyCycles, signalLatencyCycles, waitMean, waitP50, waitP90,
                    waitP99, waitMax, 0, 0, 0);
        }
    }

    /**
     * What the machine's memories held: per core, its local memory by use (runtime, stack, resident
     * code, static data, the peak of all data, what was free at that peak), and the most external
     * memory held at once. Without a budget ({@code budgeted} false) capacities and free are -1.
     */
    public record MemoryReport(boolean budgeted, long externalPeakBytes, List<io.edarts.cam.CoreMemory> cores) {
        /** No memory use (a result built without a run). */
        public static final MemoryReport NONE = new MemoryReport(false, 0, List.of());
    }

    /** Host-side figures: never compared between runs. */
    public record HostReport(long wallMillis, int hostThreads, long heapUsedBytes) {}

    /** The machine as reports name it: {@code parallella16 (--set pool-capacity=2)} ({@link io.edarts.cam.Machine#label()}). */
    public String machineLabel() {
        return io.edarts.cam.Machine.label(machine, machineOverrides);
    }

    /** Firing cycles against the ideal ({@link FiringCost#slowdown}). */
    public double slowdownVsIdealWork() {
        return work.slowdown();
    }

    /** The share of CU and SU cycles that went to anything but the ideal work ({@link FiringCost#overheadFraction}). */
    public double overheadFraction() {
        return work.overheadFraction(scheduling.suBusyCycles());
    }

    /** Cycles the launch took before the program started (0 without a {@link #prelude}). */
    public long launchCycles() {
        return prelude == null ? 0 : prelude.cycles();
    }

    public double makespanMicros() {
        return makespanCycles / clockMhz;
    }

    /** Whether the run completed and its answer, if checked, was right. */
    public boolean succeeded() {
        return status == Status.OK && check.status() != CheckResult.Status.FAILED;
    }

    public RunResult withHost(HostReport h) {
        return new RunResult(program, parameters, machine, machineOverrides, target, policy, seed, clockMhz, rows, cols, status,
                message, check, makespanCycles, codeletsFired, cores, scheduling, work, codeObjects, links, unfired, unfiredCount,
                traceEvents, timeline, failure, h, memory, hostCalls, prelude, profile, stream);
    }

    /**
     * The top frames of the exception a body threw ({@link #failure}), from where it was thrown down
     * to the body's own frame (the runtime's frames below it are left out), at most
     * {@link #FAILURE_FRAMES}; empty when no body threw. Each is "Class.method(File.java:line)".
     */
    public List<String> failureFrames() {
        if (failure == null) {
            return List.of();
        }
        java.util.ArrayList<String> frames = new java.util.ArrayList<>();
        for (StackTraceElement e : failure.getStackTrace()) {
            if (e.getClassName().startsWith("io.edarts.scheduler.ComputationUnit") || frames.size() == FAILURE_FRAMES) {
                break;
            }
            frames.add(e.getClassName() + "." + e.getMethodName() + "(" + (e.getFileName() == null ? "Unknown Source"
                    : e.getFileName() + (e.getLineNumber() >= 0 ? ":" + e.getLineNumber() : "")) + ")");
        }
        return List.copyOf(frames);
    }
}
