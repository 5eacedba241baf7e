package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SU's event heap and outstanding dispatches, against the simple structures they replace. */
class ClusterClockTest {

    /** The order the clock documents, as the PriorityQueue it replaced was given it. */
    private static final Comparator<ClusterClock.Event> ORDER = Comparator.comparingLong(ClusterClock.Event::time)
            .thenComparingInt(ClusterClock.Event::src).thenComparingLong(ClusterClock.Event::seq)
            .thenComparing(ClusterClock.Event::kind);

    @Test
    void pollsEventsInThePriorityQueuesOrderEvenAmongEqualKeys() {
        SplittableRandom rnd = new SplittableRandom(12);
        ClusterClock.Kind[] kinds = ClusterClock.Kind.values();
        for (int round = 0; round < 200; round++) {
            ClusterClock clock = new ClusterClock(1);
            PriorityQueue<ClusterClock.Event> simple = new PriorityQueue<>(ORDER);
            int range = 1 + rnd.nextInt(8); // small ranges give many equal keys
            for (int op = 0; op < 2_000; op++) {
                if (simple.isEmpty() || rnd.nextInt(3) > 0) {
                    // equal keys with distinct payloads: the order among them must be the queue's too
                    // round % 4: 0 small fields; 1 wide ones that still pack (the key's bit fields
                    // must not overlap); 2 and 3 a core number or a sequence number too wide to pack
                    // from the middle on (the clock goes on comparing slots, heap half built)
                    int style = round % 4;
                    int src = rnd.nextInt(2) * (style == 1 ? 1023 : 1) + (style == 2 && op >= 1_000 ? 1 << 20 : 0);
                    long seq = rnd.nextInt(range) * (style == 1 ? 1L << 36 : 1)
                            + (style == 3 && op >= 1_000 ? 1L << 40 : 0);
                    ClusterClock.Event e = new ClusterClock.Event(rnd.nextInt(range), src, seq,
                            kinds[rnd.nextInt(style == 0 ? 2 : kinds.length)], new Object(), op);
                    clock.add(e);
                    simple.add(e);
                } else {
                    long t = rnd.nextInt(4) == 0 ? rnd.nextInt(range) : simple.peek().time();
                    ClusterClock.Event expected = simple.peek().time() == t ? simple.poll() : null;
                    // the heap keeps columns, not the events: equal records carry the same payload
                    assertEquals(expected, clock.pollEventAt(t));
                    if (expected != null) {
                        assertSame(expected.payload(), clock.polledPayload());
                        assertEquals(expected.kind(), clock.polledKind());
                        assertEquals(expected.enabledAt(), clock.polledEnabledAt());
                    }
                }
                assertEquals(simple.peek(), clock.peek());
                assertEquals(simple.isEmpty() ? null : simple.peek().kind(), clock.headKind());
                assertEquals(simple.isEmpty() ? ClusterClock.INF : simple.peek().time(), clock.nextEventTime());
            }
        }
    }

    /**
     * Against per-CU queues scanned in full, with many equal bounds (the clock keeps the least bound and
     * rescans when an answer removes it) and with several dispatches and answers between two questions.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 10, 1_000})
    void tracksOutstandingDispatchesAsQueuesPerCuWould(int boundRange) {
        SplittableRandom rnd = new SplittableRandom(7 + boundRange);
        int cus = 3;
        ClusterClock clock = new ClusterClock(cus);
        List<ArrayDeque<long[]>> simple = new ArrayList<>();
        for (int k = 0; k < cus; k++) {
            simple.add(new ArrayDeque<>());
        }
        long seq = 0;
        for (int op = 0; op < 20_000; op++) {
            int k = rnd.nextInt(cus);
            if (simple.get(k).isEmpty() || rnd.nextInt(5) < 2 + (simple.get(k).size() > 40 ? -2 : 1)) {
                long bound = rnd.nextInt(boundRange);
                long enabled = rnd.nextInt(1_000);
                clock.dispatched(k, ++seq, bound, enabled);
                simple.get(k).addLast(new long[] {seq, bound, enabled});
            } else {
                long[] o = simple.get(k).pollFirst();
                assertEquals(o[2], clock.answered(k, 10 + k, o[0]));
            }
            for (int ask = rnd.nextInt(3); ask > 0; ask--) { // none a third of the time
                long t = rnd.nextInt(boundRange + 1) - 1;
                boolean safe = simple.stream().flatMap(ArrayDeque::stream).noneMatch(o -> o[1] <= t);
                assertEquals(safe, clock.safe(t));
            }
            assertEquals(simple.stream().anyMatch(q -> !q.isEmpty()), clock.waitingForAnswers());
        }
    }

    @Test
    void rejectsAnAnswerOutOfOrder() {
        ClusterClock clock = new ClusterClock(1);
        clock.dispatched(0, 1, 10, 0);
        clock.dispatched(0, 2, 10, 0);
        assertThrows(IllegalStateException.class, () -> clock.answered(0, 5, 2));
    }
}
