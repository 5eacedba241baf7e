package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.Charge;
import io.edarts.cam.CodeObject;
import io.edarts.cam.CoreModel;
import io.edarts.cam.Counters;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import io.edarts.cam.Work;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Code homed in one core ({@code --placement CODE=core:R,C}, {@link CodeObject#homedOn}) reaches the target as the firing's code home. */
class HomeCoreTest {
    private static final Machine IDEAL = MachineLoader.load("ideal", List.of());

    /** The ideal target, recording per firing core what code home and placement it was given. */
    private static final class Recording implements Target {
        final Target inner = SimpleTarget.ideal(IDEAL);
        final Map<Integer, String> seen = java.util.Collections.synchronizedMap(new TreeMap<>());

        @Override public Machine machine() { return inner.machine(); }
        @Override public long decisionCycles(int su, int n) { return inner.decisionCycles(su, n); }
        @Override public long messageCycles(int f, int t, int b) { return inner.messageCycles(f, t, b); }
        @Override public String describe() { return "recording"; }

        @Override
        public CoreModel coreModel(int core) {
            CoreModel m = inner.coreModel(core);
            return new CoreModel() {
                @Override
                public Charge fire(Work w, long start) {
                    seen.put(core, w.code().placement().label() + "@" + w.codeHomeCore());
                    return m.fire(w, start);
                }

                @Override
                public Counters counters() {
                    return m.counters();
                }
            };
        }
    }

    private static Program<long[]> twoCores(CodeObject code) {
        Dag.Builder<long[]> g = Dag.builder("homes");
        g.task("a", ctx -> ctx.frame()[0] = 1).code(code).cost(Cost.instructions(5, 0, 0, 1)).affinity(1);
        g.task("b", ctx -> ctx.frame()[1] = 2).code(code).cost(Cost.instructions(5, 0, 0, 1)).affinity(6);
        return g.build(() -> new long[2], f -> f[0] + f[1] == 3 ? CheckResult.passed("3") : CheckResult.failed("?"));
    }

    private static Map<Integer, String> run(Program<?> p, RunOptions o) {
        Recording t = new Recording();
        try (Simulator sim = Simulator.create(2)) {
            RunResult r = sim.run(p, t, o);
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
        }
        return t.seen;
    }

    @Test
    void localCodeIsHomedOnTheFiringCoreUnlessAHomeCoreIsGiven() {
        CodeObject k = CodeObject.of("k", 64, Placement.LOCAL);
        assertEquals(Map.of(1, "local@1", 6, "local@6"), run(twoCores(k), RunOptions.defaults()));
        assertEquals(Map.of(1, "local@5", 6, "local@5"), run(twoCores(k),
                RunOptions.defaults().withHomes(Map.of("k", new RunOptions.HomeCore(1, 1)))), "core:1,1 is core 5");
        assertEquals(Map.of(1, "local@3", 6, "local@3"), run(twoCores(k.homedOn(3)), RunOptions.defaults()));
    }

    @Test
    void aNamedOverrideBeatsStarAndAPlacementOverrideDropsTheHome() {
        CodeObject k = CodeObject.of("k", 64, Placement.LOCAL).homedOn(3);
        assertEquals(Map.of(1, "global@-1", 6, "global@-1"), run(twoCores(k),
                RunOptions.defaults().withPlacements(Map.of("k", Placement.GLOBAL))));
        assertEquals(Map.of(1, "local@1", 6, "local@6"), run(twoCores(k), RunOptions.defaults()
                .withPlacements(Map.of("k", Placement.LOCAL)).withHomes(Map.of("*", new RunOptions.HomeCore(0, 2)))));
        assertEquals(Map.of(1, "local@2", 6, "local@2"), run(twoCores(CodeObject.of("k", 64, Placement.CACHED)),
                RunOptions.defaults().withHomes(Map.of("*", new RunOptions.HomeCore(0, 2)))));
    }

    @Test
    void aHomeOffTheMeshIsRefusedBeforeTheRunNamingCodeAndCoordinates() {
        CodeObject k = CodeObject.of("k", 64, Placement.LOCAL);
        var e = assertThrows(IllegalArgumentException.class, () -> Simulator.check(twoCores(k), new Recording(),
                RunOptions.defaults().withHomes(Map.of("k", new RunOptions.HomeCore(4, 0)))));
        assertTrue(e.getMessage().contains("'k=core:4,0'") && e.getMessage().contains("(4,0)")
                && e.getMessage().contains("4x4"), e.getMessage());
        var d = assertThrows(IllegalArgumentException.class,
                () -> Simulator.check(twoCores(k.homedOn(16)), new Recording(), RunOptions.defaults()));
        assertTrue(d.getMessage().contains("'k'") && d.getMessage().contains("core 16"), d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CodeObject.of("g", 8, Placement.GLOBAL).homedOn(-1));
        assertThrows(IllegalArgumentException.class, () -> new CodeObject("g", 8, Placement.GLOBAL, 2),
                "only local code has a home core");
        assertThrows(IllegalArgumentException.class, () -> RunOptions.defaults().withPlacements(Map.of("k",
                Placement.LOCAL)).withHomes(Map.of("k", new RunOptions.HomeCore(0, 1))), "one override per name");
    }
}
