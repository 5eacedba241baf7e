package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.epiphany.cache.EvictionPolicies;
import io.edarts.scheduler.Policies;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Issue 7, deliverable 6 and a new user's tour of the command line: every bad input exits 2 with a
 * message naming the option, file or line, and writes nothing; help works on every subcommand; help
 * and {@code list} come from the registries.
 */
class CliBadInputTest {

    /** Runs {@code args} with {@code --out DIR/out} and checks exit 2, the message, and that nothing was written. */
    private static CommandRun refused(Path dir, String mustName, String... args) throws Exception {
        Path out = dir.resolve("out");
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--out");
        all.add(out.toString());
        CommandRun o = edarts(all.toArray(new String[0]));
        assertEquals(2, o.code(), all + ": " + o.err() + o.out());
        assertTrue(o.err().contains(mustName), all + " should name " + mustName + ": " + o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(out), all + " wrote " + out);
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.allMatch(p -> p.getFileName().toString().endsWith(".json")
                    || p.getFileName().toString().endsWith(".stg")), "nothing else written in " + dir);
        }
        return o;
    }

    private static Path file(Path dir, String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    // ---- deliverable 6 -------------------------------------------------------------------------

    /** Issue 7: {@code --placement nosuch=local} was silently ignored. */
    @Test
    void placementOfAnUnknownCodeObjectExitsTwoListingTheKnownOnes(@TempDir Path dir) throws Exception {
        CommandRun o = refused(dir, "'nosuch'", "run", "matmul", "--size", "16", "--block", "4",
                "--placement", "nosuch=local");
        assertTrue(o.err().contains("matmul_block"), "lists the program's code objects: " + o.err());
        Path g = file(dir, "g.json", "{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":["
                + "{\"id\":\"a\",\"cycles\":1,\"code\":{\"name\":\"fft\"}}]}");
        CommandRun f = refused(dir, "'nosuch'", "run", "--graph", g.toString(), "--placement", "nosuch=global");
        assertTrue(f.err().contains("fft"), f.err());
    }

    @Test
    void badPlacementNameExitsTwoNamingTheOptionAndListingPlacements(@TempDir Path dir) throws Exception {
        CommandRun o = refused(dir, "--placement", "run", "fib", "--placement", "fib=remote");
        assertTrue(o.err().contains("'remote'") && o.err().contains(Placement.labels()), o.err());
        refused(dir, "--placement", "run", "fib", "--placement", "=local");
        refused(dir, "--placement", "run", "fib", "--placement", "fib");
        refused(dir, "given twice", "run", "fib", "--placement", "fib=local", "--placement", "fib=global");
    }

    /** Issue 7: {@code --help} and {@code -h} failed with "Unknown option" on every subcommand. */
    @Test
    void homeCoreOffTheMeshOrNotCoreRowColExitsTwoNamingIt(@TempDir Path dir) throws Exception {
        refused(dir, "core (9,9) is not on parallella16's 4x4 mesh", "run", "remote-exec", "--placement", "loop=core:9,9");
        refused(dir, "'core:x' is not core:R,C", "run", "remote-exec", "--placement", "loop=core:x");
        refused(dir, "'core:1' is not core:R,C", "run", "remote-exec", "--placement", "loop=core:1");
        refused(dir, "--placement loop is given twice", "run", "remote-exec", "--placement", "loop=core:1,1",
                "--placement", "loop=local");
        refused(dir, "'nosuch'", "run", "remote-exec", "--placement", "nosuch=core:1,1");
        refused(dir, "--case 'sideways'", "run", "remote-exec", "--case", "sideways");
        refused(dir, "--loop 'double'", "run", "remote-exec", "--loop", "double");
        refused(dir, "--iterations 0", "run", "remote-exec", "--iterations", "0");
        refused(dir, "--case applies to remote-exec", "run", "fib", "--case", "all-at-once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "list", "bench", "remote-exec"})
    void helpAndDashHWorkOnEverySubcommand(String command) {
        for (String flag : new String[] {"--help", "-h"}) {
            CommandRun o = edarts(command, flag);
            assertEquals(0, o.code(), command + " " + flag + ": " + o.err());
            assertTrue(o.out().contains("Usage: edarts " + command), o.out());
        }
    }

    /** Issue 7: {@code help run} left out code-locality; descriptions listed names by hand. */
    @Test
    void helpAndListAreDerivedFromTheRegistries() {
        String help = edarts("run", "--help").out().replaceAll("\\s+", " ");
        String list = edarts("list").out();
        for (String p : Policies.names()) {
            assertTrue(help.contains(p), "run --help lacks policy " + p);
            assertTrue(list.contains(p), "list lacks policy " + p);
        }
        for (String m : io.edarts.cam.MachineRegistry.builtInNames()) {
            assertTrue(help.contains(m) && list.contains(m), m);
        }
        for (String e : Examples.names()) {
            assertTrue(help.contains(e) && list.contains(e), e);
        }
        for (Placement p : Placement.values()) {
            assertTrue(help.contains(p.label()) && list.contains(p.label()), p.label());
        }
        assertTrue(help.contains("core:R,C") && list.contains("core:R,C"), "core:R,C");
        for (String c : EvictionPolicies.names()) {
            assertTrue(list.contains(c), c);
        }
    }

    /** Issue 7: the README's {@code edarts bench --sizes 10k,100k,1M} was refused. */
    @Test
    void sizesAcceptKAndMSuffixesAsTheReadmeWritesThem() {
        assertEquals(10_000, CountConverter.parse("10k"));
        assertEquals(100_000, CountConverter.parse("100K"));
        assertEquals(1_000_000, CountConverter.parse("1M"));
        assertEquals(123, CountConverter.parse("123"));
        for (String bad : new String[] {"", "k", "1.5k", "10m", "ten", "3000000M", "1e3"}) {
            assertThrows(CommandLine.TypeConversionException.class, () -> CountConverter.parse(bad), bad);
        }
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.parseArgs("--sizes", "10k,100k,1M");
        assertEquals(List.of(10_000, 100_000, 1_000_000), ((BenchCommand) cl.getCommand()).sizes);
    }

    @Test
    void benchMessagesNameOptionsNotFields(@TempDir Path dir) throws Exception {
        refused(dir, "--sizes 0", "bench", "--sizes", "0");
        refused(dir, "--sizes 20000000", "bench", "--sizes", "20M");
        refused(dir, "--reps 0", "bench", "--reps", "0");
        refused(dir, "--host-threads 0", "bench", "--host-threads", "0");
        refused(dir, "--sizes", "bench", "--sizes", "10x");
    }

    /** Issue 7: affinity was documented as "must run on" but is a preference; an SU core was silently ignored. */
    @Test
    void affinityToAnSuCoreExitsTwoNamingTheCodeletAndCore(@TempDir Path dir) throws Exception {
        Path g = file(dir, "su.json", "{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":["
                + "{\"id\":\"a\",\"cycles\":10},{\"id\":\"pinned\",\"cycles\":10,\"after\":[\"a\"],\"affinity\":0}]}");
        CommandRun o = refused(dir, "'pinned'", "run", "--graph", g.toString());
        assertTrue(o.err().contains("core 0") && o.err().contains("SU"), o.err());
        // Four clusters: core 0 of each cluster is its SU, so (0,2) = core 2 is an SU too.
        refused(dir, "core 2", "run", "--graph", file(dir, "su2.json", "{\"format\":\"edarts-graph\",\"version\":1,"
                + "\"tasks\":[{\"id\":\"b\",\"cycles\":1,\"affinity\":2}]}").toString(),
                "--set", "clusters.rows=2", "--set", "clusters.cols=2");
    }

    /** Issue 7: a heap too small for a run was an uncaught OutOfMemoryError with a stack trace. */
    @Test
    void outOfMemoryIsExitTwoWithTheXmxToUseAndNoStackTrace() {
        @CommandLine.Command(name = "hungry")
        final class Hungry implements Callable<Integer> {
            @Override
            public Integer call() {
                throw new OutOfMemoryError("Java heap space");
            }
        }
        StringWriter err = new StringWriter();
        PrintWriter w = new PrintWriter(err, true);
        int code = Edarts.execute(Edarts.commandLine(new Hungry(), new PrintWriter(new StringWriter()), w),
                new String[0], w);
        assertEquals(2, code);
        assertTrue(err.toString().contains("EDARTS_JAVA_OPTS=-Xmx"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        assertTrue(Edarts.outOfMemoryMessage(512L << 20).contains("-Xmx1g"));
        assertTrue(Edarts.outOfMemoryMessage(100L << 20).contains("-Xmx256m"));
    }

    /** Issue 7: a legal task of 2^63-1 cycles overflowed the simulated clock ("now must be >= 0"), exit 1. */
    @Test
    void taskOf2To63CyclesExitsTwoBeforeTheRunNamingTaskAndValue(@TempDir Path dir) throws Exception {
        Path json = file(dir, "big.json", "{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":["
                + "{\"id\":\"big\",\"cycles\":9223372036854775807}]}");
        CommandRun o = refused(dir, "big.json:1: task 'big'", "run", "--graph", json.toString());
        assertTrue(o.err().contains("9223372036854775807"), o.err());
        Path stg = file(dir, "big.stg", "1\n0 0 0\n1 9223372036854775807 1 0\n2 0 1 1\n");
        refused(dir, "big.stg:3: task 1", "run", "--graph", stg.toString());
    }

    /** Issue 7: docs said JSON "tasks" may be empty; the run refused it with "has no codelets". */
    @Test
    void emptyTaskListExitsTwoNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path g = file(dir, "none.json", "{\"format\":\"edarts-graph\",\"version\":1,\n\"tasks\":[]}");
        refused(dir, "none.json:2: \"tasks\" is empty", "run", "--graph", g.toString());
    }

    // ---- a new user's tour -----------------------------------------------------------------------

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of("quicksort", new String[] {"run", "quicksort"}),
                Arguments.of("--n", new String[] {"run", "fib", "--n", "-1"}),
                Arguments.of("--n", new String[] {"run", "fib", "--n", "abc"}),
                Arguments.of("--n", new String[] {"run", "fib", "--n", "99999999999"}),
                Arguments.of("--codelets", new String[] {"run", "random-dag", "--codelets", "0"}),
                Arguments.of("--codelets", new String[] {"run", "random-dag", "--codelets", "-5"}),
                Arguments.of("--codelets", new String[] {"run", "random-dag", "--codelets", "20M"}),
                Arguments.of("--size", new String[] {"run", "matmul", "--size", "0"}),
                Arguments.of("--size", new String[] {"run", "matmul", "--size", "-16"}),
                Arguments.of("--block", new String[] {"run", "matmul", "--block", "7"}),
                Arguments.of("--block", new String[] {"run", "matmul", "--block", "0"}),
                Arguments.of("--size", new String[] {"run", "cannon", "--size", "6"}),
                Arguments.of("--layout", new String[] {"run", "cannon", "--layout", "everywhere"}),
                Arguments.of("--host-threads", new String[] {"run", "fib", "--host-threads", "0"}),
                Arguments.of("--seed", new String[] {"run", "fib", "--seed", "x"}),
                Arguments.of("not both", new String[] {"run", "fib", "--graph", "g.json"}),
                Arguments.of("give an EXAMPLE", new String[] {"run"}),
                Arguments.of("--size applies to matmul and cannon and axpy and dma-stream and scatter-sum and reduce and mergesort and stencil and fft2d and nbody and cholesky, not to fib", new String[] {"run", "fib", "--size", "64"}),
                Arguments.of("--layout applies to cannon, not to matmul", new String[] {"run", "matmul", "--layout", "all"}),
                Arguments.of("--n applies to fib and pipeline, not to --graph", new String[] {"run", "--graph", "x.stg", "--n", "3"}),
                Arguments.of("--policy", new String[] {"run", "fib", "--policy", "fastest"}),
                Arguments.of("dma-stream --block 200: expected 1..--size (100)",
                        new String[] {"run", "dma-stream", "--size", "100", "--block", "200"}),
                Arguments.of("dma-stream --buffers 3: expected 1 (single buffering) or 2",
                        new String[] {"run", "dma-stream", "--buffers", "3"}),
                Arguments.of("core 1 (row 0, col 1): 'dma-stream.in0_1' (DATA) needs 8192 B but only",
                        new String[] {"run", "dma-stream", "--size", "65536", "--block", "2048"}),
                Arguments.of("--buffers applies to dma-stream, not to axpy", new String[] {"run", "axpy", "--buffers", "1"}),
                Arguments.of("--bogus", new String[] {"run", "fib", "--bogus"}),
                Arguments.of("--iterations", new String[] {"remote-exec", "--iterations", "0"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void badCommandLineExitsTwoNamingTheOptionAndWritesNothing(String mustName, String[] args, @TempDir Path dir)
            throws Exception {
        refused(dir, mustName, args);
    }

    static Stream<Arguments> badGraphFiles() {
        byte[] junk = new byte[512];
        new java.util.SplittableRandom(7).nextBytes(junk);
        return Stream.of(
                Arguments.of("empty.json", new byte[0], "empty.json:1"),
                Arguments.of("empty.stg", new byte[0], "empty.stg"),
                Arguments.of("junk.json", junk, "junk.json:"),
                Arguments.of("junk.stg", junk, "junk.stg:"),
                Arguments.of("trunc.json", "{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":[{\"id\":\"a\"".getBytes(), "trunc.json:1"),
                Arguments.of("cyclic.json", ("{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":[\n"
                        + "{\"id\":\"a\",\"cycles\":1,\"after\":[\"b\"]},\n{\"id\":\"b\",\"cycles\":1,\"after\":[\"a\"]}]}").getBytes(),
                        "dependency cycle: 'a' -> 'b' -> 'a'"),
                Arguments.of("cyclic.stg", "1\n0 0 0\n1 5 1 2\n2 0 1 1\n".getBytes(), "cyclic.stg:3: task 1: dependency cycle"),
                Arguments.of("huge.json", "{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":[{\"id\":\"a\",\"cycles\":1e400}]}".getBytes(), "huge.json:1: task 'a'"),
                Arguments.of("bignum.json", "{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":[{\"id\":\"a\",\"cycles\":123456789012345678901234567890}]}".getBytes(), "too large"),
                Arguments.of("bignum.stg", "1\n0 0 0\n1 123456789012345678901234567890 1 0\n2 0 1 1\n".getBytes(), "big"),
                Arguments.of("negative.stg", "1\n0 0 0\n1 -5 1 0\n2 0 1 1\n".getBytes(), "negative.stg:3: task 1"),
                Arguments.of("manytasks.stg", "2147483000\n0 0 0\n".getBytes(), "manytasks.stg:"),
                Arguments.of("affinity.json", "{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":[{\"id\":\"a\",\"cycles\":1,\"affinity\":99999999999}]}".getBytes(), "affinity"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badGraphFiles")
    void badGraphFileExitsTwoNamingTheFileAndWritesNothing(String name, byte[] content, String mustName,
                                                          @TempDir Path dir) throws Exception {
        Path g = dir.resolve(name);
        Files.write(g, content);
        CommandRun o = refused(dir, mustName, "run", "--graph", g.toString());
        assertTrue(o.err().length() < 1000, "a short message: " + o.err());
    }

    @Test
    void noCommandExitsTwoListingTheCommands() {
        CommandRun o = edarts();
        assertEquals(2, o.code());
        assertTrue(o.err().contains("missing command") && o.err().contains("remote-exec"), o.err());
    }

    @Test
    void graphThatIsADirectoryOrMissingExitsTwoSayingSo(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("d.json"));
        refused(dir, "is a directory", "run", "--graph", dir.resolve("d.json").toString());
        refused(dir, "no such file", "run", "--graph", dir.resolve("missing.json").toString());
    }

    @Test
    void badGraphScaleOrGraphCodeExitsTwoNamingTheOptionAndWritesNothing(@TempDir Path dir) throws Exception {
        Path g = file(dir, "g.json", "{\"format\":\"edarts-graph\",\"version\":1,\"tasks\":["
                + "{\"id\":\"a\",\"cycles\":1000},{\"id\":\"b\",\"cycles\":4611686018427,\"after\":[\"a\"]}]}");
        String graph = g.toString();
        refused(dir, "--graph-scale 0: expected at least 1 cycle per unit", "run", "--graph", graph, "--graph-scale", "0");
        refused(dir, "--graph-scale -3", "run", "--graph", graph, "--graph-scale", "-3");
        refused(dir, "--graph-scale", "run", "--graph", graph, "--graph-scale", "ten");
        // 4611686018427 units x 2 10^6 cycles passes 2^62: the task is named
        refused(dir, "task 'b' of 4611686018427 units", "run", "--graph", graph, "--graph-scale", "2000000");
        refused(dir, "--graph-code 'global': expected local, local:N, cached or cached:N", "run", "--graph", graph,
                "--graph-code", "global");
        refused(dir, "--graph-code 'cached:0': 0 kernels", "run", "--graph", graph, "--graph-code", "cached:0");
        refused(dir, "--graph-code 'local:x': 'x' is not a number of kernels", "run", "--graph", graph,
                "--graph-code", "local:x");
        refused(dir, "--graph-code 'cached:99999': 99999 kernels", "run", "--graph", graph, "--graph-code", "cached:99999");
        refused(dir, "--graph-scale applies to --graph FILE, not to fib", "run", "fib", "--graph-scale", "10");
        refused(dir, "--graph-code applies to --graph FILE, not to random-dag", "run", "random-dag", "--graph-code", "local");
    }
}
