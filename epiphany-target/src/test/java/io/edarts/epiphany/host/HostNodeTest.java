package io.edarts.epiphany.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.CodeObject;
import io.edarts.cam.MachineConfigException;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.epiphany.EpiphanyTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostNodeTest {
    private static EpiphanyTarget parallella(String... sets) {
        return EpiphanyTarget.create(MachineLoader.load("parallella16", List.of(sets)));
    }

    @Test
    void pricesTransfersFromTheHostRowsOfTheBandwidthTable() {
        HostNode host = HostNode.of(parallella());
        // 8 KiB host -> SRAM at 14.6 MiB/s, at 600 MHz: 8192 / (14.6 * 2^20) s = 535.1 us = 321,069 cycles,
        // plus core (3,3)'s path from the eLink on row 3: one hop into the east router, 0 along the row, 0 down
        double seconds = 8192 / (14.6 * 1024 * 1024);
        long bytesCycles = (long) Math.ceil(seconds * 600e6);
        assertEquals(bytesCycles + 2, host.transferCycles(HostLink.Direction.HOST_TO_SRAM, 15, 8192), "1.5 cycles rounded up");
        // core (0,0): 1 + 3 hops along row 3... row first: 3 columns west, then 3 rows up: 7 hops, 10.5 -> 11
        assertEquals(bytesCycles + 11, host.transferCycles(HostLink.Direction.HOST_TO_SRAM, 0, 8192));
        // DRAM never touches the chip: only the rate, 100.7 MiB/s
        assertEquals((long) Math.ceil(8192 / (100.7 * 1024 * 1024) * 600e6),
                host.transferCycles(HostLink.Direction.HOST_TO_DRAM, -1, 8192));
        assertTrue(host.transferCycles(HostLink.Direction.DRAM_TO_HOST, -1, 8192)
                < host.transferCycles(HostLink.Direction.HOST_TO_DRAM, -1, 8192), "135.4 MiB/s back is faster");
        assertTrue(host.transferCycles(HostLink.Direction.SRAM_TO_HOST, 0, 8192)
                < host.transferCycles(HostLink.Direction.HOST_TO_SRAM, 0, 8192), "17.9 MiB/s back is faster");
        assertEquals(0, host.busyCycles(), "pricing does not occupy the host");
        // the ARM's 667 MHz against the chip's 600: 667 host cycles are 600 chip cycles
        assertEquals(600, host.hostCycles(667));
    }

    @Test
    void requestsQueueAtTheHostInTheOrderTheyAreMade() {
        HostNode host = HostNode.of(parallella());
        HostNode.Span a = host.occupy("call from core 1", 0, 100);
        HostNode.Span b = host.occupy("call from core 2", 10, 50);
        HostNode.Span c = host.occupy("call from core 3", 1_000, 5);
        assertEquals(0, a.start());
        assertEquals(100, b.start(), "a request that finds the host busy starts when it is free");
        assertEquals(150, b.end());
        assertEquals(1_000, c.start(), "an idle host starts no earlier than asked");
        assertEquals(155, host.busyCycles());
        assertEquals(1_005, host.freeAt());
        HostNode.Span t = host.transfer("x", HostLink.Direction.HOST_TO_DRAM, -1, 4096, 0);
        assertEquals(1_005, t.start());
        assertEquals(4096, host.bytes(HostLink.Direction.HOST_TO_DRAM));
        assertEquals(4, host.spans().size());
        assertThrows(IllegalArgumentException.class, () -> host.occupy("negative", 0, -1));
    }

    @Test
    void keepsAtMostMaxSpansButCountsThemAll() {
        HostNode host = HostNode.of(parallella());
        for (int i = 0; i < HostNode.MAX_SPANS + 10; i++) {
            host.occupy("w", 0, 1);
        }
        assertEquals(HostNode.MAX_SPANS, host.spans().size());
        assertEquals(HostNode.MAX_SPANS + 10, host.spanCount());
        assertEquals(HostNode.MAX_SPANS + 10, host.busyCycles());
    }

    @Test
    void theImageSplitsLocalCodeFromDramCodeInDoublewords() {
        EpiphanyTarget t = parallella();
        ProgramImage image = ProgramImage.of(t, List.of(CodeObject.of("a", 100, Placement.LOCAL),
                CodeObject.of("b", 64, Placement.LOCAL), CodeObject.of("c", 30, Placement.GLOBAL),
                CodeObject.of("d", 500, Placement.CACHED), CodeObject.of("a", 100, Placement.LOCAL)), List.of(), 0);
        assertEquals(104 + 64, image.usrcoreBytes(), "a counted once, rounded up to 8");
        assertEquals(32 + 504, image.usrmemBytes());
        assertEquals(1024 + 168, image.coldLocalBytes());
        assertEquals(1024 + 536, image.coldExternalBytes());
        assertEquals(16, image.cores());
        assertEquals(0x8e010000L, image.sections().stream().filter(s -> s.name().equals("usrmem")).findFirst()
                .orElseThrow().address(), "usrmem after the 64 KB of sysmem, as in Figure 1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProgramImage.of(
                parallella("epiphany.host.image.usrmem-bytes=256"), List.of(CodeObject.of("big", 512, Placement.GLOBAL)),
                List.of(), 0));
        assertTrue(e.getMessage().contains("usrmem-bytes = 256") && e.getMessage().contains("big"), e.getMessage());
    }

    @Test
    void syscoreMustFitTheRuntimeReserve() {
        MachineConfigException e = assertThrows(MachineConfigException.class,
                () -> MachineLoader.load("parallella16", List.of("epiphany.budget.runtime-bytes=512")));
        assertTrue(e.getMessage().contains("epiphany.host.image.syscore-bytes"), e.getMessage());
    }

    @Test
    void aLaunchIsTheSameEveryTimeAndTheTreeCopiesToEveryCoreOnce() {
        EpiphanyTarget t = parallella();
        ProgramImage image = ProgramImage.of(t, List.of(CodeObject.of("k", 2048, Placement.LOCAL)), List.of(), 0);
        Launcher.Launch a = Launcher.run(LaunchProcedure.TREE, image, t, HostNode.of(t));
        Launcher.Launch b = Launcher.run(LaunchProcedure.TREE, image, t, HostNode.of(t));
        assertEquals(a, b);
        assertEquals(15, a.copies());
        assertEquals(15 * (1024 + 2048), a.copyBytes());
        assertEquals(4, a.rounds());
        Launcher.Launch off = Launcher.run(LaunchProcedure.TREE, image, parallella("epiphany.contention=off"),
                HostNode.of(t));
        assertTrue(off.cycles() <= a.cycles(), "sharing the mesh can only make the copies longer");
        assertEquals(0, Launcher.run(LaunchProcedure.NONE, image, t, HostNode.of(t)).cycles());
    }
}
