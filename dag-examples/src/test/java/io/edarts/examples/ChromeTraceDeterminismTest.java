package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Target;
import io.edarts.epiphany.Targets;
import io.edarts.examples.graph.RandomDag;
import io.edarts.examples.programs.GraphProgram;
import io.edarts.report.ChromeTrace;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trace.json on the Epiphany target with code caches (so code events too): the same bytes for 1, 2 and 8 host threads. */
class ChromeTraceDeterminismTest {

    private static String trace(int threads, Program<?> p, Target t, Path file) throws Exception {
        try (Simulator sim = Simulator.create(threads)) {
            RunResult r = sim.run(p, t, RunOptions.defaults().withPolicy("code-locality").withTrace(file, ChromeTrace.FORMAT));
            assertEquals(CheckResult.Status.PASSED, r.check().status(), r.message());
        }
        return Files.readString(file);
    }

    @Test
    void epiphanyTracesWithCodeEventsAreByteIdenticalFor1And2And8HostThreads(@TempDir Path dir) throws Exception {
        Machine m = MachineLoader.load("parallella16", List.of("epiphany.code-cache.region-bytes=2048"));
        Target t = Targets.forMachine(m);
        Program<long[]> p = GraphProgram.of("random-dag", RandomDag.generate(2000, 9), Map.of());
        String one = trace(1, p, t, dir.resolve("1.json"));
        assertTrue(one.contains("\"cat\":\"code\""), "the trace has code events");
        assertEquals(one, trace(2, p, t, dir.resolve("2.json")));
        assertEquals(one, trace(8, p, t, dir.resolve("8.json")));
    }
}
