package io.edarts.epiphany.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Dma;
import io.edarts.cam.Interconnect;
import io.edarts.cam.MachineConfigException;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Offload;
import io.edarts.cam.OffloadCost;
import io.edarts.epiphany.EpiphanyTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An eCore's direct call of parallella16's serializer through the eLink: phases, queueing at the unit, contention, config. */
class ElinkOffloadTest {
    private static final String ELINK = "epiphany.host.accelerators.protobuf.call-path=elink";
    private static final List<String> DRIVER = List.of("syscall", "cache-clean", "cache-invalidate", "interrupt", "poll");

    private static EpiphanyTarget target(String... overrides) {
        return EpiphanyTarget.create(MachineLoader.load("parallella16", List.of(overrides)));
    }

    /** Steps {@code ic} until nothing is in flight. */
    private static void drain(Interconnect ic) {
        while (ic.nextEventCycle() != Long.MAX_VALUE) {
            ic.step();
        }
    }

    @Test
    void theELinkPathsPhasesAddUpToItsCostAndNoneIsTheDrivers() {
        EpiphanyTarget t = target(ELINK);
        Offload call = new Offload("protobuf", 1000, 640);
        assertTrue(t.offloadsDirectly(5, call));
        OffloadCost c = t.offloadCost(5, call);
        assertEquals(List.of("write", "setup", "stream", "pipeline", "write-back", "spin"),
                c.phases().stream().map(OffloadCost.Phase::name).toList());
        long sum = 0;
        for (OffloadCost.Phase p : c.phases()) {
            sum += p.cycles();
            assertFalse(DRIVER.contains(p.name()), p.name());
        }
        assertEquals(sum, c.total());
        // the unit's own model, as on the host path: 32 and 16 cycles at 100 MHz, 1000 B at 4/3 B a chip cycle
        assertEquals(192, c.cycles("setup"));
        assertEquals(750, c.cycles("stream"));
        assertEquals(96, c.cycles("pipeline"));
        assertEquals(192 + 750 + 96, c.unitCycles());
        assertEquals(5, c.cycles("spin"));
        // 125 input and 2 descriptor transactions cross the eLink at 9.28 cycles each: at least that
        assertTrue(c.cycles("write") >= 127 * 9504 / 1024, "write " + c.cycles("write"));
        // the output (80 transactions, 742 cycles of eLink) comes in while the unit streams (750): the
        // write-back is the flag's crossing and the mesh to core 5, a few tens of cycles
        assertTrue(c.cycles("write-back") > 0 && c.cycles("write-back") < 100, "write-back " + c.cycles("write-back"));
        // the host path of the same call pays the driver and does not know the eLink
        OffloadCost host = target().offloadCost(5, call);
        assertTrue(host.cycles("syscall") > 0 && host.cycles("write") == 0);
        assertFalse(target().offloadsDirectly(5, call));
    }

    @Test
    void aCallAloneOnTheRunsInterconnectTakesExactlyItsCost() {
        EpiphanyTarget t = target(ELINK);
        for (int core : new int[] {1, 6, 15}) {
            Offload call = new Offload("protobuf", 333, 517);
            Interconnect ic = t.newInterconnect().orElseThrow();
            ic.submitsInOrder();
            long[] end = {-1};
            ic.offload(core, call, t.offloadCost(core, call), 1000, c -> end[0] = c);
            drain(ic);
            assertEquals(1000 + t.offloadCost(core, call).total(), end[0], "core " + core);
        }
    }

    @Test
    void callsOfSeveralCoresQueueAtTheUnitInTheOrderTheirDoorbellsArrive() {
        EpiphanyTarget t = target(ELINK);
        FabricInterconnect ic = (FabricInterconnect) t.newInterconnect().orElseThrow();
        int[] cores = {1, 2, 6, 11, 15};
        long[] ends = new long[cores.length];
        for (int i = 0; i < cores.length; i++) {
            int k = i;
            Offload call = new Offload("protobuf", 256, 160);
            ic.offload(cores[i], call, t.offloadCost(cores[i], call), 0, c -> ends[k] = c);
        }
        drain(ic);
        List<ElinkCalls.Timeline> served = new ArrayList<>(ic.served());
        assertEquals(cores.length, served.size());
        served.sort(Comparator.comparingLong(ElinkCalls.Timeline::start));
        long unit = 0;
        for (int i = 1; i < served.size(); i++) {
            ElinkCalls.Timeline a = served.get(i - 1);
            ElinkCalls.Timeline b = served.get(i);
            assertTrue(b.start() >= a.end(), "the unit runs one call at a time: " + a + " then " + b);
            assertTrue(b.doorbell() >= a.doorbell(), "first come, first served: " + a + " then " + b);
        }
        for (ElinkCalls.Timeline s : served) {
            unit += s.end() - s.start();
        }
        // the five doorbells arrive within the eLink's time for five inputs; the unit's work is longer
        // than that gap, so some call waited for the unit, and the last ends no earlier than all the work
        assertTrue(served.stream().anyMatch(s -> s.start() > s.doorbell()), served.toString());
        assertTrue(served.get(served.size() - 1).end() >= served.get(0).start() + unit);
        for (int i = 0; i < cores.length; i++) {
            assertTrue(ends[i] > 0);
        }
    }

    /** End of core 3's 8 KB DMA to DRAM from cycle 0, with eLink calls of {@code callers} started with it. */
    private static long dramStream(EpiphanyTarget t, int... callers) {
        Interconnect ic = t.newInterconnect().orElseThrow();
        long[] end = {-1};
        ic.dma(3, 0, Dma.copy(0x2000, 0x8f000000L, 8192), 0, c -> end[0] = c);
        for (int core : callers) {
            Offload call = new Offload("protobuf", 2048, 1024);
            ic.offload(core, call, t.offloadCost(core, call), 0, c -> { });
        }
        drain(ic);
        return end[0];
    }

    @Test
    void eLinkCallsSlowAConcurrentDramStreamUnderContention() {
        EpiphanyTarget t = target(ELINK);
        long alone = dramStream(t);
        assertEquals(t.dmaCycles(3, Dma.copy(0x2000, 0x8f000000L, 8192)), alone);
        long shared = dramStream(t, 5, 10, 12);
        // three callers put 3 x 258 transactions on the same eLink as the stream's 1,024
        assertTrue(shared > alone * 3 / 2, "alone " + alone + ", with three eLink callers " + shared);
        // host-path calls do not touch the mesh (the daemon's transfers are closed forms): no slowdown
        assertEquals(alone, dramStreamHostPath(target()));
    }

    private static long dramStreamHostPath(EpiphanyTarget t) {
        Interconnect ic = t.newInterconnect().orElseThrow();
        long[] end = {-1};
        ic.dma(3, 0, Dma.copy(0x2000, 0x8f000000L, 8192), 0, c -> end[0] = c);
        drain(ic);
        return end[0];
    }

    @Test
    void withContentionOffNothingSharesTheELinkAndACallCostsItsAloneCost() {
        EpiphanyTarget t = target(ELINK, "epiphany.contention=off");
        assertTrue(t.newInterconnect().isEmpty());
        Offload call = new Offload("protobuf", 2048, 1024);
        assertEquals(target(ELINK).offloadCost(5, call), t.offloadCost(5, call));
    }

    @Test
    void aRunWithoutELinkCallsKeepsItsInterconnectAsItWas() {
        assertFalse(target().newInterconnect().orElseThrow() instanceof FabricInterconnect);
        assertTrue(target(ELINK).newInterconnect().orElseThrow() instanceof FabricInterconnect);
    }

    @Test
    void theAttachmentSaysWhichPathsReachTheUnitAndWhichOneCallsTake() {
        assertEquals("host over AXI and eCores through the eLink (window 0x81100000) (FPGA fabric); eCore calls through"
                + " the host", target().units().get(0).attachment());
        assertTrue(target(ELINK).units().get(0).attachment().endsWith("eCore calls through the eLink"));
        assertEquals("host over AXI (FPGA fabric)",
                target("epiphany.host.accelerators.protobuf.attach=host").units().get(0).attachment());
    }

    @Test
    void anUnknownAttachValueIsRefusedAtLoadNamingTheKey() {
        MachineConfigException e = assertThrows(MachineConfigException.class, () -> MachineLoader.load("parallella16",
                List.of("epiphany.host.accelerators.protobuf.attach=pcie")));
        assertTrue(e.getMessage().contains("epiphany.host.accelerators.protobuf.attach"), e.getMessage());
        MachineConfigException p = assertThrows(MachineConfigException.class, () -> MachineLoader.load("parallella16",
                List.of("epiphany.host.accelerators.protobuf.call-path=dma")));
        assertTrue(p.getMessage().contains("epiphany.host.accelerators.protobuf.call-path"), p.getMessage());
    }

    @Test
    void aCallPathTheAttachmentDoesNotHaveIsRefusedAtLoadNamingTheKey() {
        MachineConfigException e = assertThrows(MachineConfigException.class, () -> MachineLoader.load("parallella16",
                List.of("epiphany.host.accelerators.protobuf.attach=host", ELINK)));
        assertTrue(e.getMessage().contains("epiphany.host.accelerators.protobuf.call-path"), e.getMessage());
        MachineConfigException h = assertThrows(MachineConfigException.class, () -> MachineLoader.load("parallella16",
                List.of("epiphany.host.accelerators.protobuf.attach=elink")));
        assertTrue(h.getMessage().contains("call-path") && h.getMessage().contains("elink"), h.getMessage());
    }

    @Test
    void aWindowOnTheChipOrInTheDramIsRefusedNamingTheKey() {
        for (String w : new String[] {"0x80800000", "0x8e100000", "0x00000000", "nonsense"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> target("epiphany.host.elink-calls.window-base=\"" + w + "\""));
            assertTrue(e.getMessage().contains("epiphany.host.elink-calls.window-base"), w + ": " + e.getMessage());
        }
    }
}
