package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Charge;
import io.edarts.cam.CodeEvent;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import io.edarts.cam.CoreModel;
import io.edarts.cam.Counters;
import io.edarts.cam.FiringCost;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import io.edarts.cam.Work;
import io.edarts.epiphany.memory.MeshGeometry;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpiphanyTargetTest {
    private final Machine m = Machines.parallella16();
    private final EpiphanyTarget t = EpiphanyTarget.create(m);
    private final MeshGeometry g = t.geometry();

    /** The 256-byte local function "body" running the given instruction mix. */
    private static Work.Builder work(long ialu, long fpu, long ls, long br) {
        return Work.builder(CodeObject.of("body", 256, Placement.LOCAL)).instructions(ialu, fpu, ls, br);
    }

    private static Charge fire(CoreModel model, Work.Builder w, long start) {
        return model.fire(w.build(), start);
    }

    @Test
    void theFactoryPicksTheModelTheMachineAsksFor() {
        assertInstanceOf(EpiphanyTarget.class, Targets.forMachine(m));
        assertInstanceOf(SimpleTarget.class, Targets.forMachine(Machines.load("ideal")));
        Target simple = Targets.forMachine(Machines.parallella16("target=simple-mesh"));
        assertTrue(simple.describe().startsWith("simple-mesh"), simple.describe());
        assertThrows(IllegalArgumentException.class, () -> EpiphanyTarget.create(Machines.load("ideal")));
    }

    @Test
    void remoteCodeCostsMoreThanLocalCodeAndMoreTheFurtherAway() {
        int core = g.core(3, 3);
        Work.Builder w = work(600, 200, 300, 50);
        FiringCost local = fire(t.coreModel(core), w, 0).cost();
        assertEquals(0, local.code());
        long previous = 0;
        for (int home : new int[] {g.core(3, 2), g.core(2, 2), g.core(1, 1), g.core(0, 0)}) {
            w.codeHomeCore(home);
            FiringCost remote = fire(t.coreModel(core), w, 0).cost();
            assertEquals(local.body(), remote.body());
            assertTrue(remote.code() > previous, "home " + home + ": " + remote.code() + " <= " + previous);
            assertEquals(local.ideal(), remote.ideal());
            previous = remote.code();
        }
        w.codeHomeCore(-1);
        w.code(CodeObject.of("body", 256, Placement.GLOBAL));
        FiringCost dram = fire(t.coreModel(core), w, 0).cost();
        assertTrue(dram.code() > 10 * previous, "DRAM " + dram.code() + " vs core (0,0) " + previous);
    }

    /**
     * What earliest-finish is told a firing costs: exactly the core model's charge of the firing alone
     * for code that stays where it is (local, homed in another core, global), the body alone for a
     * cached object the core holds, and for one it must copy in the charge of the miss within the cache
     * manager's table work, which the estimate leaves out.
     */
    @Test
    void estimatesAreTheChargeOfTheFiringAloneCountingWhereTheCodeIs() {
        int core = g.core(2, 1);
        Work.Builder w = work(600, 200, 300, 50).declaredCycles(40).signals(2);
        assertEquals(fire(t.coreModel(core), w, 0).cost().total(), t.estimateCycles(core, w.build(), false));
        w.codeHomeCore(g.core(0, 3));
        assertEquals(fire(t.coreModel(core), w, 0).cost().total(), t.estimateCycles(core, w.build(), false));
        w.codeHomeCore(-1).code(CodeObject.of("body", 256, Placement.GLOBAL));
        long global = t.estimateCycles(core, w.build(), false);
        assertEquals(fire(t.coreModel(core), w, 0).cost().total(), global);
        w.code(CodeObject.of("kernel", 2048, Placement.CACHED));
        CoreModel model = t.coreModel(core);
        Charge miss = fire(model, w, 0);
        assertEquals(CodeEvent.CACHE_MISS, miss.codeEvent());
        long copy = t.estimateCycles(core, w.build(), false);
        long held = t.estimateCycles(core, w.build(), true);
        assertEquals(miss.cost().total() - miss.cost().code(), held, "held: no code cycles");
        long managerWork = miss.cost().total() - copy;
        assertTrue(managerWork >= 0 && managerWork < 0.05 * miss.cost().code(),
                "miss charged " + miss.cost().total() + ", estimated " + copy);
        assertTrue(copy > held + 512 * t.timing().readCycles(core, g.dramNode(), 4), "a copy of 512 words from DRAM");
    }

    @Test
    void remoteFetchStallsAreOneRemoteReadPerEightByteLine() {
        int core = g.core(1, 2);
        Work.Builder w = work(1000, 0, 0, 0).codeHomeCore(g.core(0, 0));
        Charge c = fire(t.coreModel(core), w, 0);
        long lines = (long) Math.ceil(1000 * 3.2 / 8);
        assertEquals(lines * t.timing().readCycles(core, 0, 8), c.cost().code());
    }

    @Test
    void remoteLoadsStallForTheRoundTripWhileRemoteStoresArePosted() {
        int core = g.core(2, 1);
        long remote = g.globalAddress(g.core(0, 3), 0x4000);
        Work.Builder loads = work(0, 0, 0, 0);
        Work.Builder stores = work(0, 0, 0, 0);
        Work.Builder locals = work(0, 0, 0, 0);
        for (int i = 0; i < 10; i++) {
            loads.access(remote, 8, false);
            stores.access(remote, 8, true);
            locals.access(0x4000, 8, false);
        }
        CoreModel model = t.coreModel(core);
        FiringCost l = fire(model, loads, 0).cost();
        FiringCost s = fire(model, stores, 0).cost();
        FiringCost o = fire(model, locals, 0).cost();
        assertEquals(o.body(), s.body());
        assertEquals(o.body() + 10 * t.timing().readCycles(core, g.core(0, 3), 8), l.body());
        assertTrue(model.counters().extLoadStalls > 0);
    }

    @Test
    void dramLoadsCostFarMoreThanLoadsFromAnotherCore() {
        int core = g.core(1, 1);
        Work.Builder near = work(0, 0, 0, 0);
        near.access(g.globalAddress(g.core(3, 3), 0x100), 4, false);
        Work.Builder far = work(0, 0, 0, 0);
        far.access(0x8f00_0000L, 4, false);
        CoreModel model = t.coreModel(core);
        long n = fire(model, near, 0).cost().body();
        long f = fire(model, far, 0).cost().body();
        assertTrue(f > 10 * n, "DRAM " + f + " vs core " + n);
    }

    /**
     * What a data-aware policy is told a placement's data costs: exactly the data stalls the core
     * model charges a firing alone for the same accesses, against the same accesses to its own bank.
     */
    @Test
    void dataCyclesAreTheCoreModelsStallsForTheseAccessesAgainstLocalOnes() {
        int core = g.core(2, 1);
        long[] places = {g.globalAddress(g.core(0, 3), 0x4000), g.globalAddress(g.core(2, 2), 0x2000),
                g.dramAddress(0x10_0000), g.globalAddress(core, 0x4000), 0x4000};
        for (long at : places) {
            for (boolean write : new boolean[] {false, true}) {
                for (int bytes : new int[] {4, 8}) {
                    int n = 300;
                    Work.Builder there = work(0, 0, 0, 0);
                    Work.Builder here = work(0, 0, 0, 0);
                    for (int i = 0; i < n; i++) {
                        there.access(at + (long) i * bytes, bytes, write);
                        here.access(0x4000 + (long) i * bytes, bytes, write);
                    }
                    long stalls = fire(t.coreModel(core), there, 0).cost().body()
                            - fire(t.coreModel(core), here, 0).cost().body();
                    assertEquals(stalls, t.dataCycles(core, at, bytes, n, write), Long.toHexString(at) + " write "
                            + write + " " + bytes + " B");
                }
            }
        }
        assertTrue(t.dataCycles(core, g.dramAddress(0), 4, 100, false) > 100 * 500, "DRAM reads are ~540 cycles");
        assertEquals(0, t.dataCycles(core, g.globalAddress(g.core(0, 3), 0), 4, 100, true), "posted on-chip stores");
        assertThrows(IllegalArgumentException.class, () -> t.dataCycles(core, 0, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> t.dataCycles(core, 0, 4, -1, false));
    }

    @Test
    void aBurstOfDramStoresIsPacedByTheElink() {
        Work.Builder w = work(0, 0, 0, 0);
        for (int i = 0; i < 50; i++) {
            w.access(0x8f00_0000L + 8L * i, 8, true);
        }
        long body = fire(t.coreModel(0), w, 0).cost().body();
        // 50 posted stores cannot leave faster than 9.28 cycles each (reference.conf)
        assertTrue(body >= 49 * 9, "body " + body);
        assertTrue(body <= 50 * 10 + 1, "body " + body);
    }

    @Test
    void cachedCodeIsCopiedOnTheFirstCallAndCheapAfterwards() {
        Work.Builder w = work(100, 0, 0, 0).code(CodeObject.of("body", 512, Placement.CACHED));
        CoreModel model = t.coreModel(5);
        long miss = fire(model, w, 0).cost().code();
        long hit = fire(model, w, 10_000).cost().code();
        assertTrue(miss > 128 * t.timing().readCycles(5, g.dramNode(), 4), "miss " + miss);
        assertTrue(hit > 0 && hit < 100, "hit " + hit);
    }

    @Test
    void codeEventsAndStatsReportMissesHitsEvictionsAndInPlaceRuns() {
        CoreModel model = t.coreModel(7);
        Work.Builder a = work(50, 0, 0, 0).code(CodeObject.of("a", 1600, Placement.CACHED));
        Charge miss = fire(model, a, 0);
        assertEquals(CodeEvent.CACHE_MISS, miss.codeEvent());
        assertEquals("cache miss", miss.codeEvent().label());
        assertTrue(miss.codeResident());
        Charge hit = fire(model, a, 100_000);
        assertEquals(CodeEvent.NONE, hit.codeEvent());
        Work.Builder b = work(50, 0, 0, 0).code(CodeObject.of("b", 1600, Placement.CACHED));
        Charge second = fire(model, b, 200_000);
        // 3 x 1600 > the 4096-byte code space: the eSDK flushes a and b
        Work.Builder c = work(50, 0, 0, 0).code(CodeObject.of("c", 1600, Placement.CACHED));
        Charge third = fire(model, c, 300_000);
        assertEquals(java.util.List.of("a", "b"), third.evicted());
        Work.Builder g = work(50, 0, 0, 0).code(CodeObject.of("body", 256, Placement.GLOBAL));
        Charge global = fire(model, g, 400_000);
        assertTrue(!global.codeResident());
        io.edarts.cam.CodeStats st = model.codeStats();
        assertEquals(1, st.hits);
        assertEquals(3, st.misses);
        assertEquals(2, st.evictions);
        assertEquals(3 * 1600, st.bytesCopied);
        assertEquals(1, st.inPlace);
        // cache-manager and copy cycles only: the global body's fetch stalls are not code movement
        assertEquals(miss.cost().code() + hit.cost().code() + second.cost().code() + third.cost().code(), st.cycles);
        assertTrue(global.cost().code() > 0);
    }

    @Test
    void coreModelsShareNoStateSoInterleavingDoesNotChangeCharges() {
        Work.Builder w = work(100, 20, 30, 5).code(CodeObject.of("body", 300, Placement.CACHED));
        CoreModel a1 = t.coreModel(1);
        Charge first = fire(a1, w, 0);
        Charge second = fire(a1, w, 500);
        CoreModel a2 = t.coreModel(1);
        CoreModel other = t.coreModel(2);
        assertEquals(first.cost().total(), fire(a2, w, 0).cost().total());
        fire(other, w, 100);
        fire(other, w, 200);
        assertEquals(second.cost().total(), fire(a2, w, 500).cost().total());
    }

    @Test
    void countersFollowTheCtimerModes() {
        CoreModel model = t.coreModel(3);
        Work.Builder w = work(40, 10, 20, 2);
        Charge c = fire(model, w, 100);
        Counters k = model.counters();
        assertEquals(100, k.idle);
        assertEquals(100 + c.cost().total(), k.clock);
        assertEquals(10, k.fpu);
        assertEquals(10, k.dualIssue);
        fire(model, w, k.clock + 50);
        assertEquals(150, model.counters().idle);
    }

    @Test
    void messagesPayHopsAndSerialization() {
        assertEquals(0, t.messageCycles(5, 5, 8));
        long one = t.messageCycles(0, 1, 8);
        long six = t.messageCycles(0, 15, 8);
        assertEquals(3, one); // 1.5 cycles + 1 cycle of data, rounded up
        assertEquals(10, six); // 9 + 1
        assertTrue(t.messageCycles(0, 15, 64) > six);
        assertEquals(24 + 2 * 3, t.decisionCycles(0, 3));
        assertThrows(IllegalArgumentException.class, () -> t.messageCycles(0, 16, 8));
    }

    @Test
    void badWorkIsRejectedWithTheOffendingValue() {
        Work.Builder w = work(-1, 0, 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fire(t.coreModel(0), w, 0));
        assertTrue(e.getMessage().contains("ialu -1"), e.getMessage());
        Work.Builder bad = work(1, 0, 0, 0);
        bad.access(0x9000_0000L, 4, false);
        assertThrows(IllegalArgumentException.class, () -> fire(t.coreModel(0), bad, 0));
        assertThrows(IllegalArgumentException.class, () -> t.coreModel(16));
    }

    @Test
    void fireAllocatesOnlyItsAnswerOnceWarm() {
        // contention off: the answer is two small immutable records (Charge, FiringCost), about 90 bytes
        assertAllocatesAtMost(EpiphanyTarget.create(MachineLoader.load("parallella16",
                List.of("epiphany.contention=off"))), 128);
        // contention on: plus the firing's script for the mesh, one op per run of remote work (here 5:
        // dispatch, the code run in place, a load, a store, the signal), never one per line or per access
        assertAllocatesAtMost(t, 384);
    }

    private void assertAllocatesAtMost(EpiphanyTarget target, long perFiring) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CoreModel model = target.coreModel(6);
        Work.Builder b = work(500, 100, 200, 20);
        b.access(g.globalAddress(0, 0x100), 8, false);
        b.access(g.globalAddress(9, 0x100), 8, true);
        b.access(0x100, 8, false);
        b.codeHomeCore(0);
        Work w = b.build();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += model.fire(w, i * 10_000L).cost().total();
        }
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            sum += model.fire(w, (20_000L + i) * 10_000L).cost().total();
        }
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 100_000L * perFiring, "allocated " + allocated + " bytes in 100k firings");
        assertTrue(sum > 0);
    }
}
