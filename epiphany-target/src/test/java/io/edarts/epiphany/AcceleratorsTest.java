package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.MachineConfigException;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Offload;
import io.edarts.cam.OffloadCost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accelerator and its driver: each phase from its keys, in chip cycles (parallella16: 600 MHz chip, 667 MHz host). */
class AcceleratorsTest {
    private static EpiphanyTarget target(String... overrides) {
        return EpiphanyTarget.create(MachineLoader.load("parallella16", List.of(overrides)));
    }

    @Test
    void parallella16HasOneAcceleratorBesideTheHostAndE64None() {
        assertEquals(List.of("protobuf"), target().units().stream().map(u -> u.name()).toList());
        assertEquals("accelerator", target().units().get(0).kind());
        assertEquals(100.0, target().units().get(0).clockMhz());
        assertTrue(EpiphanyTarget.create(MachineLoader.load("e64", List.of())).units().isEmpty());
    }

    @Test
    void everyPhaseIsItsKeyInChipCycles() {
        OffloadCost c = target().offloadCost(1, new Offload("protobuf", 1000, 640));
        assertEquals(List.of("syscall", "cache-clean", "setup", "stream", "pipeline", "interrupt", "cache-invalidate"),
                c.phases().stream().map(OffloadCost.Phase::name).toList());
        assertEquals(600, c.cycles("syscall"));                                      // 1 us at 600 MHz
        assertEquals((long) Math.ceil(32 * 20 * 600 / 667.0), c.cycles("cache-clean"));      // 32 lines of 32 B
        assertEquals(32 * 6, c.cycles("setup"));                                     // 32 cycles at 100 MHz
        // the datapath (8 B x 100 MHz) is slower than the HP port (8 B x 150 MHz): 1000 B at 4/3 B a chip cycle
        assertEquals(750, c.cycles("stream"));
        assertEquals(16 * 6, c.cycles("pipeline"));
        assertEquals(3000, c.cycles("interrupt"));                                   // 5 us
        assertEquals((long) Math.ceil(20 * 20 * 600 / 667.0), c.cycles("cache-invalidate"));  // 20 lines
        assertEquals(32 * 6 + 750 + 16 * 6, c.unitCycles());
    }

    @Test
    void aSlowerPortSetsTheStreamAndPollReplacesTheInterrupt() {
        OffloadCost c = target("epiphany.host.driver.axi-clock-mhz=50", "epiphany.host.driver.completion=poll")
                .offloadCost(1, new Offload("protobuf", 1000, 2000));
        assertEquals(3000, c.cycles("stream"));  // 2000 B out at 8 B x 50 MHz = 2/3 B a chip cycle
        assertEquals(120, c.cycles("poll"));     // 0.2 us
        assertEquals(0, c.cycles("interrupt"));
    }

    @Test
    void anUnknownUnitIsRefusedNamingTheUnitsThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> target().offloadCost(1, new Offload("fft", 8, 8)));
        assertTrue(e.getMessage().contains("'fft'") && e.getMessage().contains("only protobuf"), e.getMessage());
    }

    @Test
    void aNegativeRateIsRefusedAtLoadNamingTheKey() {
        MachineConfigException e = assertThrows(MachineConfigException.class, () -> MachineLoader.load("parallella16",
                List.of("epiphany.host.accelerators.protobuf.bytes-per-cycle=-2")));
        assertTrue(e.getMessage().contains("epiphany.host.accelerators.protobuf.bytes-per-cycle"), e.getMessage());
        MachineConfigException d = assertThrows(MachineConfigException.class, () -> MachineLoader.load("parallella16",
                List.of("epiphany.host.driver.interrupt-ns=-1")));
        assertTrue(d.getMessage().contains("epiphany.host.driver.interrupt-ns"), d.getMessage());
    }
}
