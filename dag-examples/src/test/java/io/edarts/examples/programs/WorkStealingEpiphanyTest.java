package io.edarts.examples.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.MachineRegistry;
import io.edarts.report.JsonReport;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Work stealing and CU-side scheduling on parallella16 with contention on (the shared eMesh carries
 * every steal request, stolen descriptor and notification): the benchmark set passes its checks and
 * the reports do not depend on the host's threads.
 */
class WorkStealingEpiphanyTest {

    private static Program<?> program(String name, Machine m) {
        return switch (name) {
            case "stencil" -> StencilProgram.of(16, 4, m, -1);
            case "fft2d" -> Fft2dProgram.of(64, 3, m, false);
            case "cholesky" -> CholeskyProgram.of(32, 8, 2, m, false);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static RunResult run(String name, Machine m, int threads, String policy) {
        try (Simulator sim = Simulator.create(threads)) {
            return sim.run(program(name, m), MachineRegistry.newTarget(m), RunOptions.defaults().withPolicy(policy));
        }
    }

    /**
     * Regression: with CU-side scheduling on a contended mesh, a codelet a CU sent to the SU reached
     * its ready queue inside a mesh callback, before the SU's clock had caught up with the mesh, and
     * the SU's dispatch was then submitted to the mesh in its past (the run failed).
     */
    @ParameterizedTest
    @ValueSource(strings = {"stencil", "fft2d", "cholesky"})
    void cuSideCodeletsSentToTheSuAreDispatchedNoEarlierThanTheyArrive(String name) {
        Machine m = MachineLoader.load("parallella16", List.of("scheduler.cu-side=on"));
        for (String policy : List.of("round-robin", "work-stealing")) {
            RunResult r = run(name, m, 2, policy);
            assertEquals(RunResult.Status.OK, r.status(), name + " " + policy + ": " + r.message());
            assertEquals(CheckResult.Status.PASSED, r.check().status(), name + " " + policy + ": " + r.check());
            assertTrue(r.scheduling().cuSidePlacements() > 0, name + " " + policy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stencil", "cholesky"})
    void stealingReportsAreByteIdenticalFor1And2HostThreads(String name) {
        Machine m = MachineLoader.load("parallella16", List.of("scheduler.cu-side=on"));
        String one = JsonReport.toJson(run(name, m, 1, "work-stealing"), false);
        String two = JsonReport.toJson(run(name, m, 2, "work-stealing"), false);
        assertEquals(one, two, name);
        Machine off = MachineLoader.load("parallella16", List.of());
        RunResult ws = run(name, off, 2, "work-stealing");
        assertEquals(CheckResult.Status.PASSED, ws.check().status(), name + ": " + ws.check());
    }
}
