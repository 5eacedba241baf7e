package io.edarts.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edarts run --profile} and {@code edarts profile}: the files, their bytes, the diff, bad input. */
class ProfileCommandTest {
    private static final List<String> FILES = List.of("profile.json", "profile.txt", "profile.folded", "profile.html");

    /** The lines the README quotes from {@code edarts profile} of {@code edarts run fib --n 12 --profile}. */
    static final List<String> README_LINES = List.of(
            "## By code object",
            "#     self          cycles      calls         mean          p99            wait  free: at most  code object",
            "    96.16%         453,621        697        650.8       26,559       1,543,991          7.45x  fib",
            "     3.84%          18,122        697         26.0                                              (scheduler: SU decisions)");

    private static CommandRun ok(String... args) {
        CommandRun r = CommandRun.edarts(args);
        assertEquals(0, r.code(), r.err());
        return r;
    }

    @Test
    void runWritesTheProfileAndProfileRewritesItByteForByteWhateverTheHostThreads(@TempDir Path tmp) throws Exception {
        Path one = tmp.resolve("one");
        Path eight = tmp.resolve("eight");
        ok("run", "fib", "--n", "12", "--profile", "--host-threads", "1", "--quiet", "--out", one.toString());
        ok("run", "fib", "--n", "12", "--profile", "--host-threads", "8", "--quiet", "--out", eight.toString());
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(eight.resolve(f)), f);
        }
        for (String f : FILES.subList(1, 4)) {
            Files.delete(one.resolve(f));
        }
        CommandRun p = ok("profile", one.toString());
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(eight.resolve(f)), Files.readAllBytes(one.resolve(f)), f);
        }
        assertTrue(p.out().startsWith(Files.readString(one.resolve("profile.txt"))), "prints profile.txt");
        for (String line : README_LINES) {
            assertTrue(p.out().contains(line + "\n"), "the README's line is what the command prints: " + line);
        }
        // the page is well-formed XML, and its flame graph has a frame per code object, codelet and phase
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(one.resolve("profile.html").toFile());
        assertEquals("html", doc.getDocumentElement().getTagName());
        String html = Files.readString(one.resolve("profile.html"));
        assertTrue(html.contains("<title>fib.split: 437,149 cycles, 92.67%</title>"), "a codelet's frame has its title");
        assertTrue(html.contains("<title>code movement: 415,173 cycles, 88.01%</title>"), "a phase's frame");
        String folded = Files.readString(one.resolve("profile.folded"));
        assertTrue(folded.contains("fib;fib;fib.split;code 415173\n"), folded);
        assertTrue(folded.contains("fib;(scheduler);SU (0,0);decide 18122\n"), folded);
    }

    @Test
    void readmeQuotesTheProfileAsTheCommandPrintsIt() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        for (String line : README_LINES) {
            assertTrue(readme.contains(line + "\n"), "README.md lacks the line: " + line);
        }
    }

    @Test
    void aRunWithoutProfileIsRefusedWithWhatToDo(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("plain");
        ok("run", "fib", "--n", "8", "--quiet", "--out", run.toString());
        CommandRun r = CommandRun.edarts("profile", run.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("RUN_DIR " + run + " has no profile.json") && r.err().contains("rerun it with --profile"),
                r.err());
        assertFalse(Files.exists(run.resolve("profile.txt")), "nothing written");
    }

    @Test
    void badInputIsExitTwoNamingThePath(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("nosuch");
        CommandRun r = CommandRun.edarts("profile", missing.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("RUN_DIR " + missing + ": no such folder"), r.err());
        assertFalse(Files.exists(missing), "nothing created");

        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        r = CommandRun.edarts("profile", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(file + " is a file"), r.err());

        Path empty = Files.createDirectory(tmp.resolve("empty"));
        r = CommandRun.edarts("profile", empty.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(empty + " is not a run's output folder: it has no report.json"), r.err());

        Path broken = Files.createDirectory(tmp.resolve("broken"));
        Files.writeString(broken.resolve("report.json"), "{}");
        Files.writeString(broken.resolve("profile.json"), "{\"schemaVersion\": 1, \"program\": 3");
        r = CommandRun.edarts("profile", broken.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(broken.resolve("profile.json") + " is not a profile.json"), r.err());
        Files.writeString(broken.resolve("profile.json"), "{\"schemaVersion\": 7}");
        r = CommandRun.edarts("profile", broken.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(broken.resolve("profile.json").toString()), r.err());
        assertFalse(Files.exists(broken.resolve("profile.txt")), "nothing written");

        assertEquals(2, CommandRun.edarts("profile", "--diff", empty.toString()).code());
        assertEquals(2, CommandRun.edarts("profile", empty.toString(), broken.toString()).code());
        assertEquals(2, CommandRun.edarts("profile").code());
    }

    @Test
    void diffShowsBothRunsPerCodeObjectAndTheChange(@TempDir Path tmp) {
        Path cached = tmp.resolve("cached");
        Path local = tmp.resolve("local");
        ok("run", "fib", "--n", "12", "--profile", "--quiet", "--out", cached.toString());
        ok("run", "fib", "--n", "12", "--profile", "--quiet", "--placement", "fib=local", "--out", local.toString());
        CommandRun d = ok("profile", "--diff", cached.toString(), local.toString());
        assertTrue(d.out().contains("# A: fib on parallella16 (policy round-robin, seed 1), makespan 124,618 cycles"), d.out());
        // the code object's row: A's cycles, B's, and the change; fib's code no longer moves
        String row = d.out().lines().filter(l -> l.endsWith("  fib")).findFirst().orElseThrow();
        assertTrue(row.contains("453,621") && row.contains("-"), row);
        String code = d.out().lines().filter(l -> l.endsWith("  code movement")).findFirst().orElseThrow();
        assertTrue(code.contains("-100.0%"), "local code moves nothing: " + code);
    }
}
