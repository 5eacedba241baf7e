package io.edarts.scheduler;

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
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** report.html: well-formed, escaped, offline, one Gantt row per core, and byte-identical for the same run. */
class HtmlReportTest {
    private static final String EVIL = "<script>alert('x')</script> & \"co\"";

    private static Target mesh16() {
        return SimpleTarget.simpleMesh(MachineLoader.load("parallella16", List.of("target=simple-mesh")));
    }

    private static RunResult run(int threads, Program<?> p, Target t, Path trace) {
        try (Simulator sim = Simulator.create(threads)) {
            return sim.run(p, t, RunOptions.defaults().withTrace(trace == null ? null : new TraceOutput(trace, TestTraceFormat.INSTANCE)));
        }
    }

    /** A small graph whose program and codelet names are hostile markup. */
    private static Program<long[]> evil() {
        Dag.Builder<long[]> g = Dag.builder(EVIL);
        CodeletHandle prev = null;
        for (int i = 0; i < 40; i++) {
            final int me = i;
            CodeletHandle h = g.task("<img src=x onerror=alert(" + i + ")>&amp;", ctx -> ctx.frame()[me] = me).cycles(100 + i);
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

    @Test
    void isWellFormedWithOneGanttRowPerCoreAndEveryFiring(@TempDir Path dir) throws Exception {
        Programs.Graph g = Programs.random(300, 5, 3);
        Path trace = dir.resolve("trace.json");
        RunResult r = run(2, g.program(), mesh16(), trace);
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        Path out = dir.resolve("report.html");
        HtmlReport.write(r, trace, out);
        String html = Files.readString(out);
        Document doc = parseXml(html);
        assertEquals("html", doc.getDocumentElement().getTagName());
        assertEquals(count(html, "<svg"), count(html, "</svg>"));
        assertEquals(16, count(html, "class=\"gantt-row\""));
        assertEquals(16, count(html, "class=\"firing-row\""));
        assertEquals(2 * 16, count(html, "class=\"cell\""), "two mesh heatmaps of 16 cells");
        assertEquals(300, count(html, " cycles)</title></rect>") - count(html, "SU decision \u2014"),
                "one rectangle per firing");
        assertTrue(html.contains(">random</span> on parallella16</h1>"));
        assertEquals(r.links().isEmpty(), html.contains("No mesh traffic was recorded by this target."));
        assertFalse(Files.exists(dir.resolve("report.html.tmp")));
    }

    @Test
    void escapesProgramAndCodeletNamesAndFetchesNothing(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        RunResult r = run(1, evil(), mesh16(), trace);
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        Path out = dir.resolve("report.html");
        HtmlReport.write(r, trace, out);
        String html = Files.readString(out);
        parseXml(html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"), "program name escaped");
        assertTrue(html.contains("&lt;img src=x onerror=alert(7)&gt;&amp;amp;"), "codelet name escaped");
        assertTrue(html.contains("fine &lt;b&gt;really&lt;/b&gt;"), "check message escaped");
        assertTrue(html.contains("<code>k&lt;=v&amp;</code>"), "parameters escaped");
        String lower = html.toLowerCase(java.util.Locale.ROOT);
        assertFalse(lower.contains("<script"), "no script, and no unescaped user markup");
        assertFalse(lower.contains("<img"));
        assertFalse(lower.contains("http://"), "offline: no http references");
        assertFalse(lower.contains("https://"), "offline: no https references");
        assertFalse(lower.contains("src=\""), "offline: nothing loaded");
        Matcher url = Pattern.compile("url\\((?!#)").matcher(lower);
        assertFalse(url.find(), "only in-page url(#...) references");
    }

    @Test
    void twoRunsOfTheSameProgramGiveTheSameBytes(@TempDir Path dir) throws Exception {
        Programs.Graph g = Programs.random(400, 9, 4);
        RunResult a = run(1, g.program(), mesh16(), dir.resolve("a.json"));
        RunResult b = run(2, g.program(), mesh16(), dir.resolve("b.json"));
        HtmlReport.write(a, dir.resolve("a.json"), dir.resolve("a.html"));
        HtmlReport.write(a, dir.resolve("a.json"), dir.resolve("a2.html"));
        HtmlReport.write(b, dir.resolve("b.json"), dir.resolve("b.html"));
        byte[] first = Files.readAllBytes(dir.resolve("a.html"));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("a2.html")), "writing twice");
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("b.html")), "1 and 2 host threads");
    }

    @Test
    void bigTracesAreBinnedNotDrawnOneByOne(@TempDir Path dir) throws Exception {
        Programs.Graph g = Programs.random(6000, 3, 4);
        Path trace = dir.resolve("trace.json");
        RunResult r = run(2, g.program(), mesh16(), trace);
        String html = HtmlReport.render(r, trace);
        parseXml(html);
        assertEquals(16, count(html, "class=\"gantt-row\""));
        assertEquals(0, count(html, "class=\"firing-row\""));
        assertTrue(html.contains("6,000 firings are too many to draw one by one"));
    }

    @Test
    void aLargeMeshStaysSmallAndUnlabelled(@TempDir Path dir) throws Exception {
        Target t = SimpleTarget.simpleMesh(MachineLoader.load("e1024", List.of("target=simple-mesh")));
        Programs.Graph g = Programs.random(20_000, 17, 4);
        Path trace = dir.resolve("trace.json");
        RunResult r = run(2, g.program(), t, trace);
        assertEquals(1024, r.cores().size());
        String html = HtmlReport.render(r, trace);
        parseXml(html);
        assertEquals(1024, count(html, "class=\"gantt-row\""));
        assertTrue(html.length() < 4_000_000, "page of " + html.length() + " chars");
        String meshSection = html.substring(html.indexOf("<h2 id=\"mesh\">"), html.indexOf("<h2 id=\"counters\">"));
        assertFalse(Pattern.compile("<g class=\"cell\"[^>]*>(?:(?!</g>).)*<text").matcher(meshSection).find(),
                "no per-cell labels on a 32x32 mesh");
    }

    @Test
    void drawsLinkTrafficWhenTheTargetRecordsIt(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        RunResult r = run(1, Programs.random(100, 1, 2).program(), mesh16(), trace);
        List<RunResult.LinkReport> links = new ArrayList<>();
        links.add(new RunResult.LinkReport(0, 1, "cmesh", 4096, 300));
        links.add(new RunResult.LinkReport(1, 0, "cmesh", 128, 20));
        links.add(new RunResult.LinkReport(1, 5, "rmesh", 64, 8));
        links.add(new RunResult.LinkReport(1, 5, "cmesh", 32, 4));
        links.add(new RunResult.LinkReport(3, -1, "xmesh", 1024, 99));
        links.add(new RunResult.LinkReport(-1, 3, "xmesh", 512, 50));
        RunResult withLinks = new RunResult(r.program(), r.parameters(), r.machine(), r.target(), r.policy(), r.seed(),
                r.clockMhz(), r.rows(), r.cols(), r.status(), r.message(), r.check(), r.makespanCycles(),
                r.codeletsFired(), r.cores(), r.scheduling(), r.work(), links, r.unfired(), r.unfiredCount(),
                r.traceEvents(), r.host());
        String html = HtmlReport.render(withLinks, trace);
        parseXml(html);
        assertEquals(5, count(html, "<g class=\"link\">"), "meshes of one directed link are drawn as one arrow");
        assertTrue(html.contains("core 0 (0,0) \u2192 core 1 (0,1): 4,096 bytes (cmesh 4,096 B)"));
        assertTrue(html.contains("core 3 (0,3) \u2192 off-chip (DRAM): 1,024 bytes"));
        assertTrue(html.contains("off-chip (DRAM) \u2192 core 3 (0,3): 512 bytes"));
        assertTrue(html.contains("core 1 (0,1) \u2192 core 5 (1,1): 96 bytes (rmesh 64 B, cmesh 32 B)"));
        assertFalse(html.contains("No mesh traffic was recorded"));
    }

    @Test
    void withoutATraceThereIsNoGanttButTheRestIsThere(@TempDir Path dir) throws Exception {
        RunResult r = run(1, Programs.random(50, 2, 2).program(), mesh16(), null);
        Path out = dir.resolve("report.html");
        HtmlReport.write(r, null, out);
        String html = Files.readString(out);
        parseXml(html);
        assertTrue(html.contains("No trace was written for this run"));
        assertEquals(0, count(html, "class=\"gantt-row\""));
        assertEquals(2 * 16, count(html, "class=\"cell\""));
    }

    @Test
    void codeletFamiliesDropInstancePrefixesAndIndices() {
        assertEquals("t", HtmlGantt.family("t12"));
        assertEquals("mult", HtmlGantt.family("mult(1,2)"));
        assertEquals("split", HtmlGantt.family("fib#3.split"));
        assertEquals("blk", HtmlGantt.family("blk_3_4"));
        assertEquals("<img src=x>", HtmlGantt.family("<img src=x>7"));
        assertEquals("42", HtmlGantt.family("42"));
    }

    @Test
    void anUnreadableTraceNamesTheFileAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        RunResult r = run(1, Programs.random(20, 2, 2).program(), mesh16(), null);
        Path bad = dir.resolve("trace.json");
        Files.writeString(bad, "{\"traceEvents\":[{\"name\":\"x\",");
        Path out = dir.resolve("report.html");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HtmlReport.write(r, bad, out));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("report.html.tmp")));
    }
}
