package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.examples.programs.ScatterSumProgram;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scheduling that sees data, on parallella16: blocks held in the CUs' memories, one sum per block
 * with no affinity. data-locality runs every sum next to its block (local loads only, so its cores
 * make no mesh reads); round-robin, blind to data, deals them regardless and pays remote reads.
 */
class ScatterSumTest {
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static RunResult run(Machine m, String policy) {
        RunResult r = sim.run(ScatterSumProgram.of(2 * 15 * 1024, 1024, 3, m), EpiphanyTarget.create(m),
                RunOptions.defaults().withPolicy(policy));
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void dataLocalityPlacesSumsNextToTheirBlocksAndBeatsRoundRobin(String contention) {
        Machine m = MachineLoader.load("parallella16", List.of("epiphany.contention=" + contention));
        RunResult blind = run(m, "round-robin");
        RunResult aware = run(m, "data-locality");
        assertTrue(aware.makespanCycles() * 3 < blind.makespanCycles(), "data-locality " + aware.makespanCycles()
                + " against round-robin " + blind.makespanCycles());
        long remoteStalls = 0;
        for (RunResult.CoreReport c : aware.cores()) {
            remoteStalls += c.counters().extLoadStalls;
        }
        assertEquals(0, remoteStalls, "every sum read only its own core's memory");
        assertEquals(aware.makespanCycles(), run(m, "data-locality").makespanCycles(), "deterministic");
    }
}
