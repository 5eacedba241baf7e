package io.edarts.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edarts.api.Dag;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.SimpleTarget;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** report.json's {@code result.frames}: where a body threw, without the runtime's frames. */
class FailureFramesReportTest {
    private static void failDeep() {
        throw new IllegalStateException("no pivot");
    }

    @Test
    void aFailedRunsReportShowsTheTopFramesOfTheBodysException() throws Exception {
        Dag.Builder<long[]> g = Dag.builder("pivot");
        g.task("factor", ctx -> failDeep()).cycles(10);
        RunResult r;
        try (Simulator sim = Simulator.create(1)) {
            r = sim.run(g.build(() -> new long[1], null), SimpleTarget.ideal(MachineLoader.load("ideal", List.of())),
                    RunOptions.defaults());
        }
        JsonNode result = new ObjectMapper().readTree(JsonReport.toJson(r, false)).get("result");
        assertEquals("failed", result.get("status").asText());
        JsonNode frames = result.get("frames");
        assertEquals(2, frames.size(), frames.toString());
        assertTrue(frames.get(0).asText().startsWith("io.edarts.report.FailureFramesReportTest.failDeep("
                + "FailureFramesReportTest.java:"), frames.toString());
        assertTrue(frames.get(1).asText().contains("lambda$"), frames.toString());
    }
}
