package io.edarts.run;

import io.edarts.scheduler.RunResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The console summary of a run. */
final class Summary {
    private Summary() {}

    static void print(RunResult r, PrintWriter out) {
        long ms = r.makespanCycles();
        // the label, so that a machine changed with --set never passes for the built-in one
        out.printf(Locale.ROOT, "eDARTS run: %s on %s (%dx%d, %s), policy %s, seed %d%n", r.program(), r.machineLabel(),
                r.rows(), r.cols(), r.target(), r.policy(), r.seed());
        out.printf(Locale.ROOT, "  result       %s, check %s: %s%n", r.status().json(),
                r.check().status().name().toLowerCase(Locale.ROOT), r.message());
        out.printf(Locale.ROOT, "  makespan     %,d cycles = %,.3f us at %.0f MHz%n", ms, r.makespanMicros(), r.clockMhz());
        if (r.prelude() != null && r.launchCycles() > 0) {
            io.edarts.scheduler.Prelude p = r.prelude();
            out.printf(Locale.ROOT, "  launch       %s: %,d cycles = %,.3f us (host busy %,d; %,d on-chip copies of %,d B, "
                    + "%d deep), then the program: %,d cycles%n", p.procedure(), p.cycles(), p.cycles() / r.clockMhz(),
                    p.host().launchBusyCycles(), p.onChip().copies(), p.onChip().bytes(), p.onChip().rounds(), ms - p.cycles());
        }
        if (r.stream() != null) {
            stream(r, out);
        }
        out.printf(Locale.ROOT, "  codelets     %,d fired%n", r.codeletsFired());
        RunResult.SchedulingReport s = r.scheduling();
        out.printf(Locale.ROOT, "  scheduling   %,d decisions, SU busy %,d cycles (%.1f%% of makespan per SU, %d SU(s)); "
                        + "dispatch latency %,d, signal latency %,d cycles in all%n",
                s.decisions(), s.suBusyCycles(), pct(s.suBusyCycles(), ms * Math.max(1, sus(r))), sus(r),
                s.dispatchLatencyCycles(), s.signalLatencyCycles());
        if (s.stealsAttempted() > 0 || s.cuSidePlacements() > 0) {
            out.printf(Locale.ROOT, "  pools        steals %,d of %,d requests; CU-side placements %,d%n",
                    s.stealsSucceeded(), s.stealsAttempted(), s.cuSidePlacements());
        }
        out.printf(Locale.ROOT, "  ready wait   mean %,d  p50 %,d  p90 %,d  p99 %,d  max %,d cycles%n",
                s.waitMean(), s.waitP50(), s.waitP90(), s.waitP99(), s.waitMax());
        io.edarts.cam.FiringCost w = r.work();
        out.printf(Locale.ROOT, "  firing       %,d cycles: dispatch %.1f%%, code %.1f%%, body %.1f%%, signal %.1f%%; "
                        + "%.3fx the ideal (all code local, free dispatch)%n",
                w.total(), pct(w.dispatch(), w.total()), pct(w.code(), w.total()), pct(w.body(), w.total()),
                pct(w.signal(), w.total()), r.slowdownVsIdealWork());
        codeWarning(r).ifPresent(w2 -> out.println("  warning      " + w2));
        out.println("  utilisation  per core, row by row (S = SU):");
        int shown = Math.min(r.rows(), 16);
        for (int row = 0; row < shown; row++) {
            StringBuilder sb = new StringBuilder("              ");
            for (int col = 0; col < Math.min(r.cols(), 16); col++) {
                RunResult.CoreReport c = r.cores().get(row * r.cols() + col);
                sb.append(String.format(Locale.ROOT, " %s%3.0f%%", c.role().equals("SU") ? "S" : " ",
                        100 * c.utilisation(ms)));
            }
            if (r.cols() > 16) {
                sb.append(" ...");
            }
            out.println(sb);
        }
        if (r.rows() > 16) {
            out.println("               ...");
        }
        long ialu = 0, fpu = 0, dual = 0, ext = 0, mesh = 0, wait = 0;
        io.edarts.cam.Counters dma = new io.edarts.cam.Counters();
        for (RunResult.CoreReport c : r.cores()) {
            dma.add(c.counters());
            wait += c.counters().meshWait;
            ialu += c.counters().ialu;
            fpu += c.counters().fpu;
            dual += c.counters().dualIssue;
            ext += c.counters().extFetchStalls + c.counters().extLoadStalls;
            mesh += c.counters().meshBytes;
        }
        io.edarts.cam.CodeStats code = new io.edarts.cam.CodeStats();
        for (RunResult.CoreReport c : r.cores()) {
            code.add(c.code());
        }
        out.printf(Locale.ROOT, "  code         cache hits %,d  misses %,d  evictions %,d  bytes copied %,d  in place %,d  "
                        + "PLT patches %,d  dynamic calls %,d (%,d first)%n", code.hits, code.misses, code.evictions,
                code.bytesCopied, code.inPlace, code.pltPatches, code.dynamicCalls + code.dynamicFirstCalls,
                code.dynamicFirstCalls);
        if (!r.links().isEmpty()) {
            long bytes = 0;
            int between = 0;
            RunResult.LinkReport busiest = r.links().get(0);
            for (RunResult.LinkReport l : r.links()) {
                if (l.from() != l.to()) { // a port into a node carries again what the links into it did
                    bytes += l.bytes();
                    between++;
                }
                if (l.busyCycles() > busiest.busyCycles()) {
                    busiest = l;
                }
            }
            RunResult.LinkReport waited = r.links().get(0);
            for (RunResult.LinkReport l : r.links()) {
                if (l.waitCycles() > waited.waitCycles()) {
                    waited = l;
                }
            }
            out.printf(Locale.ROOT, "  mesh         %,d bytes over %d links; busiest %s %s, %.1f%% busy%s%n", bytes,
                    between, busiest.mesh(), link(r, busiest), pct(busiest.busyCycles(), ms),
                    waited.waitCycles() == 0 ? "" : String.format(Locale.ROOT, "; most waited for %s %s, %,d cycles",
                            waited.mesh(), link(r, waited), waited.waitCycles()));
        }
        memory(r, out);
        out.printf(Locale.ROOT, "  counters     IALU %,d  FPU %,d  dual-issue %,d  external stalls %,d  mesh bytes %,d%n",
                ialu, fpu, dual, ext, mesh);
        if (dma.dmaTransfers > 0) {
            out.printf(Locale.ROOT, "  dma          %,d transfers, %,d bytes; channels busy %,d cycles; transfers queued "
                    + "%,d cycles, codelets waited %,d cycles for a channel%n", dma.dmaTransfers, dma.dmaBytes,
                    dma.dmaBusy, dma.dmaQueueWait, dma.dmaFireWait);
        }
        io.edarts.scheduler.RunResult.HostCallReport hc = r.hostCalls();
        if (hc != null && hc.count() > 0) {
            out.printf(Locale.ROOT, "  host calls   %,d (%,d failed); wait mean %,d cycles (%.2f us), p99 %,d, max %,d%n",
                    hc.count(), hc.failed(), hc.meanWaitCycles(), hc.meanWaitCycles() / r.clockMhz(), hc.p99WaitCycles(),
                    hc.maxWaitCycles());
        }
        if (wait > 0) {
            out.printf(Locale.ROOT, "  contention   firings waited %,d cycles for the shared mesh (%.1f%% of their cycles)%n",
                    wait, pct(wait, w.total() + wait));
        }
    }

    /**
     * The fullest core's local memory by use (the one with the least free at its data peak) and
     * the external memory buffers held; nothing when the run placed no code or data.
     */
    private static void memory(RunResult r, PrintWriter out) {
        RunResult.MemoryReport m = r.memory();
        if (m == null || m.cores().isEmpty()) {
            return;
        }
        io.edarts.cam.CoreMemory fullest = null;
        for (io.edarts.cam.CoreMemory c : m.cores()) {
            boolean fuller = fullest == null || (m.budgeted() ? c.freeBytes() < fullest.freeBytes()
                    : c.peakDataBytes() > fullest.peakDataBytes());
            if (fuller) {
                fullest = c;
            }
        }
        if (!m.budgeted() && fullest.peakDataBytes() == 0 && m.externalPeakBytes() == 0) {
            return;
        }
        if (m.budgeted()) {
            out.printf(Locale.ROOT, "  memory       fullest core %s: code %,d B, data %,d B (peak %,d), runtime %,d, stack %,d,"
                            + " free %,d of %,d B; DRAM buffers %,d B at most%n", node(r, fullest.core()),
                    fullest.codeBytes(), fullest.dataBytes(), fullest.peakDataBytes(), fullest.runtimeBytes(),
                    fullest.stackBytes(), fullest.freeBytes(), fullest.capacityBytes(), m.externalPeakBytes());
        } else {
            out.printf(Locale.ROOT, "  memory       most local data on %s: %,d B at most; external buffers %,d B at most"
                    + " (no budget on this target)%n", node(r, fullest.core()), fullest.peakDataBytes(), m.externalPeakBytes());
        }
    }

    /** "(0,1) -> (0,2)", or "into (0,0)" for the port into a core's own node. */
    private static String link(RunResult r, RunResult.LinkReport l) {
        return l.from() == l.to() ? "into " + node(r, l.to()) : node(r, l.from()) + " -> " + node(r, l.to());
    }

    /**
     * A warning when getting code to the cores took more than half of all firing cycles, naming the
     * code objects that cost most (at most five, by their code-phase cycles), or empty.
     */
    static Optional<String> codeWarning(RunResult r) {
        io.edarts.cam.FiringCost w = r.work();
        if (w.total() == 0 || 2 * w.code() <= w.total()) {
            return Optional.empty();
        }
        List<RunResult.CodeObjectReport> worst = new ArrayList<>(r.codeObjects());
        worst.removeIf(c -> c.codeCycles() == 0);
        worst.sort(Comparator.comparingLong(RunResult.CodeObjectReport::codeCycles).reversed()
                .thenComparing(RunResult.CodeObjectReport::name));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "code movement is %.1f%% of all firing cycles; it comes from ", pct(w.code(), w.total())));
        for (int i = 0; i < Math.min(5, worst.size()); i++) {
            RunResult.CodeObjectReport c = worst.get(i);
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "'%s' (%,d cycles over %,d firings)",
                    c.name(), c.codeCycles(), c.firings()));
        }
        if (worst.size() > 5) {
            sb.append(" and ").append(worst.size() - 5).append(" more");
        }
        sb.append("; share one code object among codelets or place it local (--placement NAME=local)");
        return Optional.of(sb.toString());
    }

    private static String node(RunResult r, int core) {
        return core < 0 ? "DRAM" : "(" + core / r.cols() + "," + core % r.cols() + ")";
    }

    private static double pct(long a, long b) {
        return b == 0 ? 0 : 100.0 * a / b;
    }

    /** SUs of the run's machine. */
    private static long sus(RunResult r) {
        return r.cores().stream().filter(c -> "SU".equals(c.role())).count();
    }

    /** A streamed run: its instances, throughput and latency per instance. */
    private static void stream(RunResult r, PrintWriter out) {
        io.edarts.scheduler.StreamReport s = r.stream();
        out.printf(Locale.ROOT, "  stream       %,d of %,d instances completed, at most %d in flight (--in-flight %d), arrivals %s;"
                        + " %,.3f instances per million cycles over %,d cycles%n", s.completed(), s.instances().size(),
                s.mostInFlight(), s.inFlight(), s.arrivals(), s.throughputPerMillionCycles(), s.spanCycles());
        for (String[] d : new String[][] {{"latency", "completion - arrival"}, {"queueing", "admission - arrival"}}) {
            io.edarts.scheduler.StreamReport.Distribution x = d[0].equals("latency") ? s.latency() : s.queueing();
            out.printf(Locale.ROOT, "  %-12s p50 %,d  p90 %,d  p99 %,d  max %,d  mean %,d cycles (%s)%n", d[0], x.p50(),
                    x.p90(), x.p99(), x.max(), x.mean(), d[1]);
        }
    }
}
