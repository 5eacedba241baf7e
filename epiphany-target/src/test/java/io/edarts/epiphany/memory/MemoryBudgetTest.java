package io.edarts.epiphany.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.epiphany.Machines;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private final MeshGeometry g = Machines.geometry(Machines.parallella16());
    private final RegionBudget budget = new RegionBudget(4096, 12288, 8192, 8192);

    @Test
    void allocationsGetGlobalAddressesInTheirBank() {
        MemoryBudget b = new MemoryBudget(g, budget);
        Allocation a = b.allocate(Place.bank(5, 1), Region.DATA, "pool", 100);
        Allocation c = b.allocate(Place.bank(5, 1), Region.DATA, "slots", 16);
        assertEquals(g.globalAddress(5, 0x2000), a.address());
        assertEquals(g.globalAddress(5, 0x2000 + 104), c.address()); // 100 rounded up to a doubleword
        assertEquals(120, b.used(5, Region.DATA));
        assertEquals(0, b.used(4, Region.DATA));
    }

    @Test
    void allocationOverTheRegionBudgetNamesCoreRegionAndSizes() {
        MemoryBudget b = new MemoryBudget(g, budget);
        b.allocate(Place.bank(5, 1), Region.DATA, "frames", 4096);
        BudgetExceededException e = assertThrows(BudgetExceededException.class,
                () -> b.allocate(Place.bank(5, 2), Region.DATA, "matrix", 5000));
        String m = e.getMessage();
        assertTrue(m.contains("core 5 (row 1, col 1)"), m);
        assertTrue(m.contains("DATA"), m);
        assertTrue(m.contains("'matrix' needs 5000 B"), m);
        assertTrue(m.contains("4096 of 8192 B"), m);
        assertEquals(5, e.core());
        assertEquals(Region.DATA, e.region());
        assertEquals(4096, e.available());
    }

    @Test
    void allocationLargerThanWhatIsLeftInTheBankIsRefused() {
        MemoryBudget b = new MemoryBudget(g, budget);
        b.allocate(Place.bank(2, 0), Region.CODE, "kernels", 6000);
        BudgetExceededException e = assertThrows(BudgetExceededException.class,
                () -> b.allocate(Place.bank(2, 0), Region.CODE, "more", 3000));
        assertTrue(e.getMessage().contains("core 2 (row 0, col 2) bank 0"), e.getMessage());
        assertTrue(e.getMessage().contains("only 2192 of 8192 B are free"), e.getMessage());
        // the same object fits in another bank, within the code budget
        assertEquals(g.globalAddress(2, 0x2000), b.allocate(Place.bank(2, 1), Region.CODE, "more", 3000).address());
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
    void resetFreesOneCoreOnly() {
        MemoryBudget b = new MemoryBudget(g, budget);
        b.allocate(Place.bank(1, 3), Region.STACK, "stack", 8192);
        b.allocate(Place.bank(2, 3), Region.STACK, "stack", 8192);
        b.reset(1);
        assertEquals(0, b.used(1, Region.STACK));
        assertEquals(8192, b.used(2, Region.STACK));
        b.allocate(Place.bank(1, 3), Region.STACK, "stack", 8192);
    }

    @Test
    void budgetLargerThanLocalMemoryAndBadRequestsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(g, new RegionBudget(8192, 16384, 8192, 8192)));
        MemoryBudget b = new MemoryBudget(g, budget);
        assertThrows(IllegalArgumentException.class, () -> b.allocate(Place.bank(16, 0), Region.DATA, "x", 8));
        assertThrows(IllegalArgumentException.class, () -> b.allocate(Place.bank(0, 4), Region.DATA, "x", 8));
        assertThrows(IllegalArgumentException.class, () -> b.allocate(Place.bank(0, 0), Region.DATA, "x", 0));
        assertThrows(IllegalArgumentException.class, () -> b.allocate(Place.bank(0, 0), Region.DATA, " ", 8));
    }
}
