package io.edarts.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.MachineRegistry;
import io.edarts.scheduler.Programs;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a machine changed with {@code --set} was reported under the built-in's name alone, so
 * two runs on different machines looked like runs on the same one. report.json now lists the
 * overrides and report.html names the machine with them.
 */
class MachineOverridesReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunResult run(List<String> overrides) {
        try (Simulator sim = Simulator.create(1)) {
            return sim.run(Programs.random(40, 2, 3).program(),
                    MachineRegistry.newTarget(MachineLoader.load("mesh16", overrides)), RunOptions.defaults());
        }
    }

    @Test
    void overriddenMachineIsListedInReportJsonAndNamedWithItsOverridesInReportHtml(@TempDir Path dir) throws Exception {
        RunResult r = run(List.of("pool-capacity=2", "costs.hop-cycles=3"));
        assertEquals("mesh16 (--set pool-capacity=2, costs.hop-cycles=3)", r.machineLabel());
        JsonNode machine = JSON.readTree(JsonReport.toJson(r, false)).get("machine");
        assertEquals("mesh16", machine.get("name").asText(), "the name stays the description's name");
        assertEquals("[\"pool-capacity=2\",\"costs.hop-cycles=3\"]", machine.get("overrides").toString());
        Path html = dir.resolve("report.html");
        HtmlReport.write(r, html);
        String page = Files.readString(html);
        String h1 = page.substring(page.indexOf("<h1>"), page.indexOf("</h1>"));
        assertTrue(h1.endsWith(" on mesh16 (--set pool-capacity&#61;2, costs.hop-cycles&#61;3)"), h1);
    }

    @Test
    void machineAsWrittenHasAnEmptyOverridesListAndItsPlainName(@TempDir Path dir) throws Exception {
        RunResult r = run(List.of());
        assertEquals("[]", JSON.readTree(JsonReport.toJson(r, false)).get("machine").get("overrides").toString());
        Path html = dir.resolve("report.html");
        HtmlReport.write(r, html);
        assertTrue(Files.readString(html).contains("</span> on mesh16</h1>"));
    }

    @Test
    void overridesKeepReportJsonDeterministic() {
        List<String> o = List.of("pool-capacity=2", "costs.hop-cycles=3");
        assertEquals(JsonReport.toJson(run(o), false), JsonReport.toJson(run(o), false));
    }
}
