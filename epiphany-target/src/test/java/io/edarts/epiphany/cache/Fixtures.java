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

    static CodeObject obj(int id, int bytes) {
        return CodeObject.cached(id, "f" + id, bytes);
    }

    static CodeObject[] objects(int n, int bytes) {
        CodeObject[] o = new CodeObject[n];
        for (int i = 0; i < n; i++) {
            o[i] = obj(i, bytes);
        }
        return o;
    }

    /** Calls and returns at once. */
    static CallOutcome call(CodeCache c, CodeObject o, long now) {
        CallOutcome out = c.enter(o, now);
        c.exit(o, now);
        return out;
    }

    /** Records every event as text. */
    static final class Recorder implements CacheEvents {
        final List<String> log = new ArrayList<>();
        final List<Integer> evicted = new ArrayList<>();

        @Override
        public void miss(CodeObject code, CodeSource from, int address, long cycle) {
            log.add("miss " + code.name() + " from " + from + " to " + address + " @" + cycle);
        }

        @Override
        public void eviction(CodeObject code, int address, long cycle) {
            log.add("evict " + code.name() + " at " + address + " @" + cycle);
            evicted.add(code.id());
        }

        @Override
        public void inPlace(CodeObject code, long cycle) {
            log.add("in-place " + code.name() + " @" + cycle);
        }
    }
}
