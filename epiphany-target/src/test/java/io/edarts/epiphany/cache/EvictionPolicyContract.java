package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.Fixtures.BASE;
import static io.edarts.epiphany.cache.Fixtures.TEN_PER_WORD;
import static io.edarts.epiphany.cache.Fixtures.call;
import static io.edarts.epiphany.cache.Fixtures.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What every eviction policy must honour, written once; each policy's test class extends this and
 * adds the tests of its own rule.
 */
abstract class EvictionPolicyContract {
    /** Registry name of the policy under test. */
    abstract String policy();

    CodeCache cache(CacheSpec spec, int codeObjects, CacheEvents events) {
        return CodeCache.builder(spec, codeObjects).policy(policy()).copyCost(TEN_PER_WORD).events(events).build();
    }

    CodeCache cache(int regionBytes, int codeObjects, Fixtures.Recorder events) {
        return cache(CacheSpec.esdk(BASE, regionBytes), codeObjects, events);
    }

    @Test
    void lastEvictedNamesExactlyWhatTheLastCallEvicted() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(256, 12, ev);
        for (int id = 0; id < 12; id++) {
            int before = ev.evicted.size();
            c.enter(obj(id, 64), 10L * id);
            List<Integer> now = c.lastEvicted().stream().map(CodeImage::id).toList();
            assertEquals(ev.evicted.subList(before, ev.evicted.size()), now, "call " + id);
            c.exit(obj(id, 64), 10L * id + 5);
            assertTrue(c.lastEvicted().isEmpty(), "an exit evicts nothing");
        }
        assertTrue(c.stats().evictions() > 0, "the pressure must have evicted something");
    }

    @Test
    void functionOnTheCallStackIsNeverEvicted() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(256, 12, ev);
        CodeImage a = obj(0, 64);
        CodeImage b = obj(1, 64);
        c.enter(a, 0);
        c.enter(b, 10);
        int addressA = c.cachedAddress(0);
        int addressB = c.cachedAddress(1);
        for (int round = 0; round < 5; round++) {
            for (int id = 2; id < 12; id++) {
                call(c, obj(id, 64), 100L * round + id);
            }
        }
        assertTrue(c.stats().evictions() > 0, "the pressure must have evicted something");
        assertFalse(ev.evicted.contains(0) || ev.evicted.contains(1), "evicted an active function: " + ev.evicted);
        assertEquals(addressA, c.cachedAddress(0));
        assertEquals(addressB, c.cachedAddress(1));
        assertEquals(1, c.referenceCount(0));
        assertEquals(1, c.referenceCount(1));
        c.exit(b, 1000);
        c.exit(a, 1001);
        assertEquals(0, c.referenceCount(0));
    }

    @Test
    void recursionKeepsItsEntryAndCountsEveryActivation() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(192, 8, ev);
        CodeImage fib = obj(0, 64);
        assertEquals(CallOutcome.CACHE_MISS, c.enter(fib, 0));
        assertEquals(CallOutcome.CACHE_HIT, c.enter(fib, 1));
        assertEquals(CallOutcome.CACHE_HIT, c.enter(fib, 2));
        assertEquals(3, c.referenceCount(0));
        for (int id = 1; id < 8; id++) {
            call(c, obj(id, 64), 10 + id); // forces evictions around the recursion
        }
        assertFalse(ev.evicted.contains(0));
        c.exit(fib, 20);
        assertEquals(2, c.referenceCount(0));
        c.exit(fib, 21);
        assertEquals(1, c.referenceCount(0));
        c.exit(fib, 22);
        assertEquals(0, c.referenceCount(0));
        assertTrue(c.isCached(0), "returning does not evict");
        assertEquals(0, c.callDepth());
    }

    @Test
    void evictsWhenTheTableIsFull() {
        CodeCache c = cache(new CacheSpec(BASE, 4096, 4), 4, CacheEvents.NONE); // 3 usable rows
        for (int id = 0; id < 3; id++) {
            call(c, obj(id, 64), id);
        }
        assertEquals(3, c.residentCount());
        assertEquals(4096 - 3 * 64, c.freeBytes(), "space is plenty; only rows are short");
        assertEquals(CallOutcome.CACHE_MISS, call(c, obj(3, 64), 10));
        assertTrue(c.stats().evictions() >= 1);
        assertTrue(c.isCached(3));
    }

    @Test
    void evictsWhenNoGapIsBigEnough() {
        CodeCache c = cache(256, 3, new Fixtures.Recorder());
        call(c, obj(0, 128), 0);
        call(c, obj(1, 128), 1);
        assertEquals(0, c.freeBytes());
        assertEquals(CallOutcome.CACHE_MISS, call(c, obj(2, 64), 2));
        assertTrue(c.stats().evictions() >= 1);
        assertTrue(c.isCached(2));
    }

    @Test
    void patchesThePltOnAMissAndRestoresItOnEviction() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(128, 2, ev);
        CodeImage a = obj(0, 128);
        assertFalse(c.isPltPatched(0));
        call(c, a, 0);
        assertTrue(c.isPltPatched(0));
        assertEquals(1, c.stats().pltPatches());
        call(c, obj(1, 128), 1); // only a can make room
        assertFalse(c.isPltPatched(0));
        assertEquals(1, c.stats().pltRestores());
        assertEquals(List.of(0), ev.evicted);
        assertEquals(CallOutcome.CACHE_MISS, call(c, a, 2), "a restored PLT entry goes through cacheman again");
    }

    @Test
    void firstFitLeavesHolesAndReusesThem() {
        CodeCache c = cache(400, 8, new Fixtures.Recorder());
        CodeImage a = obj(0, 100);
        CodeImage b = obj(1, 100);
        CodeImage cc = obj(2, 100);
        c.enter(a, 0);
        call(c, b, 1);
        c.enter(cc, 2);
        assertEquals(BASE + 100, c.cachedAddress(1));
        assertEquals(BASE + 200, c.cachedAddress(2));

        // 200 bytes are free after b goes, but in two 100-byte pieces: 152 cannot fit.
        assertEquals(CallOutcome.IN_PLACE_FALLBACK, call(c, obj(3, 152), 3));
        assertFalse(c.isCached(1), "b was the only unreferenced row");
        assertEquals(200, c.freeBytes());
        assertEquals(1, c.stats().inPlaceExecutions());

        assertEquals(CallOutcome.CACHE_MISS, call(c, obj(4, 80), 4));
        assertEquals(BASE + 100, c.cachedAddress(4), "first fit takes the lowest hole, not the tail");
        assertEquals(CallOutcome.CACHE_MISS, call(c, obj(5, 20), 5));
        assertEquals(BASE + 180, c.cachedAddress(5), "and the rest of that hole next");
        c.exit(cc, 6);
        c.exit(a, 7);
    }

    @Test
    void objectLargerThanTheRegionExecutesInPlace() {
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(256, 2, ev);
        call(c, obj(0, 64), 0);
        CodeImage big = obj(1, 300);
        assertEquals(CallOutcome.IN_PLACE_FALLBACK, c.enter(big, 10));
        assertEquals(10, c.exit(big, 20), ".cachefail return: 7 instructions, rts taken");
        assertEquals(CallOutcome.IN_PLACE_FALLBACK, call(c, big, 30), "the PLT still says cacheman");
        assertFalse(c.isPltPatched(1));
        assertTrue(c.isCached(0), "no point evicting for an object that can never fit");
        assertEquals(0, c.stats().evictions());
        assertEquals(2, c.stats().inPlaceExecutions());
        assertEquals(2, ev.log.stream().filter(s -> s.startsWith("in-place f1")).count());
    }

    @Test
    void nothingFreeableMeansInPlace() {
        CodeCache c = cache(128, 2, new Fixtures.Recorder());
        CodeImage a = obj(0, 128);
        c.enter(a, 0);
        assertEquals(CallOutcome.IN_PLACE_FALLBACK, call(c, obj(1, 64), 1));
        assertTrue(c.isCached(0));
        assertEquals(1, c.stats().unloads());
        c.exit(a, 2);
    }

    @Test
    void exitMustMatchTheInnermostCall() {
        CodeCache c = cache(1024, 2, new Fixtures.Recorder());
        c.enter(obj(0, 64), 0);
        c.enter(obj(1, 64), 1);
        assertThrows(IllegalStateException.class, () -> c.exit(obj(0, 64), 2));
        c.exit(obj(1, 64), 3);
        c.exit(obj(0, 64), 4);
        assertThrows(IllegalStateException.class, () -> c.exit(obj(0, 64), 5));
    }

    @Test
    void sameSequenceGivesSameStatsAndEvents() {
        Run first = randomRun(42);
        Run second = randomRun(42);
        assertEquals(first.stats, second.stats);
        assertEquals(first.events, second.events);
        assertEquals(first.cycles, second.cycles);
        assertTrue(first.stats.evictions() > 0 && first.stats.hits() > 0 && first.stats.misses() > 0);
    }

    private record Run(CacheStats stats, List<String> events, List<Long> cycles) { }

    /** Random nested calls, checking after each step that every active cached call holds its row. */
    private Run randomRun(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 24;
        CodeImage[] code = new CodeImage[n];
        for (int i = 0; i < n; i++) {
            code[i] = obj(i, 4 * (4 + rnd.nextInt(120)));
        }
        Fixtures.Recorder ev = new Fixtures.Recorder();
        CodeCache c = cache(2048, n, ev);
        Deque<CodeImage> stack = new ArrayDeque<>();
        Deque<Boolean> counted = new ArrayDeque<>();
        List<Long> cycles = new ArrayList<>();
        long now = 0;
        for (int step = 0; step < 4000; step++) {
            if (!stack.isEmpty() && (stack.size() >= 5 || rnd.nextInt(3) == 0)) {
                CodeImage top = stack.pop();
                counted.pop();
                now += c.exit(top, now);
            } else {
                CodeImage o = code[rnd.nextInt(n)];
                CallOutcome out = c.enter(o, now);
                now += c.lastCycles() + 50;
                stack.push(o);
                counted.push(out != CallOutcome.IN_PLACE_FALLBACK);
            }
            cycles.add(now);
            checkActiveRowsHeld(c, stack, counted);
        }
        return new Run(c.stats(), ev.log, cycles);
    }

    private static void checkActiveRowsHeld(CodeCache c, Deque<CodeImage> stack, Deque<Boolean> counted) {
        int[] expected = new int[64];
        var it = counted.iterator();
        for (CodeImage o : stack) {
            if (it.next()) {
                expected[o.id()]++;
            }
        }
        for (CodeImage o : stack) {
            if (expected[o.id()] > 0) {
                assertTrue(c.isCached(o.id()), o.name() + " is active but was evicted");
                assertEquals(expected[o.id()], c.referenceCount(o.id()), o.name() + " reference count");
            }
        }
    }
}
