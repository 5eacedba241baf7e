package io.edarts.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.scheduler.Simulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On {@code ideal}, random task graphs: no policy beats max(CP, work / CUs), and critical-path, a
 * work-conserving list scheduler, stays within Graham's bound work / CUs + CP on every graph.
 */
class BoundRatiosTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(1);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    @Test
    void criticalPathIsBetweenTheLowerBoundAndGrahamsOnEveryGraph() {
        for (List<String> shape : List.of(List.<String>of(), List.of("mesh.rows=2", "mesh.cols=2"))) {
            Machine ideal = MachineLoader.load("ideal", shape);
            List<BoundRatios.Run> runs = BoundRatios.measure(sim, ideal, "critical-path", List.of(40, 300), 6);
            assertEquals(12, runs.size());
            for (BoundRatios.Run r : runs) {
                assertTrue(r.ratio() >= 1.0, r + ": below max(CP, work / CUs)");
                assertTrue(r.ratio() <= r.grahamRatio() + 1e-12, r + ": beyond Graham's bound " + r.grahamRatio());
                assertTrue(r.grahamRatio() <= 2.0 + 1e-12, r + ": Graham's bound is at most twice the lower bound");
            }
            List<BoundRatios.Summary> s = BoundRatios.summarize("critical-path", runs);
            assertEquals(List.of(40, 300), s.stream().map(BoundRatios.Summary::size).toList());
            for (BoundRatios.Summary x : s) {
                assertTrue(x.meanRatio() >= 1.0 && x.meanRatio() <= x.maxRatio() && x.maxRatio() <= 2.0, x.toString());
            }
        }
    }

    @Test
    void noPolicyBeatsTheLowerBound() {
        Machine ideal = MachineLoader.load("ideal", List.of());
        for (String policy : List.of("round-robin", "least-loaded", "work-stealing")) {
            for (BoundRatios.Run r : BoundRatios.measure(sim, ideal, policy, List.of(200), 3)) {
                assertTrue(r.ratio() >= 1.0, policy + " " + r);
            }
        }
    }

    @Test
    void theBoundIsTheCriticalPathOnOneChainAndTheSpreadOnAWideGraph() {
        BoundRatios.Run chain = new BoundRatios.Run(3, 1, 30, 30, 30, 15);
        assertEquals(30, chain.lowerBound());
        assertEquals(1.0, chain.ratio());
        BoundRatios.Run wide = new BoundRatios.Run(30, 1, 40, 10, 300, 15);
        assertEquals(20, wide.lowerBound());
        assertEquals(2.0, wide.ratio());
        assertEquals(1.5, wide.grahamRatio());
    }

    @Test
    void rejectsBadInputNamingIt() {
        Machine ideal = MachineLoader.load("ideal", List.of());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BoundRatios.measure(sim, ideal, "nosuch", List.of(10), 1)).getMessage().contains("nosuch"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BoundRatios.measure(sim, ideal, "critical-path", List.of(0), 1)).getMessage().contains("size 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BoundRatios.measure(sim, ideal, "critical-path", List.of(10), 0)).getMessage().contains("seeds 0"));
    }
}
