package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.CodeObject;
import io.edarts.cam.FiringCost;
import io.edarts.cam.CodeStats;
import io.edarts.cam.CoreModel;
import io.edarts.cam.Counters;
import io.edarts.cam.LinkLoad;
import io.edarts.cam.Machine;
import io.edarts.cam.Placement;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import io.edarts.cam.Traffic;
import io.edarts.cam.Work;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link Target} keeps, written once and run against each target we have: the
 * ideal and simple-mesh targets of cam-model and the Epiphany target, on more than one machine.
 * Firings are drawn from a seeded generator (every placement, code homes on other cores, data in
 * local memory, other cores and DRAM) and run back to back with gaps, as a CU would run them.
 *
 * <p>The calls into {@link CoreModel} and the building of {@link Work} are each in one adapter
 * method ({@link #fire}, {@link #work}), so a change of the cost contract's signatures is ported
 * there and nowhere else.
 */
class TargetContractTest {

    /** Where a firing's data lives: {@code core} -1 is external memory. Targets that ignore addresses use local aliases. */
    interface Addresses {
        long of(int core, long offset);
    }

    /** A target under test, made fresh for each use; {@code ideal} says the zero-cost contract applies. */
    record Case(String name, Supplier<Target> make, Addresses addresses, boolean ideal) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> targets() {
        Machine p16 = Machines.parallella16();
        Machine small = Machines.parallella16("epiphany.code-cache.region-bytes=1024",
                "epiphany.code-fetch=rent-or-buy", "code-copy-source=nearest-holder");
        Machine e64 = Machines.load("e64");
        return Stream.of(
                new Case("ideal", () -> SimpleTarget.ideal(Machines.parallella16("target=ideal")), local(), true),
                new Case("simple-mesh", () -> SimpleTarget.simpleMesh(Machines.parallella16("target=simple-mesh")),
                        local(), false),
                new Case("epiphany parallella16", () -> EpiphanyTarget.create(p16), mesh(p16), false),
                new Case("epiphany small cache, rent-or-buy", () -> EpiphanyTarget.create(small), mesh(small), false),
                new Case("epiphany e64", () -> EpiphanyTarget.create(e64), mesh(e64), false));
    }

    private static Addresses local() {
        return (core, offset) -> 0x4000 + offset;
    }

    private static Addresses mesh(Machine m) {
        MeshGeometry g = MeshGeometry.of(m);
        return (core, offset) -> core < 0 ? g.dramAddress(offset) : g.globalAddress(core, 0x4000 + offset);
    }

    // ---- the adapter: the only code that knows how Work is built and CoreModel is called ---------

    /** What a firing did, independent of how the contract spells it. */
    record Access(int core, int offset, int bytes, boolean write) {}

    record Firing(String code, int codeBytes, Placement placement, int home, int copySource, long declared,
                  long ialu, long fpu, long loadStore, long branches, int signals, List<Access> accesses) {}

    /** What a firing cost, phase by phase. */
    record Cost(long dispatch, long code, long body, long signal, long ideal, long total) {}

    private static Work work(Firing f, Addresses a) {
        Work.Builder w = Work.builder(CodeObject.of(f.code(), f.codeBytes(), f.placement()))
                .codeHomeCore(f.home()).codeCopySource(f.copySource()).declaredCycles(f.declared())
                .instructions(f.ialu(), f.fpu(), f.loadStore(), f.branches()).signals(f.signals());
        for (Access x : f.accesses()) {
            w.access(a.of(x.core(), x.offset()), x.bytes(), x.write());
        }
        return w.build();
    }

    private static Cost fire(CoreModel m, Firing f, Addresses a, long start) {
        FiringCost c = m.fire(work(f, a), start).cost();
        return new Cost(c.dispatch(), c.code(), c.body(), c.signal(), c.ideal(), c.total());
    }

    // ---- firings ---------------------------------------------------------------------------------

    /** A code object keeps its size, placement and home across firings, as the DSL guarantees. */
    record Code(String name, int bytes, Placement placement, int home) {}

    private static List<Code> codes(SplittableRandom rnd, int cores) {
        List<Code> out = new ArrayList<>();
        Placement[] ps = Placement.values();
        for (int i = 0; i < 8; i++) {
            Placement p = ps[i % ps.length];
            int home = p == Placement.LOCAL || rnd.nextInt(3) != 0 ? -1 : rnd.nextInt(cores);
            out.add(new Code("code" + i, 64 + 8 * rnd.nextInt(64), p, home));
        }
        return out;
    }

    private static Firing firing(SplittableRandom rnd, List<Code> codes, int cores) {
        Code c = codes.get(rnd.nextInt(codes.size()));
        List<Access> acc = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            int where = rnd.nextInt(cores + 1) - 1; // -1: DRAM
            acc.add(new Access(where, 8 * rnd.nextInt(256), 4 << rnd.nextInt(2), rnd.nextBoolean()));
        }
        return new Firing(c.name(), c.bytes(), c.placement(), c.home(), rnd.nextInt(4) == 0 ? rnd.nextInt(cores) : -1,
                rnd.nextInt(3) == 0 ? rnd.nextInt(500) : 0, rnd.nextInt(300), rnd.nextInt(50), rnd.nextInt(100),
                rnd.nextInt(20), rnd.nextInt(4), acc);
    }

    /** One core's run: what was fired, when, and what it cost. */
    record Run(int core, List<Firing> firings, List<Long> starts, List<Cost> costs, CoreModel model) {}

    private static Run run(Case k, Target t, int core, long seed, int firings) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int cores = t.machine().coreCount();
        List<Code> codes = codes(rnd, cores);
        CoreModel m = t.coreModel(core);
        List<Firing> fs = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<Cost> costs = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < firings; i++) {
            now += rnd.nextInt(4) == 0 ? rnd.nextInt(1000) : 0; // sometimes idle in between
            Firing f = firing(rnd, codes, cores);
            Cost c = fire(m, f, k.addresses(), now);
            fs.add(f);
            starts.add(now);
            costs.add(c);
            now += c.total();
        }
        return new Run(core, fs, starts, costs, m);
    }

    private static final long[] SEEDS = {1, 7, 2024};

    private static int cu(Target t, long seed) {
        return 1 + (int) (seed % (t.machine().coreCount() - 1));
    }

    // ---- the contract ----------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("targets")
    void theSameCallsGiveTheSameAnswers(Case k) {
        for (long seed : SEEDS) {
            Target a = k.make().get();
            Target b = k.make().get();
            int core = cu(a, seed);
            Run x = run(k, a, core, seed, 300);
            Run y = run(k, b, core, seed, 300);
            assertEquals(x.costs(), y.costs(), k + " seed " + seed);
            assertEquals(fields(x.model().counters()), fields(y.model().counters()), k + " counters");
            assertEquals(fields(x.model().codeStats()), fields(y.model().codeStats()), k + " code stats");
            assertEquals(flows(x.model().traffic()), flows(y.model().traffic()), k + " traffic");
            if (x.model().traffic() != null) {
                assertEquals(a.linkLoads(x.model().traffic()), b.linkLoads(y.model().traffic()), k + " link loads");
            }
            assertEquals(a.describe(), b.describe());
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void costsAreNonNegativeAndPhasesAddUpToTheTotal(Case k) {
        for (long seed : SEEDS) {
            Target t = k.make().get();
            Run r = run(k, t, cu(t, seed), seed, 300);
            for (int i = 0; i < r.costs().size(); i++) {
                Cost c = r.costs().get(i);
                Firing f = r.firings().get(i);
                String at = k + " firing " + i + " (" + f + "): " + c;
                assertTrue(c.dispatch() >= 0 && c.code() >= 0 && c.body() >= 0 && c.signal() >= 0 && c.ideal() >= 0, at);
                assertEquals(c.dispatch() + c.code() + c.body() + c.signal(), c.total(), at);
                assertTrue(c.ideal() <= c.total(), "ideal above the total: " + at);
                assertTrue(c.body() >= f.declared(), "body below the declared cycles: " + at);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void countersAgreeWithTheFirings(Case k) {
        for (long seed : SEEDS) {
            Target t = k.make().get();
            Run r = run(k, t, cu(t, seed), seed, 300);
            Counters n = r.model().counters();
            long busy = r.costs().stream().mapToLong(Cost::total).sum();
            int last = r.costs().size() - 1;
            long end = r.starts().get(last) + r.costs().get(last).total();
            long code = r.costs().stream().mapToLong(Cost::code).sum();
            long codeAndBody = code + r.costs().stream().mapToLong(Cost::body).sum();
            String at = k + " seed " + seed + ": " + fields(n);
            assertEquals(end, n.clock, "clock is the end of the last firing: " + at);
            assertTrue(n.clock >= busy, "clock below the busy cycles " + busy + ": " + at);
            assertEquals(n.clock, n.idle + busy, "a back-to-back run is idle or busy, never both: " + at);
            assertEquals(r.firings().stream().mapToLong(Firing::fpu).sum(), n.fpu, "FPU instructions: " + at);
            assertTrue(n.ialu >= r.firings().stream().mapToLong(Firing::ialu).sum(), "IALU instructions: " + at);
            assertTrue(n.extFetchStalls >= 0 && n.extFetchStalls <= code, "fetch stalls beyond the code phases: " + at);
            assertTrue(n.extLoadStalls >= 0 && n.extLoadStalls <= codeAndBody, "load stalls: " + at);
            assertTrue(n.meshBytes >= 0 && n.dualIssue >= 0 && n.loadStalls >= 0 && n.regDepStalls >= 0, at);
            CodeStats s = r.model().codeStats();
            assertTrue(s.cycles >= 0 && s.cycles <= code, "code-movement cycles beyond the code phases: " + k + fields(s));
            assertTrue(s.hits >= 0 && s.misses >= 0 && s.evictions >= 0 && s.bytesCopied >= 0 && s.inPlace >= 0
                    && s.inPlace <= r.firings().size(), k + ": " + fields(s));
            if (k.ideal()) {
                assertEquals(0, n.meshBytes);
                assertEquals(0, s.bytesCopied);
            }
            Traffic tr = r.model().traffic();
            if (tr != null) {
                for (LinkLoad l : t.linkLoads(tr)) {
                    assertTrue(l.bytes() >= 0 && l.busyCycles() >= 0, k + ": " + l);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void eachCoreModelIsFreshAndSharesNothing(Case k) {
        Target t = k.make().get();
        int core = cu(t, 1);
        Run alone = run(k, t, core, 5, 200);
        // the same sequence again, interleaved with another core model's firings for the same core
        CoreModel mine = t.coreModel(core);
        CoreModel other = t.coreModel(core);
        assertNotSame(mine, other);
        assertNotSame(alone.model(), mine);
        Run noise = run(k, t, core, 99, 200);
        for (int i = 0; i < alone.firings().size(); i++) {
            Firing f = alone.firings().get(i);
            fire(other, noise.firings().get(i), k.addresses(), alone.starts().get(i));
            assertEquals(alone.costs().get(i), fire(mine, f, k.addresses(), alone.starts().get(i)), k + " firing " + i);
        }
        assertEquals(0, fields(t.coreModel(core).counters()).stream().mapToLong(Long::longValue).sum(),
                "a new core model starts with zero counters");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void messagesAndDecisionsCostWhatTheMeshDistanceSays(Case k) {
        Target t = k.make().get();
        int cores = t.machine().coreCount();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            int a = rnd.nextInt(cores);
            int b = rnd.nextInt(cores);
            int bytes = rnd.nextInt(1024);
            long ab = t.messageCycles(a, b, bytes);
            assertEquals(0, t.messageCycles(a, a, bytes), k + ": a message to oneself is free");
            assertTrue(ab >= 0, k + ": " + a + "->" + b + " " + ab);
            assertEquals(ab, t.messageCycles(b, a, bytes), k + ": " + a + "<->" + b + " differ (routes are as long both ways)");
            assertTrue(t.messageCycles(a, b, bytes + 64) >= ab, k + ": more bytes cost less " + a + "->" + b);
            if (k.ideal()) {
                assertEquals(0, ab, k + ": the ideal target's messages are free");
            } else if (a != b) {
                assertTrue(ab > 0, k + ": a message across the mesh is not free " + a + "->" + b);
            }
            int c = rnd.nextInt(cores);
            assertTrue(t.machine().hops(a, c) >= t.machine().hops(a, b)
                    || t.messageCycles(a, c, bytes) <= ab, k + ": farther is cheaper " + a + "->" + c + " vs " + b);
        }
        long previous = -1;
        for (int candidates = 0; candidates <= 16; candidates++) {
            long d = t.decisionCycles(0, candidates);
            assertTrue(d >= previous, k + ": examining more CUs costs less");
            previous = d;
            if (k.ideal()) {
                assertEquals(0, d, k + ": the ideal target's decisions are free");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void theIdealTargetChargesOnlyTheBodysOwnWork(Case k) {
        if (!k.ideal()) {
            return;
        }
        Target t = k.make().get();
        Run r = run(k, t, cu(t, 3), 3, 300);
        for (int i = 0; i < r.costs().size(); i++) {
            Firing f = r.firings().get(i);
            Cost c = r.costs().get(i);
            long own = f.declared() + f.ialu() + f.fpu() + f.loadStore() + f.branches();
            assertEquals(new Cost(0, 0, own, 0, own, own), c, k + " firing " + i);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static List<Long> fields(Counters c) {
        return List.of(c.clock, c.idle, c.ialu, c.fpu, c.dualIssue, c.loadStalls, c.regDepStalls,
                c.extFetchStalls, c.extLoadStalls, c.meshBytes);
    }

    private static List<Long> fields(CodeStats s) {
        return List.of(s.hits, s.misses, s.evictions, s.bytesCopied, s.inPlace, s.pltPatches, s.pltRestores,
                s.dynamicFirstCalls, s.dynamicCalls, s.cycles);
    }

    private static List<Traffic.Flow> flows(Traffic t) {
        return t == null ? List.of() : t.flows();
    }
}
