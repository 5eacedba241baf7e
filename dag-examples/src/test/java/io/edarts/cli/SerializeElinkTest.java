package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** serialize offloaded through the eLink instead of the host: who wins at which batch, determinism, bad input. */
class SerializeElinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELINK = "epiphany.host.accelerators.protobuf.call-path=elink";

    @TempDir
    Path dir;
    private int runs;

    private JsonNode run(int messages, int batch, String... extra) throws Exception {
        Path out = dir.resolve("r" + runs++);
        List<String> args = new ArrayList<>(List.of("run", "serialize", "--messages", "" + messages, "--batch", "" + batch,
                "--offload", "on", "--no-trace", "--quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        CommandRun o = edarts(args.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        JsonNode r = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals("passed", r.get("result").get("check").asText(), r.get("result").toString());
        return r;
    }

    @Test
    void theELinkPathWinsASmallBatchByTheDriversCostAndTheHostPathALargeOneByTheAxiPort() throws Exception {
        // one batch: the whole run is one call, so the makespans differ by the paths' costs
        long hostSmall = run(1, 1).get("makespanCycles").asLong();
        long elinkSmall = run(1, 1, "--set", ELINK).get("makespanCycles").asLong();
        assertTrue(elinkSmall < hostSmall, "batch 1: eLink " + elinkSmall + " vs host " + hostSmall);
        // per input byte the eLink path pays the eLink's 1.16 cycles and then the unit's 0.75, the host
        // path 0.56 of cache cleaning, the unit's 0.75 and 0.34 of invalidating the output: 1.91 against
        // 1.65, so past some 13 KB (~95 messages) the host's fixed 6.5 us is paid back
        long hostLarge = run(256, 256).get("makespanCycles").asLong();
        long elinkLarge = run(256, 256, "--set", ELINK).get("makespanCycles").asLong();
        assertTrue(elinkLarge > hostLarge, "batch 256: eLink " + elinkLarge + " vs host " + hostLarge);
    }

    @Test
    void anELinkRunIsByteIdenticalAcrossHostThreads() throws Exception {
        List<String> reports = new ArrayList<>();
        for (String threads : List.of("1", "2", "8")) {
            JsonNode r = run(96, 4, "--set", ELINK, "--host-threads", threads);
            ((ObjectNode) r).remove("host");
            reports.add(JSON.writeValueAsString(r));
        }
        assertEquals(reports.get(0), reports.get(1));
        assertEquals(reports.get(0), reports.get(2));
        assertTrue(reports.get(0).contains("\"write-back\""), "the unit's phases are the eLink path's");
    }

    @Test
    void anUnknownAttachValueIsRefusedBeforeTheRunWithExit2NamingTheKey() {
        Path out = dir.resolve("bad");
        CommandRun o = edarts("run", "serialize", "--offload", "on", "--quiet", "--out", out.toString(), "--set",
                "epiphany.host.accelerators.protobuf.attach=pcie");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("epiphany.host.accelerators.protobuf.attach"), o.err());
        assertTrue(!Files.exists(out), "nothing written");
    }
}
