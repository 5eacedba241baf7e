package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.Fixtures.BASE;
import static io.edarts.epiphany.cache.Fixtures.TEN_PER_WORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The hit and return paths are charged for scanning the table down to the object's row, which the
 * cache keeps per code id rather than scanning for; here the row is worked out from the outside
 * instead (rows are sorted by address, and the events say where each object was put and when it
 * left), over long random call sequences with holes, evictions, nesting and in-place fall-backs.
 */
class CodeCacheRowTest {
    /** Where each resident object starts, from the cache's events. */
    private static final class Addresses implements CacheEvents {
        final Map<Integer, Integer> start = new TreeMap<>();

        @Override
        public void miss(CodeImage code, CodeSource from, int address, long cycle) {
            start.put(code.id(), address);
        }

        @Override
        public void eviction(CodeImage code, int address, long cycle) {
            assertEquals(address, start.remove(code.id()), code.name() + " evicted from where it was put");
        }

        @Override
        public void inPlace(CodeImage code, long cycle) { }

        /** Table row of {@code id}: 1 + the resident objects below it. */
        int row(int id) {
            int a = start.get(id);
            return 1 + (int) start.values().stream().filter(s -> s < a).count();
        }
    }

    @Test
    void hitsAndReturnsAreChargedForTheRowTheObjectIsIn() {
        for (String policy : new String[] {EvictionPolicies.FLUSH_UNREFERENCED, EvictionPolicies.LRU,
                EvictionPolicies.GREEDY_DUAL_SIZE}) {
            for (long seed = 1; seed <= 5; seed++) {
                Random r = new Random(seed);
                int n = 14;
                CodeImage[] o = new CodeImage[n];
                for (int i = 0; i < n; i++) {
                    o[i] = Fixtures.obj(i, 16 + 4 * r.nextInt(90));
                }
                Addresses where = new Addresses();
                CodeCache c = CodeCache.builder(new CacheSpec(BASE, 1024, 8), n).policy(policy)
                        .copyCost(TEN_PER_WORD).events(where).build();
                int hitExtra = c.policyCosts().hitInstructions();
                Deque<CodeImage> active = new ArrayDeque<>();
                Deque<Boolean> inPlace = new ArrayDeque<>();
                int hits = 0;
                for (long now = 0; now < 4000; now++) {
                    String at = policy + ", seed " + seed + ", step " + now;
                    if (!active.isEmpty() && (active.size() >= 4 || r.nextInt(3) == 0)) {
                        CodeImage top = active.pop();
                        c.exit(top, now);
                        if (!inPlace.pop()) {
                            assertEquals(EsdkCosts.RETURN_PROLOGUE + EsdkCosts.SCAN_PER_ROW * where.row(top.id())
                                    + EsdkCosts.RETURN_EPILOGUE, c.lastInstructions(), at + ": return of " + top.name());
                        }
                        continue;
                    }
                    CodeImage next = o[r.nextInt(n)];
                    CallOutcome out = c.enter(next, now);
                    active.push(next);
                    inPlace.push(out == CallOutcome.IN_PLACE_FALLBACK);
                    if (out == CallOutcome.CACHE_HIT) {
                        hits++;
                        assertEquals(EsdkCosts.PLT + EsdkCosts.COUNTEDCALL_PROLOGUE
                                + EsdkCosts.SCAN_PER_ROW * where.row(next.id()) + EsdkCosts.COUNTEDCALL_CALL + hitExtra,
                                c.lastInstructions(), at + ": hit of " + next.name());
                    }
                    for (int id = 0; id < n; id++) {
                        assertEquals(where.start.containsKey(id), c.isCached(id), at + ": f" + id + " cached");
                        assertEquals(where.start.getOrDefault(id, -1), c.cachedAddress(id), at + ": f" + id + " address");
                    }
                }
                assertEquals(true, hits > 500, policy + ", seed " + seed + ": only " + hits + " hits");
            }
        }
    }
}
