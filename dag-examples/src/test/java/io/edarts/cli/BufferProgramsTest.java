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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** matmul's and cannon's data on buffers, from the command line: what fits, and DMA runs that repeat. */
class BufferProgramsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLargestMatmulTileFitsAndTheNextIsRefusedNamingCoreAndSizes(@TempDir Path dir) throws Exception {
        // a CU holds 5 tiles of B x B floats (ping-pong A and B, C) next to 6,720 B of cached-code
        // room: 20 x 26^2 = 13,520 B fits the 13,760 B left of the 20 KB code and data share
        Path fits = dir.resolve("fits");
        CommandRun ok = edarts("run", "matmul", "--size", "104", "--block", "26", "--no-trace", "--out", fits.toString());
        assertEquals(0, ok.code(), ok.err());
        JsonNode r = JSON.readTree(fits.resolve("report.json").toFile());
        assertEquals("passed", r.get("result").get("check").asText());
        // 27 x 27 tiles (2,916 B each, 14,580 B a core) do not, and nothing is written
        Path over = dir.resolve("over");
        CommandRun no = edarts("run", "matmul", "--size", "108", "--block", "27", "--no-trace", "--out", over.toString());
        assertEquals(2, no.code(), no.out());
        assertTrue(no.err().contains("core (0,1)") && no.err().contains("2916 B") && no.err().contains("does not fit")
                && no.err().contains("code 6720"), no.err());
        assertFalse(Files.exists(over), "nothing written");
    }

    @Test
    void cannonWithDmaShiftsIsByteIdenticalAtOneTwoAndEightHostThreads(@TempDir Path dir) throws Exception {
        String first = null;
        for (String threads : new String[] {"1", "2", "8"}) {
            Path out = dir.resolve(threads);
            CommandRun o = edarts("run", "cannon", "--size", "32", "--shift", "dma", "--host-threads", threads,
                    "--no-trace", "--quiet", "--out", out.toString());
            assertEquals(0, o.code(), o.err());
            ObjectNode n = (ObjectNode) JSON.readTree(out.resolve("report.json").toFile());
            assertTrue(n.get("counters").toString().contains("dma"), "DMA counters in the report");
            n.remove("host");
            if (first == null) {
                first = n.toString();
            } else {
                assertEquals(first, n.toString(), threads + " host threads");
            }
        }
    }

    @Test
    void anUnknownShiftIsExitTwoAndMatmulRefusesTheOption(@TempDir Path dir) {
        CommandRun bad = edarts("run", "cannon", "--shift", "teleport", "--out", dir.resolve("a").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("teleport") && bad.err().contains("write or dma"), bad.err());
        CommandRun other = edarts("run", "matmul", "--shift", "dma", "--out", dir.resolve("b").toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("--shift"), other.err());
    }
}
