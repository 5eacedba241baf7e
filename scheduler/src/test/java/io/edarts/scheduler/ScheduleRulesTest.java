package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.api.SlotRef;
import io.edarts.api.TpDefinition;
import io.edarts.cam.CodeObject;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of issue 14 on schedules, checks before the run and diagnostics: one regression test per
 * rule, each named after what used to go wrong.
 */
class ScheduleRulesTest {
    private static Simulator sim;
    private static Target ideal;
    private static Target mesh4;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
        ideal = SimpleTarget.ideal(MachineLoader.load("ideal", List.of()));
        mesh4 = SimpleTarget.simpleMesh(MachineLoader.load("mesh16",
                List.of("target=simple-mesh", "clusters.rows=2", "clusters.cols=2")));
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    private static final int TOKENS = 12;
    private static final long PRODUCE = 10;
    private static final long TRANSFORM = 100;

    /** A pipeline's state: the next token to produce, the last one produced, the transform's running digest. */
    static final class Pipe {
        long produced;
        long token;
        long digest = 1;
        final List<Long> seen = new ArrayList<>();
    }

    static long expectedDigest() {
        long d = 1;
        for (long t = 1; t <= TOKENS; t++) {
            d = d * 31 + t * t;
        }
        return d;
    }

    /**
     * The issue's stateful pipeline: {@code produce} re-arms itself and hands a token to a stateful
     * {@code transform}; with {@code serialized} the transform's slot also waits for its own
     * completion and the producer waits for the transform (one token in flight), as a correct
     * program must.
     */
    static Program<Pipe> pipeline(boolean serialized) {
        TpDefinition.Builder<Pipe> b = TpDefinition.builder("pipe");
        CodeletHandle[] h = new CodeletHandle[2];
        h[0] = b.codelet("produce", ctx -> {
            Pipe p = ctx.frame();
            p.token = ++p.produced;
            if (p.produced < TOKENS && !serialized) {
                ctx.signal(ctx.slotOf(h[0]));
            }
        }).deps(0).reset(serialized ? 2 : 1).cycles(PRODUCE);
        h[1] = b.codelet("transform", ctx -> {
            Pipe p = ctx.frame();
            p.seen.add(p.token);
            p.digest = p.digest * 31 + p.token * p.token;
            if (serialized && p.seen.size() < TOKENS) {
                ctx.signal(ctx.slotOf(h[1]));
                ctx.signal(ctx.slotOf(h[0]));
                ctx.signal(ctx.slotOf(h[0]));
            }
        }).reset(serialized ? 2 : 1).cycles(TRANSFORM);
        h[0].precede(h[1]);
        return Program.of("pipe", b.build(), Pipe::new, p -> p.digest == expectedDigest()
                ? CheckResult.passed("digest of " + TOKENS + " tokens") : CheckResult.failed("digest " + p.digest
                        + " of tokens " + p.seen));
    }

    @Test
    void reenablingAPendingCodeletFailsTheRunNamingItsSignaller() {
        for (Target t : List.of(ideal, mesh4)) {
            RunResult r = sim.run(pipeline(false), t, RunOptions.defaults().withVerify(true));
            assertEquals(RunResult.Status.FAILED, r.status(), r.message());
            String m = r.message();
            assertTrue(m.contains("'pipe#0.transform' was enabled again at cycle"), m);
            assertTrue(m.contains("by slot 'transform'"), m);
            assertTrue(m.contains("signalled by 'pipe#0.produce'"), m);
            assertTrue(m.contains("still pending"), m);
        }
        RunResult ok = sim.run(pipeline(true), ideal, RunOptions.defaults().withVerify(true));
        assertEquals(RunResult.Status.OK, ok.status(), ok.message());
        assertEquals(CheckResult.Status.PASSED, ok.check().status(), ok.check().message());
        assertEquals(2L * TOKENS, ok.codeletsFired());
        assertTrue(ok.makespanCycles() >= TOKENS * TRANSFORM, "makespan " + ok.makespanCycles()
                + " is shorter than the transform chain " + TOKENS * TRANSFORM);
        RunResult onMesh = sim.run(pipeline(true), mesh4, RunOptions.defaults().withVerify(true));
        assertEquals(CheckResult.Status.PASSED, onMesh.check().status(), onMesh.message());
        assertTrue(onMesh.makespanCycles() >= TOKENS * TRANSFORM);
    }

    // ---- --verify: unit tests on logs the scheduler would never write ------------------------------

    private static RunContext contextOf(Program<?> p) {
        return new RunContext(p, ideal, RunOptions.defaults().withVerify(true));
    }

    private static Program<long[]> oneCodelet() {
        TpDefinition.Builder<long[]> b = TpDefinition.builder("solo");
        b.codelet("step", ctx -> { }).deps(0).reset(1).cycles(10);
        return Program.of("solo", b.build(), () -> new long[1], null);
    }

    @Test
    void verifyFailsAnInstanceThatFiresConcurrentlyWithItselfNamingBothFirings() {
        RunContext run = contextOf(oneCodelet());
        InstanceRef root = InstanceRef.of(0, run.program.root(), new long[1], 0, 0);
        RunVerifier.Log log = run.verifier.log(0);
        log.firing(root, 0, 0, 0, 10, 1);
        log.signal(root, 0, 4, 0, root, 0, 0);   // sent before its firing ended
        String v = run.verifier.check(run, root);
        assertNotNull(v);
        assertTrue(v.contains("finished at cycle 10") && v.contains("left at cycle 4"), v);

        TpDefinition.Builder<long[]> b = TpDefinition.builder("fan");
        b.codelet("src", ctx -> { }).cycles(1);
        b.codelet("step", ctx -> { }).deps(1).reset(1).cycles(10);
        RunContext run2 = contextOf(Program.of("fan", b.build(), () -> new long[1], null));
        InstanceRef root2 = InstanceRef.of(0, run2.program.root(), new long[1], 0, 0);
        RunVerifier.Log log2 = run2.verifier.log(0);
        int step = run2.program.root().indexOf("step");
        int slot = run2.program.root().enablingSlot(step);
        log2.firing(root2, 1 - step, 0, 0, 1, 1);
        log2.signal(root2, slot, 1, 0, root2, 1 - step, 0);
        log2.signal(root2, slot, 1, 0, root2, 1 - step, 0);
        log2.firing(root2, step, 0, 1, 11, 2);
        log2.firing(root2, step, 1, 2, 12, 3);
        String v2 = run2.verifier.check(run2, root2);
        assertNotNull(v2);
        assertEquals("'fan#0.step' fired concurrently with itself: firing 0 on core 2 ran cycles 1..11 and firing 1"
                + " on core 3 ran cycles 2..12", v2);
    }

    @Test
    void verifyFailsAFiringThatStartsBeforeTheSignalThatEnabledItArrives() {
        RunContext run = contextOf(oneCodelet());
        InstanceRef root = InstanceRef.of(0, run.program.root(), new long[1], 0, 0);
        RunVerifier.Log log = run.verifier.log(0);
        log.firing(root, 0, 0, 0, 10, 1);
        log.signal(root, 0, 10, 0, root, 0, 0);
        log.firing(root, 0, 1, 7, 17, 1);
        String v = run.verifier.check(run, root);
        assertNotNull(v);
        assertTrue(v.contains("firing 1 of 'solo#0.step' started at cycle 7 before the signal that enabled it"
                + " arrived at cycle 10, sent by firing 0 of 'solo#0.step'"), v);
    }

    @Test
    void verifyPassesEveryCorrectScheduleWithoutChangingTheResult() {
        Programs.Graph g = Programs.random(300, 7, 3);
        RunResult plain = sim.run(g.program(), mesh4, RunOptions.defaults());
        RunResult checked = sim.run(g.program(), mesh4, RunOptions.defaults().withVerify(true));
        assertEquals(RunResult.Status.OK, checked.status(), checked.message());
        assertEquals(plain.makespanCycles(), checked.makespanCycles());
        assertEquals(plain.message(), checked.message());
        assertEquals(plain.codeletsFired(), checked.codeletsFired());
        // report's DeterminismTest compares the two runs' report.json and trace.json byte for byte
    }

    // ---- checks before the run -----------------------------------------------------------------

    @Test
    void aCodeletRequiringACapabilityNoCuHasFailsTheCheck() {
        Dag.Builder<long[]> g = Dag.builder("accel");
        g.task("plain", ctx -> { }).cycles(1);
        g.task("needs-gpu", ctx -> { }).cycles(1).requires("gpu");
        Program<long[]> p = g.build(() -> new long[1], null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Simulator.check(p, ideal));
        assertTrue(e.getMessage().contains("'needs-gpu'") && e.getMessage().contains("gpu"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sim.run(p, ideal, RunOptions.defaults()));
    }

    @Test
    void oneCodeNameWithTwoSizesOrPlacementsFailsTheCheck() {
        Dag.Builder<long[]> g = Dag.builder("twice");
        g.task("a", ctx -> { }).cycles(1).code(CodeObject.of("kernel", 512, Placement.CACHED));
        g.task("b", ctx -> { }).cycles(1).code(CodeObject.of("kernel", 1024, Placement.CACHED));
        Program<long[]> p = g.build(() -> new long[1], null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Simulator.check(p, ideal));
        assertTrue(e.getMessage().contains("'kernel'") && e.getMessage().contains("512 bytes")
                && e.getMessage().contains("1024 bytes") && e.getMessage().contains("'b'"), e.getMessage());

        Dag.Builder<long[]> g2 = Dag.builder("placed");
        g2.task("a", ctx -> { }).cycles(1).code(CodeObject.of("kernel", 512, Placement.CACHED));
        g2.task("b", ctx -> { }).cycles(1).code(CodeObject.of("kernel", 512, Placement.LOCAL));
        Program<long[]> p2 = g2.build(() -> new long[1], null);
        assertThrows(IllegalArgumentException.class, () -> Simulator.check(p2, ideal));
        // A placement override that makes them one function is fine.
        Simulator.check(p2, ideal, RunOptions.defaults().withPlacements(Map.of("kernel", Placement.LOCAL)));
    }

    @Test
    void aDynamicProcedureReusingACodeNameWithAnotherSizeFailsTheRunWhenInvoked() {
        TpDefinition.Builder<long[]> leaf = TpDefinition.builder("leaf");
        leaf.codelet("work", ctx -> { }).cycles(5).code(CodeObject.of("kernel", 2048, Placement.CACHED));
        TpDefinition<long[]> leafDef = leaf.build();
        TpDefinition.Builder<long[]> root = TpDefinition.builder("main");
        root.codelet("spawn", ctx -> ctx.invoke(leafDef, new long[1])).cycles(5)
                .code(CodeObject.of("kernel", 512, Placement.CACHED));
        RunResult r = sim.run(Program.of("dyn", root.build(), () -> new long[1], null), ideal, RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status(), r.message());
        assertTrue(r.message().contains("'kernel'") && r.message().contains("leaf"), r.message());
    }

    @Test
    void anUnknownKeyInWithPlacementsFailsTheCheckListingTheKnownOnes() {
        Dag.Builder<long[]> g = Dag.builder("placed");
        g.task("a", ctx -> { }).cycles(1).code(CodeObject.of("kernel", 512, Placement.CACHED));
        Program<long[]> p = g.build(() -> new long[1], null);
        RunOptions typo = RunOptions.defaults().withPlacements(Map.of("kernal", Placement.LOCAL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.run(p, ideal, typo));
        assertTrue(e.getMessage().contains("'kernal'") && e.getMessage().contains("kernel"), e.getMessage());
        Simulator.check(p, ideal, RunOptions.defaults().withPlacements(Map.of("*", Placement.LOCAL)));
    }

    @Test
    void invokeWithANullFrameIsRefusedAtTheCallNamingTheCodelet() {
        TpDefinition.Builder<long[]> leaf = TpDefinition.builder("leaf");
        leaf.codelet("work", ctx -> { }).cycles(5);
        TpDefinition<long[]> leafDef = leaf.build();
        TpDefinition.Builder<long[]> root = TpDefinition.builder("main");
        root.codelet("spawn", ctx -> ctx.invoke(leafDef, null)).cycles(5);
        RunResult r = sim.run(Program.of("nul", root.build(), () -> new long[1], null), ideal, RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status(), r.message());
        assertTrue(r.message().contains("'main#0.spawn'") && r.message().contains("null frame"), r.message());
    }

    /** A parent whose child hands back one of its slots and exits; the parent signals it afterwards. */
    static final class Parent {
        final SlotRef[] childSlot = new SlotRef[1];
    }

    static Program<Parent> signalsAnExitedChild() {
        TpDefinition.Builder<Object[]> child = TpDefinition.builder("child");
        CodeletHandle[] later = new CodeletHandle[1];
        child.codelet("start", ctx -> {
            Object[] f = ctx.frame();
            ((SlotRef[]) f[0])[0] = ctx.slotOf(later[0]);
            ctx.signal((SlotRef) f[1]);
            ctx.exit();
        }).cycles(5);
        later[0] = child.codelet("later", ctx -> { }).deps(1).cycles(5);
        TpDefinition<Object[]> childDef = child.build();
        TpDefinition.Builder<Parent> b = TpDefinition.builder("parent");
        CodeletHandle[] late = new CodeletHandle[1];
        b.codelet("spawn", ctx -> ctx.invoke(childDef, new Object[] {ctx.frame().childSlot,
                ctx.slotOf(late[0])})).cycles(5);
        late[0] = b.codelet("late", ctx -> ctx.signal(ctx.frame().childSlot[0])).deps(1).cycles(50);
        return Program.of("exited", b.build(), Parent::new, null);
    }

    @Test
    void signallingAnExitedInstanceFailsTheRunNamingTheSlotInstanceAndSignaller() {
        for (Target t : List.of(ideal, mesh4)) {
            RunResult r = sim.run(signalsAnExitedChild(), t, RunOptions.defaults());
            assertEquals(RunResult.Status.FAILED, r.status(), r.message());
            String m = r.message();
            assertTrue(m.contains("slot 'later' of child#"), m);
            assertTrue(m.contains("signalled by 'parent#0.late'"), m);
            assertTrue(m.contains("after the instance exited"), m);
        }
    }

    @Test
    void aCheckThatThrowsIsAFailedCheckWithItsMessage() {
        Dag.Builder<long[]> g = Dag.builder("checked");
        g.task("a", ctx -> ctx.frame()[0] = 1).cycles(1);
        Program<long[]> p = g.build(() -> new long[1], f -> {
            throw new IllegalStateException("reference table missing");
        });
        RunResult r = sim.run(p, ideal, RunOptions.defaults());
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals(CheckResult.Status.FAILED, r.check().status());
        assertTrue(r.check().message().contains("reference table missing"), r.check().message());
        assertTrue(!r.succeeded());
    }

    // ---- diagnostics ---------------------------------------------------------------------------

    private static void explode(int depth) {
        if (depth == 0) {
            throw new ArithmeticException("division by zero in block 3");
        }
        explode(depth - 1);
    }

    @Test
    void aFailedRunKeepsTheBodysExceptionAndItsTopFrames() {
        Dag.Builder<long[]> g = Dag.builder("boom");
        g.task("explodes", ctx -> explode(2)).cycles(10);
        RunResult r = sim.run(g.build(() -> new long[1], null), ideal, RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.failure() instanceof ArithmeticException, String.valueOf(r.failure()));
        List<String> frames = r.failureFrames();
        assertEquals(4, frames.size(), frames.toString());   // explode x3, then the body's lambda
        assertTrue(frames.get(0).startsWith("io.edarts.scheduler.ScheduleRulesTest.explode(ScheduleRulesTest.java:"),
                frames.toString());
        assertTrue(frames.get(3).contains("lambda$aFailedRunKeepsTheBodysExceptionAndItsTopFrames"), frames.toString());
        assertTrue(frames.stream().noneMatch(f -> f.contains("ComputationUnit") || f.contains("akka")), frames.toString());
        RunResult fine = sim.run(Programs.random(10, 1, 2).program(), ideal, RunOptions.defaults());
        assertEquals(List.of(), fine.failureFrames());
    }

    @Test
    void anOverSignalNamesTheSignaller() {
        TpDefinition.Builder<long[]> b = TpDefinition.builder("over");
        CodeletHandle[] h = new CodeletHandle[2];
        h[0] = b.codelet("twice", ctx -> {
            ctx.signal(ctx.slotOf(h[1]));
            ctx.signal(ctx.slotOf(h[1]));
        }).cycles(5);
        h[1] = b.codelet("once", ctx -> { }).deps(1).reset(0).cycles(500);
        RunResult r = sim.run(Program.of("over", b.build(), () -> new long[1], null), ideal, RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status(), r.message());
        assertTrue(r.message().contains("slot 'once' of over#0 was signalled by 'over#0.twice' after reaching zero"),
                r.message());
    }

    @Test
    void instancesAreLabelledFromTheirFrameAndTheRootIsNamedLikeTheOthers() {
        TpDefinition.Builder<int[]> leaf = TpDefinition.builder("leaf");
        leaf.label(f -> "lo=" + f[0] + ",hi=" + f[1]);
        leaf.codelet("work", ctx -> {
            if (ctx.frame()[0] == 4) {
                throw new IllegalStateException("bad half");
            }
        }).cycles(5);
        TpDefinition<int[]> leafDef = leaf.build();
        Dag.Builder<int[]> g = Dag.builder("split");
        g.task("spawn", ctx -> {
            ctx.invoke(leafDef, new int[] {0, 4});
            ctx.invoke(leafDef, new int[] {4, 8});
        }).cycles(5);
        RunResult r = sim.run(g.build(() -> new int[1], null), ideal, RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status(), r.message());
        assertTrue(r.message().matches(".*codelet 'leaf\\[lo=4,hi=8\\]#\\d+\\.work'.*"), r.message());

        Dag.Builder<long[]> stuck = Dag.builder("stuck");
        stuck.task("waits", ctx -> { }).deps(1).cycles(1);
        RunResult d = sim.run(stuck.build(() -> new long[1], null), ideal, RunOptions.defaults());
        assertEquals(RunResult.Status.DEADLOCKED, d.status());
        assertEquals(List.of("stuck#0.waits (slot count 1 of 1)"), d.unfired());
    }

    @Test
    void ctxCycleIsTheFiringsStartAndTheCheckSeesTheMakespan() {
        Dag.Builder<long[]> g = Dag.builder("clocked");
        CodeletHandle a = g.task("a", ctx -> ctx.frame()[0] = ctx.cycle()).cycles(10);
        CodeletHandle b = g.task("b", ctx -> ctx.frame()[1] = ctx.cycle()).cycles(20);
        CodeletHandle c = g.task("c", ctx -> ctx.frame()[2] = ctx.cycle()).cycles(30);
        a.precede(b);
        b.precede(c);
        Program<long[]> p = g.build(() -> new long[3], null).withCheck((f, makespan) ->
                f[0] == 0 && f[1] == 10 && f[2] == 30 && makespan == 60 ? CheckResult.passed("clocked")
                        : CheckResult.failed(java.util.Arrays.toString(f) + " in " + makespan));
        RunResult r = sim.run(p, ideal, RunOptions.defaults());
        assertEquals(CheckResult.Status.PASSED, r.check().status(), r.check().message());
    }
}
