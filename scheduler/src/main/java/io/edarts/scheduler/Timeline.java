package io.edarts.scheduler;

import java.util.Arrays;
import java.util.List;

/**
 * When each core was busy, as the SUs saw it while they consumed completions: per core, busy cycles
 * in at most {@value #MAX_BINS} time bins of equal width (a power of two cycles) from cycle 0 to the
 * makespan; and, while the run had at most {@value #SPAN_LIMIT} firings and SU decisions together,
 * each of them exactly. Memory is bounded whatever the run's size: the bins are fixed in number, and
 * the spans are dropped once there are too many. Immutable; built by the simulator, read by reports.
 *
 * <p>Bin {@code k} covers cycles {@code [k * binCycles, min((k + 1) * binCycles, makespan))}; a span
 * is split between the bins it overlaps, so a core's bins sum to its busy cycles exactly.
 */
public final class Timeline {
    /** Most bins a timeline holds (the recorders' capacity). */
    public static final int MAX_BINS = 512;
    /** Most firings and SU decisions kept one by one. */
    public static final int SPAN_LIMIT = 5_000;

    /** One firing ({@code name} is the codelet's label) or SU decision ({@code name} is null). */
    public record Span(String name, int core, long start, long cycles) {
        public boolean decision() {
            return name == null;
        }
    }

    private final long makespan;
    private final long binCycles;
    private final int bins;
    private final long[][] busy;
    private final List<Span> spans;
    private final long firings;
    private final long decisions;

    Timeline(long makespan, long binCycles, long[][] busy, List<Span> spans, long firings, long decisions) {
        if (makespan < 0 || binCycles < 1) {
            throw new IllegalArgumentException("makespan " + makespan + ", bin width " + binCycles);
        }
        this.makespan = makespan;
        this.binCycles = binCycles;
        this.bins = (int) ceilDiv(makespan, binCycles);
        this.busy = new long[busy.length][];
        for (int c = 0; c < busy.length; c++) {
            this.busy[c] = Arrays.copyOf(busy[c], bins);
        }
        this.spans = spans == null ? null : List.copyOf(spans);
        this.firings = firings;
        this.decisions = decisions;
    }

    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }

    /** A timeline of {@code cores} cores on which nothing ran. */
    public static Timeline empty(int cores) {
        return new Timeline(0, 1, new long[cores][0], List.of(), 0, 0);
    }

    public int cores() {
        return busy.length;
    }

    public long makespan() {
        return makespan;
    }

    /** Width of every bin but possibly the last, which ends at the makespan. */
    public long binCycles() {
        return binCycles;
    }

    /** Number of bins: 0 when the makespan is 0. */
    public int bins() {
        return bins;
    }

    /** First cycle of bin {@code k}; {@code k == bins()} gives the makespan. */
    public long binStart(int k) {
        return k >= bins ? makespan : k * binCycles;
    }

    /** Busy cycles of {@code core} in bin {@code k}. */
    public long busy(int core, int k) {
        return busy[core][k];
    }

    /** Busy share of {@code core} in bin {@code k}, 0..1. */
    public double share(int core, int k) {
        long w = binStart(k + 1) - binStart(k);
        return w <= 0 ? 0 : Math.min(1.0, (double) busy[core][k] / w);
    }

    /** Firings recorded (completed firings; a failed one is not on the timeline). */
    public long firings() {
        return firings;
    }

    public long decisions() {
        return decisions;
    }

    /** Whether {@link #spans()} holds every firing and decision. */
    public boolean spansKept() {
        return spans != null;
    }

    /**
     * Every firing and decision, ordered by core, start, decisions first, then name; empty when there
     * were more than {@value #SPAN_LIMIT} ({@link #spansKept()} tells which).
     */
    public List<Span> spans() {
        return spans == null ? List.of() : spans;
    }

    /** The same timeline with bins merged pairwise until there are at most {@code maxBins}. */
    public Timeline coarsened(int maxBins) {
        if (maxBins < 1) {
            throw new IllegalArgumentException("maxBins " + maxBins + ": expected at least 1");
        }
        long width = binCycles;
        while (ceilDiv(makespan, width) > maxBins) {
            width *= 2;
        }
        if (width == binCycles) {
            return this;
        }
        int factor = (int) (width / binCycles);
        long[][] merged = new long[busy.length][];
        for (int c = 0; c < busy.length; c++) {
            merged[c] = new long[(bins + factor - 1) / factor];
            for (int k = 0; k < bins; k++) {
                merged[c][k / factor] += busy[c][k];
            }
        }
        return new Timeline(makespan, width, merged, spans, firings, decisions);
    }
}
