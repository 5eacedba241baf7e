package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad machine descriptions through the command line: exit 2, the key named, nothing written. */
class MachineConfigCommandTest {

    private static void assertBadInput(CommandRun o, Path out, String... named) {
        assertEquals(2, o.code(), o.err() + o.out());
        for (String n : named) {
            assertTrue(o.err().contains(n), "'" + n + "' missing in: " + o.err());
        }
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(out), "nothing written in --out");
    }

    @Test
    void rejectsUnknownCachePolicyAtLoad(@TempDir Path dir) {
        Path out = dir.resolve("run");
        assertBadInput(edarts("run", "fib", "--set", "epiphany.code-cache.policy=bogus", "--out", out.toString()),
                out, "edarts.machine.epiphany.code-cache.policy", "bogus");
    }

    @Test
    void rejectsSmuggledKeyInSetValue(@TempDir Path dir) {
        Path out = dir.resolve("run");
        assertBadInput(edarts("run", "fib", "--set", "pool-capacity=2, edarts.machine.typo-key=3", "--out", out.toString()),
                out, "edarts.machine.typo-key", "not one HOCON value");
    }

    @Test
    void rejectsOverflowingHopCycles(@TempDir Path dir) {
        Path out = dir.resolve("run");
        assertBadInput(edarts("run", "fib", "--set", "costs.hop-cycles=1e300", "--out", out.toString()),
                out, "edarts.machine.costs.hop-cycles");
        assertBadInput(edarts("run", "fib", "--set", "costs.su-decision-instructions=4000000000000000000",
                "--out", out.toString()), out, "edarts.machine.costs.su-decision-instructions");
    }

    @Test
    void rejectsFractionalPoolCapacity(@TempDir Path dir) {
        Path out = dir.resolve("run");
        assertBadInput(edarts("run", "fib", "--set", "pool-capacity=2.5", "--out", out.toString()),
                out, "edarts.machine.pool-capacity", "2.5");
    }

    @Test
    void rejectsEmptyFile(@TempDir Path dir) throws Exception {
        Path machine = dir.resolve("empty.conf");
        Files.writeString(machine, "");
        Path out = dir.resolve("run");
        assertBadInput(edarts("run", "fib", "--machine", machine.toString(), "--out", out.toString()),
                out, "empty.conf", "empty");
    }

    @Test
    void rejectsMisspeltKeyInAMachineFile(@TempDir Path dir) throws Exception {
        Path machine = dir.resolve("mine.conf");
        Files.writeString(machine, "edarts.machine {\n  target = epiphany\n  epiphany { code-cache { polcy = lru } }\n}\n");
        Path out = dir.resolve("run");
        assertBadInput(edarts("run", "fib", "--machine", machine.toString(), "--out", out.toString()),
                out, "mine.conf", "edarts.machine.epiphany.code-cache.polcy");
    }

    @Test
    void listShowsEveryBuiltInMachine() {
        CommandRun o = edarts("list");
        assertEquals(0, o.code(), o.err());
        for (String m : io.edarts.cam.MachineRegistry.builtInNames()) {
            assertTrue(o.out().contains("  " + m + " "), m + " missing in: " + o.out());
        }
    }
}
