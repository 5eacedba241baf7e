package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletBody;
import io.edarts.api.Dag;
import io.edarts.api.HostCalls;
import io.edarts.api.Program;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.cam.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real effects of host calls on a machine without a host model (mesh16): printf's lines, files
 * confined to the files folder, dmalloc and dfree, user-defined functions, and the errors that
 * fail a call (an errno) or the run (a programming error, naming the codelet).
 */
class HostCallEffectsTest {
    private static Simulator sim;

    @BeforeAll
    static void up() {
        sim = Simulator.create(2);
    }

    @AfterAll
    static void down() {
        sim.close();
    }

    private static Target mesh16() {
        return SimpleTarget.simpleMesh(MachineLoader.load("mesh16", List.of()));
    }

    /** What the bodies saw: results handed back by the host, in the order they came. */
    static final class Seen {
        final List<Long> results = new ArrayList<>();
        int opened;
    }

    private static Program<Seen> one(String name, CodeletBody<Seen> body) {
        Dag.Builder<Seen> g = Dag.builder(name);
        g.task("t", body).cycles(5);
        return g.build(Seen::new, s -> CheckResult.none());
    }

    private RunResult run(Program<?> p, Path files) {
        return sim.run(p, mesh16(), RunOptions.defaults().withHost(new HostIo(files, null)));
    }

    @Test
    void printfLinesAreTaggedWithCoreAndCycleInTheOrderTheHostPrintedThem() {
        Program<Seen> p = one("print", ctx -> {
            ctx.printf("x = %d%n", 42);
            ctx.printf("two\nlines");
        });
        RunResult r = run(p, null);
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        List<String> lines = r.hostCalls().lines();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\[core \\d+,\\d+ cycle \\d+\\] x = 42"), lines.get(0));
        assertTrue(lines.get(1).endsWith("] two") && lines.get(2).endsWith("] lines"), lines.toString());
        assertEquals(2, r.hostCalls().count());
    }

    @Test
    void aFileWrittenThroughTheHostLandsInTheFilesFolder(@TempDir Path dir) throws Exception {
        Path files = dir.resolve("files");
        Program<Seen> p = one("write", ctx -> {
            int fd = ctx.open("out/result.txt");
            ctx.write(fd, "hello ");
            ctx.write(fd, "file".getBytes(StandardCharsets.UTF_8), n -> ctx.frame().results.add(n));
            ctx.close(fd);
        });
        RunResult r = run(p, files);
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertEquals("hello file", Files.readString(files.resolve("out/result.txt")));
        assertEquals(4, r.hostCalls().count());
        assertEquals(0, r.hostCalls().failed());
    }

    @Test
    void aPathThatEscapesTheFilesFolderFailsTheCallWithEaccesAndTouchesNothing(@TempDir Path dir) throws Exception {
        Path files = dir.resolve("run").resolve("files");
        Files.createDirectories(files.getParent());
        Path outside = dir.resolve("run").resolve("escaped.txt");
        Path absolute = dir.resolve("absolute.txt");
        Program<Seen> p = one("escape", ctx -> {
            Seen s = ctx.frame();
            for (String path : new String[] {"../escaped.txt", "a/../../escaped.txt", absolute.toString(), ""}) {
                int fd = ctx.open(path);
                s.results.add((long) fd);
                ctx.write(fd, "should not land".getBytes(StandardCharsets.UTF_8), n -> s.results.add(n));
            }
        });
        Seen[] seen = new Seen[1];
        RunResult r = sim.run(p.withCheck((f, t) -> {
            seen[0] = f;
            return CheckResult.none();
        }), mesh16(), RunOptions.defaults().withHost(new HostIo(files, null)));
        assertEquals(RunResult.Status.OK, r.status(), "a refused path must not crash the run: " + r.message());
        assertFalse(Files.exists(outside));
        assertFalse(Files.exists(absolute));
        assertFalse(Files.exists(files), "nothing was opened, so not even the folder is made");
        // the opens answer in the body; the writes' results come from the host, after the body
        for (int i = 0; i < 4; i++) {
            assertEquals(-HostCalls.EACCES, seen[0].results.get(i), "open of path " + i + ": " + seen[0].results);
            assertEquals(-HostCalls.EBADF, seen[0].results.get(4 + i), "write to a refused descriptor: " + seen[0].results);
        }
        assertEquals(8, r.hostCalls().failed());
    }

    @Test
    void aSymbolicLinkOutOfTheFilesFolderIsRefusedAtTheHost(@TempDir Path dir) throws Exception {
        Path files = dir.resolve("files");
        Path elsewhere = dir.resolve("elsewhere");
        Files.createDirectories(files);
        Files.createDirectories(elsewhere);
        Files.createSymbolicLink(files.resolve("link"), elsewhere);
        Files.createSymbolicLink(files.resolve("file.txt"), elsewhere.resolve("target.txt"));
        Program<Seen> p = one("link", ctx -> {
            ctx.write(ctx.open("link/x.txt"), "no");
            ctx.write(ctx.open("file.txt"), "no");
        });
        RunResult r = run(p, files);
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        assertFalse(Files.exists(elsewhere.resolve("x.txt")));
        assertFalse(Files.exists(elsewhere.resolve("target.txt")));
        assertEquals(4, r.hostCalls().failed(), "both opens and both writes fail");
    }

    @Test
    void dmallocGivesDistinctAddressesAndDfreeOfAnotherAddressFails() {
        Program<Seen> p = one("dmalloc", ctx -> {
            Seen s = ctx.frame();
            ctx.dmalloc(64, s.results::add);
            ctx.dmalloc(64, s.results::add);
            ctx.dmalloc(Long.MAX_VALUE / 2, s.results::add);
        });
        Seen[] seen = new Seen[1];
        RunResult r = sim.run(p.withCheck((f, t) -> {
            seen[0] = f;
            return CheckResult.none();
        }), mesh16(), RunOptions.defaults());
        assertEquals(RunResult.Status.OK, r.status(), r.message());
        List<Long> a = seen[0].results;
        assertEquals(3, a.size());
        assertTrue(a.get(0) != 0 && a.get(1) != 0 && !a.get(0).equals(a.get(1)), a.toString());
        assertTrue(Math.abs(a.get(1) - a.get(0)) >= 64, "the two blocks must not overlap: " + a);
    }

    @Test
    void aUserFunctionGetsTheArgumentsAndItsResultReachesTheBodyBeforeDependentsFire() {
        Dag.Builder<Seen> g = Dag.builder("user");
        var call = g.task("call", ctx -> ctx.hostCall(HostCalls.USER_BASE + 7, new long[] {20, 22},
                v -> ctx.frame().results.add(v))).cycles(5);
        var after = g.task("after", ctx -> ctx.frame().opened = ctx.frame().results.size()).cycles(5);
        call.precede(after);
        Program<Seen> p = g.build(Seen::new, s -> s.opened == 1 && s.results.get(0) == 42 ? CheckResult.passed("ok")
                : CheckResult.failed(s.results + ", seen by the dependent: " + s.opened))
                .withHostFunction(HostCalls.USER_BASE + 7, "add", c -> c.arg(0) + c.arg(1));
        RunResult r = run(p, null);
        assertTrue(r.succeeded(), r.message() + " " + r.check().message());
    }

    @Test
    void anUnregisteredUserCallFailsTheRunNamingTheCodelet() {
        RunResult r = run(one("missing", ctx -> ctx.hostCall(HostCalls.USER_BASE + 3)), null);
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("missing") && r.message().contains("host call 1027"), r.message());
    }

    @Test
    void aSystemCallNumberThroughTheGenericCallIsRefusedNamingTheConveniences() {
        RunResult r = run(one("sys", ctx -> ctx.hostCall(HostCalls.SYS_WRITE, 1, 2, 3)), null);
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("ctx.printf"), r.message());
    }

    @Test
    void aHostFunctionThatThrowsFailsTheRunNamingItAndTheCodelet() {
        Program<Seen> p = one("boom", ctx -> ctx.hostCall(HostCalls.USER_BASE)).withHostFunction(HostCalls.USER_BASE,
                "exploder", c -> {
                    throw new IllegalStateException("kaboom");
                });
        RunResult r = run(p, null);
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("exploder") && r.message().contains("boom") && r.message().contains("kaboom"),
                r.message());
    }

    @Test
    void hostCallsOnSeveralClustersWithoutAnInterconnectFailTheRunSayingWhy() {
        Target four = SimpleTarget.simpleMesh(MachineLoader.load("mesh16", List.of("clusters.rows=2", "clusters.cols=2")));
        RunResult r = sim.run(one("clusters", ctx -> ctx.printf("hi")), four, RunOptions.defaults());
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("4 clusters"), r.message());
    }

    @Test
    void userFunctionsAreNumberedFromTheUserBase() {
        Program<Seen> p = one("low", ctx -> { });
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> p.withHostFunction(HostCalls.DMALLOC, "mine", c -> 0));
        assertTrue(e.getMessage().contains("1024"), e.getMessage());
    }
}
