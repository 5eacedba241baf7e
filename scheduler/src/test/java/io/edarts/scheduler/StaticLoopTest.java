package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.MachineRegistry;
import io.edarts.cam.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review of issue 14: static loops (back edges into reset slots) were accepted but not usable. A
 * two-codelet loop treated both of its edges as back edges, so its second codelet fired at once
 * with no input; and a loop could not end by exit(), because the exiting firing's own back edge
 * still re-enabled it. Both now run, checked with --verify on.
 */
class StaticLoopTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    private static RunResult run(Program<long[]> p, String machine) {
        Target t = MachineRegistry.newTarget(MachineLoader.load(machine, List.of()));
        RunResult r = sim.run(p, t, RunOptions.defaults().withVerify(true));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        return r;
    }

    //   init -> head -> tail
    //            ^------'      (tail -> head is the back edge; tail exits on the 10th round)
    @ParameterizedTest
    @ValueSource(strings = {"ideal", "mesh16"})
    void aTwoCodeletLoopRunsItsRoundsInOrderAndEndsByExit(String machine) {
        Dag.Builder<long[]> g = Dag.builder("loop");
        CodeletHandle init = g.task("init", ctx -> ctx.frame()[0] = 1).cycles(10);
        CodeletHandle head = g.task("head", ctx -> ctx.frame()[0] *= 3).cycles(20);
        CodeletHandle tail = g.task("tail", ctx -> {
            long[] f = ctx.frame();
            f[0] += 1;
            if (++f[1] == 10) {
                ctx.exit();
            }
        }).cycles(30);
        init.precede(head);
        head.precede(tail);
        tail.precede(head);
        head.reset(1);
        tail.reset(1);
        long expect = 1;
        for (int i = 0; i < 10; i++) {
            expect = expect * 3 + 1;
        }
        long want = expect;
        RunResult r = run(g.build(() -> new long[2],
                f -> f[0] == want && f[1] == 10 ? CheckResult.passed("ok") : CheckResult.failed(f[0] + " " + f[1])),
                machine);
        assertEquals(21, r.codeletsFired(), "init once, head and tail ten times each");
    }

    //   init -> body
    //           ^--'   (a self edge into a reset slot; the 10th iteration exits)
    @ParameterizedTest
    @ValueSource(strings = {"ideal", "mesh16"})
    void aSelfLoopEndsWithTheIterationThatExits(String machine) {
        Dag.Builder<long[]> g = Dag.builder("self");
        CodeletHandle init = g.task("init", ctx -> { }).cycles(5);
        CodeletHandle body = g.task("body", ctx -> {
            if (++ctx.frame()[0] == 10) {
                ctx.exit();
            }
        }).cycles(40);
        init.precede(body);
        body.precede(body);
        body.reset(1);
        RunResult r = run(g.build(() -> new long[1],
                f -> f[0] == 10 ? CheckResult.passed("ten") : CheckResult.failed("ran " + f[0])), machine);
        assertEquals(11, r.codeletsFired());
        assertEquals(true, r.makespanCycles() >= 5 + 10 * 40, "the iterations run one after another");
    }
}
