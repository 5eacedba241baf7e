package io.edarts.scheduler;

/**
 * An SU's time keeping: the queue of timestamped events it has yet to consume, the window of virtual
 * time the {@link Timekeeper} granted, and the dispatches whose answers have not come back.
 *
 * <h2>Design note</h2>
 * Events are consumed strictly in the total order (time, source core, source sequence number,
 * kind), never in host arrival order, and only when safe: an event at cycle t may be consumed only
 * when no CU can still report anything at or before t, that is when every dispatch not yet answered
 * has a lower bound on its completion event (its arrival, plus the target's least possible cost of
 * the codelet, plus the signal latency) later than t ({@link #safe}). CUs answer each dispatch at
 * once, so waiting costs at most one message round trip and never deadlocks. Answers come back in
 * dispatch order per CU ({@link #answered} checks it).
 */
final class ClusterClock {
    static final long INF = Long.MAX_VALUE;

    /**
     * What an event carries. With an interconnect (contention on) a CU may {@code START} a firing once
     * its descriptor arrived and the CU is free (a start waits for the CU's answer), and its
     * {@code COMPLETED} event is when the completion message reached the SU. {@code DMA_DONE}: a
     * DMA transfer's completion reached the SU. {@code POOL}: a step of the CUs' own pools
     * ({@link CuPools}: a descriptor landing, a firing's end, a steal request or its reply).
     * {@code ADMIT}: a stream's slot is free; its instance enters the machine ({@link Admissions}).
     */
    enum Kind { COMPLETED, SIGNAL, START, DMA_DONE, POOL, ADMIT }

    /**
     * An event as a value, for callers off the hot path and for tests; {@code enabledAt} is when the
     * completed codelet was enabled. The queue itself keeps no such object (see {@link #add(long, int,
     * long, Kind, Object, long)}).
     */
    record Event(long time, int src, long seq, Kind kind, Object payload, long enabledAt) {}

    private static final Kind[] KINDS = Kind.values();

    /*
     * The events, a binary min-heap in the order (time, source core, source sequence number, kind)
     * of each event's time and slot: an event's other fields live in the slot's columns until it is
     * polled, and the slot is then reused, so an event costs no object and sifting moves three values
     * (time, packed tie, slot) and reads no slot while the ties pack.
     * Its sifting is java.util.PriorityQueue's, step for step, so events that compare equal come out
     * in the order they would from one.
     */
    private long[] heapTime = new long[64];
    /**
     * Beside each heap entry's time, its (source core, sequence number, kind) packed into one
     * nonnegative long that compares as the triple does ({@link #tie}), so a sift compares two longs
     * and reads no slot. Valid while {@link #packed}: once an event's fields do not fit (a core
     * number of 2^20 or more, a sequence number of 2^40 or more, a negative one), the clock compares
     * the slots' fields from then on, the same order.
     */
    private long[] heapTie = new long[64];
    private int[] heapSlot = new int[64];
    private boolean packed = true;
    private int size;
    private int[] slotSrc = new int[64];
    private long[] slotSeq = new long[64];
    private byte[] slotKind = new byte[64];
    private Object[] slotPayload = new Object[64];
    private long[] slotEnabled = new long[64];
    /** Slots free for the next events: {@code free[0..freeCount)}, then {@code nextSlot} on. */
    private int[] free = new int[64];
    private int freeCount;
    private int nextSlot;
    /** The event {@link #pollAt} removed last: its fields, valid until the next poll. */
    private long polledTime;
    private Kind polledKind;
    private Object polledPayload;
    private long polledEnabledAt;

    /*
     * Per CU, the dispatches whose answers have not come back, oldest first: a ring of (sequence
     * number, bound on its completion event, enabling cycle) in three columns, so a dispatch costs
     * no object. {@code first[k]} is CU k's oldest, {@code count[k]} how many.
     */
    private final long[][] outSeq;
    private final long[][] outBound;
    private final long[][] outEnabled;
    private final int[] first;
    private final int[] count;
    private int outstandingCus;
    /**
     * The least bound of the unanswered dispatches (INF if none), unless {@code minStale}: then an
     * answer removed a dispatch whose bound was the least, and {@link #safe} scans the rings again
     * before it next uses it. Dispatches only lower it, so it is exact whenever it is not stale.
     */
    private long minBound = INF;
    private boolean minStale;
    private long horizon = -1;
    private boolean inclusive;

    ClusterClock(int cus) {
        this.outSeq = new long[cus][4];
        this.outBound = new long[cus][4];
        this.outEnabled = new long[cus][4];
        this.first = new int[cus];
        this.count = new int[cus];
    }

    /** Opens the window up to {@code h} (exclusive, or inclusive when {@code incl}). */
    void window(long h, boolean incl) {
        horizon = h;
        inclusive = incl;
    }

    boolean windowOpen() {
        return horizon >= 0;
    }

    boolean beyondHorizon(long t) {
        return inclusive ? t > horizon : t >= horizon;
    }

    /**
     * Whether the event of time {@code ta}, packed tie {@code xa} ({@link #tie}) and slot {@code a}
     * comes strictly before the one of {@code tb}, {@code xb}, {@code b}, in (time, source core, source
     * sequence number, kind): by the packed ties while every event's fields fit, else by the slots'.
     * Most pairs differ in time, which the heap keeps beside the slot.
     */
    private boolean before(long ta, long xa, int a, long tb, long xb, int b) {
        if (ta != tb) {
            return ta < tb;
        }
        return packed ? xa < xb : before(ta, a, tb, b);
    }

    /** {@link #before(long, long, int, long, long, int)} from the slots' fields (written out: the hot path once ties do not pack). */
    private boolean before(long ta, int a, long tb, int b) {
        if (ta != tb) {
            return ta < tb;
        }
        int sa = slotSrc[a];
        int sb = slotSrc[b];
        if (sa != sb) {
            return sa < sb;
        }
        long qa = slotSeq[a];
        long qb = slotSeq[b];
        if (qa != qb) {
            return qa < qb;
        }
        return slotKind[a] < slotKind[b];
    }

    /** Adds {@code e}: {@link #add(long, int, long, Kind, Object, long)} of its fields. */
    void add(Event e) {
        add(e.time(), e.src(), e.seq(), e.kind(), e.payload(), e.enabledAt());
    }

    /** Adds the event {@code (time, src, seq, kind)} carrying {@code payload} (and {@code enabledAt}). */
    void add(long time, int src, long seq, Kind kind, Object payload, long enabledAt) {
        int k = size;
        if (k == heapTime.length) {
            grow();
        }
        size = k + 1;
        int slot = freeCount > 0 ? free[--freeCount] : nextSlot++;
        slotSrc[slot] = src;
        slotSeq[slot] = seq;
        slotKind[slot] = (byte) kind.ordinal();
        slotPayload[slot] = payload;
        slotEnabled[slot] = enabledAt;
        long tie = tie(src, seq, kind.ordinal());
        if (tie < 0) {
            packed = false;
        }
        // sift up (PriorityQueue.siftUpUsingComparator)
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            long tp = heapTime[parent];
            long xp = heapTie[parent];
            int sp = heapSlot[parent];
            if (!before(time, tie, slot, tp, xp, sp)) {
                break;
            }
            heapTime[k] = tp;
            heapTie[k] = xp;
            heapSlot[k] = sp;
            k = parent;
        }
        heapTime[k] = time;
        heapTie[k] = tie;
        heapSlot[k] = slot;
    }

    /**
     * (source core, sequence number, kind) as one long ordered as the triple, or -1 when they do not
     * fit its 20, 40 and 3 bits.
     */
    private static long tie(int src, long seq, int kind) {
        if (src < 0 || src >= 1 << 20 || seq < 0 || seq >= 1L << 40) {
            return -1;
        }
        return (long) src << 43 | seq << 3 | kind;
    }

    /** Doubles the heap and the slots (every slot is in use when the heap is full). */
    private void grow() {
        int n = 2 * heapTime.length;
        heapTime = java.util.Arrays.copyOf(heapTime, n);
        heapTie = java.util.Arrays.copyOf(heapTie, n);
        heapSlot = java.util.Arrays.copyOf(heapSlot, n);
        slotSrc = java.util.Arrays.copyOf(slotSrc, n);
        slotSeq = java.util.Arrays.copyOf(slotSeq, n);
        slotKind = java.util.Arrays.copyOf(slotKind, n);
        slotPayload = java.util.Arrays.copyOf(slotPayload, n);
        slotEnabled = java.util.Arrays.copyOf(slotEnabled, n);
        free = java.util.Arrays.copyOf(free, n);
    }

    /** Time of the earliest event, or {@link #INF}. */
    long nextEventTime() {
        return size == 0 ? INF : heapTime[0];
    }

    /** The earliest event's kind, or null if there is none. */
    Kind headKind() {
        return size == 0 ? null : KINDS[slotKind[heapSlot[0]]];
    }

    /** The earliest event's payload; only when there is one. */
    Object headPayload() {
        return slotPayload[heapSlot[0]];
    }

    /** The earliest event as a value, or null (tests; the SU reads {@link #headKind} and {@link #headPayload}). */
    Event peek() {
        if (size == 0) {
            return null;
        }
        int s = heapSlot[0];
        return new Event(heapTime[0], slotSrc[s], slotSeq[s], KINDS[slotKind[s]], slotPayload[s], slotEnabled[s]);
    }

    /**
     * Removes the earliest event if it is at {@code t}: true, and {@link #polledKind},
     * {@link #polledPayload}, {@link #polledTime} and {@link #polledEnabledAt} give it until the next
     * poll; else false.
     */
    boolean pollAt(long t) {
        if (size == 0 || heapTime[0] != t) {
            return false;
        }
        int head = heapSlot[0];
        polledTime = t;
        polledKind = KINDS[slotKind[head]];
        polledPayload = slotPayload[head];
        polledEnabledAt = slotEnabled[head];
        slotPayload[head] = null;
        free[freeCount++] = head;
        int n = --size;
        long tx = heapTime[n];
        long xx = heapTie[n];
        int x = heapSlot[n];
        if (n > 0) {
            // sift down (PriorityQueue.siftDownUsingComparator)
            int k = 0;
            int half = n >>> 1;
            while (k < half) {
                int child = 2 * k + 1;
                long tc = heapTime[child];
                long xc = heapTie[child];
                int c = heapSlot[child];
                int right = child + 1;
                if (right < n && before(heapTime[right], heapTie[right], heapSlot[right], tc, xc, c)) {
                    child = right;
                    tc = heapTime[child];
                    xc = heapTie[child];
                    c = heapSlot[child];
                }
                if (!before(tc, xc, c, tx, xx, x)) {
                    break;
                }
                heapTime[k] = tc;
                heapTie[k] = xc;
                heapSlot[k] = c;
                k = child;
            }
            heapTime[k] = tx;
            heapTie[k] = xx;
            heapSlot[k] = x;
        }
        return true;
    }

    /** The earliest event at {@code t} as a value, removed; or null (tests: {@link #pollAt} without the record). */
    Event pollEventAt(long t) {
        Event head = peek();
        return pollAt(t) ? head : null;
    }

    /** The kind of the event {@link #pollAt} removed last. */
    Kind polledKind() {
        return polledKind;
    }

    /** The payload of the event {@link #pollAt} removed last. */
    Object polledPayload() {
        return polledPayload;
    }

    /** The time of the event {@link #pollAt} removed last. */
    long polledTime() {
        return polledTime;
    }

    /** The enabling cycle of the event {@link #pollAt} removed last. */
    long polledEnabledAt() {
        return polledEnabledAt;
    }

    /** A dispatch to CU {@code k} was sent; its answer cannot come before {@code bound}. */
    void dispatched(int k, long seq, long bound, long enabledAt) {
        int n = count[k];
        if (n == 0) {
            outstandingCus++;
        }
        if (n == outSeq[k].length) {
            grow(k);
        }
        int i = (first[k] + n) & (outSeq[k].length - 1);
        outSeq[k][i] = seq;
        outBound[k][i] = bound;
        outEnabled[k][i] = enabledAt;
        count[k] = n + 1;
        if (bound < minBound) {
            minBound = bound;
        }
    }

    /** Doubles CU {@code k}'s ring (a power of two), its oldest dispatch first. */
    private void grow(int k) {
        int n = count[k];
        int len = outSeq[k].length;
        long[] s = new long[2 * len];
        long[] b = new long[2 * len];
        long[] e = new long[2 * len];
        for (int j = 0; j < n; j++) {
            int i = (first[k] + j) & (len - 1);
            s[j] = outSeq[k][i];
            b[j] = outBound[k][i];
            e[j] = outEnabled[k][i];
        }
        outSeq[k] = s;
        outBound[k] = b;
        outEnabled[k] = e;
        first[k] = 0;
    }

    /**
     * CU {@code k} answered dispatch {@code seq}.
     *
     * @return the cycle its codelet was enabled, as {@link #dispatched} was told
     * @throws IllegalStateException if it is not the dispatch the CU owes next (a simulator fault)
     */
    long answered(int k, int core, long seq) {
        int n = count[k];
        int i = first[k];
        if (n == 0 || outSeq[k][i] != seq) {
            throw new IllegalStateException("CU " + core + " answered dispatch " + seq + " out of order");
        }
        if (outBound[k][i] == minBound) {
            minStale = true;
        }
        first[k] = (i + 1) & (outSeq[k].length - 1);
        count[k] = n - 1;
        if (n == 1) {
            outstandingCus--;
        }
        return outEnabled[k][i];
    }

    /** Whether some dispatch is unanswered. */
    boolean waitingForAnswers() {
        return outstandingCus > 0;
    }

    /**
     * Nothing a CU has not yet told the SU can happen at or before {@code t}: every unanswered
     * dispatch's bound is later than {@code t}, that is their least bound is.
     */
    boolean safe(long t) {
        if (outstandingCus == 0) {
            return true;
        }
        if (minStale) {
            long min = INF;
            for (int k = 0; k < count.length; k++) {
                long[] bounds = outBound[k];
                int mask = bounds.length - 1;
                for (int j = 0, n = count[k], i = first[k]; j < n; j++, i = (i + 1) & mask) {
                    min = Math.min(min, bounds[i]);
                }
            }
            minBound = min;
            minStale = false;
        }
        return minBound > t;
    }
}
