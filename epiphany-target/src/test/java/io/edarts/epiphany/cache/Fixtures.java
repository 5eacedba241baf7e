package io.edarts.epiphany.cache;

import java.util.ArrayList;
import java.util.List;

/** Shared helpers for the cache tests. */
final class Fixtures {
    /** Code space start used by the tests; leaves room for a 20-row table below it. */
    static final int BASE = 0x4000;
    /** Flat copy cost: 10 stall cycles per word. */
    static final CopyCost TEN_PER_WORD = CopyCost.perWord(10);

    private Fixtures() { }

    static CodeImage obj(int id, int bytes) {
        return CodeImage.cached(id, "f" + id, bytes);
    }

    static CodeImage[] objects(int n, int bytes) {
        CodeImage[] o = new CodeImage[n];
        for (int i = 0; i < n; i++) {
            o[i] = obj(i, bytes);
        }
        return o;
    }

    /** Calls and returns at once. */
    static CallOutcome call(CodeCache c, CodeImage o, long now) {
        CallOutcome out = c.enter(o, now);
        c.exit(o, now);
        return out;
    }

    /** Records every event as text. */
    static final class Recorder implements CacheEvents {
        final List<String> log = new ArrayList<>();
        final List<Integer> evicted = new ArrayList<>();

        @Override
        public void miss(CodeImage code, CodeSource from, int address, long cycle) {
            log.add("miss " + code.name() + " from " + from + " to " + address + " @" + cycle);
        }

        @Override
        public void eviction(CodeImage code, int address, long cycle) {
            log.add("evict " + code.name() + " at " + address + " @" + cycle);
            evicted.add(code.id());
        }

        @Override
        public void inPlace(CodeImage code, long cycle) {
            log.add("in-place " + code.name() + " @" + cycle);
        }
    }
}
