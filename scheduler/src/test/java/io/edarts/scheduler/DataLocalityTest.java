package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.BufferHandle;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import io.edarts.cam.CoreModel;
import io.edarts.cam.CoreRole;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduling that sees data: the view's estimate of a placement's data movement is the target's own
 * uncontended cost of the codelet's declared buffers from that core, and {@code data-locality}
 * places a codelet on its data's core. On the ideal machine with a test target whose data cost is a
 * plain function of the distance, so the estimate can be computed independently.
 */
class DataLocalityTest {
    private static Simulator sim;
    private static Machine ideal;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
        ideal = MachineLoader.load("ideal", List.of());
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    /** The unlimited plan's address map: core index times 2^32 plus an offset; DRAM from 2^62. */
    private static final long CORE_SPAN = 1L << 32;
    private static final long EXTERNAL = 1L << 62;

    /** Ideal costs, but data priced: per element (7 + 5 x hops) to read, (2 + hops) to write, DRAM at 6 hops. */
    static final class DistanceTarget implements Target {
        final SimpleTarget base;

        DistanceTarget(Machine m) {
            this.base = SimpleTarget.ideal(m);
        }

        static long cost(Machine m, int core, long address, long count, boolean write) {
            int owner = address >= EXTERNAL ? -1 : (int) (address / CORE_SPAN);
            if (owner == core) {
                return 0;
            }
            int hops = owner < 0 ? 6 : m.hops(core, owner);
            return count * (write ? 2 + hops : 7 + 5L * hops);
        }

        @Override public Machine machine() { return base.machine(); }
        @Override public long decisionCycles(int su, int candidates) { return base.decisionCycles(su, candidates); }
        @Override public long messageCycles(int from, int to, int bytes) { return base.messageCycles(from, to, bytes); }
        @Override public CoreModel coreModel(int core) { return base.coreModel(core); }
        @Override public String describe() { return "ideal with priced data"; }

        @Override
        public long dataCycles(int core, long address, int elementBytes, long count, boolean write) {
            return cost(machine(), core, address, count, write);
        }
    }

    private static final class Frame {
        final int[] a = new int[100];
        final float[] b = new float[50];
        final long[] c = new long[10];
    }

    @Test
    void theViewsEstimateIsTheTargetsCostOfEachDeclaredBufferFromThatCore() {
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("data");
        BufferHandle<int[]> a = tp.buffer("a", BufferPlace.core(1, 1), f -> f.a);
        BufferHandle<float[]> b = tp.buffer("b", BufferPlace.external(), f -> f.b);
        BufferHandle<long[]> c = tp.buffer("c", BufferPlace.core(2, 3), f -> f.c);
        BufferHandle<float[]> s = tp.scratch("s", BufferPlace.firingCore(), float[].class, 64);
        tp.codelet("k", ctx -> { }).reads(a, s, b, a).writes(c);
        tp.codelet("blind", ctx -> { });
        Program<Frame> p = Program.of("data", tp.build(), Frame::new, null);
        DistanceTarget t = new DistanceTarget(ideal);
        RunContext run = new RunContext(p, t, RunOptions.defaults());
        InstanceRef root = InstanceRef.of(0, p.root(), new Frame(), 0, 0, null, run.rootMemory());
        int k = p.root().indexOf("k");
        int checked = 0;
        for (int core = 0; core < ideal.coreCount(); core++) {
            if (ideal.role(core) != CoreRole.CU) {
                continue;
            }
            long want = DistanceTarget.cost(ideal, core, run.bufferAddress(root, a, core, 0), 100, false)
                    + DistanceTarget.cost(ideal, core, run.bufferAddress(root, b, core, 0), 50, false)
                    + DistanceTarget.cost(ideal, core, run.bufferAddress(root, c, core, 0), 10, true);
            assertEquals(want, run.dataCycles(root, k, core), "core " + core);
            assertEquals(0, run.dataCycles(root, p.root().indexOf("blind"), core), "no declared data");
            checked++;
        }
        assertEquals(ideal.cuCount(), checked);
        // a is read by core (1,1) at no cost: only b and c count there
        int home = ideal.core(1, 1);
        assertEquals(DistanceTarget.cost(ideal, home, EXTERNAL, 50, false)
                + DistanceTarget.cost(ideal, home, ideal.core(2, 3) * CORE_SPAN, 10, true), run.dataCycles(root, k, home));
    }

    /** Four sums, each over a block held by another core than the one round-robin would deal it to. */
    private static Program<int[]> scattered(int[] owners) {
        TpDefinition.Builder<int[]> tp = TpDefinition.builder("scattered");
        CodeletHandle total = tp.codelet("total", ctx -> { }).cycles(1);
        for (int j = 0; j < owners.length; j++) {
            int me = j;
            BufferHandle<int[]> blk = tp.scratch("blk" + j, BufferPlace.core(ideal.row(owners[j]), ideal.col(owners[j])),
                    int[].class, 256);
            tp.codelet("sum" + j, ctx -> {
                ctx.read(blk, 0, 256);
                ctx.frame()[me] = ctx.core();
            }).reads(blk).cycles(100).precede(total);
        }
        return Program.of("scattered", tp.build(), () -> new int[owners.length], f -> CheckResult.passed("ran"));
    }

    private static int[] ranOn(String policy, int[] owners) {
        int[][] seen = new int[1][];
        RunResult r = sim.run(scattered(owners).withCheck((f, makespan) -> {
            seen[0] = f.clone();
            return CheckResult.passed("ran");
        }), new DistanceTarget(ideal), RunOptions.defaults().withPolicy(policy));
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        return seen[0];
    }

    @Test
    void dataLocalityPlacesEachCodeletOnItsDatasCoreAndTheBlindPoliciesDoNot() {
        int[] owners = {ideal.core(2, 1), ideal.core(1, 1), ideal.core(3, 2), ideal.core(1, 3)};
        assertArrayEquals(owners, ranOn("data-locality", owners));
        assertArrayEquals(owners, ranOn("data-locality", owners), "deterministic");
        for (String blind : List.of("round-robin", "least-loaded")) {
            int[] got = ranOn(blind, owners);
            for (int j = 0; j < owners.length; j++) {
                assertTrue(got[j] != owners[j], blind + " put sum" + j + " on its data's core " + owners[j]
                        + " though it never looks at data");
            }
        }
    }

    @Test
    void declaringABufferOfAnotherProcedureNamesTheCodelet() {
        TpDefinition.Builder<int[]> one = TpDefinition.builder("one");
        BufferHandle<int[]> foreign = one.scratch("x", BufferPlace.external(), int[].class, 4);
        TpDefinition.Builder<int[]> two = TpDefinition.builder("two");
        CodeletHandle h = two.codelet("k", ctx -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.reads(foreign));
        assertTrue(e.getMessage().contains("codelet 'k' reads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> h.writes((BufferHandle<?>) null));
    }
}
