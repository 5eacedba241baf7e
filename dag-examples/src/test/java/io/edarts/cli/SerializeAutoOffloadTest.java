package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --offload auto} on serialize: the runtime's choice per batch, from the cycles it measures
 * (issue 11, item 2: "the policy, or the user with --offload, chooses").
 */
class SerializeAutoOffloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private int runs;

    private JsonNode run(String offload, int messages, int batch, String... extra) throws Exception {
        Path out = dir.resolve("r" + runs++);
        List<String> args = new ArrayList<>(List.of("run", "serialize", "--messages", "" + messages, "--batch", "" + batch,
                "--offload", offload, "--no-trace", "--quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        CommandRun o = edarts(args.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        JsonNode r = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals("passed", r.get("result").get("check").asText(), r.get("result").toString());
        return r;
    }

    /** Firings of {@code body} the report says were chosen for {@code reason}, over every bucket. */
    private static long decided(JsonNode r, String reason, String body) {
        long n = 0;
        for (JsonNode b : r.get("offload").get("buckets")) {
            for (JsonNode d : b.get("decisions")) {
                if (d.get("reason").asText().equals(reason) && d.get("body").asText().equals(body)) {
                    n += d.get("count").asLong();
                }
            }
        }
        return n;
    }

    @Test
    void oneMessageBatchesEndUpInSoftwareAndLargeBatchesOnTheAccelerator() throws Exception {
        JsonNode small = run("auto", 256, 1);
        JsonNode f = small.get("offload").get("firings");
        assertEquals(256, f.get("software").asLong() + f.get("accelerator").asLong());
        // once both bodies are measured, a one-message batch runs in software: the driver's call costs more
        assertTrue(decided(small, "earliest-finish", "software") > 0.9 * (decided(small, "earliest-finish", "software")
                + decided(small, "earliest-finish", "accelerator")), small.get("offload").toString());
        JsonNode large = run("auto", 1024, 64);
        // 16 batches: one measures software, every other goes to the unit
        assertEquals(1, large.get("offload").get("firings").get("software").asLong(), large.get("offload").toString());
        assertEquals(15, large.get("offload").get("firings").get("accelerator").asLong());
        assertEquals(1, decided(large, "calibrate", "software"));
        assertEquals(0, decided(large, "earliest-finish", "software"));
        JsonNode bucket = large.get("offload").get("buckets").get(0);
        assertEquals("pb_encode", bucket.get("codeObject").asText());
        assertTrue(bucket.get("software").get("meanCycles").asLong()
                > 10 * bucket.get("accelerator").get("callCycles").asLong(), bucket.toString());
        assertEquals("auto", large.get("parameters").get("offload").asText());
        assertEquals(15, large.get("units").get(0).get("calls").asLong(), "each accelerator firing is one call");
    }

    @Test
    void autosMakespanIsWithinFivePercentOfTheBetterOfOnAndOff() throws Exception {
        // enough batches at each size that measuring software once is a small part of the run
        for (int batch : new int[] {2, 16, 64}) {
            long off = run("off", 4096, batch).get("makespanCycles").asLong();
            long on = run("on", 4096, batch).get("makespanCycles").asLong();
            long auto = run("auto", 4096, batch).get("makespanCycles").asLong();
            assertTrue(auto <= 1.05 * Math.min(on, off), "batch " + batch + ": auto " + auto + ", on " + on + ", off " + off);
        }
    }

    @Test
    void autoIsByteIdenticalAcrossHostThreads() throws Exception {
        List<String> reports = new ArrayList<>();
        for (String threads : List.of("1", "2", "8")) {
            JsonNode r = run("auto", 192, 4, "--host-threads", threads);
            ((ObjectNode) r).remove("host");
            reports.add(JSON.writeValueAsString(r));
        }
        assertEquals(reports.get(0), reports.get(1));
        assertEquals(reports.get(0), reports.get(2));
        assertTrue(reports.get(0).contains("\"offload\":{\"mode\":\"auto\""), reports.get(0));
    }

    @Test
    void withoutContentionEachCallWaitsAloneAndAutoStillChooses() throws Exception {
        JsonNode r = run("auto", 256, 64, "--set", "epiphany.contention=off");
        assertEquals(4, r.get("offload").get("firings").get("software").asLong()
                + r.get("offload").get("firings").get("accelerator").asLong());
        assertTrue(r.get("offload").get("firings").get("accelerator").asLong() >= 1);
    }

    @Test
    void runsThatDoNotChooseHaveNoOffloadBlock() throws Exception {
        assertFalse(run("on", 64, 8).has("offload"));
        assertFalse(run("off", 64, 8).has("offload"));
    }

    private void refused(String expect, String... args) {
        Path out = dir.resolve("bad" + runs++);
        List<String> a = new ArrayList<>(List.of("run", "serialize", "--no-trace", "--out", out.toString()));
        a.addAll(List.of(args));
        CommandRun o = edarts(a.toArray(String[]::new));
        assertEquals(Edarts.BAD_INPUT, o.code(), o.out() + o.err());
        assertTrue(o.err().contains(expect), o.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void badModesAndMachinesWithoutTheUnitAreRefusedWithExit2() {
        refused("--offload 'maybe': expected on, off or auto", "--offload", "maybe");
        refused("--offload '': expected on, off or auto", "--offload", "");
        refused("requires unit 'protobuf' to offload, but mesh16 has no units", "--offload", "auto", "--machine", "mesh16");
        Path out = dir.resolve("matmul");
        CommandRun o = edarts("run", "matmul", "--offload", "auto", "--out", out.toString());
        assertEquals(Edarts.BAD_INPUT, o.code());
        assertTrue(o.err().contains("--offload applies to serialize"), o.err());
    }
}
