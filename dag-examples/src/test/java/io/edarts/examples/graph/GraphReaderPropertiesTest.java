package io.edarts.examples.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The graph readers never crash on bad input: whatever the bytes, they return a well-formed graph or
 * throw {@link GraphFormatException} (which the command line turns into exit 2 with the file and
 * line). Any other exception (an index out of bounds, a number format error, an arithmetic overflow
 * surfacing as a negative size) is a reader bug. Inputs: arbitrary bytes, and valid files of both
 * formats with a few random edits, which reach much deeper into the readers than noise does.
 */
class GraphReaderPropertiesTest {
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("edarts-graph-props");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    interface GraphReader {
        TaskGraph read(Path file) throws IOException;
    }

    @Property(tries = 150)
    void jsonReaderSurvivesArbitraryBytes(@ForAll @Size(max = 400) byte[] bytes) {
        readsOrRejects(bytes, "g.json", JsonGraphFormat::read);
    }

    @Property(tries = 150)
    void stgReaderSurvivesArbitraryBytes(@ForAll @Size(max = 400) byte[] bytes) {
        readsOrRejects(bytes, "g.stg", StgFormat::read);
    }

    @Property(tries = 200)
    void jsonReaderSurvivesEditsOfValidFiles(@ForAll @IntRange(min = 1, max = 12) int tasks,
                                             @ForAll long seed,
                                             @ForAll("edits") List<Edit> edits) {
        byte[] valid = written(tasks, seed, "valid.json", JsonGraphFormat::write);
        readsOrRejects(apply(valid, edits), "g.json", JsonGraphFormat::read);
    }

    @Property(tries = 200)
    void stgReaderSurvivesEditsOfValidFiles(@ForAll @IntRange(min = 1, max = 12) int tasks,
                                            @ForAll long seed,
                                            @ForAll("edits") List<Edit> edits) {
        byte[] valid = written(tasks, seed, "valid.stg", StgFormat::write);
        readsOrRejects(apply(valid, edits), "g.stg", StgFormat::read);
    }

    /** The unedited file reads back as the graph that was written: the edits start from a real file. */
    @Property(tries = 30)
    void validFilesReadBackAsWritten(@ForAll @IntRange(min = 1, max = 12) int tasks, @ForAll long seed) {
        TaskGraph g = RandomDag.generate(tasks, seed);
        Path f = dir.resolve("roundtrip.json");
        byte[] json = written(tasks, seed, "roundtrip.json", JsonGraphFormat::write);
        assertTrue(json.length > 0);
        try {
            assertEquals(g.size(), JsonGraphFormat.read(f).size());
            assertEquals(g.edgeCount(), JsonGraphFormat.read(f).edgeCount());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- edits -----------------------------------------------------------------------------------

    /** One edit at a relative position: delete, insert, replace with or duplicate a span. */
    record Edit(int kind, int position, int length, String text) {}

    /** Tokens that matter to the two formats, so edits make near-valid files rather than noise. */
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "-", "0", "1", " ",
            "\n", "#", "\t", "-1", "99999999999999999999", "9223372036854775807", "2147483647", "4294967296",
            "1e3", "1.5", "null", "true", "\"after\"", "\"cycles\"", "\"id\"", "\"code\"", "\"affinity\"",
            "\"tasks\"", "\"version\"", "\"placement\"", "\"bytes\"", "\"local\"", "\u0000", "\u00e9", "\uffff");

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of(TOKENS),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(1, 16), text)
                .as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(6);
    }

    private static byte[] apply(byte[] valid, List<Edit> edits) {
        String s = new String(valid, StandardCharsets.UTF_8);
        for (Edit e : edits) {
            int at = s.isEmpty() ? 0 : e.position() % (s.length() + 1);
            int end = Math.min(s.length(), at + e.length());
            s = switch (e.kind()) {
                case 0 -> s.substring(0, at) + s.substring(end);
                case 1 -> s.substring(0, at) + e.text() + s.substring(at);
                case 2 -> s.substring(0, at) + e.text() + s.substring(end);
                default -> s.substring(0, end) + s.substring(at, end) + s.substring(end);
            };
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- the property ----------------------------------------------------------------------------

    interface GraphWriter {
        void write(TaskGraph g, Path file) throws IOException;
    }

    private static byte[] written(int tasks, long seed, String name, GraphWriter w) {
        try {
            Path f = dir.resolve(name);
            w.write(RandomDag.generate(tasks, seed), f);
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readsOrRejects(byte[] bytes, String name, GraphReader reader) {
        Path f = dir.resolve(name);
        TaskGraph g;
        try {
            Files.write(f, bytes);
            g = reader.read(f);
        } catch (GraphFormatException expected) {
            assertTrue(expected.getMessage() != null && expected.getMessage().contains(f.toString()),
                    "the message names the file: " + expected.getMessage());
            return;
        } catch (IOException e) {
            throw new AssertionError("an I/O error reading a readable file: " + e, e);
        }
        assertWellFormed(g);
    }

    /** What every graph a reader returns must satisfy. */
    static void assertWellFormed(TaskGraph g) {
        int n = g.size();
        assertTrue(n >= 0);
        long edges = 0;
        for (int t = 0; t < n; t++) {
            assertTrue(g.cycles(t) >= 0, "task " + t + " costs " + g.cycles(t));
            int[] preds = g.predecessors(t);
            assertEquals(preds.length, g.predecessorCount(t));
            assertEquals(preds.length, Arrays.stream(preds).distinct().count(), "repeated predecessor of " + t);
            for (int p : preds) {
                assertTrue(p >= 0 && p < n && p != t, "task " + t + " has predecessor " + p);
            }
            edges += preds.length;
        }
        assertEquals(edges, g.edgeCount());
        int[] order = g.topologicalOrder();
        assertEquals(n, order.length);
        int[] pos = new int[n];
        Arrays.fill(pos, -1);
        for (int i = 0; i < n; i++) {
            assertEquals(-1, pos[order[i]], "task " + order[i] + " twice in the topological order");
            pos[order[i]] = i;
        }
        for (int t = 0; t < n; t++) {
            for (int p : g.predecessors(t)) {
                assertTrue(pos[p] < pos[t], p + " -> " + t + " out of topological order");
            }
        }
        assertTrue(g.criticalPathCycles() >= 0 && g.criticalPathCycles() <= g.totalWorkCycles(),
                "critical path " + g.criticalPathCycles() + ", total work " + g.totalWorkCycles());
    }
}
