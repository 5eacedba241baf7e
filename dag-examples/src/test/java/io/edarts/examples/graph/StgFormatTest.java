package io.edarts.examples.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StgFormatTest {
    @TempDir
    Path dir;

    private static Path small() throws URISyntaxException {
        return Path.of(StgFormatTest.class.getResource("small.stg").toURI());
    }

    @Test
    void readsHandWrittenFileWithDummiesCommentsAndBlankLines() throws Exception {
        TaskGraph g = StgFormat.read(small());

        assertEquals(7, g.size(), "5 real tasks plus entry 0 and exit 6");
        assertEquals(Optional.of("small"), g.graphName());
        assertFalse(g.hasNames());
        assertEquals("4", g.name(4));
        long[] costs = {0, 3, 4, 2, 5, 1, 0};
        for (int t = 0; t < costs.length; t++) {
            assertEquals(costs[t], g.cycles(t), "cost of task " + t);
        }
        assertArrayEquals(new int[0], g.predecessors(0));
        assertArrayEquals(new int[] {0}, g.predecessors(1));
        assertArrayEquals(new int[] {1, 2}, g.predecessors(4));
        assertArrayEquals(new int[] {3, 4}, g.predecessors(5));
        assertArrayEquals(new int[] {5}, g.predecessors(6));
        assertArrayEquals(new int[] {3, 4}, g.successors(1));
        assertEquals(8, g.edgeCount());
        assertEquals(10, g.criticalPathCycles(), "0 -> 2 -> 4 -> 5 -> 6 = 4 + 5 + 1");
        assertEquals(15, g.totalWorkCycles());
    }

    @Test
    void roundTripsThroughWriter() throws Exception {
        TaskGraph g = StgFormat.read(small());
        Path out = dir.resolve("small.stg");   // same file name, so the graph name matches too

        StgFormat.write(g, out);

        assertEquals(g, StgFormat.read(out));
        assertTrue(Files.readAllLines(out).get(Files.readAllLines(out).size() - 1).startsWith("#"),
                "ends with a comment block, as the set's files do");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void writerAddsEntryAndExitToGraphWithoutThem() throws Exception {
        TaskGraph.Builder b = TaskGraph.builder();
        int a = b.addTask(10);
        int c = b.addTask(20);
        b.addTask(5, a, c);
        b.addTask(7, a);
        TaskGraph g = b.build();
        Path out = dir.resolve("framed.stg");

        StgFormat.write(g, out);
        TaskGraph back = StgFormat.read(out);

        assertEquals(6, back.size());
        assertArrayEquals(new int[0], back.predecessors(0));
        assertArrayEquals(new int[] {0}, back.predecessors(1), "a source hangs off the entry");
        assertArrayEquals(new int[] {1, 2}, back.predecessors(3), "ids moved up by one");
        assertArrayEquals(new int[] {3, 4}, back.predecessors(5), "the exit waits for both sinks");
        assertEquals(g.criticalPathCycles(), back.criticalPathCycles());
        assertEquals(g.totalWorkCycles(), back.totalWorkCycles());
    }

    private GraphFormatException reject(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return assertThrows(GraphFormatException.class, () -> StgFormat.read(file));
    }

    private static void assertMessage(GraphFormatException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void rejectsNonNumericProcessingTime() throws Exception {
        GraphFormatException e = reject("bad.stg", "1\n0 0 0\n1 ten 1 0\n2 0 1 1\n");
        assertMessage(e, "bad.stg:3: task 1: ", "processing time 'ten' is not an integer");
    }

    @Test
    void rejectsNonNumericPredecessor() throws Exception {
        GraphFormatException e = reject("bad.stg", "1\n0 0 0\n1 3 1 0\n2 0 1 x1\n");
        assertMessage(e, "bad.stg:4: task 2: ", "predecessor id 'x1' is not an integer");
    }

    @Test
    void rejectsNonNumericTaskCount() throws Exception {
        GraphFormatException e = reject("bad.stg", "# header\nfive\n");
        assertMessage(e, "bad.stg:2: ", "number of tasks 'five' is not an integer");
    }

    @Test
    void rejectsFewerPredecessorsThanDeclared() throws Exception {
        GraphFormatException e = reject("bad.stg", "2\n0 0 0\n1 3 1 0\n2 4 2 0\n3 0 2 1 2\n");
        assertMessage(e, "bad.stg:4: task 2: ", "declares 2 predecessors but lists 1");
    }

    @Test
    void rejectsMorePredecessorsThanDeclared() throws Exception {
        GraphFormatException e = reject("bad.stg", "2\n0 0 0\n1 3 1 0\n2 4 1 0 1\n3 0 2 1 2\n");
        assertMessage(e, "bad.stg:4: task 2: ", "declares 1 predecessors but lists more");
    }

    @Test
    void rejectsMissingTaskLines() throws Exception {
        GraphFormatException e = reject("bad.stg", "3\n0 0 0\n1 3 1 0\n2 4 1 0\n3 1 1 1\n# end\n");
        assertMessage(e, "bad.stg:6: task 4: ", "missing", "4 of 5 task lines");
    }

    @Test
    void rejectsExtraTaskLine() throws Exception {
        GraphFormatException e = reject("bad.stg", "1\n0 0 0\n1 3 1 0\n2 0 1 1\n3 0 1 2\n#\n");
        assertMessage(e, "bad.stg:5: ", "extra task line '3 0 1 2'", "declares 1 tasks");
    }

    @Test
    void rejectsIdOutOfOrder() throws Exception {
        GraphFormatException e = reject("bad.stg", "2\n0 0 0\n2 4 1 0\n1 3 1 0\n3 0 2 1 2\n");
        assertMessage(e, "bad.stg:3: task 1: ", "task id 2 out of order: expected 1");
    }

    @Test
    void rejectsIdOutOfRange() throws Exception {
        GraphFormatException e = reject("bad.stg", "1\n0 0 0\n7 3 1 0\n2 0 1 1\n");
        assertMessage(e, "bad.stg:3: task 1: ", "task id 7 out of range 0..2");
    }

    @Test
    void rejectsUnknownPredecessor() throws Exception {
        GraphFormatException e = reject("bad.stg", "1\n0 0 0\n1 3 1 0\n2 0 1 9\n");
        assertMessage(e, "bad.stg:4: task 2: ", "unknown predecessor 9");
    }

    @Test
    void rejectsRepeatedPredecessor() throws Exception {
        GraphFormatException e = reject("bad.stg", "1\n0 0 0\n1 3 1 0\n2 0 2 1 1\n");
        assertMessage(e, "bad.stg:4: task 2: ", "predecessor task 1 is listed twice");
    }

    @Test
    void rejectsNegativeProcessingTime() throws Exception {
        GraphFormatException e = reject("bad.stg", "1\n0 0 0\n1 -3 1 0\n2 0 1 1\n");
        assertMessage(e, "bad.stg:3: task 1: ", "negative processing time -3");
    }

    @Test
    void rejectsFileWithOnlyComments() throws Exception {
        GraphFormatException e = reject("bad.stg", "# nothing\n\n# here\n");
        assertMessage(e, "bad.stg:3: ", "no task count");
    }

    @Test
    void rejectsCycleAndPrintsItInExecutionOrder() throws Exception {
        // 1 waits for 3, 2 for 1, 3 for 2: the cycle runs 1 -> 2 -> 3 -> 1.
        GraphFormatException e = reject("cycle.stg", "3\n0 0 0\n1 1 2 0 3\n2 1 1 1\n3 1 1 2\n4 0 1 3\n");
        assertMessage(e, "cycle.stg:3: task 1: ", "dependency cycle: 1 -> 2 -> 3 -> 1");
    }

    /** Issue 7: a task of 2^63-1 cycles was read and then overflowed the simulated clock. */
    @Test
    void taskOf2To63CyclesIsRefusedAtItsLine() throws Exception {
        GraphFormatException e = reject("big.stg", "1\n0 0 0\n1 9223372036854775807 1 0\n2 0 1 1\n");
        assertMessage(e, "big.stg:3: task 1: ", "processing time 9223372036854775807 cycles exceeds the limit");
    }

    @Test
    void binaryFileIsRefusedWithAShortPrintableMessage() throws Exception {
        Path file = dir.resolve("bin.stg");
        byte[] junk = new byte[300];
        new java.util.SplittableRandom(3).nextBytes(junk);
        junk[0] = 1;   // not blank, not '#'
        Files.write(file, junk);
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> StgFormat.read(file));
        assertTrue(e.getMessage().length() < 400, e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && (c < 0x7f || c >= 0xa0)), e.getMessage());
        assertMessage(e, "bin.stg:1: ", "is not an integer");
    }
}
