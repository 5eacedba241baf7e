package io.edarts.cli;

import static io.edarts.cli.CommandRun.edarts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Offload;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.examples.programs.SerializeProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11's offload, from the command line: when offloading serialize pays and when it does not,
 * with the break-even batch predicted by the model's own parameters; determinism; profiles; bad input.
 */
class SerializeOffloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A driver whose completion takes 100 us (an interrupt thread on a loaded host): its per-call cost then exceeds several messages' encode. */
    private static final String SLOW_IRQ = "epiphany.host.driver.interrupt-ns=100000";

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

    /** Makespan of one batch of {@code b} messages: one encode codelet, offloaded or not. */
    private long oneBatch(String offload, int b, String... sets) throws Exception {
        List<String> extra = new ArrayList<>();
        for (String s : sets) {
            extra.add("--set");
            extra.add(s);
        }
        return run(offload, b, b, extra.toArray(String[]::new)).get("makespanCycles").asLong();
    }

    /** What the driver and the unit cost for a call of the first {@code b} messages, from the machine's keys alone. */
    private static long driverCycles(int b, String... sets) {
        EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of(sets)));
        if (b == 0) {
            return t.offloadCost(1, new Offload(SerializeProgram.UNIT, 0, 0)).total();
        }
        SerializeProgram.Layout l = SerializeProgram.Layout.of(SerializeProgram.messages(1, 0, b));
        long out = SerializeProgram.wireBytes(SerializeProgram.messages(1, 0, b));
        return t.offloadCost(1, new Offload(SerializeProgram.UNIT, 8L * l.words().length, out)).total();
    }

    @Test
    void oneMessageOffloadedIsSlowerWhenTheDriversPerCallCostExceedsItsEncodeButFasterWhenNot() throws Exception {
        long software = oneBatch("off", 1);
        // the condition, from the parameters: the driver's call alone against the whole software run
        assertTrue(driverCycles(1, SLOW_IRQ) > software, driverCycles(1, SLOW_IRQ) + " vs " + software);
        assertTrue(oneBatch("on", 1, SLOW_IRQ) > software, "a call costing more than the encode does not pay");
        // with the default driver the call costs less than one message's encode on an eCore (whose loads
        // of the message from DRAM dominate), and then even one message pays
        assertTrue(driverCycles(1) < software, driverCycles(1) + " vs " + software);
        assertTrue(oneBatch("on", 1) < software);
    }

    @Test
    void offloadPaysFromTheBreakEvenBatchTheModelPredicts() throws Exception {
        int k = 16;
        // per message: software cycles as the core model charges them, and the unit's and driver's per-byte
        // costs from the keys; per call: what offloading one message costs more than encoding it
        double software = (oneBatch("off", k) - oneBatch("off", 1)) / (double) (k - 1);
        double offload = (driverCycles(k, SLOW_IRQ) - driverCycles(1, SLOW_IRQ)) / (double) (k - 1);
        long gap = oneBatch("on", 1, SLOW_IRQ) - oneBatch("off", 1);
        assertTrue(gap > 0 && software > offload, gap + ", " + software + ", " + offload);
        int breakEven = 1 + (int) Math.ceil(gap / (software - offload));
        assertTrue(breakEven >= 4, "the slow driver puts the break-even at a few messages: " + breakEven);
        int below = breakEven / 2;
        int above = 2 * breakEven;
        assertTrue(oneBatch("on", below, SLOW_IRQ) > oneBatch("off", below), "below the break-even " + breakEven);
        assertTrue(oneBatch("on", above, SLOW_IRQ) < oneBatch("off", above), "above the break-even " + breakEven);
    }

    /**
     * The whole stream on the default machine: the 15 CUs encode their batches at once, while the
     * offloads queue at the host's one daemon and its one unit. A call costs a fixed part (driver,
     * unit set-up and pipeline, the daemon's poll, record and reply: from the keys) and a part per
     * message; offloading pays once the fixed part, shared by a batch's messages, is below what
     * the 15 CUs take per message: B* = fixed / (software / 15 - unit per message).
     */
    @Test
    void theStreamOffloadPaysFromTheBatchThatAmortisesThePerCallCost() throws Exception {
        EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of()));
        io.edarts.cam.HostCall call = new io.edarts.cam.HostCall(io.edarts.api.HostCalls.OFFLOAD, 4, 0);
        long fixed = driverCycles(0) + t.hostCallParams().pollCycles() + t.hostCallParams().serviceCycles(call);
        int k = 16;
        double software = (oneBatch("off", k) - oneBatch("off", 1)) / (double) (k - 1);
        double unit = (driverCycles(k) - driverCycles(1)) / (double) (k - 1);
        int cus = 15;
        assertTrue(software / cus > unit, software + " / " + cus + " vs " + unit);
        int breakEven = (int) Math.ceil(fixed / (software / cus - unit));
        assertTrue(breakEven >= 2, "one-message batches do not pay: " + breakEven);
        System.out.printf(java.util.Locale.ROOT, "serialize stream: per call %d cycles, per message %.1f on the unit and"
                + " %.1f in software on one CU: break-even batch %d%n", fixed, unit, software, breakEven);
        int below = Math.max(1, breakEven / 2);
        int above = 2 * breakEven;
        // whole rounds of batches over the CUs, so the software side is balanced
        int nBelow = cus * below * 4;
        int nAbove = cus * above * 2;
        assertTrue(run("on", nBelow, below).get("makespanCycles").asLong()
                > run("off", nBelow, below).get("makespanCycles").asLong(), "below " + breakEven);
        assertTrue(run("on", nAbove, above).get("makespanCycles").asLong()
                < run("off", nAbove, above).get("makespanCycles").asLong(), "above " + breakEven);
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "on"})
    void reportIsByteIdenticalAcrossHostThreads(String offload) throws Exception {
        List<String> reports = new ArrayList<>();
        for (String threads : List.of("1", "2", "8")) {
            JsonNode r = run(offload, 96, 8, "--host-threads", threads);
            ((ObjectNode) r).remove("host");
            reports.add(JSON.writeValueAsString(r));
        }
        assertEquals(reports.get(0), reports.get(1));
        assertEquals(reports.get(0), reports.get(2));
    }

    @Test
    void anOffloadingRunReportsItsUnitAndItsProfileShowsTheDriversPhases() throws Exception {
        Path on = dir.resolve("on");
        Path off = dir.resolve("off");
        assertEquals(0, edarts("run", "serialize", "--messages", "64", "--batch", "8", "--offload", "on", "--profile",
                "--no-trace", "--quiet", "--out", on.toString()).code());
        assertEquals(0, edarts("run", "serialize", "--messages", "64", "--batch", "8", "--profile", "--no-trace", "--quiet",
                "--out", off.toString()).code());
        JsonNode r = JSON.readTree(on.resolve("report.json").toFile());
        JsonNode u = r.get("units").get(0);
        assertEquals("protobuf", u.get("name").asText());
        assertEquals("accelerator", u.get("kind").asText());
        assertEquals(8, u.get("calls").asLong());
        assertEquals(8, r.get("hostCalls").get("count").asLong());
        long phases = 0;
        for (JsonNode p : u.get("phases")) {
            phases += p.asLong();
        }
        assertEquals(u.get("cycles").asLong(), phases);
        assertEquals("on", r.get("parameters").get("offload").asText());
        assertFalse(JSON.readTree(off.resolve("report.json").toFile()).has("units"), "a run that offloads nothing has none");
        String text = Files.readString(on.resolve("profile.txt"));
        assertTrue(text.contains("accelerator protobuf") && text.contains("cache-clean") && text.contains("interrupt"), text);
        assertTrue(text.contains("host wait"), text);
        CommandRun d = edarts("profile", "--diff", off.toString(), on.toString());
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("pb_encode") && d.out().contains("host wait"), d.out());
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
    void badInputIsRefusedBeforeTheRunWithExit2AndNothingWritten() {
        refused("--batch 0", "--batch", "0");
        refused("--messages -1", "--messages", "-1");
        refused("--offload 'maybe': expected on, off or auto", "--offload", "maybe");
        refused("epiphany.host.accelerators.protobuf.bytes-per-cycle", "--offload", "on", "--set",
                "epiphany.host.accelerators.protobuf.bytes-per-cycle=-1");
        refused("epiphany.host.driver.syscall-ns", "--set", "epiphany.host.driver.syscall-ns=-5");
        refused("requires unit 'protobuf' to offload, but mesh16 has no units", "--offload", "on", "--machine", "mesh16");
        Path out = dir.resolve("matmul");
        CommandRun o = edarts("run", "matmul", "--offload", "on", "--out", out.toString());
        assertEquals(Edarts.BAD_INPUT, o.code());
        assertTrue(o.err().contains("--offload applies to serialize"), o.err());
    }
}
