package io.edarts.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edarts.cam.MachineLoader;
import io.edarts.cli.CommandRun;
import io.edarts.report.ValidationFiles;
import io.edarts.report.ValidationTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edarts validate} end to end: the schema of validation.json, every verdict recomputed from
 * the file, the exit code, and the exact set of cases the current model fails. A change to the
 * model that breaks an agreement, or fixes one, fails here and must update {@link #FAILING} with
 * its explanation (the notes in {@link Validation}).
 */
class ValidateCommandTest {
    /**
     * What the model gets wrong today (the notes of each case say why): the core's and the DMA
     * engine's write paths are faster than measured, the DMA engine reads remote SRAM faster than
     * measured, the ratios built on them, and a core's own global address is local.
     */
    static final Set<String> FAILING = Set.of(
            "memcpy-to-remote-sram", "memcpy-to-dram", "dma-to-remote-sram", "dma-from-remote-sram",
            "read-vs-write-remote-sram", "read-vs-write-dram", "read-vs-write-dma-remote-sram",
            "remote-load-0-hops");

    static final Set<String> CALIBRATION = Set.of("memcpy-from-remote-sram", "memcpy-from-dram", "dma-to-dram",
            "dma-from-dram", "read-vs-write-remote-sram", "read-vs-write-dram");

    @TempDir
    static Path dir;
    static CommandRun run;
    static JsonNode json;

    @BeforeAll
    static void validate() throws Exception {
        run = CommandRun.edarts("validate", "--out", dir.resolve("v").toString());
        json = new ObjectMapper().readTree(dir.resolve("v/validation.json").toFile());
    }

    @Test
    void writesTheSchemaWithEveryField() {
        assertEquals(ValidationTable.SCHEMA_VERSION, json.get("schemaVersion").asInt());
        assertEquals("parallella16", json.get("machine").asText());
        assertTrue(json.get("cases").size() >= 20, "cases: " + json.get("cases").size());
        for (JsonNode c : json.get("cases")) {
            for (String f : List.of("name", "group", "source", "method", "unit", "published", "model", "ratio",
                    "tolerance", "ok", "calibration", "note")) {
                assertTrue(c.has(f), c.get("name") + " lacks " + f);
            }
            assertTrue(c.get("published").isNumber() && c.get("model").isNumber() && c.get("ratio").isNumber());
            assertEquals(c.get("calibration").asBoolean(), c.has("calibrationParameter"), c.get("name").asText());
        }
        assertEquals(4, json.get("notReproduced").size());
    }

    @Test
    void everyVerdictFollowsFromItsFigures() {
        for (JsonNode c : json.get("cases")) {
            String name = c.get("name").asText();
            double ratio = c.get("model").asDouble() / c.get("published").asDouble();
            assertEquals(ratio, c.get("ratio").asDouble(), 1e-12, name);
            JsonNode t = c.get("tolerance");
            boolean ok = switch (t.get("kind").asText()) {
                case "within" -> Math.abs(ratio - 1) <= t.get("relative").asDouble();
                case "atLeast" -> ratio >= 1;
                case "above" -> ratio > 1;
                default -> throw new AssertionError(name + ": unknown tolerance " + t);
            };
            assertEquals(ok, c.get("ok").asBoolean(), name + " ratio " + ratio + " against " + t);
        }
    }

    @Test
    void failsExactlyTheKnownDisagreementsAndExitsOne() {
        Set<String> failing = new TreeSet<>();
        for (JsonNode c : json.get("cases")) {
            if (!c.get("ok").asBoolean()) {
                failing.add(c.get("name").asText());
            }
        }
        assertEquals(new TreeSet<>(FAILING), failing);
        assertFalse(json.get("ok").asBoolean());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("8 of 23 cases outside tolerance"), run.err());
        assertTrue(run.out().contains("remote-load-6-hops"), run.out());
        assertTrue(Files.isRegularFile(dir.resolve("v/validation.html")));
    }

    @Test
    void marksTheRowsItsParametersWereDerivedFrom() {
        Set<String> calibration = new TreeSet<>();
        for (JsonNode c : json.get("cases")) {
            if (c.get("calibration").asBoolean()) {
                calibration.add(c.get("name").asText());
            }
        }
        assertEquals(new TreeSet<>(CALIBRATION), calibration);
    }

    @Test
    void theMemcpyCodeletReallyCopiesAndIsChargedByItsAccesses() {
        // 8 KB to remote SRAM: 2,048 local loads, 2,048 posted remote stores, 512 subs and 512 taken
        // branches (1 + 3 cycles, ARCH Table 28) = 6,656 cycles: the published 9,299 is not fitted.
        JsonNode to = caseNamed("memcpy-to-remote-sram");
        assertEquals(8192 * 600e6 / 6656 / (1 << 20), to.get("model").asDouble(), 1e-9);
    }

    @Test
    void sameMachineGivesByteIdenticalFiles() throws Exception {
        ValidationTable t = Validation.run(MachineLoader.load("parallella16", List.of()));
        assertArrayEquals(Files.readAllBytes(dir.resolve("v/validation.json")),
                ValidationFiles.json(t).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertArrayEquals(Files.readAllBytes(dir.resolve("v/validation.html")),
                ValidationFiles.html(t).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void rejectsAnUnknownMachineAndWritesNothing(@TempDir Path d) {
        CommandRun r = CommandRun.edarts("validate", "--machine", "nosuch", "--out", d.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("nosuch"), r.err());
        assertFalse(Files.exists(d.resolve("o")));
    }

    @Test
    void rejectsAMachineTheEpiphanyModelDoesNotCharge(@TempDir Path d) {
        CommandRun r = CommandRun.edarts("validate", "--machine", "ideal", "--out", d.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not the Epiphany model"), r.err());
        assertFalse(Files.exists(d.resolve("o")));
    }

    @Test
    void rejectsAnEpiphanyChipThatIsNotTheParallellasAndWritesNothing(@TempDir Path d) {
        // e1024's address map starts at (0,0), its rows contend in 16 clusters: Parallella figures mean nothing there
        for (String m : new String[] {"e1024", "e64"}) {
            CommandRun r = CommandRun.edarts("validate", "--machine", m, "--out", d.resolve(m).toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("needs a 4x4 Epiphany machine of one cluster"), r.err());
            assertFalse(Files.exists(d.resolve(m)));
        }
    }

    @Test
    void rejectsAnOutFolderThatIsAFile(@TempDir Path d) throws Exception {
        Path file = Files.writeString(d.resolve("f"), "x");
        CommandRun r = CommandRun.edarts("validate", "--machine", "parallella16", "--out", file.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(file.toString()), r.err());
        assertEquals("x", Files.readString(file));
    }

    private static JsonNode caseNamed(String name) {
        for (JsonNode c : json.get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no case " + name);
    }
}
