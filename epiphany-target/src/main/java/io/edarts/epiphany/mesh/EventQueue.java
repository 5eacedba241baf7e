package io.edarts.epiphany.mesh;

import java.util.Arrays;

/**
 * A binary min-heap of events ordered by (tick, phase, sequence number): a total order, so the same
 * insertions always pop in the same order. Primitive arrays, no allocation per event once grown: the
 * order key and the sequence number of an entry sit side by side in one array and its type and
 * argument in one int, so a sift touches two arrays, not four.
 *
 * <p>Why a binary heap: on random-dag 1M under contention the queues stay tiny (an EMesh's holds one or
 * two events at most pushes, and about half its pushes land before the current head; a ContendedMesh's
 * core queue holds 8 to 15), so a bucket queue has little to bucket and a 4-ary heap's wider pop
 * costs more than its shallower depth saves (5% slower than this heap on a replay of that run's
 * pushes and pops).
 */
final class EventQueue {
    private static final int TYPE_BITS = 2;
    private static final int MAX_ARG = (1 << (Integer.SIZE - TYPE_BITS)) - 1;

    private long[] order = new long[512]; // entry i: order[2i] = tick * 4 + phase, order[2i + 1] = sequence
    private int[] payload = new int[256];  // entry i: arg << 2 | type
    private int size;
    private long nextSeq;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /**
     * Adds an event.
     *
     * @param eventType 0..3
     * @param eventArg  0..2^30-1
     */
    void push(long tick, int phase, int eventType, int eventArg) {
        if (eventType >>> TYPE_BITS != 0 || eventArg < 0 || eventArg > MAX_ARG) {
            throw new IllegalArgumentException("event type " + eventType + " / argument " + eventArg
                    + " out of range");
        }
        if (size == payload.length) {
            order = Arrays.copyOf(order, order.length * 2);
            payload = Arrays.copyOf(payload, payload.length * 2);
        }
        int i = size++;
        long k = tick * 4 + phase;
        long s = nextSeq++;
        int v = eventArg << TYPE_BITS | eventType;
        long[] o = order;
        int[] pl = payload;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pk = o[2 * parent];
            if (k < pk || (k == pk && s < o[2 * parent + 1])) {
                o[2 * i] = pk;
                o[2 * i + 1] = o[2 * parent + 1];
                pl[i] = pl[parent];
                i = parent;
            } else {
                break;
            }
        }
        o[2 * i] = k;
        o[2 * i + 1] = s;
        pl[i] = v;
    }

    long peekTick() {
        return order[0] >> 2;
    }

    /** The head's tick * 4 + phase. */
    long peekKey() {
        return order[0];
    }

    int peekType() {
        return payload[0] & ((1 << TYPE_BITS) - 1);
    }

    int peekArg() {
        return payload[0] >>> TYPE_BITS;
    }

    void pop() {
        int last = --size;
        if (last == 0) {
            return;
        }
        long[] o = order;
        int[] pl = payload;
        long k = o[2 * last];
        long s = o[2 * last + 1];
        int v = pl[last];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= last) {
                break;
            }
            int r = l + 1;
            int m = l;
            if (r < last) {
                long rk = o[2 * r];
                long lk = o[2 * l];
                if (rk < lk || (rk == lk && o[2 * r + 1] < o[2 * l + 1])) {
                    m = r;
                }
            }
            long mk = o[2 * m];
            if (mk < k || (mk == k && o[2 * m + 1] < s)) {
                o[2 * i] = mk;
                o[2 * i + 1] = o[2 * m + 1];
                pl[i] = pl[m];
                i = m;
            } else {
                break;
            }
        }
        o[2 * i] = k;
        o[2 * i + 1] = s;
        pl[i] = v;
    }
}
