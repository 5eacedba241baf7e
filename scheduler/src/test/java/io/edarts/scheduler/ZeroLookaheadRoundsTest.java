package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edarts.api.CheckResult;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression: on a machine of several clusters with a zero lookahead ({@code ideal} cut into
 * clusters), the time keeper grants the SUs one round after another at the same cycle, telling
 * them one by one; a peer that ran first could send a message due at that cycle before this SU's
 * grant arrived, and it was consumed in this round or the next by host timing (fib's new
 * instances were placed in either order). Each message now carries its round.
 */
class ZeroLookaheadRoundsTest {
    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "hierarchical"})
    void aPeersMessageWaitsForTheNextRoundWhateverTheHostTiming(String policy) {
        Target ideal = SimpleTarget.ideal(MachineLoader.load("ideal", List.of("clusters.rows=2", "clusters.cols=2")));
        List<Object> seen = new ArrayList<>();
        for (int threads : new int[] {1, 8, 8, 8}) {
            try (Simulator s = Simulator.create(threads)) {
                RunResult r = s.run(io.edarts.api.Program.of("fib", CodeletModelTest.fibDefinition(),
                        () -> new CodeletModelTest.Fib(12, null, new long[1], 0),
                        f -> f.out[0] == 144 ? CheckResult.passed("fib") : CheckResult.failed("fib = " + f.out[0])),
                        ideal, RunOptions.defaults().withPolicy(policy));
                assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
                seen.add(List.of(r.makespanCycles(), r.cores().stream().map(c -> List.of(c.busyCycles(), c.fired()))
                        .toList()));
            }
        }
        for (Object o : seen) {
            assertEquals(seen.get(0), o);
        }
    }
}
