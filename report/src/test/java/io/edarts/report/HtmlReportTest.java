package io.edarts.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import io.edarts.scheduler.Programs;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import io.edarts.scheduler.TraceOutput;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** report.html: well-formed, escaped, offline, drawn from the run's timeline, and byte-identical for the same run. */
class HtmlReportTest {
    private static final String EVIL = "<script>alert('x')</script> & \"co\"";

    private static Target mesh(String machine, String... extra) {
        // mesh16 is a simple-mesh machine already; a --set here would show in the page's title
        return SimpleTarget.simpleMesh(MachineLoader.load(machine, List.of(extra)));
    }

    private static Target mesh16() {
        return mesh("mesh16");
    }

    private static RunResult run(int threads, Program<?> p, Target t, Path trace) {
        try (Simulator sim = Simulator.create(threads)) {
            return sim.run(p, t, RunOptions.defaults().withTrace(trace == null ? null : new TraceOutput(trace, ChromeTrace.FORMAT)));
        }
    }

    /** A small graph whose program and codelet names are hostile markup. */
    private static Program<long[]> evil() {
        Dag.Builder<long[]> g = Dag.builder(EVIL);
        CodeletHandle prev = null;
        for (int i = 0; i < 40; i++) {
            final int me = i;
            CodeletHandle h = g.task("<img src=x onerror=alert(" + i + ")>&amp;\u0001", ctx -> ctx.frame()[me] = me).cycles(100 + i);
            if (prev != null && i % 4 != 0) {
                prev.precede(h);
            }
            prev = h;
        }
        return g.build(() -> new long[40], f -> CheckResult.passed("fine <b>really</b>"), Map.of("k<", "v&"));
    }

    private static Document parseXml(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static String svg(String html, String id) {
        int from = html.indexOf("<svg id='" + id + "'");
        assertTrue(from >= 0, "no chart " + id);
        return html.substring(from, html.indexOf("</svg>", from) + 6);
    }

    private static List<String> leftovers(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.startsWith(".")).toList();
        }
    }

    @Test
    void isWellFormedWithOneGanttRowPerCoreAndEveryFiring(@TempDir Path dir) throws Exception {
        Programs.Graph g = Programs.random(300, 5, 3);
        RunResult r = run(2, g.program(), mesh16(), dir.resolve("trace.json"));
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        Path out = dir.resolve("report.html");
        HtmlReport.write(r, out);
        String html = Files.readString(out);
        Document doc = parseXml(html);
        assertEquals("html", doc.getDocumentElement().getTagName());
        assertEquals(count(html, "<svg"), count(html, "</svg>"));
        assertEquals(16, count(html, "class='gantt-row'"));
        assertEquals(300 + r.scheduling().decisions(), count(svg(html, "g-exact"), "<g class='firing'>"),
                "one bar per firing and decision");
        assertEquals(r.scheduling().decisions(), count(html, "<g class='firing'><title>SU decision \u2014"));
        assertEquals(2 * 16, count(html, "<g class='cell'"), "two mesh heatmaps of 16 cells");
        assertTrue(html.contains(">random</span> on mesh16</h1>"));
        assertEquals(r.links().isEmpty(), html.contains("No mesh traffic was recorded by this target."));
        assertEquals(List.of(), leftovers(dir), "no temporary file left beside the page");
    }

    @Test
    void theGanttChartIsDrawnFromTheRunNotFromTraceJson(@TempDir Path dir) throws Exception {
        Programs.Graph g = Programs.random(300, 5, 3);
        RunResult traced = run(1, g.program(), mesh16(), dir.resolve("trace.json"));
        Files.delete(dir.resolve("trace.json"));
        RunResult untraced = run(1, g.program(), mesh16(), null);
        String a = HtmlReport.render(traced);
        String b = HtmlReport.render(untraced);
        parseXml(b);
        assertEquals(16, count(b, "class='gantt-row'"));
        assertEquals(svg(a, "g-heat"), svg(b, "g-heat"), "the same heat strip with the trace off");
        assertEquals(svg(a, "g-exact"), svg(b, "g-exact"));
    }

    @Test
    void escapesProgramAndCodeletNamesAndFetchesNothing(@TempDir Path dir) throws Exception {
        RunResult r = run(1, evil(), mesh16(), null);
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        String html = HtmlReport.render(r);
        parseXml(html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"), "program name escaped");
        assertTrue(html.contains("<title>&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;co&quot;#0."
                + "&lt;img src=x onerror=alert(7)&gt;&amp;amp;\ufffd \u2014"), "codelet label escaped in its bar's title");
        assertTrue(html.contains("</span>&lt;img src&#61;x onerror&#61;alert(1)&gt;&amp;amp;\ufffd (1)</span>"), "codelet family escaped in the legend");
        assertTrue(html.contains("fine &lt;b&gt;really&lt;/b&gt;"), "check message escaped");
        assertTrue(html.contains("<code>k&lt;=v&amp;</code>"), "parameters escaped");
        String lower = html.toLowerCase(java.util.Locale.ROOT);
        assertFalse(lower.contains("<script"), "no script, and no unescaped user markup");
        assertFalse(lower.contains("<img"));
        String noNamespaces = lower.replaceAll("xmlns(:[a-z]+)?='[^']*'", "");
        assertFalse(noNamespaces.contains("http://"), "offline: no http references");
        assertFalse(noNamespaces.contains("https://"), "offline: no https references");
        assertFalse(Pattern.compile("\\ssrc\\s*=\\s*[\"']").matcher(lower).find(), "offline: no src attribute loads anything");
        Matcher href = Pattern.compile("href='([^']*)'").matcher(lower);
        while (href.find()) {
            assertTrue(href.group(1).startsWith("data:image/png;base64,"), "only inline images: " + href.group(1));
        }
        Matcher url = Pattern.compile("url\\((?!#)").matcher(lower);
        assertFalse(url.find(), "only in-page url(#...) references");
        assertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""));
    }

    @Test
    void twoRunsOfTheSameProgramGiveTheSameBytes(@TempDir Path dir) throws Exception {
        Programs.Graph g = Programs.random(400, 9, 4);
        RunResult a = run(1, g.program(), mesh16(), null);
        RunResult b = run(2, g.program(), mesh16(), null);
        HtmlReport.write(a, dir.resolve("a.html"));
        HtmlReport.write(a, dir.resolve("a2.html"));
        HtmlReport.write(b, dir.resolve("b.html"));
        byte[] first = Files.readAllBytes(dir.resolve("a.html"));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("a2.html")), "writing twice");
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("b.html")), "1 and 2 host threads");
    }

    @Test
    void bigRunsAreBinnedNotDrawnOneByOne() throws Exception {
        RunResult r = run(2, Programs.random(6000, 3, 4).program(), mesh16(), null);
        String html = HtmlReport.render(r);
        parseXml(html);
        assertEquals(16, count(html, "class='gantt-row'"));
        assertEquals(0, count(html, "class='firing'"));
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%,d firings and decisions are too many to draw one by one",
                6000 + r.scheduling().decisions())), html.substring(html.indexOf("<h2 id=\"gantt\">"), html.indexOf("<h2 id=\"mesh\">")).replaceAll("<svg.*?</svg>", ""));
    }

    @Test
    void aLargeMeshStaysSmallAndUnlabelled() throws Exception {
        Target t = mesh("mesh16", "mesh.rows=32", "mesh.cols=32", "clusters.rows=4", "clusters.cols=4");
        RunResult r = run(2, Programs.random(20_000, 17, 4).program(), t, null);
        assertEquals(1024, r.cores().size());
        String html = HtmlReport.render(r);
        parseXml(html);
        assertEquals(1024, count(html, "class='gantt-row'"));
        assertTrue(html.length() < 4_000_000, "page of " + html.length() + " chars");
        String util = svg(html, "g-util");
        assertEquals(1024, count(util, "<g class='cell'"));
        assertTrue(count(util, "<text") < 70, "no per-cell labels on a 32x32 mesh, only axis ticks: " + count(util, "<text"));
    }

    @Test
    void oneRowOfCoresRenders() throws Exception {
        RunResult r = run(1, Programs.random(200, 4, 2).program(), mesh("mesh16", "mesh.rows=1", "mesh.cols=3"), null);
        assertEquals(3, r.cores().size());
        String html = HtmlReport.render(r);
        parseXml(html);
        assertEquals(3, count(html, "class='gantt-row'"));
        assertEquals(2 * 3, count(html, "<g class='cell'"));
    }

    /** Regression: a run whose first firing fails has makespan 0, and the page divided by it. */
    @Test
    void aRunWhoseFirstFiringFailsHasMakespanZeroAndStillRenders(@TempDir Path dir) throws Exception {
        Dag.Builder<long[]> g = Dag.builder("fails-at-once");
        g.task("explodes", ctx -> {
            throw new IllegalStateException("no");
        }).cycles(10);
        // on the ideal machine the dispatch is free, so the failing firing starts (and the run ends) at 0
        RunResult r = run(1, g.build(() -> new long[1], null),
                SimpleTarget.ideal(MachineLoader.load("ideal", List.of())), null);
        assertEquals(RunResult.Status.FAILED, r.status());
        assertEquals(0, r.makespanCycles());
        Path out = dir.resolve("report.html");
        HtmlReport.write(r, out);
        String html = Files.readString(out);
        parseXml(html);
        assertTrue(html.contains("Nothing ran: the makespan is zero cycles."));
        assertTrue(html.contains("explodes"), "the failure is on the page");
        assertEquals(2 * 16, count(html, "<g class='cell'"));
    }

    @Test
    void showsTheFullestCoresMemory() throws Exception {
        RunResult r = run(1, Programs.random(100, 1, 2).program(), mesh16(), null);
        java.util.List<io.edarts.cam.CoreMemory> cores = List.of(
                new io.edarts.cam.CoreMemory(0, 32768, 4096, 8192, 256, 64, 64, 20160),
                new io.edarts.cam.CoreMemory(6, 32768, 4096, 8192, 1024, 4000, 9000, 10456));
        RunResult withMemory = new RunResult(r.program(), r.parameters(), r.machine(), r.machineOverrides(), r.target(),
                r.policy(), r.seed(), r.clockMhz(), r.rows(), r.cols(), r.status(), r.message(), r.check(),
                r.makespanCycles(), r.codeletsFired(), r.cores(), r.scheduling(), r.work(), r.codeObjects(), r.links(),
                r.unfired(), r.unfiredCount(), r.traceEvents(), r.timeline(), r.failure(), r.host(),
                new RunResult.MemoryReport(true, 32768, cores), r.hostCalls(), r.prelude(), r.profile(), r.stream());
        String html = HtmlReport.render(withMemory);
        parseXml(html);
        // core 6 of the 4x4 mesh is (1,2): the least free at its data peak
        assertTrue(html.contains("Memory (fullest core (1,2))"), "the fullest core is named");
        assertTrue(html.contains("4,000 B (9,000)") && html.contains("10,456 of 32,768 B"), "its data and free bytes");
        assertTrue(html.contains("32,768 B"), "the external peak");
        assertFalse(HtmlReport.render(r).contains("Memory (fullest"), "no table when the run placed nothing");
    }

    @Test
    void showsTheHostCallsWhenTheRunMadeAny() throws Exception {
        RunResult r = run(1, Programs.random(100, 1, 2).program(), mesh16(), null);
        RunResult withCalls = new RunResult(r.program(), r.parameters(), r.machine(), r.machineOverrides(), r.target(),
                r.policy(), r.seed(), r.clockMhz(), r.rows(), r.cols(), r.status(), r.message(), r.check(),
                r.makespanCycles(), r.codeletsFired(), r.cores(), r.scheduling(), r.work(), r.codeObjects(), r.links(),
                r.unfired(), r.unfiredCount(), r.traceEvents(), r.timeline(), r.failure(), r.host(), r.memory(),
                new RunResult.HostCallReport(1234, 2, 1517, 2396, 6001, List.of("[core 0,1 cycle 9] hi", "[core 0,2 cycle 9] hi")),
                r.prelude(), r.profile(), r.stream());
        String html = HtmlReport.render(withCalls);
        parseXml(html);
        assertTrue(html.contains("Host calls"), "a host-calls table");
        assertTrue(html.contains("1,234") && html.contains("1,517 / 2,396 cycles") && html.contains("6,001 cycles"),
                "count, mean / p99 and max wait");
        assertTrue(html.contains("2 (stdout.txt)"), "printed lines");
        assertFalse(HtmlReport.render(r).contains("Host calls"), "no table when the run made no host call");
    }

    @Test
    void drawsLinkTrafficWhenTheTargetRecordsIt() throws Exception {
        RunResult r = run(1, Programs.random(100, 1, 2).program(), mesh16(), null);
        List<RunResult.LinkReport> links = new ArrayList<>();
        links.add(new RunResult.LinkReport(0, 1, "cmesh", 4096, 300));
        links.add(new RunResult.LinkReport(1, 0, "cmesh", 128, 20));
        links.add(new RunResult.LinkReport(1, 5, "rmesh", 64, 8));
        links.add(new RunResult.LinkReport(1, 5, "cmesh", 32, 4));
        links.add(new RunResult.LinkReport(3, -1, "xmesh", 1024, 99));
        links.add(new RunResult.LinkReport(-1, 3, "xmesh", 512, 50));
        RunResult withLinks = new RunResult(r.program(), r.parameters(), r.machine(), r.machineOverrides(), r.target(), r.policy(), r.seed(),
                r.clockMhz(), r.rows(), r.cols(), r.status(), r.message(), r.check(), r.makespanCycles(),
                r.codeletsFired(), r.cores(), r.scheduling(), r.work(), r.codeObjects(), links, r.unfired(), r.unfiredCount(),
                r.traceEvents(), r.timeline(), r.failure(), r.host(), r.memory(), r.hostCalls(), r.prelude(), r.profile(), r.stream());
        String html = HtmlReport.render(withLinks);
        parseXml(html);
        assertEquals(5, count(html, "<g class='link'>"), "meshes of one directed link are drawn as one arrow");
        assertTrue(html.contains("core 0 (0,0) \u2192 core 1 (0,1): 4,096 bytes (cmesh 4,096 B)"));
        assertTrue(html.contains("core 3 (0,3) \u2192 off-chip (DRAM): 1,024 bytes"));
        assertTrue(html.contains("off-chip (DRAM) \u2192 core 3 (0,3): 512 bytes"));
        assertTrue(html.contains("core 1 (0,1) \u2192 core 5 (1,1): 96 bytes (rmesh 64 B, cmesh 32 B)"));
        assertFalse(html.contains("No mesh traffic was recorded"));
        assertEquals(6, count(html, "<tr><td>core") + count(html, "<tr><td>off-chip"), "a table row per link and mesh");
    }

    @Test
    void codeletFamiliesDropInstancePrefixesAndIndices() {
        assertEquals("t", TimeCharts.family("t12"));
        assertEquals("mult", TimeCharts.family("mult(1,2)"));
        assertEquals("split", TimeCharts.family("fib#3.split"));
        assertEquals("blk", TimeCharts.family("blk_3_4"));
        assertEquals("<img src=x>", TimeCharts.family("<img src=x>7"));
        assertEquals("42", TimeCharts.family("42"));
    }

    /**
     * Regression: the old test looked for {@code report.html.tmp}, a name the atomic writer never
     * uses, so it could not fail. Here the write fails (the target is a folder) and the folder must
     * hold nothing but what was there before.
     */
    @Test
    void aPageThatCannotBeWrittenNamesTheFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        RunResult r = run(1, Programs.random(20, 2, 2).program(), mesh16(), null);
        Path out = dir.resolve("report.html");
        Files.createDirectory(out);
        Files.writeString(out.resolve("keep"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HtmlReport.write(r, out));
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("report.html"), s.map(p -> p.getFileName().toString()).toList(), "nothing left beside it");
        }
        assertTrue(Files.isDirectory(out));
    }
}
