package io.edarts.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A policy with machine keys reads back from its label, and a comparison's rows know their configuration. */
class PolicyConfigTest {
    @Test
    void parsesAPolicyAloneAndAPolicyWithKeysAndReadsItsLabelBack() {
        PolicyConfig plain = PolicyConfig.parse("critical-path");
        assertEquals(new PolicyConfig("critical-path", List.of()), plain);
        assertTrue(plain.plain());
        PolicyConfig two = PolicyConfig.parse("hierarchical@clusters.rows=2@clusters.cols=2");
        assertEquals(List.of("clusters.rows=2", "clusters.cols=2"), two.keys());
        assertEquals(two, PolicyConfig.parse(two.label()));
        assertEquals("hierarchical@clusters.rows=2@clusters.cols=2", two.label());
    }

    @Test
    void rejectsAnUnknownPolicyAndAKeyWithoutValueNamingTheText() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PolicyConfig.parse("nosuch@scheduler.cu-side=on"));
        assertTrue(unknown.getMessage().contains("'nosuch@scheduler.cu-side=on'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("unknown policy 'nosuch'"), unknown.getMessage());
        for (String bad : List.of("work-stealing@", "work-stealing@cu-side", "work-stealing@=on")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicyConfig.parse(bad));
            assertTrue(e.getMessage().contains("expected KEY=VALUE"), bad + " -> " + e.getMessage());
        }
    }

    @Test
    void aRowsConfigurationIsItsPolicyWithTheKeysBeyondTheComparisonsOwn() {
        List<String> base = List.of("pool-capacity=2");
        Point p = new Point("fib", Map.of(), "parallella16", List.of("pool-capacity=2", "scheduler.cu-side=on"),
                "work-stealing", 1, List.of());
        assertEquals("work-stealing@scheduler.cu-side=on", PointTables.config(p, base).label());
        Point plain = new Point("fib", Map.of(), "parallella16", base, "work-stealing", 1, List.of());
        assertEquals("work-stealing", PointTables.config(plain, base).label());
    }

    @Test
    void theBestOfEachProgramIsMeasuredAgainstRoundRobinWithoutTheConfigsKeys() {
        Point base = new Point("fib", Map.of(), "ideal", List.of(), "round-robin", 1, List.of());
        Point keyed = new Point("fib", Map.of(), "ideal", List.of("scheduler.cu-side=on"), "round-robin", 1, List.of());
        Point other = new Point("fib", Map.of(), "ideal", List.of(), "critical-path", 1, List.of());
        Point base2 = new Point("reduce", Map.of(), "ideal", List.of(), "round-robin", 1, List.of());
        Point other2 = new Point("reduce", Map.of(), "ideal", List.of(), "critical-path", 1, List.of());
        List<PointRow> rows = List.of(row(base, 1000), row(keyed, 500), row(other, 800), row(base2, 900),
                row(other2, 1000));
        Map<PointRow, Double> s = PointTables.speedups(rows, List.of());
        assertEquals(2.0, s.get(rows.get(1)), 1e-12, "keyed round-robin against plain round-robin");
        List<PointTables.Best> best = PointTables.best(rows, List.of());
        assertEquals(2, best.size());
        assertEquals(keyed, best.get(0).best().point());
        assertEquals(base2, best.get(1).best().point(), "round-robin itself is the best at 1.0x");
        assertEquals(Math.sqrt(2.0), PointTables.geometricMean(best), 1e-12);
        List<String> lines = PointTables.bestLines(rows, List.of());
        assertEquals("best for fib: round-robin@scheduler.cu-side=on, 2.00x", lines.get(0));
        assertTrue(lines.get(2).contains("over 2 programs: 1.414x"), lines.get(2));
    }

    private static PointRow row(Point p, long makespan) {
        return new PointRow(p, "ok", "passed", "", makespan, 0, 0, 0, 0, 1, 0);
    }
}
