package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edarts.api.CheckResult;
import io.edarts.api.Cost;
import io.edarts.api.Program;
import io.edarts.api.SlotHandle;
import io.edarts.api.TpDefinition;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression: on a machine of several clusters the root's codelets without affinity are spread over
 * the clusters by index, so one slot's codelets may belong to several SUs; the slot's owner enabled
 * them all in its own cluster, where their firings were counted, while their owners saw them never
 * fire, and the run ended deadlocked (fft2d on parallella16 cut into 2x2 clusters: the ranks on the
 * four SU cores). Each is now enabled at its owner, by a message from the slot's SU.
 */
class CrossClusterFanOutTest {
    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "critical-path", "work-stealing", "hierarchical"})
    void aSlotWhoseCodeletsBelongToSeveralClustersEnablesEachWhereItIsOwned(String policy) {
        Machine m = MachineLoader.load("ideal", List.of("clusters.rows=2", "clusters.cols=2"));
        TpDefinition.Builder<int[]> tp = TpDefinition.builder("fan");
        SlotHandle s = tp.slot("s", 1, 0);
        tp.codelet("a", ctx -> ctx.frame()[0]++).signals(s).cost(Cost.cycles(10));
        for (int i = 0; i < 6; i++) {
            final int me = 1 + i;
            tp.codelet("t" + i, ctx -> ctx.frame()[me]++).waitsOn(s).cost(Cost.cycles(10));
        }
        Program<int[]> p = Program.of("fan", tp.build(), () -> new int[7],
                f -> java.util.Arrays.equals(f, new int[] {1, 1, 1, 1, 1, 1, 1}) ? CheckResult.passed("each once")
                        : CheckResult.failed(java.util.Arrays.toString(f)));
        try (Simulator sim = Simulator.create(2)) {
            RunResult r = sim.run(p, SimpleTarget.ideal(m), RunOptions.defaults().withPolicy(policy).withVerify(true));
            assertEquals(RunResult.Status.OK, r.status(), r.message());
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
            assertEquals(7, r.codeletsFired());
        }
    }
}
