package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Program;
import io.edarts.api.SlotRef;
import io.edarts.api.TpDefinition;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ctx.invoke(def, frame, onDone)}: the runtime signals the continuation when the invoked
 * instance exits, explicitly or (without reset slots) when each of its codelets has fired, on one
 * cluster and on four (where the exit is seen by another SU than the one owning the continuation).
 */
class ContinuationTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    private static Target mesh(String clusters) {
        return SimpleTarget.simpleMesh(MachineLoader.load("mesh16", clusters.isEmpty() ? List.of("target=simple-mesh")
                : List.of("target=simple-mesh", "clusters.rows=" + clusters.charAt(0), "clusters.cols=" + clusters.charAt(2))));
    }

    /** A node of a binary tree of calls: leaves are 1, an inner call sums its children. */
    static final class Node {
        final int depth;
        Node left;
        Node right;
        long value;

        Node(int depth) {
            this.depth = depth;
        }
    }

    private static TpDefinition<Node> tree() {
        TpDefinition.Builder<Node> b = TpDefinition.builder("tree");
        CodeletHandle join = b.codelet("join", ctx -> ctx.frame().value = 1 + ctx.frame().left.value + ctx.frame().right.value)
                .deps(2).cycles(20);
        b.codelet("fork", ctx -> {
            Node n = ctx.frame();
            if (n.depth == 0) {
                n.value = 1;
                ctx.exit();
                return;
            }
            n.left = new Node(n.depth - 1);
            n.right = new Node(n.depth - 1);
            ctx.invoke(b.self(), n.left, ctx.slotOf(join));
            ctx.invoke(b.self(), n.right, ctx.slotOf(join));
        }).cycles(30);
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2x2", "1x2"})
    void continuationIsSignalledWhenTheInvokedInstanceExitsOnAnyNumberOfClusters(String clusters) {
        int depth = 7;
        Program<Node> p = Program.of("tree", tree(), () -> new Node(depth),
                n -> n.value == (1L << (depth + 1)) - 1 ? CheckResult.passed("ok") : CheckResult.failed("value " + n.value));
        RunResult r = sim.run(p, mesh(clusters), RunOptions.defaults());
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        // Every call fires fork; the inner ones fire join too.
        assertEquals((1L << (depth + 1)) - 1 + (1L << depth) - 1, r.codeletsFired());
    }

    @Test
    void multiClusterContinuationsGiveTheSameRunFor1And4HostThreads() {
        Program<Node> p = Program.of("tree", tree(), () -> new Node(6), null);
        RunResult one;
        try (Simulator s1 = Simulator.create(1)) {
            one = s1.run(p, mesh("2x2"), RunOptions.defaults());
        }
        try (Simulator s4 = Simulator.create(4)) {
            RunResult four = s4.run(p, mesh("2x2"), RunOptions.defaults());
            assertEquals(one.makespanCycles(), four.makespanCycles());
            assertEquals(one.work(), four.work());
        }
    }

    /**
     * A looping child (a reset slot) does not exit when each codelet has fired once: only its
     * exit() signals the continuation, after the last iteration. The parent records how many
     * iterations it saw when the continuation fired it.
     */
    @Test
    void aLoopingProcedureSignalsItsContinuationOnlyWhenItExits() {
        int n = 9;
        TpDefinition.Builder<long[]> child = TpDefinition.builder("child");
        child.codelet("step", ctx -> {
            if (++ctx.frame()[0] < n) {
                ctx.signal(ctx.selfSlot());
            } else {
                ctx.exit();
            }
        }).deps(0).reset(1).cycles(10);
        TpDefinition<long[]> loop = child.build();
        TpDefinition.Builder<long[][]> parent = TpDefinition.builder("parent");
        CodeletHandle after = parent.codelet("after", ctx -> ctx.frame()[1][0] = ctx.frame()[0][0]).deps(1).cycles(5);
        parent.codelet("start", ctx -> ctx.invoke(loop, ctx.frame()[0], ctx.slotOf(after))).cycles(5);
        Program<long[][]> p = Program.of("parent", parent.build(), () -> new long[][] {new long[1], new long[1]},
                f -> f[1][0] == n ? CheckResult.passed("ok") : CheckResult.failed("continuation after " + f[1][0]));
        RunResult r = sim.run(p, mesh("2x2"), RunOptions.defaults());
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
    }

    /** An instance that exits twice (two codelets call exit) signals its continuation once. */
    @Test
    void anInstanceThatExitsTwiceSignalsItsContinuationOnce() {
        TpDefinition.Builder<long[]> child = TpDefinition.builder("child");
        child.codelet("a", ctx -> ctx.exit()).cycles(10);
        child.codelet("b", ctx -> ctx.exit()).cycles(10);
        TpDefinition<long[]> twice = child.build();
        TpDefinition.Builder<long[]> parent = TpDefinition.builder("parent");
        CodeletHandle after = parent.codelet("after", ctx -> ctx.frame()[0]++).deps(1).cycles(5);
        parent.codelet("start", ctx -> ctx.invoke(twice, new long[1], ctx.slotOf(after))).cycles(5);
        Program<long[]> p = Program.of("parent", parent.build(), () -> new long[1],
                f -> f[0] == 1 ? CheckResult.passed("ok") : CheckResult.failed("after fired " + f[0]));
        RunResult r = sim.run(p, mesh(""), RunOptions.defaults());
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
    }

    @Test
    void invokeWithAContinuationFromElsewhereFailsTheRunNamingTheCodelet() {
        TpDefinition.Builder<long[]> leaf = TpDefinition.builder("leaf");
        leaf.codelet("only", ctx -> { }).cycles(5);
        TpDefinition<long[]> callee = leaf.build();
        TpDefinition.Builder<long[]> b = TpDefinition.builder("bad");
        b.codelet("start", ctx -> ctx.invoke(callee, new long[1], SlotRef.of(new Object(), 7, 0))).cycles(5);
        RunResult r = sim.run(Program.of("bad", b.build(), () -> new long[1], null), mesh(""), RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("start") && r.message().contains("does not come from this run"), r.message());
    }

    /**
     * A static back edge into a reset slot is a loop: {@code step} waits on its own completion (the
     * static edge) and on a dynamic "go on" it sends while iterations remain; its first firing waits
     * only on {@code init}.
     */
    @Test
    void staticBackEdgeIntoAResetSlotRunsAsALoop() {
        int n = 12;
        TpDefinition.Builder<long[]> b = TpDefinition.builder("loop");
        CodeletHandle init = b.codelet("init", ctx -> ctx.frame()[0] = 100).cycles(5);
        CodeletHandle step = b.codelet("step", ctx -> {
            ctx.frame()[0] += ctx.firing();
            if (ctx.firing() + 1 < n) {
                ctx.signal(ctx.selfSlot());
            }
        }).reset(2).cycles(10);
        init.precede(step);
        step.precede(step);
        long expect = 100 + (long) n * (n - 1) / 2;
        Program<long[]> p = Program.of("loop", b.build(), () -> new long[1],
                f -> f[0] == expect ? CheckResult.passed("ok") : CheckResult.failed("got " + f[0]));
        RunResult r = sim.run(p, mesh(""), RunOptions.defaults().withPolicy("critical-path"));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
        assertEquals(n + 1, r.codeletsFired());
    }
}
