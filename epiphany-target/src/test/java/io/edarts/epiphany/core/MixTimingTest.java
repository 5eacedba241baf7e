package io.edarts.epiphany.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MixTimingTest {
    @Test
    void fpuInstructionsHideBehindIaluAndLoadStoreWork() {
        assertEquals(100, MixTiming.cycles(100, 100, 0, 0));
        assertEquals(100, MixTiming.cycles(50, 100, 50, 0));
        assertEquals(100, MixTiming.dualIssues(50, 100, 50, 0));
    }

    @Test
    void ialuAndLoadStoreWorkNeverOverlap() {
        assertEquals(200, MixTiming.cycles(100, 0, 100, 0));
        assertEquals(0, MixTiming.dualIssues(100, 0, 100, 0));
    }

    @Test
    void surplusFpuWorkAndBranchesAddCycles() {
        // 10 FPU pair with 10 IALU, 90 FPU alone, 5 branches at 1 + 3 each
        assertEquals(10 + 90 + 5 * 4, MixTiming.cycles(10, 100, 0, 5));
    }

    @Test
    void aDependentFpuChainIsBoundedByTheFpuLatency() {
        assertEquals(0, MixTiming.fpuChainBound(0));
        assertEquals(37, MixTiming.fpuChainBound(10));
    }

    @Test
    void negativeCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MixTiming.cycles(-1, 0, 0, 0));
    }
}
