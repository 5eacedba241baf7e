package io.edarts.report;

import static io.edarts.report.HtmlText.f;
import static io.edarts.report.HtmlText.n;
import static io.edarts.report.HtmlText.pct;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.edarts.api.CheckResult;
import io.edarts.cam.CodeStats;
import io.edarts.cam.Counters;
import io.edarts.cam.FiringCost;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Timeline;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code report.html}: one self-contained page that opens offline (inline CSS and SVG, no
 * script, and a Content-Security-Policy that forbids every fetch but in-page images) with the run's
 * header, a summary table, a Gantt chart per core, mesh heatmaps of utilisation and of code cycles
 * over busy cycles, the link-traffic map and the per-core counters.
 *
 * <p>The page comes from the Mustache template {@code report.html.mustache}, which escapes every
 * value it is given; the charts are JFreeChart plots rendered to SVG ({@link TimeCharts},
 * {@link MeshCharts}). The Gantt chart is drawn from the run's {@link Timeline}, which the SUs
 * record whether or not a trace is written: per core, busy cycles in at most {@value #BINS} bins (half
 * as many on meshes of more than 256 cores), and every firing while there are at most
 * {@value Timeline#SPAN_LIMIT}.
 *
 * <p>The page is a pure function of the {@link RunResult} less {@code host}: no timestamps, numbers in
 * {@link Locale#ROOT}, fixed SVG ids, so two runs of the same program, machine and seed give
 * byte-identical pages. The markup is also well-formed XML.
 */
public final class HtmlReport {
    /** Most time bins of the Gantt heat strip. */
    static final int BINS = Timeline.MAX_BINS;
    private static final int LINK_ROWS = 20;
    private static final Mustache TEMPLATE = new DefaultMustacheFactory("io/edarts/report").compile("report.html.mustache");

    private HtmlReport() {}

    /**
     * Writes the page for {@code r} to {@code out} through a temporary file moved into place; on
     * failure nothing is left behind.
     *
     * @throws UncheckedIOException naming the file when the page cannot be written
     */
    public static void write(RunResult r, Path out) {
        byte[] page = render(r).getBytes(StandardCharsets.UTF_8);
        try {
            io.edarts.cam.AtomicFiles.write(out, os -> os.write(page));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write HTML report " + out + ": " + e.getMessage(), e);
        }
    }

    /** The page as a string. */
    public static String render(RunResult r) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Map<String, Object> page = new LinkedHashMap<>();
        header(page, r);
        summary(page, r);
        if (r.stream() != null) {
            page.put("stream", StreamCharts.section(r));
        }
        gantt(page, r);
        mesh(page, r);
        counters(page, r);
        page.put("schemaVersion", JsonReport.SCHEMA_VERSION);
        StringWriter w = new StringWriter(256 * 1024);
        TEMPLATE.execute(w, page);
        return w.toString();
    }

    private static String clean(String s) {
        return HtmlText.clean(s);
    }

    private static void header(Map<String, Object> page, RunResult r) {
        page.put("program", clean(r.program()));
        page.put("machine", clean(r.machineLabel()));
        page.put("mesh", r.rows() + "\u00d7" + r.cols());
        page.put("clockMhz", f(r.clockMhz(), 1));
        page.put("target", clean(r.target()));
        page.put("policy", clean(r.policy()));
        page.put("seed", r.seed());
        List<Map<String, Object>> params = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(r.parameters()).entrySet()) {
            params.add(Map.of("key", clean(e.getKey()), "value", clean(e.getValue()), "first", params.isEmpty()));
        }
        page.put("hasParameters", !params.isEmpty());
        page.put("parameters", params);
        page.put("status", r.status().json());
        page.put("statusClass", r.status() == RunResult.Status.OK ? "good" : "bad");
        page.put("check", r.check().status().name().toLowerCase(Locale.ROOT));
        page.put("checkClass", r.check().status() == CheckResult.Status.PASSED ? "good"
                : r.check().status() == CheckResult.Status.FAILED ? "bad" : "none");
        page.put("checkMessage", clean(r.check().message()));
        page.put("showMessage", r.status() != RunResult.Status.OK || !r.message().equals(r.check().message()));
        page.put("message", clean(r.message()));
        List<String> unfired = new ArrayList<>();
        for (String u : r.unfired()) {
            unfired.add(clean(u));
        }
        page.put("hasUnfired", !unfired.isEmpty());
        page.put("unfiredCount", n(r.unfiredCount()));
        page.put("unfired", unfired);
        page.put("moreUnfired", r.unfiredCount() > unfired.size());
    }

    private static void summary(Map<String, Object> page, RunResult r) {
        long m = r.makespanCycles();
        int sus = 0;
        int cus = 0;
        long cuBusy = 0;
        CodeStats code = new CodeStats();
        Counters k = new Counters();
        for (RunResult.CoreReport c : r.cores()) {
            if ("SU".equals(c.role())) {
                sus++;
            } else {
                cus++;
                cuBusy += c.busyCycles();
            }
            code.add(c.code());
            k.add(c.counters());
        }
        RunResult.SchedulingReport s = r.scheduling();
        FiringCost w = r.work();
        List<Map<String, Object>> tables = new ArrayList<>();
        tables.add(table("Time",
                "makespan", n(m) + " cycles",
                "", f(r.makespanMicros(), 3) + " \u00b5s",
                "codelets fired", n(r.codeletsFired()),
                "codelets never fired", n(r.unfiredCount()),
                "cores", sus + " SU, " + cus + " CU",
                "mean CU utilisation", cus == 0 || m == 0 ? "\u2013" : pct((double) cuBusy / ((double) cus * m)),
                "trace events", n(r.traceEvents())));
        if (r.prelude() != null && r.launchCycles() > 0) {
            io.edarts.scheduler.Prelude p = r.prelude();
            tables.add(table("Launch",
                    "procedure", p.procedure(),
                    "launch", n(p.cycles()) + " cycles (" + f(p.cycles() / r.clockMhz(), 3) + " \u00b5s)",
                    "program", n(m - p.cycles()) + " cycles",
                    "host busy", n(p.host().launchBusyCycles()) + " cycles",
                    "host to cores / DRAM", n(p.host().bytesToLocal()) + " / " + n(p.host().bytesToExternal()) + " B",
                    "on-chip copies", n(p.onChip().copies()) + " (" + n(p.onChip().bytes()) + " B, "
                            + p.onChip().rounds() + " deep)"));
        }
        RunResult.HostCallReport hc = r.hostCalls();
        if (hc != null && hc.count() > 0) {
            // the same figures as report.json's hostCalls: a wait runs from the core's flag to its answer
            tables.add(table("Host calls",
                    "calls", n(hc.count()),
                    "failed", n(hc.failed()),
                    "wait mean / p99", n(hc.meanWaitCycles()) + " / " + n(hc.p99WaitCycles()) + " cycles",
                    "wait max", n(hc.maxWaitCycles()) + " cycles (" + f(hc.maxWaitCycles() / r.clockMhz(), 3) + " \u00b5s)",
                    "printed lines", n(hc.lines().size()) + " (stdout.txt)"));
        }
        tables.add(table("Scheduling",
                "SU decisions", n(s.decisions()),
                "SU busy", n(s.suBusyCycles()) + " cycles",
                "SU busy share", sus == 0 || m == 0 ? "\u2013" : pct((double) s.suBusyCycles() / ((double) sus * m)),
                "dispatch latency", n(s.dispatchLatencyCycles()) + " cycles",
                "signal latency", n(s.signalLatencyCycles()) + " cycles",
                "ready wait mean / p50", n(s.waitMean()) + " / " + n(s.waitP50()),
                "ready wait p90 / p99", n(s.waitP90()) + " / " + n(s.waitP99()),
                "ready wait max", n(s.waitMax()) + " cycles"));
        long total = w.total();
        double overhead = r.overheadFraction();
        tables.add(table("Firing cycles by phase",
                "dispatch", n(w.dispatch()) + " (" + pct(w.dispatch(), total) + ")",
                "code", n(w.code()) + " (" + pct(w.code(), total) + ")",
                "body", n(w.body()) + " (" + pct(w.body(), total) + ")",
                "signal", n(w.signal()) + " (" + pct(w.signal(), total) + ")",
                "total", n(total),
                "ideal (code local, free dispatch)", n(w.ideal()),
                "slowdown vs ideal", w.ideal() == 0 ? "\u2013" : f(r.slowdownVsIdealWork(), 3) + "\u00d7",
                "overhead share of core work", pct(overhead)));
        tables.add(table("Code movement",
                "cache hits / misses", n(code.hits) + " / " + n(code.misses),
                "evictions", n(code.evictions),
                "bytes copied", n(code.bytesCopied),
                "in-place executions", n(code.inPlace),
                "PLT patches / restores", n(code.pltPatches) + " / " + n(code.pltRestores),
                "dynamic first calls / calls", n(code.dynamicFirstCalls) + " / " + n(code.dynamicCalls),
                "code cycles", n(code.cycles) + " (" + pct(code.cycles, total) + " of firing cycles)"));
        long linkBytes = 0;
        long offChip = 0;
        long between = 0;
        long waited = 0;
        for (RunResult.LinkReport l : r.links()) {
            waited += l.waitCycles();
            if (l.from() == l.to()) {
                continue; // a port into a node (measured with contention) carries again what reached it
            }
            between++;
            linkBytes += l.bytes();
            if (l.from() < 0 || l.to() < 0) {
                offChip += l.bytes();
            }
        }
        tables.add(table("Mesh",
                "bytes put on the mesh (counters)", n(k.meshBytes),
                "directed links with traffic", n(between),
                "bytes over links", n(linkBytes),
                "cycles transfers waited for links", n(waited),
                "of which off-chip", n(offChip),
                "IALU / FPU instructions", n(k.ialu) + " / " + n(k.fpu),
                "load / reg-dep stalls", n(k.loadStalls) + " / " + n(k.regDepStalls),
                "ext. fetch / load stalls", n(k.extFetchStalls) + " / " + n(k.extLoadStalls),
                "firings waiting for the shared mesh", n(k.meshWait) + " cycles"));
        if (k.dmaTransfers > 0) {
            tables.add(table("DMA",
                    "transfers / bytes", n(k.dmaTransfers) + " / " + n(k.dmaBytes),
                    "channel busy cycles (summed over channels)", n(k.dmaBusy),
                    "cycles transfers queued for a channel", n(k.dmaQueueWait),
                    "cycles codelets waited for a channel", n(k.dmaFireWait)));
        }
        memoryTable(r, tables);
        page.put("summaryTables", tables);
    }

    /**
     * The fullest core's local memory by use (least free at its data peak, or most data without a
     * budget) and the external buffers, as the text summary gives them; nothing when the run placed
     * no code or data.
     */
    private static void memoryTable(RunResult r, List<Map<String, Object>> tables) {
        RunResult.MemoryReport m = r.memory();
        if (m == null || m.cores().isEmpty()) {
            return;
        }
        io.edarts.cam.CoreMemory fullest = null;
        for (io.edarts.cam.CoreMemory c : m.cores()) {
            if (fullest == null || (m.budgeted() ? c.freeBytes() < fullest.freeBytes()
                    : c.peakDataBytes() > fullest.peakDataBytes())) {
                fullest = c;
            }
        }
        if (!m.budgeted() && fullest.peakDataBytes() == 0 && m.externalPeakBytes() == 0) {
            return;
        }
        String core = "(" + fullest.core() / r.cols() + "," + fullest.core() % r.cols() + ")";
        if (m.budgeted()) {
            tables.add(table("Memory (fullest core " + core + ")",
                    "code", n(fullest.codeBytes()) + " B",
                    "data (peak)", n(fullest.dataBytes()) + " B (" + n(fullest.peakDataBytes()) + ")",
                    "runtime / stack", n(fullest.runtimeBytes()) + " / " + n(fullest.stackBytes()) + " B",
                    "free at the data peak", n(fullest.freeBytes()) + " of " + n(fullest.capacityBytes()) + " B",
                    "external buffers at most", n(m.externalPeakBytes()) + " B"));
        } else {
            tables.add(table("Memory (no budget on this target)",
                    "most local data, on " + core, n(fullest.peakDataBytes()) + " B",
                    "external buffers at most", n(m.externalPeakBytes()) + " B"));
        }
    }

    /** A two-column table from label, value pairs. */
    private static Map<String, Object> table(String title, String... kv) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            rows.add(Map.of("label", kv[i], "value", kv[i + 1]));
        }
        return Map.of("title", title, "rows", rows);
    }

    private static void gantt(Map<String, Object> page, RunResult r) {
        Timeline t = r.timeline();
        if (t == null || t.bins() == 0) {
            page.put("nothingRan", true);
            return;
        }
        Timeline shown = t.coarsened(r.cores().size() > 256 ? BINS / 2 : BINS);
        page.put("gantt", true);
        page.put("firings", n(t.firings()));
        page.put("decisions", n(t.decisions()));
        page.put("bins", shown.bins());
        page.put("binCycles", n(shown.binCycles()));
        boolean hasCus = r.cores().stream().anyMatch(c -> !"SU".equals(c.role()));
        page.put("busyCurve", hasCus ? TimeCharts.busyCurve(r, shown, "g-busy") : null);
        page.put("heatStrip", TimeCharts.heatStrip(r, shown, "g-heat"));
        List<Map<String, String>> shades = new ArrayList<>();
        for (int l = 1; l <= TimeCharts.LEVELS; l++) {
            shades.add(Map.of("colour", HtmlColor.ramp(HtmlColor.BLUES, (double) l / TimeCharts.LEVELS),
                    "label", "\u2264" + f(100.0 * l / TimeCharts.LEVELS, 1) + "%"));
        }
        page.put("shades", shades);
        if (t.spansKept() && !t.spans().isEmpty()) {
            TimeCharts.Exact exact = TimeCharts.exact(r, t, "g-exact");
            page.put("exact", exact.svg());
            List<Map<String, String>> legend = new ArrayList<>();
            for (TimeCharts.Legend l : exact.legend()) {
                legend.add(Map.of("colour", l.colour(), "label", clean(l.label())));
            }
            page.put("families", legend);
        } else if (!t.spansKept()) {
            page.put("tooMany", n(t.firings() + t.decisions()));
            page.put("spanLimit", n(Timeline.SPAN_LIMIT));
        }
    }

    /**
     * A core's cycles of getting code to run: the cache's and loader's work (copies included) plus the
     * stalls fetching code it ran in place, which {@link io.edarts.cam.CodeStats#cycles} leaves out.
     */
    private static long codeCycles(RunResult.CoreReport c) {
        return c.code().cycles + c.counters().extFetchStalls;
    }

    private static void mesh(Map<String, Object> page, RunResult r) {
        long m = r.makespanCycles();
        page.put("utilMap", MeshCharts.heatmap(r, "g-util", HtmlColor.BLUES, 1.0, c -> c.utilisation(m),
                c -> "busy " + n(c.busyCycles()) + " of " + n(m) + " cycles (" + pct(c.busyCycles(), m) + "), "
                        + n(c.fired()) + " firings"));
        double maxShare = 0;
        for (RunResult.CoreReport c : r.cores()) {
            if (!"SU".equals(c.role()) && c.busyCycles() > 0) {
                maxShare = Math.max(maxShare, (double) codeCycles(c) / c.busyCycles());
            }
        }
        double scale = maxShare <= 0.1 ? 0.1 : maxShare <= 0.25 ? 0.25 : maxShare <= 0.5 ? 0.5 : 1.0;
        page.put("codeMap", MeshCharts.heatmap(r, "g-code", HtmlColor.ORANGES, scale,
                c -> "SU".equals(c.role()) ? Double.NaN : c.busyCycles() == 0 ? 0 : (double) codeCycles(c) / c.busyCycles(),
                c -> "SU".equals(c.role()) ? "scheduler core, runs no codelets"
                        : n(codeCycles(c)) + " code cycles of " + n(c.busyCycles()) + " busy ("
                        + pct(codeCycles(c), c.busyCycles()) + "): " + n(c.code().cycles) + " moving code, "
                        + n(c.counters().extFetchStalls) + " fetching code run in place; " + n(c.code().misses)
                        + " misses, " + n(c.code().inPlace) + " in-place executions"));
        page.put("bigMesh", r.rows() > MeshCharts.LABEL_LIMIT || r.cols() > MeshCharts.LABEL_LIMIT);
        page.put("codeScale", pct(scale));
        if (r.links().isEmpty()) {
            page.put("noLinks", true);
            return;
        }
        page.put("linkMap", MeshCharts.links(r, "g-link"));
        List<Map<String, String>> rows = new ArrayList<>();
        for (RunResult.LinkReport l : MeshCharts.busiest(r, LINK_ROWS)) {
            rows.add(Map.of("from", MeshCharts.end(r, l.from()), "to", l.from() == l.to() ? "into its node"
                    : MeshCharts.end(r, l.to()), "mesh", clean(l.mesh()),
                    "bytes", n(l.bytes()), "busy", n(l.busyCycles()), "share", pct(l.busyCycles(), m),
                    "wait", n(l.waitCycles())));
        }
        page.put("busiestLinks", rows);
    }

    private static void counters(Map<String, Object> page, RunResult r) {
        long m = r.makespanCycles();
        page.put("coreCount", r.cores().size());
        page.put("countersOpen", r.cores().size() <= 64);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<Integer, io.edarts.cam.CoreMemory> memory = new java.util.HashMap<>();
        if (r.memory() != null) {
            for (io.edarts.cam.CoreMemory cm : r.memory().cores()) {
                memory.put(cm.core(), cm);
            }
        }
        for (RunResult.CoreReport c : r.cores()) {
            Counters k = c.counters();
            CodeStats s = c.code();
            boolean su = "SU".equals(c.role());
            io.edarts.cam.CoreMemory cm = memory.get(c.id());
            List<String> cells = new ArrayList<>(List.of(n(c.busyCycles()), pct(c.busyCycles(), m), n(c.fired()),
                    n(s.cycles), su ? "\u2013" : pct(s.cycles, c.busyCycles()), n(k.ialu), n(k.fpu), n(k.dualIssue),
                    n(k.loadStalls), n(k.regDepStalls), n(k.extFetchStalls), n(k.extLoadStalls), n(k.meshBytes),
                    n(k.meshWait), n(s.hits), n(s.misses), n(s.evictions), n(s.bytesCopied), n(s.inPlace)));
            // DMA: bytes moved, channel busy cycles (summed over channels), cycles waited for a channel
            // (transfers queued plus codelets that needed one)
            cells.addAll(List.of(n(k.dmaBytes), n(k.dmaBusy), n(k.dmaQueueWait + k.dmaFireWait)));
            // memory: the data peak and what was free then (- without a budget)
            cells.add(cm == null ? "\u2013" : n(cm.peakDataBytes()));
            cells.add(cm == null || cm.freeBytes() < 0 ? "\u2013" : n(cm.freeBytes()));
            rows.add(Map.of("su", su, "id", c.id(), "pos", "(" + c.row() + "," + c.col() + ")", "role", clean(c.role()),
                    "cells", cells));
        }
        page.put("coreRows", rows);
    }
}
