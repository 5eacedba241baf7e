package io.edarts.scheduler;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

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

    /** (time, source core, source sequence number, kind), written out: it is on the hot path. */
    private static final Comparator<Event> ORDER = (a, b) -> {
        int c = Long.compare(a.time(), b.time());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.src(), b.src());
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.seq(), b.seq());
        return c != 0 ? c : a.kind().compareTo(b.kind());
    };

    /** A dispatch whose answer has not come back; its completion event cannot come before {@code bound}. */
    record Outstanding(long seq, long bound, long enabledAt) {}

    private final PriorityQueue<Event> events = new PriorityQueue<>(ORDER);
    private final java.util.List<ArrayDeque<Outstanding>> outstanding;
    private int outstandingCus;
    private long horizon = -1;
    private boolean inclusive;

    ClusterClock(int cus) {
        this.outstanding = new java.util.ArrayList<>(cus);
        for (int k = 0; k < cus; k++) {
            outstanding.add(new ArrayDeque<>());
        }
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
        events.add(e);
    }

    /** Time of the earliest event, or {@link #INF}. */
    long nextEventTime() {
        Event head = events.peek();
        return head == null ? INF : head.time();
    }

    /** The earliest event, or null. */
    Event peek() {
        return events.peek();
    }

    /** Removes and returns the earliest event if it is at {@code t}, else null. */
    Event pollAt(long t) {
        Event head = events.peek();
        return head != null && head.time() == t ? events.poll() : null;
    }

    /** A dispatch to CU {@code k} was sent; its answer cannot come before {@code bound}. */
    void dispatched(int k, long seq, long bound, long enabledAt) {
        if (outstanding.get(k).isEmpty()) {
            outstandingCus++;
        }
        outstanding.get(k).addLast(new Outstanding(seq, bound, enabledAt));
    }

    /**
     * CU {@code k} answered dispatch {@code seq}.
     *
     * @throws IllegalStateException if it is not the dispatch the CU owes next (a simulator fault)
     */
    Outstanding answered(int k, int core, long seq) {
        Outstanding o = outstanding.get(k).pollFirst();
        if (o == null || o.seq() != seq) {
            throw new IllegalStateException("CU " + core + " answered dispatch " + seq + " out of order");
        }
        if (outstanding.get(k).isEmpty()) {
            outstandingCus--;
        }
        return o;
    }

    /** Whether some dispatch is unanswered. */
    boolean waitingForAnswers() {
        return outstandingCus > 0;
    }

    /** Nothing a CU has not yet told the SU can happen at or before {@code t}. */
    boolean safe(long t) {
        if (outstandingCus == 0) {
            return true;
        }
        for (ArrayDeque<Outstanding> q : outstanding) {
            for (Outstanding o : q) {
                if (o.bound() <= t) {
                    return false;
                }
            }
        }
        return true;
    }
}
