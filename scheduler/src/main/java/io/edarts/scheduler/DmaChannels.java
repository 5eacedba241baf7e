package io.edarts.scheduler;

import java.util.ArrayDeque;

/**
 * One CU's DMA channels as the runtime schedules them.
 *
 * <h2>Design note</h2>
 * The rules (the same in both forms below): a transfer is issued when the firing that started it
 * ends; it takes a free channel, the lowest-numbered one when several are free (channel 0 has
 * priority, epiphany-facts.md "DMA", ARCH 8); if none is free it waits in a queue in issue order and
 * takes the first channel that falls free. A codelet that {@code needsDmaChannel} fires only when a
 * channel is free and no transfer is queued (queued transfers come first), and holds that channel
 * until it ends: its first transfer starts on it at once, or the channel falls free if it started
 * none. Everything here is in virtual cycles and depends only on the calls, so runs are
 * deterministic.
 *
 * <p>Two forms, one per way of timing a run. Without an interconnect a transfer's duration is known
 * when it is issued ({@link io.edarts.cam.Target#dmaCycles}), and the CU, which fires its codelets
 * in order, resolves each transfer at once: {@link #fireAt}, {@link #hold}, {@link #issue},
 * {@link #release}, a closed form over the cycles each channel falls free (as
 * {@code memory.DmaEngine} of the Epiphany target does). With an interconnect the duration is what
 * the mesh makes of it, so the SU drives the same rules event by event: {@link #tryHold},
 * {@link #take}, {@link #enqueue}, {@link #freed}, {@link #unhold}. Not thread-safe: one owner.
 */
final class DmaChannels {
    /** Where a transfer ran: its channel, when it was issued, started and ended. */
    record Run(int channel, long issued, long start, long end) {}

    /** A transfer waiting for a channel (event form). */
    record Queued(Object payload, long issued) {}

    private static final long HELD = Long.MAX_VALUE;
    /** Closed form: the cycle each channel falls free ({@link #HELD} while a firing holds it). */
    private final long[] freeAt;
    /** Event form: channels running a transfer, and channels a firing holds. */
    private final boolean[] busy;
    private final boolean[] held;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();

    DmaChannels(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("a DMA engine needs at least 1 channel, got " + channels);
        }
        freeAt = new long[channels];
        busy = new boolean[channels];
        held = new boolean[channels];
    }

    int channels() {
        return freeAt.length;
    }

    // ---- closed form --------------------------------------------------------------------------

    /** The first cycle at or after {@code ready} at which some channel is free. */
    long fireAt(long ready) {
        long best = HELD;
        for (long f : freeAt) {
            best = Math.min(best, f);
        }
        return Math.max(ready, best);
    }

    /** Holds the lowest channel free at {@code at} (a cycle {@link #fireAt} gave) for a firing. */
    int hold(long at) {
        for (int ch = 0; ch < freeAt.length; ch++) {
            if (freeAt[ch] <= at) {
                freeAt[ch] = HELD;
                return ch;
            }
        }
        throw new IllegalStateException("no DMA channel is free at cycle " + at);
    }

    /** The holding firing ended at {@code at} without using channel {@code ch}. */
    void release(int ch, long at) {
        freeAt[ch] = at;
    }

    /**
     * A transfer of {@code duration} cycles issued at {@code issued}: on channel {@code heldCh} at
     * once when the issuing firing held it (else -1), otherwise on the channel that can start it
     * first (the lowest of equals).
     */
    Run issue(long issued, long duration, int heldCh) {
        int ch = heldCh;
        long start = issued;
        if (ch < 0) {
            ch = 0;
            start = Math.max(issued, freeAt[0]);
            for (int c = 1; c < freeAt.length; c++) {
                long s = Math.max(issued, freeAt[c]);
                if (s < start) {
                    ch = c;
                    start = s;
                }
            }
        }
        long end = RunContext.saturatedAdd(start, duration);
        freeAt[ch] = end;
        return new Run(ch, issued, start, end);
    }

    // ---- event form ---------------------------------------------------------------------------

    /** Holds the lowest free channel for a firing if one is free and nothing is queued; else -1. */
    int tryHold() {
        if (!queue.isEmpty()) {
            return -1;
        }
        int ch = lowestFree();
        if (ch >= 0) {
            held[ch] = true;
        }
        return ch;
    }

    /** A firing that held {@code ch} ended without using it. */
    void unhold(int ch) {
        held[ch] = false;
    }

    /**
     * A channel for a transfer issued now: {@code heldCh} if the issuing firing held one (else -1),
     * otherwise the lowest free channel when nothing is queued before it; -1 if it must queue.
     */
    int take(int heldCh) {
        int ch = heldCh >= 0 ? heldCh : queue.isEmpty() ? lowestFree() : -1;
        if (ch >= 0) {
            held[ch] = false;
            busy[ch] = true;
        }
        return ch;
    }

    void enqueue(Queued q) {
        queue.addLast(q);
    }

    /** Channel {@code ch} finished its transfer: the next queued transfer, which now runs on it, or null. */
    Queued freed(int ch) {
        Queued next = queue.pollFirst();
        if (next == null) {
            busy[ch] = false;
        }
        return next;
    }

    private int lowestFree() {
        for (int ch = 0; ch < busy.length; ch++) {
            if (!busy[ch] && !held[ch]) {
                return ch;
            }
        }
        return -1;
    }
}
