package io.edarts.epiphany.mesh;

import java.util.Arrays;

/**
 * A queue of events ordered by (tick, phase, sequence number): a total order, so the same insertions
 * always pop in the same order. Primitive arrays, no allocation per event once grown.
 *
 * <p><b>Design.</b> A calendar queue in front of a binary heap. Almost every mesh event is due
 * within a few hundred ticks (a hop, a link's serialization, a read's turnaround), so events whose
 * key (tick * 4 + phase) falls within {@link #NEAR} keys of the earliest go to a bucket per key, a
 * FIFO in insertion order: a push and a pop are O(1) instead of O(log n). Farther events (long local
 * work of a firing) go to the heap. Every event keeps its sequence number, and a pop takes the smaller
 * (key, sequence) of the first non-empty bucket and the heap's top, so the order is exactly the
 * heap's whichever side an event sits on; {@code EventQueueTest} checks that against a reference
 * ordering. A bucket holds one key at a time because every bucketed key lies within {@link #BUCKETS}
 * of {@link #base}.
 */
final class EventQueue {
    private static final int BUCKETS = 4096;
    private static final int MASK = BUCKETS - 1;
    /** Keys below {@code base + NEAR} go to a bucket (the rest of the span is slack for keys below base). */
    private static final int NEAR = BUCKETS / 2;

    // bucketed events: a linked FIFO per bucket over pooled entries
    private final int[] head = new int[BUCKETS];
    private final int[] tail = new int[BUCKETS];
    /** Bit b set while bucket b is not empty: the next event is found a word at a time. */
    private final long[] nonEmpty = new long[BUCKETS / 64];
    private long[] eKey = new long[256];
    private long[] eSeq = new long[256];
    private int[] eType = new int[256];
    private int[] eArg = new int[256];
    private int[] eNext = new int[256];
    private int freeEntry = -1;
    private int entries;
    private int bucketed;
    /** No bucketed key is below it; the scan for the first non-empty bucket starts here. */
    private long base;
    /** No bucketed key is above it. */
    private long maxKey;

    // far events: a binary min-heap by (key, seq)
    private long[] key = new long[64];
    private long[] seq = new long[64];
    private int[] type = new int[64];
    private int[] arg = new int[64];
    private int size;

    private long nextSeq;

    EventQueue() {
        Arrays.fill(head, -1);
        Arrays.fill(tail, -1);
    }

    boolean isEmpty() {
        return bucketed == 0 && size == 0;
    }

    int size() {
        return bucketed + size;
    }

    void push(long tick, int phase, int eventType, int eventArg) {
        long k = tick * 4 + phase;
        long s = nextSeq++;
        if (bucketed == 0) {
            base = k;
            maxKey = k;
        }
        long lo = Math.min(base, k);
        long hi = Math.max(maxKey, k);
        if (k - base < NEAR && hi - lo < BUCKETS) {
            // near, and every bucketed key stays within BUCKETS of the (maybe lowered) base, so a
            // bucket still holds one key
            base = lo;
            maxKey = hi;
            append(k, s, eventType, eventArg);
        } else {
            heapPush(k, s, eventType, eventArg);
        }
    }

    long peekTick() {
        return (fromBucket() ? eKey[head[(int) (base & MASK)]] : key[0]) >> 2;
    }

    int peekType() {
        return fromBucket() ? eType[head[(int) (base & MASK)]] : type[0];
    }

    int peekArg() {
        return fromBucket() ? eArg[head[(int) (base & MASK)]] : arg[0];
    }

    void pop() {
        if (fromBucket()) {
            int b = (int) (base & MASK);
            int e = head[b];
            head[b] = eNext[e];
            if (head[b] < 0) {
                tail[b] = -1;
                nonEmpty[b >>> 6] &= ~(1L << (b & 63));
            }
            eNext[e] = freeEntry;
            freeEntry = e;
            bucketed--;
        } else {
            heapPop();
        }
    }

    /** Whether the next event is the head of the first non-empty bucket (advancing {@link #base} to it). */
    private boolean fromBucket() {
        if (bucketed == 0) {
            return false;
        }
        int b = (int) (base & MASK);
        if (head[b] < 0) {
            // the first non-empty bucket at or after base, circularly: every bucketed key is in
            // [base, base + BUCKETS), so that bucket holds the smallest key
            int w = b >>> 6;
            long bits = nonEmpty[w] & (-1L << (b & 63));
            while (bits == 0) {
                w = (w + 1) & (nonEmpty.length - 1);
                bits = nonEmpty[w];
            }
            int found = (w << 6) | Long.numberOfTrailingZeros(bits);
            base += (found - b) & MASK;
        }
        if (size == 0) {
            return true;
        }
        int e = head[(int) (base & MASK)];
        return less(eKey[e], eSeq[e], key[0], seq[0]);
    }

    private void append(long k, long s, int t, int a) {
        int e = freeEntry;
        if (e >= 0) {
            freeEntry = eNext[e];
        } else {
            if (entries == eKey.length) {
                int n = entries * 2;
                eKey = Arrays.copyOf(eKey, n);
                eSeq = Arrays.copyOf(eSeq, n);
                eType = Arrays.copyOf(eType, n);
                eArg = Arrays.copyOf(eArg, n);
                eNext = Arrays.copyOf(eNext, n);
            }
            e = entries++;
        }
        eKey[e] = k;
        eSeq[e] = s;
        eType[e] = t;
        eArg[e] = a;
        eNext[e] = -1;
        int b = (int) (k & MASK);
        if (tail[b] < 0) {
            head[b] = e;
            nonEmpty[b >>> 6] |= 1L << (b & 63);
        } else {
            eNext[tail[b]] = e;
        }
        tail[b] = e;
        bucketed++;
    }

    private void heapPush(long k, long s, int t, int a) {
        if (size == key.length) {
            int n = size * 2;
            key = Arrays.copyOf(key, n);
            seq = Arrays.copyOf(seq, n);
            type = Arrays.copyOf(type, n);
            arg = Arrays.copyOf(arg, n);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (less(k, s, key[parent], seq[parent])) {
                move(parent, i);
                i = parent;
            } else {
                break;
            }
        }
        key[i] = k;
        seq[i] = s;
        type[i] = t;
        arg[i] = a;
    }

    private void heapPop() {
        int last = --size;
        if (last == 0) {
            return;
        }
        long k = key[last];
        long s = seq[last];
        int t = type[last];
        int a = arg[last];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= last) {
                break;
            }
            int r = l + 1;
            int m = (r < last && less(key[r], seq[r], key[l], seq[l])) ? r : l;
            if (less(key[m], seq[m], k, s)) {
                move(m, i);
                i = m;
            } else {
                break;
            }
        }
        key[i] = k;
        seq[i] = s;
        type[i] = t;
        arg[i] = a;
    }

    private void move(int from, int to) {
        key[to] = key[from];
        seq[to] = seq[from];
        type[to] = type[from];
        arg[to] = arg[from];
    }

    private static boolean less(long k1, long s1, long k2, long s2) {
        return k1 < k2 || (k1 == k2 && s1 < s2);
    }
}
