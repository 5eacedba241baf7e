package io.edarts.scheduler;

import io.edarts.cam.FiringCost;
import io.edarts.cam.Traffic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What an SU counts for the report, from the events it consumes (never from what CUs did ahead on
 * the host): firings and their costs by phase, SU decisions, message latencies, ready-queue waits,
 * the SU's own mesh traffic, and per CU the busy cycles and firings. At the end it joins the CUs'
 * hardware totals into one {@link Summary}.
 */
final class RunTally {
    /** One CU's share of a run: what the SU consumed of it, and its cost model's totals. */
    record CuSummary(int core, long busyCycles, long fired, io.edarts.cam.Counters counters,
                     io.edarts.cam.CodeStats code, Traffic traffic) {}

    /** What an SU reports at the end of a run. */
    record Summary(int cluster, int suCore, long suBusy, long decisions, long maxFinish, long fired,
                   FiringCost work, long dispatchLatency, long signalLatency, Histogram waits,
                   List<CuSummary> cus, List<String> unfired, long unfiredCount, TraceSink.Closed trace,
                   Traffic traffic, TimelineRecorder.Part timeline, List<RunResult.CodeObjectReport> code,
                   Traffic betweenSus, List<io.edarts.cam.LinkLoad> meshLinks, ProfileRecorder.Part profile,
                   CuPools.Counts pools) {}

    private final long[] cuBusy;
    private final long[] cuFired;
    private final long[] cuMeshWait;
    /** Per CU: DMA transfers, bytes, busy cycles, queue waits and codelets' waits for a channel. */
    private final long[][] cuDma;
    private final Histogram waits = new Histogram(3);
    /*
     * Waits below SMALL_WAITS, counted by value and added to {@link #waits} at the end: with three
     * significant digits the histogram keeps each of them exactly (its first 2,048 buckets are one
     * value wide), and adding n of a value at once leaves it as n recordings would, so only the time
     * per firing changes (an array increment instead of the histogram's bucket arithmetic).
     */
    private static final int SMALL_WAITS = 2048;
    private final long[] smallWaits = new long[SMALL_WAITS];

    {
        if (waits.sizeOfEquivalentValueRange(SMALL_WAITS - 1) != 1) {
            throw new IllegalStateException("waits below " + SMALL_WAITS + " are not one value wide in the histogram");
        }
    }
    private final Traffic traffic = new Traffic();
    /** Messages from this SU to other SUs: the traffic no SU's interconnect carries. */
    private final Traffic betweenSus = new Traffic();
    private final List<ComputationUnit.Totals> totals = new ArrayList<>();
    /** Null when the run records no profile ({@link RunOptions#profile}). */
    private final ProfileRecorder profile;
    /** Per code object name: firings and code-phase cycles (sorted, so reports are deterministic). */
    private final java.util.TreeMap<String, long[]> code = new java.util.TreeMap<>();
    /** The same entries by the name's identity: a firing's name is its code object's own string. */
    private final java.util.IdentityHashMap<String, long[]> codeByRef = new java.util.IdentityHashMap<>();
    /**
     * A direct-mapped cache in front of {@code codeByRef}, by the name's (cached) string hash: kernels
     * alternate, so one last entry misses, and the identity map's lookup reads the object's header.
     */
    private final String[] codeSeen = new String[16];
    private final long[][] codeSeenEntry = new long[16][];
    /*
     * The SU's own messages to and from its CUs, by core: two per firing, so they are summed in
     * plain arrays and joined into {@link #traffic} at the end (a hash lookup each was a tenth of an
     * uncontended run). {@code linkSu} is the SU core they were counted for, -1 before the first.
     */
    private int linkSu = -1;
    private long[] toCore = new long[0];
    private long[] fromCore = new long[0];
    /** The firings' costs by phase so far: the summary's {@code work}, summed without a record per firing. */
    private long workDispatch;
    private long workCode;
    private long workBody;
    private long workSignal;
    private long workIdeal;
    private long suBusy;
    private long decisions;
    private long maxFinish;
    private long fired;
    private long dispatchLatency;
    private long signalLatency;

    RunTally(int cus, boolean profiled) {
        this.profile = profiled ? new ProfileRecorder() : null;
        this.cuBusy = new long[cus];
        this.cuFired = new long[cus];
        this.cuMeshWait = new long[cus];
        this.cuDma = new long[cus][5];
    }

    /** A DMA transfer of CU {@code k} completed at {@code end}: it ran {@code busy} cycles after queueing {@code wait}. */
    void dma(int k, long bytes, long busy, long wait, long end) {
        cuDma[k][0]++;
        cuDma[k][1] += bytes;
        cuDma[k][2] += busy;
        cuDma[k][3] += wait;
        maxFinish = Math.max(maxFinish, end); // the run ends when its last transfer has landed
    }

    /** A firing on CU {@code k} waited {@code cycles} for a free DMA channel. */
    void dmaFireWait(int k, long cycles) {
        cuDma[k][4] += cycles;
    }

    /** A placement decision that kept the SU busy {@code cycles}, and its dispatch message. */
    void decision(long cycles, long latency, int suCore, int cuCore, int bytes) {
        suBusy += cycles;
        decisions++;
        if (profile != null) {
            profile.decision(suCore, cycles);
        }
        dispatchLatency += latency;
        link(suCore, cuCore, bytes, true);
    }

    /** Counts {@code bytes} between the SU {@code su} and core {@code core} ({@code out}: to it), as {@link Traffic#add} would. */
    private void link(int su, int core, int bytes, boolean out) {
        if (bytes <= 0 || su == core) {
            return;
        }
        if (linkSu != su) {
            if (linkSu >= 0) { // not this SU's own link (never so today): count it directly
                traffic.add(out ? su : core, out ? core : su, Traffic.CMESH, bytes);
                return;
            }
            linkSu = su;
        }
        if (core >= toCore.length) {
            toCore = java.util.Arrays.copyOf(toCore, Math.max(core + 1, 2 * toCore.length));
            fromCore = java.util.Arrays.copyOf(fromCore, toCore.length);
        }
        if (out) {
            toCore[core] += bytes;
        } else {
            fromCore[core] += bytes;
        }
    }

    /** A decision of the top SU of the tree (which cluster gets a procedure) that kept it busy {@code cycles}. */
    void topDecision(int suCore, long cycles) {
        suBusy += cycles;
        decisions++;
        if (profile != null) {
            profile.decision(suCore, cycles);
        }
    }

    /** A firing's completion was consumed; its core waited {@code hostWait} of its cycles for host calls. */
    void firing(int k, int cuCore, int suCore, long start, long finish, FiringCost cost, long enabledAt,
                long latency, int bytes, long hostWait) {
        fired++;
        maxFinish = Math.max(maxFinish, finish);
        addWork(cost);
        cuBusy[k] += finish - start; // the charged cycles plus any wait for the shared mesh or the host
        cuMeshWait[k] += Math.max(0, finish - start - cost.total() - hostWait);
        cuFired[k]++;
        signalLatency += latency;
        link(suCore, cuCore, bytes, false);
        long wait = Math.max(0, start - enabledAt);
        if (wait < SMALL_WAITS) {
            smallWaits[(int) wait]++;
        } else {
            waits.recordValue(wait);
        }
    }

    /** {@code work = work.plus(cost)}, with the same overflow checks, without the record. */
    private void addWork(FiringCost cost) {
        long d = Math.addExact(workDispatch, cost.dispatch());
        long c = Math.addExact(workCode, cost.code());
        long b = Math.addExact(workBody, cost.body());
        long s = Math.addExact(workSignal, cost.signal());
        long i = Math.addExact(workIdeal, cost.ideal());
        try {
            Math.addExact(Math.addExact(d, c), Math.addExact(b, s));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("firing cost overflows the cycle counter: dispatch " + d
                    + " + code " + c + " + body " + b + " + signal " + s);
        }
        workDispatch = d;
        workCode = c;
        workBody = b;
        workSignal = s;
        workIdeal = i;
    }

    /** A consumed firing ran code object {@code name}, whose code phase cost {@code cycles}. */
    void code(String name, long cycles) {
        int i = name.hashCode() & (codeSeen.length - 1);
        long[] c;
        if (codeSeen[i] == name) {
            c = codeSeenEntry[i];
        } else {
            c = codeByRef.get(name);
            if (c == null) {
                c = code.computeIfAbsent(name, k -> new long[2]);
                codeByRef.put(name, c);
            }
            codeSeen[i] = name;
            codeSeenEntry[i] = c;
        }
        c[0]++;
        c[1] += cycles;
    }

    /** One decision of SU core {@code suCore} costs at least {@code cycles}, for the profile's floor. */
    void decisionFloor(int suCore, long cycles) {
        if (profile != null) {
            profile.decisionFloor(suCore, cycles);
        }
    }

    /** A consumed firing of codelet {@code k} of {@code def}, for the profile ({@link ProfileRecorder#firing}). */
    void profile(io.edarts.api.TpDefinition<?> def, int k, String codeName, int core, long start, long finish,
                 FiringCost cost, long enabledAt, long hostWait) {
        if (profile != null) {
            profile.firing(def, k, codeName, core, start, finish, cost, enabledAt, hostWait);
        }
    }

    /** Codelet {@code k} of {@code def} was placed on {@code core} after {@code cycles} in the ready queue. */
    void placed(io.edarts.api.TpDefinition<?> def, int k, String codeName, int core, long cycles) {
        if (profile != null) {
            profile.placed(def, k, codeName, core, cycles);
        }
    }

    /** With an interconnect: a dispatch reached its CU {@code cycles} after it was sent. */
    void dispatchDelivered(long cycles) {
        dispatchLatency += cycles;
    }

    /** A message between the CUs' pools, or from a CU to its SU about its pool ({@link CuPools}). */
    void poolMessage(int from, int to, int bytes) {
        traffic.add(from, to, Traffic.CMESH, bytes);
    }

    /** A message from this SU to another. */
    void sent(int from, int to, int bytes) {
        traffic.add(from, to, Traffic.CMESH, bytes);
        betweenSus.add(from, to, Traffic.CMESH, bytes);
    }

    void totals(ComputationUnit.Totals t) {
        totals.add(t);
    }

    int totalsIn() {
        return totals.size();
    }

    /**
     * @param meshLinks the links as this SU's interconnect measured them, or empty without one
     */
    Summary summary(int cluster, int suCore, ReadyPools pools, Dataflow.Unfired unfired, TraceSink.Closed trace,
                    TimelineRecorder.Part timeline, List<io.edarts.cam.LinkLoad> meshLinks, CuPools.Counts poolCounts) {
        totals.sort(Comparator.comparingInt(ComputationUnit.Totals::core));
        List<CuSummary> cus = new ArrayList<>();
        for (ComputationUnit.Totals t : totals) {
            int k = indexOf(pools, t.core());
            io.edarts.cam.Counters counters = t.counters();
            counters.meshWait = cuMeshWait[k];
            counters.dmaTransfers = cuDma[k][0];
            counters.dmaBytes = cuDma[k][1];
            counters.dmaBusy = cuDma[k][2];
            counters.dmaQueueWait = cuDma[k][3];
            counters.dmaFireWait = cuDma[k][4];
            cus.add(new CuSummary(t.core(), cuBusy[k], cuFired[k], counters, t.code(), t.traffic()));
        }
        for (int core = 0; core < toCore.length; core++) {
            traffic.add(linkSu, core, Traffic.CMESH, toCore[core]);
            traffic.add(core, linkSu, Traffic.CMESH, fromCore[core]);
        }
        for (int v = 0; v < SMALL_WAITS; v++) {
            if (smallWaits[v] > 0) {
                waits.recordValueWithCount(v, smallWaits[v]);
                smallWaits[v] = 0;
            }
        }
        FiringCost work = new FiringCost(workDispatch, workCode, workBody, workSignal, workIdeal);
        return new Summary(cluster, suCore, suBusy, decisions, maxFinish, fired, work, dispatchLatency,
                signalLatency, waits.copy(), List.copyOf(cus), unfired.labels(), unfired.count(), trace,
                traffic.copy(), timeline, code.entrySet().stream()
                        .map(e -> new RunResult.CodeObjectReport(e.getKey(), e.getValue()[0], e.getValue()[1])).toList(),
                betweenSus.copy(), List.copyOf(meshLinks), profile == null ? null : profile.close(), poolCounts);
    }

    private static int indexOf(ReadyPools pools, int core) {
        for (int k = 0; k < pools.size(); k++) {
            if (pools.cu(k).core == core) {
                return k;
            }
        }
        throw new IllegalStateException("no CU on core " + core);
    }
}
