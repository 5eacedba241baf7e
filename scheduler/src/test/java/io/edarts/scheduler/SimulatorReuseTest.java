package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edarts.api.CheckResult;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regression: a finished run's time keeper once made the guardian spawn failing runs forever. */
class SimulatorReuseTest {

    @Test
    void finishedRunsLeaveNoActorsBehindAndTheSimulatorCanBeReused() throws Exception {
        Target t = SimpleTarget.ideal(MachineLoader.load("ideal", List.of()));
        try (Simulator sim = Simulator.create(2)) {
            long first = -1;
            for (int i = 0; i < 5; i++) {
                RunResult r = sim.run(Programs.random(300, 9, 3).program(), t, RunOptions.defaults());
                assertEquals(CheckResult.Status.PASSED, r.check().status());
                if (first < 0) {
                    first = r.makespanCycles();
                }
                assertEquals(first, r.makespanCycles(), "run " + i + " of the same program differs");
            }
            // The time keepers stop after replying; give the guardian a moment to hear of it.
            for (int i = 0; i < 200 && sim.activeRuns() != 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, sim.activeRuns());
            Thread.sleep(100);
            assertEquals(0, sim.activeRuns(), "no run may start by itself");
        }
    }
}
