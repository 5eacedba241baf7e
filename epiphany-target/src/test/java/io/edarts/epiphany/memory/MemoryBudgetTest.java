package io.edarts.epiphany.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.epiphany.Machines;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private final MeshGeometry g = Machines.geometry(Machines.parallella16());
    private final RegionBudget budget = new RegionBudget(4096, 8192);

    @Test
    void allocationsGetGlobalAddressesInTheirBank() {
        MemoryBudget b = new MemoryBudget(g, budget);
        Allocation a = b.allocate(Place.bank(5, 1), Region.DATA, "pool", 100);
        Allocation c = b.allocate(Place.bank(5, 1), Region.DATA, "slots", 16);
        assertEquals(g.globalAddress(5, 0x2000), a.address());
        assertEquals(g.globalAddress(5, 0x2000 + 104), c.address()); // 100 rounded up to a doubleword
        assertEquals(120, b.used(5, Region.DATA));
        assertEquals(0, b.used(4, Region.DATA));
        // bank 0 starts above the runtime
        assertEquals(g.globalAddress(5, 4096), b.allocate(Place.bank(5, 0), Region.CODE, "k", 8).address());
    }

    @Test
    void codeAndDataShareOneSpaceBetweenRuntimeAndStack() {
        MemoryBudget b = new MemoryBudget(g, budget);
        int shared = 32768 - 4096 - 8192;
        assertEquals(shared, b.largestFree(3));
        b.allocate(Place.core(3), Region.CODE, "kernel", 1000);
        assertEquals(shared - 1000, b.largestFree(3)); // 1000 is a whole number of doublewords
        BudgetExceededException e = assertThrows(BudgetExceededException.class,
                () -> b.allocate(Place.core(3), Region.DATA, "matrix", shared - 999));
        String m = e.getMessage();
        assertTrue(m.contains("core 3 (row 0, col 3)"), m);
        assertTrue(m.contains("'matrix' (DATA) needs " + (shared - 999) + " B but only " + (shared - 1000) + " B free"), m);
        assertTrue(m.contains("code 1000, data 0 B"), m);
        assertEquals(3, e.core());
        assertEquals(shared - 1000, e.available());
        b.allocate(Place.core(3), Region.DATA, "matrix", shared - 1000); // exactly what is left fits
    }

    @Test
    void allocationLargerThanWhatIsLeftInTheBankIsRefused() {
        MemoryBudget b = new MemoryBudget(g, budget);
        b.allocate(Place.bank(2, 1), Region.CODE, "kernels", 6000);
        BudgetExceededException e = assertThrows(BudgetExceededException.class,
                () -> b.allocate(Place.bank(2, 1), Region.DATA, "more", 3000));
        assertTrue(e.getMessage().contains("core 2 (row 0, col 2) bank 1"), e.getMessage());
        assertTrue(e.getMessage().contains("only 2192 B free"), e.getMessage());
        assertEquals(g.globalAddress(2, 0x4000), b.allocate(Place.bank(2, 2), Region.DATA, "more", 3000).address());
        // the stack's bank holds nothing else
        assertThrows(BudgetExceededException.class, () -> b.allocate(Place.bank(2, 3), Region.DATA, "x", 8));
    }

    @Test
    void freeCoalescesSoTheWholeSpaceFitsAgain() {
        MemoryBudget b = new MemoryBudget(g, budget);
        Allocation x = b.allocate(Place.core(0), Region.DATA, "x", 4000);
        Allocation y = b.allocate(Place.core(0), Region.DATA, "y", 4000);
        Allocation z = b.allocate(Place.core(0), Region.DATA, "z", 4000);
        b.free(y);
        assertEquals(y.address(), b.allocate(Place.core(0), Region.DATA, "w", 4000).address()); // first fit reuses the hole
        b.free(x);
        b.free(z);
        assertEquals(12000, b.peakData(0));
        assertThrows(IllegalArgumentException.class, () -> b.free(x));
        b.reset(0);
        assertEquals(20480, b.allocate(Place.core(0), Region.DATA, "all", 20480).bytes());
    }

    @Test
    void oneOffsetOnEveryCore() {
        MemoryBudget b = new MemoryBudget(g, budget);
        b.allocate(Place.core(1), Region.CODE, "k", 64); // core 1 is busy at the bottom
        List<Allocation> all = b.allocateOnEvery(new int[] {0, 1, 2}, Region.DATA, "blk", 256);
        for (int i = 0; i < 3; i++) {
            assertEquals(g.globalAddress(i, 4096 + 64), all.get(i).address());
        }
    }

    @Test
    void partitionAllocatesOnlyOnItsCoresAndItsDramSlice() {
        MemoryBudget b = new MemoryBudget(g, budget);
        boolean[] open = new boolean[16];
        open[0] = true;
        MemoryBudget p = b.partition(open, 1 << 20, 2 << 20);
        assertEquals(0x8e10_0000L, p.allocate(Place.dram(), Region.DATA, "d", 8).address());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.allocate(Place.core(1), Region.DATA, "x", 8));
        assertTrue(e.getMessage().contains("another cluster"), e.getMessage());
        assertThrows(BudgetExceededException.class, () -> p.allocate(Place.dram(), Region.DATA, "big", 1 << 20));
    }

    @Test
    void dramAllocationsFillThe32MegabyteWindowAndNoMore() {
        MemoryBudget b = new MemoryBudget(g, budget);
        assertEquals(0x8e00_0000L, b.allocate(Place.dram(), Region.CODE, "usrmem", 16 << 20).address());
        assertEquals(0x8f00_0000L, b.allocate(Place.dram(), Region.DATA, "shared", 16 << 20).address());
        BudgetExceededException e = assertThrows(BudgetExceededException.class,
                () -> b.allocate(Place.dram(), Region.DATA, "one more", 8));
        assertTrue(e.getMessage().startsWith("DRAM"), e.getMessage());
    }

    @Test
    void budgetLargerThanLocalMemoryAndBadRequestsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(g, new RegionBudget(16384, 20000)));
        MemoryBudget b = new MemoryBudget(g, budget);
        assertThrows(IllegalArgumentException.class, () -> b.allocate(Place.bank(16, 0), Region.DATA, "x", 8));
        assertThrows(IllegalArgumentException.class, () -> b.allocate(Place.bank(0, 4), Region.DATA, "x", 8));
        assertThrows(IllegalArgumentException.class, () -> b.allocate(Place.bank(0, 0), Region.DATA, "x", 0));
        assertThrows(IllegalArgumentException.class, () -> b.allocate(Place.bank(0, 0), Region.DATA, " ", 8));
        assertThrows(IllegalArgumentException.class, () -> b.allocate(Place.bank(0, 0), Region.STACK, "s", 8));
    }
}
