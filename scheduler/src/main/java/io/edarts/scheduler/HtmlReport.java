package io.edarts.scheduler;

import static io.edarts.scheduler.HtmlText.esc;
import static io.edarts.scheduler.HtmlText.f;
import static io.edarts.scheduler.HtmlText.n;
import static io.edarts.scheduler.HtmlText.pct;

import io.edarts.api.CheckResult;
import io.edarts.cam.CodeStats;
import io.edarts.cam.Counters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code report.html}: one self-contained page that opens offline (inline CSS and SVG, no
 * script, and a Content-Security-Policy that forbids every fetch) with the run's header, a summary
 * table, a Gantt chart per core, mesh heatmaps of utilisation and of code cycles over busy cycles,
 * the link-traffic map and the per-core counters.
 *
 * <p>The Gantt chart comes from {@code trace.json}, read in one streaming pass ({@link HtmlTrace}):
 * per core, busy cycles in {@value #BINS} time bins over the makespan, drawn as a heat strip, and
 * every firing as its own rectangle while the trace holds at most {@value HtmlTrace#EXACT_LIMIT}.
 *
 * <p>The page is a pure function of the {@link RunResult} (less {@code host}) and the trace: no
 * timestamps, numbers formatted in {@link Locale#ROOT}, so two runs of the same program, machine and
 * seed give byte-identical pages. All user text (program, parameter and codelet names, messages) is
 * escaped, and the markup is also well-formed XML.
 */
public final class HtmlReport {
    /** Time bins of the Gantt heat strip (half as many on meshes of more than 256 cores). */
    static final int BINS = 400;
    private static final int LINK_ROWS = 20;

    private HtmlReport() {}

    /**
     * Writes the page for {@code r} to {@code out} through a temporary file moved into place.
     *
     * @param traceJsonOrNull the run's {@code trace.json}, or null when the run wrote none
     * @throws UncheckedIOException naming the file when the trace cannot be read or the page written
     */
    public static void write(RunResult r, Path traceJsonOrNull, Path out) {
        byte[] page = render(r, traceJsonOrNull).getBytes(StandardCharsets.UTF_8);
        try {
            io.edarts.cam.AtomicFiles.write(out, os -> os.write(page));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write HTML report " + out + ": " + e.getMessage(), e);
        }
    }

    /** The page as a string. */
    static String render(RunResult r, Path traceJsonOrNull) {
        HtmlTrace trace = traceJsonOrNull == null ? null
                : HtmlTrace.read(traceJsonOrNull, r, r.cores().size() > 256 ? BINS / 2 : BINS);
        StringBuilder b = new StringBuilder(256 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>")
                .append(esc(r.program())).append(" on ").append(esc(r.machine())).append(" \u2014 eDARTS report</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        header(b, r);
        summary(b, r, trace);
        gantt(b, r, trace);
        mesh(b, r);
        counters(b, r);
        b.append("<footer>eDARTS on actors \u2014 simulated figures in cycles of the modelled machine; the same run ")
                .append("and seed give the same page. Machine-readable figures: report.json (schema ")
                .append(ReportWriter.SCHEMA_VERSION).append("); timeline: trace.json (opens in Perfetto).</footer>\n")
                .append("</body>\n</html>\n");
        return b.toString();
    }

    private static void header(StringBuilder b, RunResult r) {
        b.append("<header>\n<h1><span class=\"prog\">").append(esc(r.program())).append("</span> on ")
                .append(esc(r.machine())).append("</h1>\n<p class=\"meta\">");
        b.append(r.rows()).append("\u00d7").append(r.cols()).append(" mesh at ").append(f(r.clockMhz(), 1))
                .append(" MHz \u00b7 target: ").append(esc(r.target())).append(" \u00b7 policy: <b>").append(esc(r.policy()))
                .append("</b> \u00b7 seed ").append(r.seed()).append("</p>\n");
        if (!r.parameters().isEmpty()) {
            b.append("<p class=\"meta\">parameters: ");
            boolean first = true;
            for (Map.Entry<String, String> e : new TreeMap<>(r.parameters()).entrySet()) {
                b.append(first ? "" : ", ").append("<code>").append(esc(e.getKey())).append('=').append(esc(e.getValue()))
                        .append("</code>");
                first = false;
            }
            b.append("</p>\n");
        }
        String status = r.status().json();
        String check = r.check().status().name().toLowerCase(Locale.ROOT);
        b.append("<p class=\"result\">run <span class=\"badge ").append(status.equals("ok") ? "good" : "bad").append("\">")
                .append(status).append("</span> check <span class=\"badge ")
                .append(r.check().status() == CheckResult.Status.PASSED ? "good"
                        : r.check().status() == CheckResult.Status.FAILED ? "bad" : "none")
                .append("\">").append(check).append("</span> <span class=\"msg\">").append(esc(r.check().message()))
                .append("</span></p>\n");
        if (r.status() != RunResult.Status.OK || !r.message().equals(r.check().message())) {
            b.append("<p class=\"msg error\">").append(esc(r.message())).append("</p>\n");
        }
        if (!r.unfired().isEmpty()) {
            b.append("<details><summary>").append(n(r.unfiredCount())).append(" codelet(s) never fired</summary><ul>");
            for (String u : r.unfired()) {
                b.append("<li><code>").append(esc(u)).append("</code></li>");
            }
            if (r.unfiredCount() > r.unfired().size()) {
                b.append("<li>\u2026</li>");
            }
            b.append("</ul></details>\n");
        }
        b.append("</header>\n");
    }

    private static void summary(StringBuilder b, RunResult r, HtmlTrace trace) {
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
        io.edarts.cam.FiringCost w = r.work();
        b.append("<h2 id=\"summary\">Summary</h2>\n<div class=\"cards\">\n");
        table(b, "Time",
                "makespan", n(m) + " cycles",
                "", f(r.makespanMicros(), 3) + " \u00b5s",
                "codelets fired", n(r.codeletsFired()),
                "codelets never fired", n(r.unfiredCount()),
                "cores", sus + " SU, " + cus + " CU",
                "mean CU utilisation", cus == 0 || m == 0 ? "\u2013" : pct((double) cuBusy / ((double) cus * m)),
                "trace events", n(r.traceEvents()));
        table(b, "Scheduling",
                "SU decisions", n(s.decisions()),
                "SU busy", n(s.suBusyCycles()) + " cycles",
                "SU busy share", sus == 0 || m == 0 ? "\u2013" : pct((double) s.suBusyCycles() / ((double) sus * m)),
                "dispatch latency", n(s.dispatchLatencyCycles()) + " cycles",
                "signal latency", n(s.signalLatencyCycles()) + " cycles",
                "ready wait mean / p50", n(s.waitMean()) + " / " + n(s.waitP50()),
                "ready wait p90 / p99", n(s.waitP90()) + " / " + n(s.waitP99()),
                "ready wait max", n(s.waitMax()) + " cycles");
        long total = w.total();
        double overhead = r.overheadFraction();
        table(b, "Firing cycles by phase",
                "dispatch", n(w.dispatch()) + " (" + pct(w.dispatch(), total) + ")",
                "code", n(w.code()) + " (" + pct(w.code(), total) + ")",
                "body", n(w.body()) + " (" + pct(w.body(), total) + ")",
                "signal", n(w.signal()) + " (" + pct(w.signal(), total) + ")",
                "total", n(total),
                "ideal (code local, free dispatch)", n(w.ideal()),
                "slowdown vs ideal", w.ideal() == 0 ? "\u2013" : f(r.slowdownVsIdealWork(), 3) + "\u00d7",
                "overhead share of core work", pct(overhead));
        table(b, "Code movement",
                "cache hits / misses", n(code.hits) + " / " + n(code.misses),
                "evictions", n(code.evictions),
                "bytes copied", n(code.bytesCopied),
                "in-place executions", n(code.inPlace),
                "PLT patches / restores", n(code.pltPatches) + " / " + n(code.pltRestores),
                "dynamic first calls / calls", n(code.dynamicFirstCalls) + " / " + n(code.dynamicCalls),
                "code cycles", n(code.cycles) + " (" + pct(code.cycles, total) + " of firing cycles)",
                "code events in trace", trace == null ? "\u2013" : n(trace.codeEvents));
        long linkBytes = 0;
        long offChip = 0;
        for (RunResult.LinkReport l : r.links()) {
            linkBytes += l.bytes();
            if (l.from() < 0 || l.to() < 0) {
                offChip += l.bytes();
            }
        }
        table(b, "Mesh",
                "bytes put on the mesh (counters)", n(k.meshBytes),
                "directed links with traffic", n(r.links().size()),
                "bytes over links", n(linkBytes),
                "of which off-chip", n(offChip),
                "IALU / FPU instructions", n(k.ialu) + " / " + n(k.fpu),
                "load / reg-dep stalls", n(k.loadStalls) + " / " + n(k.regDepStalls),
                "ext. fetch / load stalls", n(k.extFetchStalls) + " / " + n(k.extLoadStalls));
        b.append("</div>\n");
    }

    /** A two-column table from label, value pairs (values are already escaped or numeric). */
    private static void table(StringBuilder b, String title, String... kv) {
        b.append("<table class=\"kv\"><caption>").append(esc(title)).append("</caption>\n");
        for (int i = 0; i < kv.length; i += 2) {
            b.append("<tr><th>").append(esc(kv[i])).append("</th><td>").append(kv[i + 1]).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void gantt(StringBuilder b, RunResult r, HtmlTrace t) {
        b.append("<h2 id=\"gantt\">Gantt chart</h2>\n");
        if (t == null) {
            b.append("<p class=\"note\">No trace was written for this run, so there is no Gantt chart (it is drawn from trace.json).</p>\n");
            return;
        }
        if (t.bins == 0) {
            b.append("<p class=\"note\">Nothing ran: the makespan is zero cycles.</p>\n");
            return;
        }
        b.append("<p class=\"note\">").append(n(t.firings)).append(" firings and ").append(n(t.decisions))
                .append(" SU decisions from trace.json, in ").append(t.bins).append(" bins of about ")
                .append(n(Math.max(1, r.makespanCycles() / t.bins))).append(" cycles. Hover a row for its totals.");
        if (t.skipped > 0) {
            b.append(' ').append(n(t.skipped)).append(" events on tracks outside the mesh were left out.");
        }
        b.append("</p>\n<h3>Busy CUs over time</h3>\n");
        HtmlGantt.parallelism(b, r, t);
        b.append("<h3>Busy share per core</h3>\n");
        HtmlGantt.heatStrip(b, r, t);
        if (t.exact() != null && !t.exact().isEmpty()) {
            b.append("<h3>Every firing</h3>\n<p class=\"note\">One rectangle per firing, coloured by codelet family; hover for its name and cycles.</p>\n");
            HtmlGantt.exact(b, r, t);
        } else if (t.exact() == null) {
            b.append("<p class=\"note\">").append(n(t.firings)).append(" firings are too many to draw one by one (limit ")
                    .append(n(HtmlTrace.EXACT_LIMIT)).append("); open trace.json in Perfetto to see each.</p>\n");
        }
    }

    private static void mesh(StringBuilder b, RunResult r) {
        long m = r.makespanCycles();
        b.append("<h2 id=\"mesh\">Mesh</h2>\n<div class=\"row\">\n<figure><figcaption>Utilisation (busy / makespan)</figcaption>\n");
        HtmlMesh.heatmap(b, r, "g-util", "utilisation per core", HtmlColor.BLUES, 1.0,
                c -> c.utilisation(m),
                c -> "busy " + n(c.busyCycles()) + " of " + n(m) + " cycles (" + pct(c.busyCycles(), m) + "), "
                        + n(c.fired()) + " firings");
        b.append("</figure>\n");
        double maxShare = 0;
        for (RunResult.CoreReport c : r.cores()) {
            if (!"SU".equals(c.role()) && c.busyCycles() > 0) {
                maxShare = Math.max(maxShare, (double) c.code().cycles / c.busyCycles());
            }
        }
        double scale = maxShare <= 0.1 ? 0.1 : maxShare <= 0.25 ? 0.25 : maxShare <= 0.5 ? 0.5 : 1.0;
        b.append("<figure><figcaption>Code cycles / busy (remote-code slowdown)</figcaption>\n");
        HtmlMesh.heatmap(b, r, "g-code", "code cycles over busy cycles per core", HtmlColor.ORANGES, scale,
                c -> "SU".equals(c.role()) ? Double.NaN : c.busyCycles() == 0 ? 0 : (double) c.code().cycles / c.busyCycles(),
                c -> "SU".equals(c.role()) ? "scheduler core, runs no codelets"
                        : n(c.code().cycles) + " code cycles of " + n(c.busyCycles()) + " busy ("
                        + pct(c.code().cycles, c.busyCycles()) + "); " + n(c.code().misses) + " misses, "
                        + n(c.code().inPlace) + " in-place executions");
        b.append("</figure>\n</div>\n<p class=\"note\">SU cores have a black outline. ");
        if (r.rows() > HtmlMesh.LABEL_LIMIT || r.cols() > HtmlMesh.LABEL_LIMIT) {
            b.append("Hover a cell for its figures. ");
        }
        b.append("The code-cycles scale runs to ").append(pct(scale)).append(".</p>\n");
        b.append("<h3 id=\"links\">Link traffic</h3>\n");
        if (r.links().isEmpty()) {
            b.append("<p class=\"note\">No mesh traffic was recorded by this target.</p>\n");
            return;
        }
        b.append("<div class=\"row\">\n<figure><figcaption>Bytes per directed link (dashed: off-chip)</figcaption>\n");
        HtmlMesh.links(b, r);
        b.append("</figure>\n<table class=\"grid\"><caption>Busiest links</caption>\n")
                .append("<tr><th>from</th><th>to</th><th>mesh</th><th>bytes</th><th>busy cycles</th><th>busy share</th></tr>\n");
        for (RunResult.LinkReport l : HtmlMesh.busiest(r, LINK_ROWS)) {
            b.append("<tr><td>").append(HtmlMesh.end(r, l.from())).append("</td><td>").append(HtmlMesh.end(r, l.to()));
            b.append("</td><td>").append(esc(l.mesh())).append("</td><td>").append(n(l.bytes())).append("</td><td>")
                    .append(n(l.busyCycles())).append("</td><td>").append(pct(l.busyCycles(), m)).append("</td></tr>\n");
        }
        b.append("</table>\n</div>\n");
    }

    private static void counters(StringBuilder b, RunResult r) {
        long m = r.makespanCycles();
        b.append("<h2 id=\"counters\">Per-core counters</h2>\n<details").append(r.cores().size() <= 64 ? " open=\"open\"" : "")
                .append("><summary>").append(r.cores().size()).append(" cores</summary>\n<div class=\"scroll\">")
                .append("<table class=\"grid counters\">\n<tr><th>core</th><th>(r,c)</th><th>role</th><th>busy</th>")
                .append("<th>util.</th><th>fired</th><th>code cycles</th><th>code / busy</th><th>IALU</th><th>FPU</th>")
                .append("<th>dual issue</th><th>load stalls</th><th>reg-dep stalls</th><th>ext. fetch stalls</th>")
                .append("<th>ext. load stalls</th><th>mesh bytes</th><th>hits</th><th>misses</th><th>evictions</th>")
                .append("<th>bytes copied</th><th>in place</th></tr>\n");
        for (RunResult.CoreReport c : r.cores()) {
            Counters k = c.counters();
            CodeStats s = c.code();
            boolean su = "SU".equals(c.role());
            b.append("<tr").append(su ? " class=\"su\"" : "").append("><td>").append(c.id()).append("</td><td>(")
                    .append(c.row()).append(',').append(c.col()).append(")</td><td>").append(esc(c.role()));
            cells(b, n(c.busyCycles()), pct(c.busyCycles(), m), n(c.fired()), n(s.cycles),
                    su ? "\u2013" : pct(s.cycles, c.busyCycles()), n(k.ialu), n(k.fpu), n(k.dualIssue), n(k.loadStalls),
                    n(k.regDepStalls), n(k.extFetchStalls), n(k.extLoadStalls), n(k.meshBytes), n(s.hits), n(s.misses),
                    n(s.evictions), n(s.bytesCopied), n(s.inPlace));
            b.append("</td></tr>\n");
        }
        b.append("</table></div>\n</details>\n");
    }

    private static void cells(StringBuilder b, String... v) {
        for (String s : v) {
            b.append("</td><td>").append(s);
        }
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#222;\
            margin:0 auto;padding:16px 24px 40px;max-width:1260px;background:#fff}
            h1{font-size:22px;margin:4px 0 6px}h1 .prog{font-family:ui-monospace,Menlo,Consolas,monospace}
            h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:3px}
            h3{font-size:14px;margin:16px 0 4px;color:#444}
            .meta{margin:2px 0;color:#444}.result{margin:8px 0 2px;font-size:15px}
            .badge{display:inline-block;padding:1px 8px;border-radius:9px;font-weight:600;color:#fff;margin-right:8px}
            .badge.good{background:#2e7d32}.badge.bad{background:#c62828}.badge.none{background:#757575}
            .msg{color:#333}.error{color:#b71c1c;white-space:pre-wrap}
            .note{color:#555;margin:4px 0 8px;font-size:13px}
            .cards{display:flex;flex-wrap:wrap;gap:12px 18px;align-items:flex-start}
            table{border-collapse:collapse;font-size:12.5px}caption{text-align:left;font-weight:600;padding:2px 0 4px}
            table.kv th{text-align:left;font-weight:normal;color:#555;padding:2px 12px 2px 0}
            table.kv td{text-align:right;font-variant-numeric:tabular-nums;padding:2px 0}
            table.kv{border-top:2px solid #ccc;min-width:230px}
            table.grid th,table.grid td{border:1px solid #ddd;padding:2px 6px}
            table.grid td{text-align:right;font-variant-numeric:tabular-nums}
            table.grid th{background:#f4f4f4;font-weight:600;font-size:11.5px}
            table.counters tr.su td{background:#f1f1f1;font-weight:600}
            .scroll{overflow-x:auto}
            svg.chart{display:block;font-size:11px;fill:#333}svg.mesh text{stroke:none}
            svg .tick{font-size:10px;fill:#555}svg .axis{font-size:11px;fill:#333}svg .su-label{font-weight:bold}
            .row{display:flex;flex-wrap:wrap;gap:8px 32px;align-items:flex-start}
            figure{margin:4px 0}figcaption{font-weight:600;font-size:13px;margin-bottom:2px}
            .legend{font-size:12px;color:#444;margin:2px 0 6px}
            .sw{display:inline-block;margin-right:12px;white-space:nowrap}
            .box{display:inline-block;width:12px;height:12px;vertical-align:-2px;margin-right:4px;border:1px solid #bbb}
            footer{margin-top:32px;color:#777;font-size:12px;border-top:1px solid #eee;padding-top:6px}
            """;
}
