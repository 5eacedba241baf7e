package io.edarts.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A point's id is a readable, one-to-one file name, and a point travels as a serialised value. */
class PointTest {
    private static Point point(String program, Map<String, String> params, List<String> sets, List<String> placements) {
        return new Point(program, params, "parallella16", sets, "round-robin", 1, placements);
    }

    @Test
    void idIsReadableAndSortsParametersByName() {
        Point p = point("matmul", Map.of("size", "64", "block", "16"), List.of("pool-capacity=2"), List.of());
        assertEquals("matmul,block=16,size=64_parallella16,pool-capacity=2_round-robin_seed1", p.id());
    }

    @Test
    void idEscapesSeparatorsSoDifferentPointsNeverShareAFolder() {
        Point a = point("fib", Map.of(), List.of("a=b_c"), List.of());
        Point b = point("fib", Map.of(), List.of("a=b", "c"), List.of());
        assertNotEquals(a.id(), b.id());
        assertEquals("fib_parallella16,a=b%5Fc_round-robin_seed1", a.id());
        Point file = new Point("fib", Map.of(), "machines/my chip.conf", List.of(), "round-robin", 1, List.of("*=core:0,1"));
        assertTrue(file.id().matches("[A-Za-z0-9.=+%,_-]+"), file.id());
    }

    @Test
    void longIdsAreCutAndEndInAHashOfTheWhole() {
        String longValue = "x".repeat(300);
        Point a = point("fib", Map.of(), List.of("k=" + longValue + "1"), List.of());
        Point b = point("fib", Map.of(), List.of("k=" + longValue + "2"), List.of());
        assertEquals(Point.MAX_ID, a.id().length());
        assertNotEquals(a.id(), b.id());
    }

    @Test
    void aPointSurvivesSerialisationForAnExecutorElsewhere() throws Exception {
        Point p = point("reduce", Map.of("size", "256"), List.of("pool-capacity=1"), List.of("*=local"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Point back = (Point) in.readObject();
            assertEquals(p, back);
            assertEquals(p.id(), back.id());
        }
    }

    @Test
    void runArgsAreTheEdartsRunCommandLine() {
        Point p = new Point("fib", Map.of("n", "10"), "ideal", List.of("pool-capacity=2"), "critical-path", 7,
                List.of("*=local"));
        assertEquals(List.of("fib", "--n", "10", "--machine", "ideal", "--set", "pool-capacity=2", "--policy",
                "critical-path", "--seed", "7", "--placement", "*=local"), p.runArgs());
    }
}
