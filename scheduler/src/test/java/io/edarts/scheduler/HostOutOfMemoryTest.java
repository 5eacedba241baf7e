package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edarts.api.CheckResult;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression: a body that ran the host out of heap on an actor thread ended the JVM through Akka's
 * fatal-error handling (no message, no advice). It now stops the run and reaches the caller of
 * {@link Simulator#run} as the OutOfMemoryError itself, where the command line gives -Xmx advice.
 */
class HostOutOfMemoryTest {
    @Test
    void aBodyThatRunsTheHostOutOfHeapThrowsOutOfMemoryErrorToTheCaller() {
        Dag.Builder<long[][]> g = Dag.builder("greedy");
        g.task("small", ctx -> ctx.frame()[0] = new long[16]).cycles(10);
        // Far more than any test heap: the JVM refuses it at once, without filling the heap first.
        g.task("greedy", ctx -> ctx.frame()[1] = new long[Integer.MAX_VALUE - 16]).cycles(10);
        Program<long[][]> p = g.build(() -> new long[2][], f -> CheckResult.passed("ran"));
        try (Simulator sim = Simulator.create(2)) {
            var target = SimpleTarget.ideal(MachineLoader.load("ideal", List.of()));
            assertThrows(OutOfMemoryError.class, () -> sim.run(p, target, RunOptions.defaults()));
            // the simulator survives and runs the next program
            Dag.Builder<long[]> ok = Dag.builder("fine");
            ok.task("a", ctx -> ctx.frame()[0] = 1).cycles(5);
            RunResult r = sim.run(ok.build(() -> new long[1], f -> CheckResult.passed("ok")), target,
                    RunOptions.defaults());
            assertEquals(RunResult.Status.OK, r.status(), r.message());
        }
    }
}
