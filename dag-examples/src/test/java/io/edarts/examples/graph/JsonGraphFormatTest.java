package io.edarts.examples.graph;

import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonGraphFormatTest {
    @TempDir
    Path dir;

    private static final String HEADER = "{\"format\": \"edarts-graph\", \"version\": 1,\n";

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void roundTripKeepsNamesCodeAndAffinity() throws Exception {
        TaskGraph.Builder b = TaskGraph.builder().graphName("fork \"join\"");
        int split = b.addTask("split", 120);
        int left = b.addTask("left ✓", 800, split);
        int right = b.addTask("right", 900, split);
        int join = b.addTask("join", 50, left, right);
        CodeObject fft = new CodeObject("fft", 2048, Placement.DYNAMIC);
        b.code(left, fft).code(right, fft).affinity(join, 15);
        TaskGraph g = b.build();
        Path out = dir.resolve("g.json");

        JsonGraphFormat.write(g, out);
        TaskGraph back = JsonGraphFormat.read(out);

        assertEquals(g, back);
        assertEquals(Optional.of(fft), back.code(right));
        assertEquals(OptionalInt.of(15), back.affinity(join));
        List<String> lines = Files.readAllLines(out);
        assertEquals(6, lines.size(), "header, one line per task, footer: " + lines);
        assertTrue(lines.get(2).contains("\"id\":\"left ✓\""), lines.get(2));
    }

    @Test
    void roundTripOfLargeRandomGraphKeepsStructure() throws Exception {
        TaskGraph g = RandomDag.generate(100_000, 7);
        Path out = dir.resolve("big.json");

        JsonGraphFormat.write(g, out);
        TaskGraph back = JsonGraphFormat.read(out);

        assertEquals(g.size(), back.size());
        assertEquals(g.edgeCount(), back.edgeCount());
        assertEquals(g.criticalPathCycles(), back.criticalPathCycles());
        assertEquals("99999", back.name(99_999), "an unnamed graph's ids are its decimal ids");
        for (int t = 0; t < g.size(); t += 997) {
            assertArrayEquals(g.predecessors(t), back.predecessors(t));
            assertEquals(g.cycles(t), back.cycles(t));
        }
    }

    @Test
    void readsForwardReferencesAndDefaults() throws Exception {
        Path f = file("fwd.json", HEADER + "\"tasks\": [\n"
                + "{\"id\": \"late\", \"cycles\": 5, \"after\": [\"early\"], \"code\": {\"name\": \"k\"}},\n"
                + "{\"cycles\": 7, \"id\": \"early\"}\n"
                + "]}\n");
        TaskGraph g = JsonGraphFormat.read(f);

        assertEquals(2, g.size());
        assertEquals("late", g.name(0), "tasks are numbered in file order");
        assertArrayEquals(new int[] {1}, g.predecessors(0));
        assertEquals(12, g.criticalPathCycles());
        assertEquals(Optional.of(new CodeObject("k", 256, Placement.CACHED)), g.code(0));
        assertEquals(Optional.empty(), g.graphName());
    }

    @Test
    void readsTheExampleInTheFormatDocument() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "graph-format.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        Path f = file("doc.json", doc.substring(start, doc.indexOf("```", start)));

        TaskGraph g = JsonGraphFormat.read(f);

        assertEquals(Optional.of("fork-join"), g.graphName());
        assertEquals(4, g.size());
        assertEquals(120 + 900 + 50, g.criticalPathCycles());
        assertEquals(g.code(1), g.code(2));
        assertEquals(OptionalInt.of(15), g.affinity(3));
    }

    private GraphFormatException reject(String content) throws IOException {
        Path f = file("bad.json", content);
        return assertThrows(GraphFormatException.class, () -> JsonGraphFormat.read(f));
    }

    private static void assertMessage(GraphFormatException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void rejectsUnknownPredecessorAtTheLineThatNamesIt() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n"
                + "{\"id\": \"a\", \"cycles\": 1},\n"
                + "{\"id\": \"b\", \"cycles\": 1,\n \"after\": [\"a\", \"ghost\"]}\n"
                + "]}\n");
        assertMessage(e, "bad.json:5: task 'b': ", "\"after\" names unknown task 'ghost'");
    }

    @Test
    void rejectsDuplicateId() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n"
                + "{\"id\": \"a\", \"cycles\": 1},\n"
                + "{\"id\": \"a\", \"cycles\": 2}\n"
                + "]}\n");
        assertMessage(e, "bad.json:4: task 'a': ", "duplicate id", "line 3");
    }

    @Test
    void rejectsCycleNamingTasksAndLine() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n"
                + "{\"id\": \"a\", \"cycles\": 1},\n"
                + "{\"id\": \"b\", \"cycles\": 1, \"after\": [\"a\", \"c\"]},\n"
                + "{\"id\": \"c\", \"cycles\": 1, \"after\": [\"b\"]}\n"
                + "]}\n");
        assertMessage(e, "bad.json:4: task 'b': ", "dependency cycle: 'b' -> 'c' -> 'b'");
    }

    @Test
    void rejectsNegativeCycles() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\",\n \"cycles\": -4}]}");
        assertMessage(e, "bad.json:4: task 'a': ", "negative processing time -4");
    }

    @Test
    void rejectsFractionalCycles() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cycles\": 2.5}]}");
        assertMessage(e, "bad.json:3: task 'a': ", "\"cycles\" must be an integer, found 2.5");
    }

    @Test
    void rejectsMissingCycles() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\"}]}");
        assertMessage(e, "bad.json:3: task 'a': ", "missing field 'cycles'");
    }

    @Test
    void rejectsTaskWithoutIdCountingItsPosition() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cycles\": 1},\n{\"cycles\": 1}]}");
        assertMessage(e, "bad.json:4: task #1 (no id yet): ", "missing field 'id'");
    }

    @Test
    void rejectsUnknownTaskFieldSuchAsATypo() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cylces\": 1}]}");
        assertMessage(e, "bad.json:3: task 'a': ", "unknown field 'cylces'");
    }

    @Test
    void rejectsUnknownPlacement() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cycles\": 1,\n"
                + "\"code\": {\"name\": \"f\", \"placement\": \"remote\"}}]}");
        assertMessage(e, "bad.json:4: task 'a': ", "placement 'remote' is not one of local, global, dynamic, cached");
    }

    @Test
    void rejectsCodeSizeOutOfRange() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cycles\": 1,\n"
                + "\"code\": {\"name\": \"f\", \"bytes\": 0}}]}");
        assertMessage(e, "bad.json:4: task 'a': ", "code size 0 bytes out of range 1..32768");
    }

    @Test
    void rejectsCodeThatDisagreesWithAnotherUseOfItsName() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n"
                + "{\"id\": \"a\", \"cycles\": 1, \"code\": {\"name\": \"f\", \"bytes\": 100}},\n"
                + "{\"id\": \"b\", \"cycles\": 1, \"code\": {\"name\": \"f\", \"bytes\": 200}}]}");
        assertMessage(e, "bad.json:4: task 'b': ", "code 'f' is 200 bytes");
    }

    @Test
    void rejectsNegativeAffinity() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cycles\": 1, \"affinity\": -1}]}");
        assertMessage(e, "bad.json:3: task 'a': ", "affinity -1 out of range");
    }

    @Test
    void rejectsWrongFormat() throws Exception {
        GraphFormatException e = reject("{\"format\": \"dot\", \"version\": 1, \"tasks\": []}");
        assertMessage(e, "bad.json:1: ", "format 'dot' is not 'edarts-graph'");
    }

    @Test
    void rejectsUnsupportedVersion() throws Exception {
        GraphFormatException e = reject("{\"format\": \"edarts-graph\",\n\"version\": 2, \"tasks\": []}");
        assertMessage(e, "bad.json:2: ", "version 2 is not supported");
    }

    @Test
    void rejectsTasksBeforeVersion() throws Exception {
        GraphFormatException e = reject("{\"format\": \"edarts-graph\", \"tasks\": [], \"version\": 1}");
        assertMessage(e, "bad.json:1: ", "\"tasks\" must come after \"format\" and \"version\"");
    }

    @Test
    void rejectsMissingTasks() throws Exception {
        GraphFormatException e = reject("{\"format\": \"edarts-graph\", \"version\": 1}");
        assertMessage(e, "bad.json:1: ", "missing field 'tasks'");
    }

    @Test
    void rejectsRepeatedField() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cycles\": 1, \"cycles\": 2}]}");
        assertMessage(e, "bad.json:3: task 'a': ", "malformed JSON", "cycles");
    }

    @Test
    void rejectsMalformedJsonWithItsLine() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cycles\": 1},\n{\"id\": \"b\" \"cycles\": 1}]}");
        assertMessage(e, "bad.json:4: task 'b': ", "malformed JSON");
    }

    @Test
    void rejectsTrailingContent() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [{\"id\": \"a\", \"cycles\": 1}]}\n{}");
        assertMessage(e, "bad.json:3: ", "unexpected content after the graph object");
    }

    /** Issue 7: docs/graph-format.md said "tasks" may be empty but the run refused it; now the reader says so. */
    @Test
    void emptyTaskArrayIsRefusedAtItsLine() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n]}");
        assertMessage(e, "bad.json:2: ", "\"tasks\" is empty: a graph needs at least one task");
    }

    /** Issue 7: a task of 2^63-1 cycles was read and then overflowed the simulated clock. */
    @Test
    void taskOf2To63CyclesIsRefusedAtItsLine() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cycles\": 1},\n"
                + "{\"id\": \"big\", \"cycles\": 9223372036854775807}]}");
        assertMessage(e, "bad.json:4: task 'big': ", "processing time 9223372036854775807 cycles exceeds the limit");
    }

    @Test
    void totalWorkBeyond2To62IsRefusedAtTheTaskThatCrossesIt() throws Exception {
        GraphFormatException e = reject(HEADER + "\"tasks\": [\n{\"id\": \"a\", \"cycles\": 4611686018427387904},\n"
                + "{\"id\": \"b\", \"cycles\": 1}]}");
        assertMessage(e, "bad.json:4: task 'b': ", "total processing time passes 4611686018427387904 (2^62)");
    }
}
