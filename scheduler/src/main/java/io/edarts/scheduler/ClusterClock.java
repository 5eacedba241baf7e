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

    /** An event in the queue; {@code enabledAt} is when the completed codelet was enabled. */
    record Event(long time, int src, long seq, Kind kind, Object payload, long enabledAt) {}

    /**
     * Whether {@code a} comes before {@code b} in (time, source core, source sequence number, kind),
     * written out: it is on the hot path. {@code ta}, {@code tb}: their times, from the heap's column.
     */
    private static int compare(long ta, Event a, long tb, Event b) {
        int c = Long.compare(ta, tb);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.src, b.src);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.seq, b.seq);
        return c != 0 ? c : a.kind.compareTo(b.kind);
    }


    /*
     * The events, a binary min-heap in the order of {@link #compare}, with each event's time in a
     * column beside it so most comparisons read no event. Its sifting is java.util.PriorityQueue's,
     * step for step, so events that compare equal come out in the order they would from one.
     */
    private Event[] heap = new Event[64];
    private long[] heapTime = new long[64];
    private int size;
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

    void add(Event e) {
        int k = size;
        if (k == heap.length) {
            heap = java.util.Arrays.copyOf(heap, 2 * k);
            heapTime = java.util.Arrays.copyOf(heapTime, 2 * k);
        }
        size = k + 1;
        long t = e.time;
        // sift up (PriorityQueue.siftUpUsingComparator)
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            Event p = heap[parent];
            long tp = heapTime[parent];
            if (compare(t, e, tp, p) >= 0) {
                break;
            }
            heap[k] = p;
            heapTime[k] = tp;
            k = parent;
        }
        heap[k] = e;
        heapTime[k] = t;
    }

    /** Time of the earliest event, or {@link #INF}. */
    long nextEventTime() {
        return size == 0 ? INF : heapTime[0];
    }

    /** The earliest event, or null. */
    Event peek() {
        return size == 0 ? null : heap[0];
    }

    /** Removes and returns the earliest event if it is at {@code t}, else null. */
    Event pollAt(long t) {
        if (size == 0 || heapTime[0] != t) {
            return null;
        }
        Event head = heap[0];
        int n = --size;
        Event x = heap[n];
        long tx = heapTime[n];
        heap[n] = null;
        if (n > 0) {
            // sift down (PriorityQueue.siftDownUsingComparator)
            int k = 0;
            int half = n >>> 1;
            while (k < half) {
                int child = 2 * k + 1;
                Event c = heap[child];
                long tc = heapTime[child];
                int right = child + 1;
                if (right < n && compare(tc, c, heapTime[right], heap[right]) > 0) {
                    child = right;
                    c = heap[child];
                    tc = heapTime[child];
                }
                if (compare(tx, x, tc, c) <= 0) {
                    break;
                }
                heap[k] = c;
                heapTime[k] = tc;
                k = child;
            }
            heap[k] = x;
            heapTime[k] = tx;
        }
        return head;
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
