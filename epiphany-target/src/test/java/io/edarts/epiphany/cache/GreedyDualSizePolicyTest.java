package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.Fixtures.BASE;
import static io.edarts.epiphany.cache.Fixtures.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GreedyDualSizePolicyTest extends EvictionPolicyContract {
    /** DRAM reads cost 30 stall cycles a word, reads from another core 20. */
    private static final CopyCost BY_SOURCE = (bytes, from, t) -> (bytes / 4) * (from.isDram() ? 30L : 20L);

    @Override
    String policy() {
        return EvictionPolicies.GREEDY_DUAL_SIZE;
    }

    private static CodeImage fromDram(int id, int bytes) {
        return CodeImage.cached(id, "d" + id, bytes);
    }

    private static CodeImage fromCore(int id, int bytes) {
        return CodeImage.of(id, "c" + id, bytes, io.edarts.cam.Placement.CACHED, CodeSource.core(1));
    }

    private CodeCache gds(CacheSpec spec, int n, Fixtures.Recorder ev) {
        return CodeCache.builder(spec, n).policy(policy()).copyCost(BY_SOURCE).events(ev).build();
    }

    @Test
    void evictsTheCheapestPerByteFirstEvenIfMoreRecent() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = gds(new CacheSpec(BASE, 4096, 3), 3, ev);
        call(c, fromDram(0, 64), 0);
        call(c, fromCore(1, 64), 1); // more recent, but cheaper to fetch again
        call(c, fromDram(2, 64), 2);
        assertEquals(List.of(1), ev.evicted, "LRU would have evicted 0");
    }

    @Test
    void evictsTheLargerOfTwoObjectsFromTheSameSource() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = gds(new CacheSpec(BASE, 4096, 3), 3, ev);
        call(c, fromDram(0, 40), 0);
        call(c, fromDram(1, 400), 1); // the copy loop's fixed cost spreads over more bytes
        call(c, fromDram(2, 40), 2);
        assertEquals(List.of(1), ev.evicted);
    }

    @Test
    void inflationAgesOutEntriesThatAreNoLongerCalled() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = gds(new CacheSpec(BASE, 4096, 3), 4, ev);
        call(c, fromDram(0, 64), 0);   // H = 9.5 per byte-ish
        call(c, fromCore(1, 64), 1);   // H = 7
        call(c, fromCore(2, 64), 2);   // evicts 1, L = 7, H(2) = 14
        call(c, fromCore(3, 64), 3);   // 0 (9.5) is now below 2 (14): it goes, despite its cost
        assertEquals(List.of(1, 0), ev.evicted);
        assertTrue(c.isCached(2) && c.isCached(3));
    }
}
