package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.Fixtures.BASE;
import static io.edarts.epiphany.cache.Fixtures.TEN_PER_WORD;
import static io.edarts.epiphany.cache.Fixtures.call;
import static io.edarts.epiphany.cache.Fixtures.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the cycle counts to the hand count of cachemanager.S (see EsdkCosts): instructions plus 3
 * per taken branch plus the copy's stalls. The eSDK policy adds nothing, so these are its paths.
 */
class CodeCacheCostTest {
    private static CodeCache esdk(CacheSpec spec, int n, CacheEvents ev) {
        return CodeCache.builder(spec, n).copyCost(TEN_PER_WORD).events(ev).build();
    }

    @Test
    void firstMissOnAnEmptyTableCostsWhatCachemanRuns() {
        CodeCache c = esdk(CacheSpec.esdk(BASE, 1024), 1, CacheEvents.NONE);
        assertEquals(CallOutcome.CACHE_MISS, c.enter(obj(0, 64), 0));
        // PLT 2, prologue 15, scan start 5, gap fits 6, copy 3 + 5*16 + 2, row 7 + 11*18 swaps + 4, patch+jalr 11
        assertEquals(333, c.lastInstructions());
        // taken: bl, bgte .copy, 16 x b .copyloop, bgte, 18 x bne, bgte, jalr = 39; stalls 16 words x 10
        assertEquals(333 + 3 * 39 + 160, c.lastCycles());
        // return: 10 + scan of row 1 (3) + 3 = 16 instructions; rts taken
        assertEquals(16 + 3, c.exit(obj(0, 64), 700));
    }

    @Test
    void hitCostGrowsWithTheRowPosition() {
        CodeCache c = esdk(CacheSpec.esdk(BASE, 1024), 3, CacheEvents.NONE);
        call(c, obj(0, 64), 0);
        call(c, obj(1, 64), 1);
        call(c, obj(2, 64), 2);
        c.enter(obj(0, 64), 10);
        assertEquals(17 + 3, c.lastInstructions());
        assertEquals(20 + 3 * 2, c.lastCycles(), "bl countedcall and jalr taken");
        assertEquals(13 + 3 + 3, c.exit(obj(0, 64), 20));
        c.enter(obj(2, 64), 30);
        assertEquals(17 + 9, c.lastInstructions());
        assertEquals(26 + 3 * 4, c.lastCycles(), "bl, two bne passing rows 1 and 2, jalr");
        assertEquals(22 + 3 * 3, c.exit(obj(2, 64), 40));
    }

    @Test
    void missAfterAFlushCostsWhatCachemanRuns() {
        CodeCache c = esdk(new CacheSpec(BASE, 1024, 4), 4, CacheEvents.NONE);
        for (int id = 0; id < 3; id++) {
            call(c, obj(id, 16), id);
        }
        c.enter(obj(3, 16), 10);
        // 17 in + table full 4 + endoftable 4 + unload 1 + walk (3 visits x 6 + 3 removals x 46 + stop 3)
        // + finish 1 + scan 5 + fit 6 + copy 3 + 5*4 + 2 + row 7 + 2 x 11 + 4 + patch 11
        assertEquals(266, c.lastInstructions());
        assertEquals(266 + 3 * 27 + 40, c.lastCycles());
        assertEquals(3, c.stats().evictions());
    }

    @Test
    void policiesAddTheirBookkeepingToTheHitPath() {
        CodeCache c = CodeCache.builder(CacheSpec.esdk(BASE, 1024), 1).policy(EvictionPolicies.LRU)
                .copyCost(TEN_PER_WORD).build();
        call(c, obj(0, 64), 0);
        c.enter(obj(0, 64), 10);
        assertEquals(20 + 8, c.lastInstructions());
    }

    @Test
    void reportsMissesAndEvictionsWithTheirCycle() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = esdk(CacheSpec.esdk(BASE, 64), 2, ev);
        call(c, obj(0, 64), 1000);
        c.enter(obj(1, 64), 5000);
        // miss: copy starts after PLT 2 + prologue 15 + scan 5 + fit 6 + copy setup 3 = 31 instr, 2 taken
        assertEquals("miss f0 from DRAM to " + BASE + " @" + (1000 + 31 + 6), ev.log.get(0));
        // eviction: 17 + table 5 + 19 x 9 gaps + endoftable 4 + unload 1 + visit 6 + removal 18 + 14 x 18
        long instr = 17 + 5 + 19 * 9 + 4 + 1 + 6 + 18 + 14 * 18;
        long taken = 1 + 18 + 1 + 18 + 1 + 1;
        assertEquals("evict f0 at " + BASE + " @" + (5000 + instr + 3 * taken), ev.log.get(1));
        assertEquals(3, ev.log.size());
    }

    @Test
    void copiesFromTheSourceTheCallerChooses() {
        List<CodeSource> seen = new ArrayList<>();
        CodeCache c = CodeCache.builder(CacheSpec.esdk(BASE, 1024), 1)
                .copyCost((bytes, from, t) -> {
                    seen.add(from);
                    return from.isDram() ? 1000 : 10;
                })
                .copySource((code, now, hint) -> hint == null ? code.home() : hint)
                .build();
        c.enter(obj(0, 64), 0, CodeSource.core(3));
        assertEquals(List.of(CodeSource.core(3)), seen, "the per-call hint reaches the copy-source policy");
        assertEquals(10, c.stats().copyStallCycles());
        assertEquals(64, c.stats().bytesCopied());
    }

    @Test
    void copiesWholeWords() {
        CodeCache c = esdk(CacheSpec.esdk(BASE, 1024), 2, CacheEvents.NONE);
        call(c, obj(0, 62), 0);
        call(c, obj(1, 8), 1);
        assertEquals(BASE + 64, c.cachedAddress(1));
        assertEquals(72, c.stats().bytesCopied());
    }
}
