package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.DynamicCallTableTest.dyn;
import static io.edarts.epiphany.cache.Fixtures.BASE;
import static io.edarts.epiphany.cache.Fixtures.TEN_PER_WORD;
import static io.edarts.epiphany.cache.Fixtures.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeResidencyTest {
    private static final int DYN = 0x6000;

    private static CodeImage local(int id, int bytes) {
        return CodeImage.of(id, "l" + id, bytes, Placement.LOCAL, CodeSource.DRAM);
    }

    private static CodeImage global(int id, int bytes) {
        return CodeImage.of(id, "g" + id, bytes, Placement.GLOBAL, CodeSource.DRAM);
    }

    private static CodeResidency core(String policy) {
        CodeCache cache = CodeCache.builder(CacheSpec.esdk(BASE, 1024), 16).policy(policy)
                .copyCost(TEN_PER_WORD).build();
        DynamicCallTable dc = DynamicCallTable.builder(DYN, 512, 16).copyCost(TEN_PER_WORD).build();
        return CodeResidency.builder().cache(cache).dynamicCalls(dc).build();
    }

    @Test
    void reportsTheOutcomeOfEachPlacement() {
        CodeResidency r = core(EvictionPolicies.DEFAULT);
        assertEquals(CallOutcome.LOCAL_HIT, r.enter(local(0, 100), 0));
        assertEquals(0, r.lastCycles());
        assertEquals(CallOutcome.IN_PLACE_GLOBAL, r.enter(global(1, 100), 1));
        assertEquals(0, r.lastCycles());
        assertTrue(CallOutcome.IN_PLACE_GLOBAL.inPlace());
        assertEquals(CallOutcome.DYNAMIC_FIRST_CALL, r.enter(dyn(2, 64), 2));
        assertTrue(r.lastCycles() > 4);
        assertEquals(CallOutcome.CACHE_MISS, r.enter(obj(3, 64), 3));
        assertEquals(CallOutcome.CACHE_HIT, r.enter(obj(3, 64), 4));
        assertEquals(5, r.callDepth());
        assertEquals(19, r.exit(obj(3, 64), 5), "countedcall return from row 1");
        assertTrue(r.exit(obj(3, 64), 6) > 0);
        assertEquals(0, r.exit(dyn(2, 64), 7));
        assertEquals(0, r.exit(global(1, 100), 8));
        assertEquals(0, r.exit(local(0, 100), 9));
        assertEquals(CallOutcome.DYNAMIC_CALL, r.enter(dyn(2, 64), 10));
        assertEquals(4, r.lastCycles());
    }

    @Test
    void refusesToResetDynamicCallsWhileOneIsRunning() {
        CodeResidency r = core(EvictionPolicies.DEFAULT);
        r.enter(dyn(0, 64), 0);
        assertThrows(IllegalStateException.class, r::resetDynamicCalls);
        r.exit(dyn(0, 64), 1);
        r.resetDynamicCalls();
        assertFalse(r.dynamicCalls().orElseThrow().isLoaded(0));
    }

    @Test
    void exitMustMatchTheInnermostCallAcrossPlacements() {
        CodeResidency r = core(EvictionPolicies.DEFAULT);
        r.enter(local(0, 8), 0);
        r.enter(obj(1, 8), 1);
        assertThrows(IllegalStateException.class, () -> r.exit(local(0, 8), 2));
    }

    @Test
    void computesTheResidentBytesPerCore() {
        List<CodeImage> program = List.of(local(0, 1000), local(1, 500), obj(2, 64), obj(3, 64), obj(4, 64),
                dyn(5, 300), dyn(6, 300), global(7, 4000));
        ResidentFootprint f = core(EvictionPolicies.DEFAULT).footprint(program);
        assertEquals(new ResidentFootprint(1500, 3 * 16, 320, 1024, 0, 2 * 24, 512), f);
        assertEquals(1500 + 48 + 320 + 1024 + 48 + 512, f.total());
        assertEquals(3 * 4, core(EvictionPolicies.LRU).footprint(program).policyState());
        assertThrows(IllegalArgumentException.class,
                () -> core(EvictionPolicies.DEFAULT).footprint(List.of(local(0, 8), obj(0, 8))));
    }

    @Test
    void rejectsMissingPartsAndOverlappingRegions() {
        CodeResidency localOnly = CodeResidency.builder().build();
        assertEquals(CallOutcome.LOCAL_HIT, localOnly.enter(local(0, 8), 0));
        assertThrows(IllegalStateException.class, () -> localOnly.enter(obj(1, 8), 0));
        assertThrows(IllegalStateException.class, () -> localOnly.enter(dyn(2, 8), 0));
        CodeCache cache = CodeCache.builder(CacheSpec.esdk(BASE, 1024), 1).copyCost(TEN_PER_WORD).build();
        DynamicCallTable overlapping = DynamicCallTable.builder(BASE - 64, 128, 1).copyCost(TEN_PER_WORD).build();
        assertThrows(IllegalArgumentException.class,
                () -> CodeResidency.builder().cache(cache).dynamicCalls(overlapping).build());
    }
}
