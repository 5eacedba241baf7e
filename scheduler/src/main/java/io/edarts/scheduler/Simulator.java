package io.edarts.scheduler;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.AtomicFiles;
import io.edarts.cam.CodeStats;
import io.edarts.cam.Counters;
import io.edarts.cam.FiringCost;
import io.edarts.cam.Traffic;
import io.edarts.cam.Machine;
import io.edarts.cam.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.HdrHistogram.Histogram;

/**
 * Runs codelet programs on a simulated machine. One simulator owns one actor system whose dispatcher
 * (a fork-join pool of its own, never the JDK common pool) has {@code hostThreads} threads; the SU
 * and time-keeper actors and the CU actors, which run the bodies, share it, so a dispatch and its
 * answer usually stay on one thread. The host thread count changes how fast a run goes, never what
 * it reports (apart from the {@code host} figures).
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.create(2)) {
 *     RunResult r = sim.run(program, MachineRegistry.newTarget(machine), RunOptions.defaults());
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {
    private sealed interface GuardianCommand {}

    private record Spawn(RunContext run, CompletableFuture<Timekeeper.RunOutcome> result) implements GuardianCommand {}

    /** A run's time keeper has stopped. */
    private record RunEnded() implements GuardianCommand {}

    private final java.util.concurrent.atomic.AtomicInteger activeRuns = new java.util.concurrent.atomic.AtomicInteger();

    private final ActorSystem<GuardianCommand> system;
    private final int hostThreads;

    private Simulator(int hostThreads) {
        this.hostThreads = hostThreads;
        this.system = ActorSystem.create(guardian(activeRuns), "edarts", config(hostThreads));
    }

    /**
     * @param hostThreads parallelism of the actor dispatcher and of the body dispatcher (1..256)
     * @throws IllegalArgumentException for a thread count outside 1..256
     */
    public static Simulator create(int hostThreads) {
        if (hostThreads < 1 || hostThreads > 256) {
            throw new IllegalArgumentException("host threads " + hostThreads + ": expected 1..256");
        }
        return new Simulator(hostThreads);
    }

    static Config config(int n) {
        String dispatcher = "{ type = Dispatcher, executor = \"fork-join-executor\", throughput = 64, "
                + "fork-join-executor { parallelism-min = " + n + ", parallelism-max = " + n
                + ", parallelism-factor = 1.0 } }";
        return ConfigFactory.parseString(
                        "akka.loglevel = WARNING\n"
                        + "akka.stdout-loglevel = OFF\n"
                        + "akka.log-dead-letters = off\n"
                        + "akka.log-dead-letters-during-shutdown = off\n"
                        + "akka.jvm-shutdown-hooks = off\n"
                        + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                        + "akka.actor.default-dispatcher = " + dispatcher + "\n"
                        + "akka.actor.internal-dispatcher = " + dispatcher + "\n"
                        // an instance stream's own thread: building instances never holds up the simulation
                        + STREAM_DISPATCHER + " { type = Dispatcher, executor = \"thread-pool-executor\", "
                        + "thread-pool-executor { fixed-pool-size = 1 }, throughput = 16 }\n")
                .withFallback(ConfigFactory.defaultReference());
    }

    private static Behavior<GuardianCommand> guardian(java.util.concurrent.atomic.AtomicInteger active) {
        return Behaviors.setup(ctx -> {
            int[] runs = {0};
            return Behaviors.receive(GuardianCommand.class)
                    .onMessage(Spawn.class, s -> {
                        var ref = ctx.spawn(Timekeeper.create(s.run(), s.result()), "run-" + (++runs[0]),
                                DispatcherSelector.defaultDispatcher());
                        active.incrementAndGet();
                        ctx.watchWith(ref, new RunEnded());
                        return Behaviors.same();
                    })
                    .onMessage(RunEnded.class, e -> {
                        active.decrementAndGet();
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** Runs whose time keeper has not stopped yet (for tests). */
    int activeRuns() {
        return activeRuns.get();
    }

    public int hostThreads() {
        return hostThreads;
    }

    /**
     * Checks, without running it, that {@code program} can run on {@code target}'s machine (so a
     * command line can refuse bad input before it writes anything).
     *
     * @throws IllegalArgumentException naming what does not fit, e.g. an affinity to a missing core
     */
    public static void check(Program<?> program, Target target) {
        check(program, target, RunOptions.defaults());
    }

    /**
     * Checks, without running it, that {@code program} can run on {@code target}'s machine with
     * {@code options} (their placement overrides decide where code must fit).
     *
     * @throws IllegalArgumentException naming what does not fit, e.g. local code over a core's budget
     */
    public static void check(Program<?> program, Target target, RunOptions options) {
        new RunContext(program, target, options);
    }

    /**
     * What a loader must know before {@code program} runs on {@code target} with {@code options}:
     * its code objects in force and what every core's memory holds before the first dispatch.
     *
     * @throws IllegalArgumentException as {@link #check} does
     */
    public static StaticPlan staticPlan(Program<?> program, Target target, RunOptions options) {
        return new RunContext(program, target, options).staticPlan();
    }

    /**
     * Runs {@code program} to its end and returns what it measured. A body that throws, or a program
     * that deadlocks, gives a result with that status; only a fault of the simulator itself throws.
     * With a trace, its parts are streamed beside the trace file while the run goes and deleted when
     * it ends, however it ends.
     *
     * @throws UncheckedIOException if the trace cannot be written (naming the trace file); the run
     *                              does not start when its parts cannot even be created
     * @throws IllegalStateException if the simulation itself failed
     * @throws OutOfMemoryError if a body ran the host out of heap (the run is abandoned)
     */
    public RunResult run(Program<?> program, Target target, RunOptions options) {
        return run(program, target, options, null);
    }

    /**
     * Runs the instances of {@code stream} on the simulated machine, at most
     * {@link InstanceStream#inFlight} at once ({@link StreamReport}: each instance's arrival,
     * admission and completion, the throughput and the latency distributions); {@code program} is the
     * template the run is named after and checked against (placements, code, memory), whose root does
     * not run by itself. {@code stream} null: {@link #run(Program, Target, RunOptions)}. The result's
     * check is every instance's own (failed if any failed); an instance admitted that never completes
     * (its root neither exits nor fires every codelet once) fails the run, naming it.
     *
     * @throws UncheckedIOException as {@link #run(Program, Target, RunOptions)}
     * @throws IllegalStateException as {@link #run(Program, Target, RunOptions)}
     */
    public RunResult run(Program<?> program, Target target, RunOptions options, InstanceStream stream) {
        long t0 = HostClock.nanos();
        RunContext run = new RunContext(program, target, options, stream);
        // in serial rounds an SU's turn waits for its CUs' answers anyway: bodies on their own actors
        // would overlap nothing, and cost two messages a firing
        run.inlineBodies = hostThreads == 1 || run.chip != null;
        if (run.chip != null && run.admissions == null && Timekeeper.directTurns()) {
            run.directSus = new SchedulingUnit[run.clusters];
        }
        TraceOutput trace = options.trace();
        List<Path> parts = trace == null ? List.of() : createParts(trace, run.clusters);
        try {
            if (run.admissions != null) {
                run.admissions.queue(materialize(stream.source()));
            }
            CompletableFuture<Timekeeper.RunOutcome> f = new CompletableFuture<>();
            system.tell(new Spawn(run, f));
            Timekeeper.RunOutcome out;
            ProgressTicker ticker = new ProgressTicker(run.firedSoFar, options.progress());
            try {
                out = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + program.name(), e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof OutOfMemoryError oom) {
                    throw oom;
                }
                throw new IllegalStateException("simulation of " + program.name() + " failed: " + e.getCause(), e.getCause());
            } finally {
                ticker.close();
            }
            // the host's timeline: the launch, then the calls its daemon served during the run
            Prelude prelude = options.prelude() == null || run.interconnect() == null ? options.prelude()
                    : options.prelude().withHostServices(run.interconnect().hostServices());
            long traceEvents = trace == null ? 0 : writeTrace(run, out, trace, prelude);
            RunResult r = summarize(run, out, traceEvents, prelude);
            Runtime rt = Runtime.getRuntime();
            long wall = (HostClock.nanos() - t0) / 1_000_000;
            return r.withHost(new RunResult.HostReport(wall, hostThreads, rt.totalMemory() - rt.freeMemory()));
        } finally {
            if (run.admissions != null) {
                run.admissions.cancel(); // a run that ended early leaves no stream running
            }
            run.host.closeAll(); // a run that failed leaves no file of its host calls open
            for (Path p : parts) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: the run's own outcome (or its error) matters more than a leftover part
                }
            }
        }
    }

    /** The dispatcher an instance stream runs on (one thread of its own). */
    static final String STREAM_DISPATCHER = "edarts-stream-dispatcher";

    /**
     * Runs {@code source} into a queue the SU pulls one instance at a time, with one element of
     * buffer, on the stream's own dispatcher: the source builds an instance only when a slot wants one.
     */
    private <M> akka.stream.javadsl.SinkQueueWithCancel<StreamArrival> materialize(
            akka.stream.javadsl.Source<StreamArrival, M> source) {
        return source.toMat(akka.stream.javadsl.Sink.<StreamArrival>queue()
                                .withAttributes(akka.stream.Attributes.inputBuffer(1, 1)),
                        akka.stream.javadsl.Keep.right())
                .withAttributes(akka.stream.ActorAttributes.dispatcher(STREAM_DISPATCHER))
                .run(akka.stream.Materializer.matFromSystem(system));
    }

    /**
     * Creates the SUs' part files before the run, so a folder that cannot take the trace fails the
     * run before it starts rather than after it.
     */
    private static List<Path> createParts(TraceOutput trace, int clusters) {
        List<Path> parts = new ArrayList<>();
        try {
            for (int k = 0; k < clusters; k++) {
                Path p = TraceSink.partOf(trace.file(), k);
                Files.newOutputStream(p).close();
                parts.add(p);
            }
            return parts;
        } catch (IOException e) {
            for (Path p : parts) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // nothing more to do: the error below names the folder
                }
            }
            throw cannotWrite(trace, e);
        }
    }

    private static UncheckedIOException cannotWrite(TraceOutput trace, Throwable e) {
        IOException io = e instanceof IOException x ? x : new IOException(e);
        return new UncheckedIOException("cannot write trace " + trace.file() + ": " + AtomicFiles.reason(e), io);
    }

    private static RunResult summarize(RunContext run, Timekeeper.RunOutcome out, long traceEvents, Prelude prelude) {
        Machine m = run.machine;
        long makespan = 0;
        long fired = 0;
        long decisions = 0;
        long suBusy = 0;
        long dispLat = 0;
        long sigLat = 0;
        CuPools.Counts poolCounts = CuPools.Counts.NONE;
        FiringCost work = FiringCost.ZERO;
        Histogram waits = new Histogram(3);
        List<String> unfired = new ArrayList<>();
        long unfiredCount = 0;
        RunResult.CoreReport[] cores = new RunResult.CoreReport[m.coreCount()];
        List<RunTally.Summary> sums = out.summaries();
        Traffic traffic = new Traffic();
        java.util.TreeMap<String, long[]> code = new java.util.TreeMap<>();
        for (RunTally.Summary s : sums) {
            for (RunResult.CodeObjectReport c : s.code()) {
                long[] t = code.computeIfAbsent(c.name(), k -> new long[2]);
                t[0] += c.firings();
                t[1] += c.codeCycles();
            }
        }
        for (RunTally.Summary s : sums) {
            makespan = Math.max(makespan, s.maxFinish());
        }
        if (out.failure() != null) {
            // the run lasted until its failure, even when that is after the last consumed completion
            makespan = Math.max(makespan, out.failure().cycle());
        }
        String overflow = null;
        for (RunTally.Summary s : sums) {
            fired += s.fired();
            decisions += s.decisions();
            suBusy += s.suBusy();
            dispLat += s.dispatchLatency();
            sigLat += s.signalLatency();
            poolCounts = poolCounts.plus(s.pools());
            try {
                work = work.plus(s.work());
            } catch (ArithmeticException e) {
                overflow = "the run's firing cycles, summed over its clusters, overflow a 64-bit counter";
            }
            waits.add(s.waits());
            unfiredCount += s.unfiredCount();
            for (String u : s.unfired()) {
                if (unfired.size() < 20) {
                    unfired.add(u);
                }
            }
            traffic.addAll(s.traffic());
            int su = s.suCore();
            Counters suCounters = new Counters();
            suCounters.clock = makespan;
            suCounters.ialu = s.suBusy();
            suCounters.idle = Math.max(0, makespan - s.suBusy());
            cores[su] = new RunResult.CoreReport(su, m.row(su), m.col(su), "SU", s.suBusy(),
                    Math.max(0, makespan - s.suBusy()), 0, suCounters, new CodeStats());
            for (RunTally.CuSummary c : s.cus()) {
                traffic.addAll(c.traffic());
                Counters k = c.counters();
                k.clock = makespan;
                k.idle = Math.max(0, makespan - c.busyCycles());
                cores[c.core()] = new RunResult.CoreReport(c.core(), m.row(c.core()), m.col(c.core()), "CU",
                        c.busyCycles(), Math.max(0, makespan - c.busyCycles()), c.fired(), k, c.code());
            }
        }
        RunResult.Status status;
        String message;
        CheckResult check;
        if (out.failure() != null || overflow != null) {
            status = RunResult.Status.FAILED;
            message = out.failure() != null ? out.failure().message() : overflow;
            check = CheckResult.none();
        } else if (unfiredCount > 0) {
            status = RunResult.Status.DEADLOCKED;
            message = "deadlocked: nothing ready or running while " + unfiredCount
                    + " codelet(s) never fired: " + String.join("; ", unfired)
                    + (unfiredCount > unfired.size() ? "; ..." : "");
            check = CheckResult.none();
        } else {
            status = RunResult.Status.OK;
            check = run.admissions != null ? CheckResult.none() : check(run, out.root().frame(), makespan);
            message = check.message();
        }
        StreamReport stream = null;
        if (run.admissions != null) {
            stream = run.admissions.report(status == RunResult.Status.OK);
            if (status == RunResult.Status.OK) {
                List<Admissions.Admitted> never = run.admissions.incomplete();
                if (!never.isEmpty()) {
                    Admissions.Admitted a = never.get(0);
                    status = RunResult.Status.FAILED;
                    message = never.size() + " instance(s) of the stream never completed, the first instance " + a.index
                            + " (admitted at cycle " + a.admitted + "): its root procedure " + a.item.program().root().name()
                            + " neither exited nor fired each of its codelets once, so its slot never freed";
                } else {
                    check = streamCheck(stream);
                    message = check.message();
                }
            }
        }
        String violation = run.verifier != null && out.failure() == null ? run.verifier.check(run, out.root()) : null;
        if (violation != null) {
            status = RunResult.Status.FAILED;
            message = "--verify: " + violation;
            check = CheckResult.none();
        }
        RunResult.SchedulingReport sched = new RunResult.SchedulingReport(decisions, suBusy, dispLat, sigLat,
                waits.getTotalCount() == 0 ? 0 : Math.round(waits.getMean()),
                waits.getValueAtPercentile(50), waits.getValueAtPercentile(90), waits.getValueAtPercentile(99),
                waits.getMaxValue(), poolCounts.stealsAttempted(), poolCounts.stealsSucceeded(),
                poolCounts.cuSidePlacements());
        RunResult.HostCallReport hostCalls = hostCalls(run);
        return new RunResult(run.program.name(), run.program.parameters(), m.name(), m.overrides(), run.target.describe(),
                run.options.policy(), run.options.seed(), m.clockMhz(), m.rows(), m.cols(), status, message, check,
                makespan, fired, List.of(cores), sched, work,
                code.entrySet().stream()
                        .map(e -> new RunResult.CodeObjectReport(e.getKey(), e.getValue()[0], e.getValue()[1])).toList(),
                links(run, sums, traffic).stream()
                        .map(l -> new RunResult.LinkReport(l.from(), l.to(), l.mesh(), l.bytes(), l.busyCycles(),
                                l.waitCycles())).toList(),
                List.copyOf(unfired), unfiredCount, traceEvents,
                TimelineRecorder.merge(sums.stream().map(RunTally.Summary::timeline).toList(), m.coreCount(), makespan),
                out.failure() == null ? null : out.failure().error(), null,
                new RunResult.MemoryReport(run.memoryBudgeted(), run.externalPeakBytes(), List.copyOf(run.memoryUse())),
                hostCalls, prelude,
                run.options.profile() ? ProfileRecorder.merge(sums.stream().map(RunTally.Summary::profile).toList())
                        .withUnits(hostCalls.units()) : RunProfile.EMPTY, stream);
    }

    /** A stream's check: failed naming the first instance that failed, else passed if any passed. */
    private static CheckResult streamCheck(StreamReport s) {
        int passed = 0;
        String first = null;
        for (StreamReport.Instance i : s.instances()) {
            if (i.check().equals("failed")) {
                return CheckResult.failed("instance " + i.index() + " of " + s.instances().size() + ": " + i.message());
            }
            if (i.check().equals("passed")) {
                passed++;
                first = first == null ? i.message() : first;
            }
        }
        if (passed == 0) {
            return CheckResult.none();
        }
        return CheckResult.passed(passed + " of " + s.instances().size() + " instances passed their check (instance 0: "
                + first + ")");
    }

    /** The host calls' totals; files the program left open are closed now, as the host's exit closes them. */
    private static RunResult.HostCallReport hostCalls(RunContext run) {
        run.host.closeAll();
        return run.host.report().withOffload(OffloadChooser.report(run.offloadChoosers()));
    }

    /**
     * The run's link loads: as the SUs' interconnects measured them (with the cycles transfers waited),
     * plus the closed form of the messages between SUs, which no interconnect carries; or, without
     * interconnects, the target's closed form of all the run's traffic. Sorted by (from, to, mesh).
     */
    private static List<io.edarts.cam.LinkLoad> links(RunContext run, List<RunTally.Summary> sums, Traffic traffic) {
        boolean measured = false;
        for (RunTally.Summary s : sums) {
            measured |= !s.meshLinks().isEmpty();
        }
        if (!measured) {
            return run.target.linkLoads(traffic);
        }
        Traffic between = new Traffic();
        java.util.TreeMap<String, io.edarts.cam.LinkLoad> merged = new java.util.TreeMap<>();
        java.util.List<io.edarts.cam.LinkLoad> all = new ArrayList<>();
        for (RunTally.Summary s : sums) {
            between.addAll(s.betweenSus());
            all.addAll(s.meshLinks());
        }
        all.addAll(run.target.linkLoads(between));
        for (io.edarts.cam.LinkLoad l : all) {
            // keys order as (from, to, mesh); +1 keeps DRAM's -1 first, as the closed form orders it
            String key = String.format(java.util.Locale.ROOT, "%08d %08d %s", l.from() + 1, l.to() + 1, l.mesh());
            io.edarts.cam.LinkLoad o = merged.get(key);
            merged.put(key, o == null ? l : new io.edarts.cam.LinkLoad(l.from(), l.to(), l.mesh(), o.bytes() + l.bytes(),
                    o.busyCycles() + l.busyCycles(), o.waitCycles() + l.waitCycles()));
        }
        return List.copyOf(merged.values());
    }

    /** The program's check; one that throws is a failed check with its message, not an error of the run. */
    private static CheckResult check(RunContext run, Object frame, long makespan) {
        try {
            CheckResult c = run.program.check(frame, makespan);
            return c != null ? c : CheckResult.failed("the check of " + run.program.name() + " returned null");
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return CheckResult.failed("the check of " + run.program.name() + " threw " + t);
        }
    }

    /**
     * Waits until every SU's part is on disk, then has the format write the trace from them,
     * atomically; returns the number of events.
     */
    private static long writeTrace(RunContext run, Timekeeper.RunOutcome out, TraceOutput trace, Prelude prelude) {
        long events = 0;
        List<Path> parts = new ArrayList<>();
        for (RunTally.Summary s : out.summaries()) {
            TraceSink.Closed c = s.trace();
            try {
                c.done().toCompletableFuture().get();
            } catch (ExecutionException e) {
                throw cannotWrite(trace, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing " + trace.file(), e);
            }
            events += c.events();
            parts.add(c.part());
        }
        if (prelude != null) {
            events += prelude.host().spans().size();
        }
        try {
            TraceFormat.Events spilled = TraceSpill.reader(parts);
            // the host node's spans first, on their own track, then the SUs' parts in cluster order
            TraceFormat.Events all = prelude == null ? spilled : visitor -> {
                for (Prelude.HostSpan h : prelude.host().spans()) {
                    visitor.accept(new TraceEvent.Host(h.kind() + " " + h.what(), h.start(), h.end() - h.start(),
                            h.core(), h.bytes()));
                }
                spilled.forEach(visitor);
            };
            AtomicFiles.write(trace.file(), os -> trace.format().write(run.machine, all, os));
        } catch (IOException e) {
            throw cannotWrite(trace, e);
        }
        return events;
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // terminated anyway
        }
    }
}
