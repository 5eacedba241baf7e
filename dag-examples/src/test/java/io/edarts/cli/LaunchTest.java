package io.edarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.host.HostLink;
import io.edarts.epiphany.host.HostNode;
import io.edarts.epiphany.host.LaunchProcedure;
import io.edarts.epiphany.host.Launcher;
import io.edarts.epiphany.host.ProgramImage;
import io.edarts.report.JsonReport;
import io.edarts.run.Launches;
import io.edarts.run.RunSpec;
import io.edarts.run.Runner;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loaders of issue 10: their scaling, their order, launches in runs, and the command's refusals. */
class LaunchTest {
    private static final List<String> MACHINES = List.of("parallella16", "e64", "e1024");

    private record Loaded(int cores, ProgramImage image, HostLink link, Map<LaunchProcedure, Launcher.Launch> launches) {}

    /** Loads by program and machine, each simulated once (the contended e1024 tree replays a million transactions). */
    private static final Map<String, Loaded> LOADS = new java.util.concurrent.ConcurrentHashMap<>();

    /** fib's small image keeps the e1024 replays short; the scaling does not depend on the image's size. */
    private static Loaded fib(String machine) {
        return LOADS.computeIfAbsent("fib " + machine, k -> load("fib", machine));
    }

    private static Loaded load(String program, String machine) {
        Machine m = MachineLoader.load(machine, List.of());
        EpiphanyTarget t = EpiphanyTarget.create(m);
        Program<?> p = Examples.build(program, new Examples.Params(20, 10_000, null, null, 1, "local"), m);
        ProgramImage image = Launches.image(p, t, RunOptions.defaults());
        Map<LaunchProcedure, Launcher.Launch> out = new EnumMap<>(LaunchProcedure.class);
        for (LaunchProcedure proc : LaunchProcedure.loads()) {
            out.put(proc, Launcher.run(proc, image, t, HostNode.of(t)));
        }
        return new Loaded(image.cores(), image, HostNode.of(t).link(), out);
    }

    @Test
    void serialGrowsLinearlyAndTheTreeLogarithmicallyWithCores() {
        long[] serialPerCore = new long[3];
        long[] treeOnChip = new long[3];
        for (int i = 0; i < 3; i++) {
            Loaded l = fib(MACHINES.get(i));
            int n = l.cores();
            Launcher.Launch serial = l.launches().get(LaunchProcedure.SERIAL);
            Launcher.Launch tree = l.launches().get(LaunchProcedure.TREE);
            // serial: the host's DRAM copy once, then an image and a signal per core
            long dram = l.link().cycles(HostLink.Direction.HOST_TO_DRAM, -1, l.image().coldExternalBytes());
            serialPerCore[i] = (serial.cycles() - dram) / n;
            // tree: the same one host copy on every machine, then ceil(log2 n) rounds on chip
            int log2 = 32 - Integer.numberOfLeadingZeros(n - 1);
            assertEquals(log2, tree.rounds(), MACHINES.get(i) + ": the tree is log2(cores) copies deep");
            assertEquals(n - 1, tree.copies(), "every core but core 0 gets one on-chip copy");
            long host = dram + l.link().cycles(HostLink.Direction.HOST_TO_SRAM, 0, l.image().coldLocalBytes())
                    + l.link().cycles(HostLink.Direction.HOST_TO_SRAM, 0, 8);
            treeOnChip[i] = tree.cycles() - host;
            assertTrue(treeOnChip[i] > 0, "the on-chip copies take time");
            treeOnChip[i] /= log2;
        }
        // linear: the cost per core barely moves from 16 to 1,024 cores (only the eLink-to-core hops grow)
        assertTrue(Math.abs(serialPerCore[2] - serialPerCore[0]) < 0.01 * serialPerCore[0],
                "serial per core " + serialPerCore[0] + " vs " + serialPerCore[2]);
        // logarithmic: the cost per round stays within a small factor (longer hops, shared links)
        for (int i = 1; i < 3; i++) {
            assertTrue(treeOnChip[i] < 4 * treeOnChip[0] && treeOnChip[i] > treeOnChip[0] / 4,
                    "tree cycles per round " + java.util.Arrays.toString(treeOnChip));
        }
        Loaded small = fib("parallella16");
        Loaded big = fib("e1024");
        double serialGrowth = (double) big.launches().get(LaunchProcedure.SERIAL).cycles()
                / small.launches().get(LaunchProcedure.SERIAL).cycles();
        double treeGrowth = (double) big.launches().get(LaunchProcedure.TREE).cycles()
                / small.launches().get(LaunchProcedure.TREE).cycles();
        assertTrue(serialGrowth > 60 && serialGrowth < 66, "64x the cores, about 64x the serial load: " + serialGrowth);
        assertTrue(treeGrowth < 1.5, "64x the cores, 2.5x the rounds, little more tree load: " + treeGrowth);
    }

    @Test
    void serialIsSlowerThanTreeThanHotThanReexecute() {
        for (String key : List.of("cannon parallella16", "fib parallella16", "fib e64", "fib e1024")) {
            String machine = key.split(" ")[1];
            Map<LaunchProcedure, Launcher.Launch> l = key.startsWith("cannon") ? load("cannon", machine).launches()
                    : fib(machine).launches();
            long serial = l.get(LaunchProcedure.SERIAL).cycles();
            long tree = l.get(LaunchProcedure.TREE).cycles();
            long hot = l.get(LaunchProcedure.HOT).cycles();
            long reexec = l.get(LaunchProcedure.REEXEC).cycles();
            assertTrue(serial > tree && tree > hot && hot > reexec && reexec > 0,
                    key + ": serial " + serial + ", tree " + tree + ", hot " + hot + ", reexec " + reexec);
        }
    }

    @Test
    void aLaunchedRunStartsAfterItsLaunchAndIsTheSameWhateverTheHostThreads(@TempDir Path dir) {
        Machine m = MachineLoader.load("parallella16", List.of());
        Program<?> p = Examples.build("cannon", new Examples.Params(20, 10_000, 32, null, 1, "local"), m);
        PrintWriter quiet = new PrintWriter(new StringWriter());
        RunResult none = Runner.run(p, RunSpec.on("parallella16").launch(LaunchProcedure.NONE).quiet(true)
                .console(quiet, quiet).out(dir.resolve("none")));
        RunResult one = Runner.run(p, RunSpec.on("parallella16").launch(LaunchProcedure.TREE).hostThreads(1).quiet(true)
                .console(quiet, quiet).out(dir.resolve("t1")));
        RunResult eight = Runner.run(p, RunSpec.on("parallella16").launch(LaunchProcedure.TREE).hostThreads(8)
                .quiet(true).console(quiet, quiet).out(dir.resolve("t8")));
        assertTrue(one.succeeded() && none.succeeded(), one.message());
        assertEquals(JsonReport.toJson(one, false), JsonReport.toJson(eight, false), "byte-identical with 1 and 8 threads");
        assertEquals(0, none.launchCycles());
        assertTrue(one.launchCycles() > 0);
        assertEquals(none.makespanCycles() + one.launchCycles(), one.makespanCycles(),
                "the program runs after the launch exactly as it runs alone");
        String json = JsonReport.toJson(one, false);
        assertTrue(json.contains("\"procedure\" : \"tree\"") && json.contains("\"host-node\"") && json.contains("\"usrcore\""),
                json.substring(0, 200));
    }

    @Test
    void aBadLaunchIsRefusedWithExit2AndNothingWritten(@TempDir Path dir) {
        Path out = dir.resolve("out");
        CommandRun r = CommandRun.edarts("run", "fib", "--n", "5", "--launch", "warp", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--launch") && r.err().contains("warp") && r.err().contains("tree"), r.err());
        assertFalse(Files.exists(out));
        CommandRun ideal = CommandRun.edarts("run", "fib", "--n", "5", "--machine", "ideal", "--launch", "tree", "--out",
                out.toString());
        assertEquals(2, ideal.code(), ideal.err());
        assertTrue(ideal.err().contains("--launch tree") && ideal.err().contains("ideal"), ideal.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void loadersRefuseAFileWhereTheOutFolderGoesAsRunDoes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "mine");
        CommandRun r = CommandRun.edarts("loaders", "--program", "fib", "--machine", "parallella16", "--out", file.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(file + " is a file, not a folder"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void verboseOnAMachineWithoutAnImageSaysSo(@TempDir Path dir) {
        CommandRun r = CommandRun.edarts("run", "fib", "--n", "5", "--machine", "ideal", "--verbose", "--no-trace",
                "--out", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("image        none: ideal has no program image"), r.out());
    }
}
