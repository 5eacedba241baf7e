package io.edarts.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV is RFC 4180 and the page a pure function of the table. */
class PointTableFilesTest {
    private static PointTable table() {
        PointTable.Bars bars = new PointTable.Bars("speedup", "x", List.of("fib", "reduce"), List.of("critical-path"),
                new double[][] {{1.5, Double.NaN}}, 1.0);
        return new PointTable("t", List.of("note"), List.of("program", "message"),
                List.of(List.of("fib", "a, \"quoted\" one"), List.of("reduce", "")), List.of(false, true), List.of(bars));
    }

    @Test
    void csvQuotesCellsWithCommasAndQuotes() {
        assertEquals("program,message\nfib,\"a, \"\"quoted\"\" one\"\nreduce,\n", PointTableFiles.csv(table()));
    }

    @Test
    void pageIsTheSameForTheSameTableAndHasThePlot() {
        String page = PointTableFiles.html(table());
        assertEquals(page, PointTableFiles.html(table()));
        assertTrue(page.contains("<svg"), "inline chart");
        assertTrue(page.contains("1 of 2 points failed"), "failed rows counted");
    }

    @Test
    void rejectsARowOfTheWrongWidth() {
        assertThrows(IllegalArgumentException.class, () -> new PointTable("t", List.of(), List.of("a", "b"),
                List.of(List.of("x")), List.of(false), List.of()));
    }
}
