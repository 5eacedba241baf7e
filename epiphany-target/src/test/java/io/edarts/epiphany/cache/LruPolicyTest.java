package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.Fixtures.BASE;
import static io.edarts.epiphany.cache.Fixtures.call;
import static io.edarts.epiphany.cache.Fixtures.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LruPolicyTest extends EvictionPolicyContract {
    @Override
    String policy() {
        return EvictionPolicies.LRU;
    }

    @Test
    void evictsOnlyTheLeastRecentlyUsed() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(new CacheSpec(BASE, 4096, 4), 4, ev);
        call(c, obj(0, 64), 0);
        call(c, obj(1, 64), 1);
        call(c, obj(2, 64), 2);
        call(c, obj(0, 64), 3); // 0 is now the most recent
        call(c, obj(3, 64), 4);
        assertEquals(List.of(1), ev.evicted);
        assertTrue(c.isCached(0) && c.isCached(2) && c.isCached(3));
    }

    @Test
    void skipsTheLeastRecentWhenItIsOnTheCallStack() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(new CacheSpec(BASE, 4096, 4), 4, ev);
        CodeImage a = obj(0, 64);
        c.enter(a, 0);
        call(c, obj(1, 64), 1);
        call(c, obj(2, 64), 2);
        call(c, obj(3, 64), 3);
        assertEquals(List.of(1), ev.evicted);
        c.exit(a, 4);
    }

    @Test
    void evictsUntilAGapIsBigEnough() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(256, 4, ev);
        call(c, obj(0, 64), 0);
        call(c, obj(1, 64), 1);
        call(c, obj(2, 128), 2);
        call(c, obj(3, 128), 3); // 0 alone leaves 64 bytes; 1 must go too, 2 stays
        assertEquals(List.of(0, 1), ev.evicted);
        assertTrue(c.isCached(2));
    }
}
