package io.edarts.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.epiphany.Targets;
import io.edarts.examples.programs.FibProgram;
import io.edarts.report.profile.Amdahl;
import io.edarts.report.profile.ProfileData;
import io.edarts.report.profile.ProfileText;
import io.edarts.scheduler.Policies;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's profile against the run it profiles: its shares add up to the cores' busy cycles, and the
 * Amdahl bound of a code object is never beaten by making that code object free and running again.
 */
class ProfileRunTest {

    /**
     * A layered random DAG of two code objects: {@code hot} (1 KB, cached: it pays code movement) and
     * {@code cold} (256 B, local). With {@code hotFree} the hot tasks cost nothing: zero cycles, and
     * the run places their code locally ({@code --placement hot=local}), so they move no code.
     */
    static Program<long[]> twoCodes(int layers, int width, long seed, String free) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Dag.Builder<long[]> g = Dag.builder("two-codes");
        CodeObject hot = CodeObject.of("hot", 1024, Placement.CACHED);
        CodeObject cold = CodeObject.of("cold", 256, Placement.LOCAL);
        List<CodeletHandle> previous = new ArrayList<>();
        int n = layers * width;
        for (int l = 0; l < layers; l++) {
            List<CodeletHandle> layer = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                int id = l * width + i;
                boolean isHot = rnd.nextInt(3) == 0;
                long cycles = isHot ? 300 + rnd.nextInt(900) : 100 + rnd.nextInt(500);
                String code = isHot ? "hot" : "cold";
                CodeletHandle t = g.task("t" + id, ctx -> ctx.frame()[id] = 1)
                        .code(isHot ? hot : cold).cycles(code.equals(free) ? 0 : cycles);
                if (!previous.isEmpty()) {
                    previous.get(rnd.nextInt(previous.size())).precede(t);
                    if (rnd.nextBoolean()) {
                        CodeletHandle other = previous.get(rnd.nextInt(previous.size()));
                        if (!other.equals(previous.get(0)) || previous.size() == 1) {
                            other.precede(t);
                        }
                    }
                }
                layer.add(t);
            }
            previous = layer;
        }
        return g.build(() -> new long[n], f -> java.util.Arrays.stream(f).sum() == n ? CheckResult.passed("all ran")
                : CheckResult.failed(java.util.Arrays.stream(f).sum() + " of " + n + " ran"));
    }

    private static RunResult run(Program<?> program, Machine m, String policy, Map<String, Placement> placements) {
        try (Simulator sim = Simulator.create(1)) {
            RunResult r = sim.run(program, Targets.forMachine(m),
                    RunOptions.defaults().withPolicy(policy).withPlacements(placements).withProfile(true));
            assertEquals(RunResult.Status.OK, r.status(), r.message());
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
            return r;
        }
    }

    /** Every figure of the profile adds up to what the run reports elsewhere. */
    private static void assertAddsUp(RunResult r) {
        ProfileData p = ProfileData.of(r);
        long busy = r.cores().stream().mapToLong(RunResult.CoreReport::busyCycles).sum();
        assertEquals(busy, p.coreCycles(), "core cycles are every core's busy cycles");
        long codelets = p.codelets().stream().mapToLong(c -> c.stats().cycles()).sum();
        long codeObjects = p.codeObjects().stream().mapToLong(c -> c.stats().cycles()).sum();
        long decide = p.cores().stream().mapToLong(c -> c.stats().decide()).sum();
        assertEquals(busy, codelets + decide, "codelets plus SU decisions");
        assertEquals(busy, codeObjects + decide, "code objects plus SU decisions");
        assertEquals(r.scheduling().suBusyCycles(), decide);
        for (ProfileData.Core c : p.cores()) {
            assertEquals(r.cores().get(c.core()).busyCycles(), c.stats().cycles(), "core " + c.core());
            assertEquals(c.busyCycles(), c.stats().cycles(), "core " + c.core());
            assertTrue(c.stats().contention() >= 0, "contention is never negative: core " + c.core());
        }
        assertEquals(r.codeletsFired(), p.codelets().stream().mapToLong(c -> c.stats().calls()).sum());
        ProfileData.Stats phases = sumOf(p.codelets().stream().map(ProfileData.Codelet::stats).toList());
        assertEquals(r.work().dispatch(), phases.dispatch());
        assertEquals(r.work().code(), phases.code());
        assertEquals(r.work().body(), phases.body());
        assertEquals(r.work().signal(), phases.signal());
        long folded = ProfileText.folded(p).lines().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertEquals(busy, folded, "the folded stacks' counts");
        for (ProfileData.Codelet c : p.codelets()) {
            ProfileData.Stats s = c.stats();
            assertTrue(s.p50() <= s.p99() && s.max() >= s.mean() - 1e-9 && s.calls() > 0, c.toString());
            assertTrue(0 <= s.slotWaitCycles() && s.slotWaitCycles() <= s.waitCycles(), "the slot wait is part of the wait");
        }
    }

    private static ProfileData.Stats sumOf(List<ProfileData.Stats> l) {
        long d = 0;
        long c = 0;
        long b = 0;
        long s = 0;
        for (ProfileData.Stats x : l) {
            d += x.dispatch();
            c += x.code();
            b += x.body();
            s += x.signal();
        }
        return new ProfileData.Stats(0, d, c, b, s, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void readmeSnippetWritesTheProfileAndReadsTheBoundBack(@TempDir Path dir) throws Exception {
        Program<long[]> program = twoCodes(6, 10, 1, null);
        // README-PROFILE-BEGIN
        RunResult r = Runner.run(program, RunSpec.on("parallella16").profile(true).quiet(true).out(dir));
        ProfileData profile = ProfileData.read(dir.resolve("profile.json"));
        Amdahl.Bound hot = Amdahl.of(profile, "hot");
        System.out.printf("free hot: speedup at most %.2fx%n", hot.speedupAtMost());
        // README-PROFILE-END
        assertEquals(ProfileData.of(r), profile, "profile.json reads back as the run's profile");
        assertEquals(ProfileData.of(r).toJson(), Files.readString(dir.resolve("profile.json")));
        for (String f : new String[] {"profile.txt", "profile.folded", "profile.html", "report.json"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(hot.speedupAtMost() > 1, "hot code costs something");
        String me = Files.readString(Path.of("src/test/java/io/edarts/run/ProfileRunTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        String begin = "// README-PROFILE-BEGIN";
        for (String line : me.substring(me.indexOf(begin) + begin.length(), me.indexOf("// README-PROFILE-END")).strip()
                .split("\n")) {
            assertTrue(readme.contains(line.strip()), "README.md lacks the line: " + line.strip());
        }
    }

    @Test
    void sharesAddUpToTheCoresBusyCyclesOnEveryMachineAndClusterLayout() {
        Program<long[]> p = twoCodes(12, 20, 5, null);
        for (String machine : new String[] {"ideal", "parallella16"}) {
            assertAddsUp(run(p, MachineLoader.load(machine, List.of()), Policies.DEFAULT, Map.of()));
        }
        assertAddsUp(run(p, MachineLoader.load("parallella16", List.of("epiphany.contention=off")), "least-loaded", Map.of()));
        // one slot per CU: a wide layer waits for slots
        RunResult narrow = run(p, MachineLoader.load("parallella16", List.of("pool-capacity=1")), Policies.DEFAULT, Map.of());
        assertAddsUp(narrow);
        assertTrue(ProfileData.of(narrow).codelets().stream().mapToLong(c -> c.stats().slotWaitCycles()).sum() > 0);
        // four clusters: four SUs' parts merged
        RunResult four = run(FibProgram.of(12), MachineLoader.load("parallella16",
                List.of("clusters.rows=2", "clusters.cols=2")), Policies.DEFAULT, Map.of());
        assertEquals(4, four.cores().stream().filter(c -> c.role().equals("SU")).count());
        assertAddsUp(four);
        ProfileData fib = ProfileData.of(four);
        assertEquals(List.of("fib.split", "fib.sum"), fib.codelets().stream().map(c -> c.procedure() + "." + c.codelet())
                .toList());
    }

    @Test
    void theMedianAndP99ComeFromEveryFiringOfTheGroup() {
        // fib's sums all cost the same; its splits at the leaves cost less than the inner ones
        RunResult r = run(FibProgram.of(10), MachineLoader.load("ideal", List.of()), Policies.DEFAULT, Map.of());
        ProfileData p = ProfileData.of(r);
        ProfileData.Codelet sum = p.codelets().stream().filter(c -> c.codelet().equals("sum")).findFirst().orElseThrow();
        assertEquals(sum.stats().max(), sum.stats().p99());
        assertEquals(sum.stats().max(), sum.stats().p50());
        assertEquals(sum.stats().mean(), (double) sum.stats().max(), 1e-9, "every sum costs the same");
    }

    /**
     * The bound is a true bound: freeing each code object (zero cycles, code local) and running again
     * never gives more speedup than the profile of the first run allows, on every policy and machine.
     * The classic {@code 1 / (1 - f)} of the work share is printed beside it: it is not a bound.
     */
    @Test
    void makingACodeObjectFreeNeverBeatsItsAmdahlBound() {
        List<String[]> cases = new ArrayList<>();
        for (String policy : Policies.names()) {
            cases.add(new String[] {"parallella16", policy, "1"});
        }
        cases.add(new String[] {"ideal", Policies.DEFAULT, "2"});
        cases.add(new String[] {"ideal", "least-loaded", "3"});
        cases.add(new String[] {"parallella16 epiphany.contention=off", Policies.DEFAULT, "4"});
        cases.add(new String[] {"parallella16 clusters.rows=2 clusters.cols=2", Policies.DEFAULT, "5"});
        int beatenClassic = 0;
        for (String[] c : cases) {
            String[] words = c[0].split(" ");
            Machine m = MachineLoader.load(words[0], List.of(words).subList(1, words.length));
            long seed = Long.parseLong(c[2]);
            RunResult base = run(twoCodes(10, 24, seed, null), m, c[1], Map.of());
            ProfileData profile = ProfileData.of(base);
            for (String code : new String[] {"hot", "cold"}) {
                RunResult freed = run(twoCodes(10, 24, seed, code), m, c[1], Map.of(code, Placement.LOCAL));
                ProfileData.CodeObject free = ProfileData.of(freed).codeObjects().stream()
                        .filter(o -> o.name().equals(code)).findFirst().orElseThrow();
                assertEquals(0, free.stats().code() + free.stats().body(), "the freed " + code + " costs nothing");
                double speedup = (double) base.makespanCycles() / freed.makespanCycles();
                Amdahl.Bound bound = Amdahl.of(profile, code);
                ProfileData.Stats s = profile.codeObjects().stream().filter(o -> o.name().equals(code)).findFirst()
                        .orElseThrow().stats();
                long cuWork = profile.codeObjects().stream().mapToLong(o -> o.stats().cycles()).sum();
                double classic = 1 / (1 - (double) (s.code() + s.body() + s.contention()) / cuWork);
                System.out.printf(java.util.Locale.ROOT, "%-45s %-14s free %-4s speedup %.3f  bound %.3f  1/(1-f) %.3f%n",
                        c[0], c[1], code, speedup, bound.speedupAtMost(), classic);
                assertTrue(freed.makespanCycles() >= bound.makespanAtLeast(), c[0] + " " + c[1] + " free " + code
                        + ": makespan " + freed.makespanCycles() + " below the bound's " + bound.makespanAtLeast());
                assertTrue(speedup <= bound.speedupAtMost(), "speedup " + speedup + " > bound " + bound.speedupAtMost());
                if (speedup > classic) {
                    beatenClassic++;
                }
            }
        }
        // why the profile does not print 1/(1-f) as the bound: freeing the code also frees the cores it
        // held, and the work that stays spreads over them (round-robin, hot: 38.1x against 34.4x)
        assertTrue(beatenClassic > 0, "the work share's 1/(1-f) was never beaten: " + beatenClassic);
    }
}
