package io.edarts.epiphany.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Charge;
import io.edarts.cam.CodeObject;
import io.edarts.cam.CoreModel;
import io.edarts.cam.Interconnect;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.cam.Work;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared mesh of a run: alone it charges what the core model charges; shared, it only adds. */
class ContendedMeshTest {
    private final EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of()));
    private final MeshGeometry g = t.geometry();

    private Interconnect mesh() {
        return t.newInterconnect().orElseThrow();
    }

    private static long runToIdle(Interconnect ic) {
        long steps = 0;
        while (ic.nextEventCycle() != Long.MAX_VALUE) {
            ic.step();
            steps++;
        }
        return steps;
    }

    /** Ends of the given firings, each started at cycle 0 on its core, all on one mesh. */
    private long[] fireTogether(int[] cores, Charge[] charges) {
        Interconnect ic = mesh();
        long[] end = new long[cores.length];
        for (int i = 0; i < cores.length; i++) {
            int k = i;
            ic.fire(cores[i], charges[i], 0, c -> end[k] = c);
        }
        runToIdle(ic);
        return end;
    }

    private static Work.Builder remoteCode(int home, long instructions) {
        return Work.builder(CodeObject.of("loop", 256, Placement.LOCAL)).instructions(instructions, 0, 0, 1)
                .codeHomeCore(home);
    }

    private List<Work> variety(int core) {
        List<Work> out = new ArrayList<>();
        out.add(Work.builder(CodeObject.of("local", 256, Placement.LOCAL)).instructions(100, 50, 20, 5).build());
        out.add(remoteCode(core == 0 ? 5 : 0, 400).build());
        out.add(Work.builder(CodeObject.of("dram", 512, Placement.GLOBAL)).instructions(300, 0, 10, 4).build());
        out.add(Work.builder(CodeObject.of("cached", 1024, Placement.CACHED)).instructions(200, 0, 0, 2).build());
        Work.Builder data = Work.builder(CodeObject.of("data", 256, Placement.LOCAL)).instructions(50, 0, 0, 1);
        int peer = core == 15 ? 3 : 15;
        data.access(g.globalAddress(peer, 0x2000), 8, false);
        data.access(g.globalAddress(peer, 0x2008), 4, true);
        data.access(g.dramBase() + 64, 8, false);
        data.access(g.dramBase() + 128, 8, true);
        data.access(g.dramBase() + 136, 8, true);
        data.access(0x100, 8, false);
        out.add(data.build());
        return out;
    }

    @Test
    void aFiringAloneOnTheMeshTakesExactlyItsCharge() {
        for (int core = 1; core < g.coreCount(); core++) {
            CoreModel model = t.coreModel(core);
            long start = 0;
            for (Work w : variety(core)) {
                Charge c = model.fire(w, start);
                Interconnect ic = mesh();
                long[] end = {-1};
                ic.fire(core, c, start, e -> end[0] = e);
                runToIdle(ic);
                assertEquals(start + c.cost().total(), end[0], "core " + core + ", " + w.code().name() + ": " + c.traffic());
                start += c.cost().total() + 7;
            }
        }
    }

    @Test
    void aMessageAloneTakesExactlyTheTargetsMessageCycles() {
        for (int from = 0; from < g.coreCount(); from++) {
            for (int to = 0; to < g.coreCount(); to++) {
                for (int bytes : new int[] {0, 8, 24, 64}) {
                    Interconnect ic = mesh();
                    long[] at = {-1};
                    ic.send(from, to, bytes, 100, c -> at[0] = c);
                    runToIdle(ic);
                    assertEquals(100 + t.messageCycles(from, to, bytes), at[0], from + "->" + to + ", " + bytes + " B");
                }
            }
        }
    }

    /** A codelet streaming {@code n} doublewords from {@code home}'s bank 2, back to back. */
    private Work stream(int home, int n) {
        Work.Builder b = Work.builder(CodeObject.of("stream", 256, Placement.LOCAL)).instructions(n, 0, 0, 1);
        for (int i = 0; i < n; i++) {
            b.access(g.globalAddress(home, 0x4000 + 8L * i), 8, false);
        }
        return b.build();
    }

    @Test
    void twoCoresStreamingFromOneCoresMemoryAtOnceSlowEachOtherAndDisjointOnesDoNot() {
        int home = g.core(0, 0);
        int a = g.core(0, 1);
        int b = g.core(1, 0);
        Charge ca = t.coreModel(a).fire(stream(home, 500), 0);
        Charge cb = t.coreModel(b).fire(stream(home, 500), 0);
        long aloneA = fireTogether(new int[] {a}, new Charge[] {ca})[0];
        long aloneB = fireTogether(new int[] {b}, new Charge[] {cb})[0];
        long[] both = fireTogether(new int[] {a, b}, new Charge[] {ca, cb});
        // Each reader has one read in flight (about 19 cycles a round trip) and (0,0)'s "into node"
        // rMesh port takes one request per 8 cycles, so two readers stay under its capacity: they meet
        // at the port when their requests collide, and the pair finishes later than either alone.
        assertTrue(both[0] >= aloneA && both[1] >= aloneB, "a reader ran faster sharing its home");
        assertTrue(Math.max(both[0], both[1]) > Math.max(aloneA, aloneB),
                "shared home: " + both[0] + "/" + aloneA + ", " + both[1] + "/" + aloneB);
        // A third reader passes the port's capacity (3 requests per round trip > 19/8): now every one waits.
        int c3 = g.core(1, 1);
        Charge cc3 = t.coreModel(c3).fire(stream(home, 500), 0);
        long[] three = fireTogether(new int[] {a, b, c3}, new Charge[] {ca, cb, cc3});
        assertTrue(three[0] > aloneA * 11 / 10 && three[1] > aloneB * 11 / 10, java.util.Arrays.toString(three));

        // code from two different homes along disjoint routes: (2,2) from (2,3), (3,0) from (3,1)
        int c = g.core(2, 2);
        int d = g.core(3, 0);
        Charge cc = t.coreModel(c).fire(stream(g.core(2, 3), 500), 0);
        Charge cd = t.coreModel(d).fire(stream(g.core(3, 1), 500), 0);
        long[] apart = fireTogether(new int[] {c, d}, new Charge[] {cc, cd});
        assertEquals(cc.cost().total(), apart[0]);
        assertEquals(cd.cost().total(), apart[1]);
    }

    @Test
    void allCoresFetchingFromOneHomeRunManyTimesSlowerThanOneAlone() {
        int home = 0;
        int n = g.coreCount() - 1;
        int[] cores = new int[n];
        Charge[] charges = new Charge[n];
        for (int i = 0; i < n; i++) {
            cores[i] = i + 1;
            charges[i] = t.coreModel(i + 1).fire(remoteCode(home, 10_000).build(), 0);
        }
        long[] ends = fireTogether(cores, charges);
        long worst = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(ends[i] >= charges[i].cost().total(), "core " + cores[i] + " ran faster than alone");
            worst = Math.max(worst, ends[i] * 100 / charges[i].cost().total());
        }
        // 15 readers share (0,0)'s single "into node" rMesh port, one request per 8 cycles
        assertTrue(worst > 300, "worst slowdown only " + worst + "%");
    }

    @Test
    void theSameCallsGiveTheSameCallbacks() {
        long[] first = null;
        for (int rep = 0; rep < 3; rep++) {
            int n = g.coreCount() - 1;
            int[] cores = new int[n];
            Charge[] charges = new Charge[n];
            for (int i = 0; i < n; i++) {
                cores[i] = i + 1;
                charges[i] = t.coreModel(i + 1).fire(remoteCode(0, 2000 + 37 * i).build(), 0);
            }
            long[] ends = fireTogether(cores, charges);
            if (first == null) {
                first = ends;
            } else {
                assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(ends));
            }
        }
    }

    /**
     * An owner's run, as an SU drives it: submissions at nondecreasing cycles, the mesh stepped up to
     * each, and every firing's end answered by a message to core 0 from the callback. Returns what
     * came back and when, then the number of steps.
     */
    private List<String> ownerRun(boolean promise, long seed, long[] steps) {
        return ownerRun(promise, seed, steps, false);
    }

    /** With {@code stepBefore}, the owner steps the mesh with {@link Interconnect#stepBefore} instead of nextEventCycle then step. */
    private List<String> ownerRun(boolean promise, long seed, long[] steps, boolean stepBefore) {
        Interconnect ic = mesh();
        if (promise) {
            ic.submitsInOrder();
        }
        java.util.Random rnd = new java.util.Random(seed);
        List<String> log = new ArrayList<>();
        boolean[] busy = new boolean[g.coreCount()];
        long cycle = 0;
        long n = 0;
        for (int op = 0; op < 400; op++) {
            cycle += rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(40);
            if (stepBefore) {
                while (ic.stepBefore(cycle)) {
                    n++;
                }
            } else {
                while (ic.nextEventCycle() < cycle) {
                    ic.step();
                    n++;
                }
            }
            int a = rnd.nextInt(g.coreCount());
            int b = rnd.nextInt(g.coreCount());
            String label = "op" + op;
            if (rnd.nextBoolean() || busy[a]) {
                ic.send(a, b, 1 + rnd.nextInt(24), cycle, c -> log.add(label + " delivered " + c));
            } else {
                List<Work> works = variety(a);
                Charge charge = t.coreModel(a).fire(works.get(rnd.nextInt(works.size())), cycle);
                busy[a] = true;
                ic.fire(a, charge, cycle, c -> {
                    busy[a] = false;
                    log.add(label + " fired until " + c);
                    ic.send(a, 0, 8, c, d -> log.add(label + " answered " + d));
                });
            }
        }
        while (ic.nextEventCycle() != Long.MAX_VALUE) {
            ic.step();
            n++;
        }
        steps[0] = n;
        return log;
    }

    @Test
    void steppingBeforeACycleIsNextEventThenStep() {
        for (boolean promise : new boolean[] {false, true}) {
            for (long seed = 1; seed <= 5; seed++) {
                long[] plain = new long[1];
                long[] fused = new long[1];
                List<String> a = ownerRun(promise, seed, plain, false);
                List<String> b = ownerRun(promise, seed, fused, true);
                assertEquals(a, b, "seed " + seed + ", promise " + promise);
                assertEquals(plain[0], fused[0], "seed " + seed + ", promise " + promise);
            }
        }
    }

    @Test
    void anOwnersPromiseToSubmitInOrderSavesEventsAndChangesNoCallback() {
        for (long seed = 1; seed <= 5; seed++) {
            long[] plain = new long[1];
            long[] promised = new long[1];
            List<String> without = ownerRun(false, seed, plain);
            List<String> with = ownerRun(true, seed, promised);
            assertEquals(without, with, "seed " + seed);
            assertTrue(promised[0] < plain[0], "seed " + seed + ": " + promised[0] + " steps with the promise, "
                    + plain[0] + " without");
        }
    }

    @Test
    void aSubmissionThatBreaksThePromiseFails() {
        Interconnect ic = mesh();
        ic.submitsInOrder();
        ic.send(0, 5, 8, 100, c -> { });
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ic.send(1, 6, 8, 90, c -> { }));
    }
}
