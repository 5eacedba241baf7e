package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.Fixtures.BASE;
import static io.edarts.epiphany.cache.Fixtures.call;
import static io.edarts.epiphany.cache.Fixtures.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlushUnreferencedPolicyTest extends EvictionPolicyContract {
    @Override
    String policy() {
        return EvictionPolicies.FLUSH_UNREFERENCED;
    }

    @Test
    void evictsEveryUnreferencedEntryAtOnce() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(new CacheSpec(BASE, 4096, 4), 4, ev);
        for (int id = 0; id < 3; id++) {
            call(c, obj(id, 64), id);
        }
        call(c, obj(3, 64), 10); // one row would do; the eSDK flushes all three
        assertEquals(List.of(0, 1, 2), ev.evicted);
        assertEquals(3, c.stats().pltRestores());
        assertEquals(1, c.residentCount());
        assertEquals(BASE, c.cachedAddress(3), "the flush emptied the code space");
    }

    @Test
    void keepsReferencedEntriesDuringAFlush() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(new CacheSpec(BASE, 4096, 4), 4, ev);
        CodeImage b = obj(1, 64);
        call(c, obj(0, 64), 0);
        c.enter(b, 1);
        call(c, obj(2, 64), 2);
        call(c, obj(3, 64), 3);
        assertEquals(List.of(0, 2), ev.evicted);
        assertTrue(c.isCached(1));
        assertFalse(c.isPltPatched(0));
        c.exit(b, 4);
    }
}
