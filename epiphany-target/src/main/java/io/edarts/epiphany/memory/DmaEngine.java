package io.edarts.epiphany.memory;

import java.util.Arrays;

/**
 * One core's DMA engine as a resource: {@code channels} channels (two on the eCore), each busy until
 * a cycle. A transfer goes to the channel that can start it first; when both could start at the same
 * cycle, channel 0 wins, as channel 0 has priority (epiphany-facts.md, "DMA"; ARCH 8.3). How long a
 * transfer takes is the mesh's business (the caller passes the duration). Not thread-safe: owned by
 * one core.
 */
public final class DmaEngine {
    private final long[] busyUntil;

    /**
     * A reserved transfer.
     *
     * @param channel the channel that runs it
     * @param start   cycle it starts
     * @param end     cycle it ends
     */
    public record Grant(int channel, long start, long end) { }

    /** @throws IllegalArgumentException if {@code channels < 1} */
    public DmaEngine(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("a DMA engine needs at least 1 channel, got " + channels);
        }
        busyUntil = new long[channels];
    }

    /**
     * Reserves a channel for a transfer that is ready at {@code ready} and takes {@code duration}
     * cycles.
     *
     * @throws IllegalArgumentException if {@code ready} or {@code duration} is negative
     */
    public Grant reserve(long ready, long duration) {
        if (ready < 0 || duration < 0) {
            throw new IllegalArgumentException("ready and duration must be >= 0, got " + ready + ", " + duration);
        }
        int best = 0;
        long bestStart = Math.max(ready, busyUntil[0]);
        for (int ch = 1; ch < busyUntil.length; ch++) {
            long s = Math.max(ready, busyUntil[ch]);
            if (s < bestStart) {
                best = ch;
                bestStart = s;
            }
        }
        busyUntil[best] = bestStart + duration;
        return new Grant(best, bestStart, bestStart + duration);
    }

    /** Cycle at which {@code channel} becomes free. */
    public long busyUntil(int channel) {
        if (channel < 0 || channel >= busyUntil.length) {
            throw new IllegalArgumentException("channel " + channel + " does not exist (0.." + (busyUntil.length - 1) + ")");
        }
        return busyUntil[channel];
    }

    public int channels() {
        return busyUntil.length;
    }

    @Override
    public String toString() {
        return "DmaEngine" + Arrays.toString(busyUntil);
    }
}
