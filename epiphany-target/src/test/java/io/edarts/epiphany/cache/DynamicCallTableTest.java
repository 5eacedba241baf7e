package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.Fixtures.TEN_PER_WORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Placement;
import org.junit.jupiter.api.Test;

class DynamicCallTableTest {
    private static final int REGION = 0x6000;

    static CodeImage dyn(int id, int bytes) {
        return CodeImage.of(id, "dc" + id, bytes, Placement.DYNAMIC, CodeSource.DRAM);
    }

    private static DynamicCallTable table(int regionBytes, int n, CacheEvents ev) {
        return DynamicCallTable.builder(REGION, regionBytes, n).copyCost(TEN_PER_WORD).events(ev).build();
    }

    @Test
    void firstCallCopiesThenLaterCallsCostOneBranch() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        DynamicCallTable t = table(1024, 2, ev);
        assertEquals(CallOutcome.DYNAMIC_FIRST_CALL, t.call(dyn(0, 64), 0));
        // entry 3 + lookup 5 + alloc 6 + copy 3 + 5*16 + 2 + commit 10; taken 2 + 16 + 1 + 1
        assertEquals(109, t.lastInstructions());
        assertEquals(109 + 3 * 20 + 160, t.lastCycles());
        assertEquals(REGION, t.loadedAddress(0));
        assertEquals(CallOutcome.DYNAMIC_CALL, t.call(dyn(0, 64), 500));
        assertEquals(1 + 3, t.lastCycles(), "one taken branch");
        assertEquals(1, ev.log.size());
        assertEquals(new DynamicCallStats(1, 1, 0, 64, 0), t.stats());
    }

    @Test
    void resetInvalidatesEveryEntryAndFreesTheRegion() {
        DynamicCallTable t = table(1024, 2, CacheEvents.NONE);
        t.call(dyn(0, 64), 0);
        t.call(dyn(1, 100), 1);
        assertEquals(164, t.usedBytes());
        t.reset();
        assertFalse(t.isLoaded(0) || t.isLoaded(1));
        assertEquals(0, t.usedBytes());
        assertEquals(CallOutcome.DYNAMIC_FIRST_CALL, t.call(dyn(1, 100), 2));
        assertEquals(REGION, t.loadedAddress(1), "the freed region is reused from its start");
        assertEquals(1, t.stats().resets());
    }

    @Test
    void fullRegionRunsInPlaceAndRetriesUntilReset() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        DynamicCallTable t = table(128, 2, ev);
        assertEquals(CallOutcome.DYNAMIC_FIRST_CALL, t.call(dyn(0, 100), 0));
        assertEquals(CallOutcome.IN_PLACE_FALLBACK, t.call(dyn(1, 40), 1));
        assertFalse(t.isLoaded(1), "the entry stays unpatched");
        // entry 3 + lookup 5 + alloc 6 + jr 1; taken: b next, b _dc_loader, bgt, jr
        assertEquals(15 + 3 * 4, t.lastCycles());
        assertEquals(CallOutcome.IN_PLACE_FALLBACK, t.call(dyn(1, 40), 2), "each call tries again");
        assertTrue(t.isLoaded(0), "nothing is evicted");
        assertEquals(2, t.stats().fallbacks());
        assertEquals(2, ev.log.stream().filter(s -> s.startsWith("in-place dc1")).count());
        t.reset();
        assertEquals(CallOutcome.DYNAMIC_FIRST_CALL, t.call(dyn(1, 40), 3));
    }

    @Test
    void objectLargerThanTheRegionAlwaysRunsInPlace() {
        DynamicCallTable t = table(64, 1, CacheEvents.NONE);
        assertEquals(CallOutcome.IN_PLACE_FALLBACK, t.call(dyn(0, 65), 0));
        t.reset();
        assertEquals(CallOutcome.IN_PLACE_FALLBACK, t.call(dyn(0, 65), 1));
    }

    @Test
    void rejectsBadInput() {
        DynamicCallTable t = table(64, 1, CacheEvents.NONE);
        assertThrows(IllegalArgumentException.class, () -> t.call(Fixtures.obj(0, 8), 0));
        assertThrows(IllegalArgumentException.class, () -> t.call(dyn(1, 8), 0));
        assertThrows(IllegalArgumentException.class, () -> DynamicCallTable.builder(REGION, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> DynamicCallTable.builder(REGION + 1, 64, 1));
        assertThrows(IllegalStateException.class, () -> DynamicCallTable.builder(REGION, 64, 1).build());
    }
}
