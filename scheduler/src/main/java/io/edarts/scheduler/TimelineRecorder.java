package io.edarts.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One SU's part of the run's {@link Timeline}, recorded as the SU consumes completions and makes
 * decisions, whether or not a trace is written.
 *
 * <p>An adaptive histogram: every core touched gets {@value Timeline#MAX_BINS} bins of one width,
 * a power of two cycles starting at 1. When a span ends beyond the last bin, the width doubles and
 * neighbouring bins are merged pairwise, so the makespan need not be known in advance and memory is
 * fixed. Spans are split exactly between bins, and adding is commutative, so the result does not
 * depend on the order in which spans arrive. Parts of several SUs are brought to one width and
 * merged by {@link #merge}.
 */
final class TimelineRecorder {
    /** What a recorder hands over at the end of a run; the recorder keeps no reference to it. */
    record Part(int shift, Map<Integer, long[]> busy, List<Timeline.Span> spans, long firings, long decisions) {}

    private static final int BINS = Timeline.MAX_BINS;
    private static final int MAX_SHIFT = 62 - Integer.numberOfTrailingZeros(BINS);

    private Map<Integer, long[]> busy = new TreeMap<>();
    /** The same rows as {@link #busy}, by core. */
    private long[][] rows = new long[16][];
    /**
     * Per core, cycles not yet added to its row, all in bin {@code pendingBin[core]} (none while
     * {@code pendingCycles[core]} is 0). Most spans fall into the bin of the core's last one: they
     * add here, in two small arrays that stay in cache, and reach the row when the core moves to
     * another bin, when the bins widen and at the end. Sums of cycles, so the rows come out the same.
     */
    private int[] pendingBin = new int[16];
    private long[] pendingCycles = new long[16];
    private int shift;
    private List<Timeline.Span> spans = new ArrayList<>();
    private long firings;
    private long decisions;

    /** A completed firing; {@code name} is asked for only while spans are kept. */
    void firing(int core, long start, long cycles, Supplier<String> name) {
        firings++;
        add(core, start, cycles);
        keep(name, core, start, cycles);
    }

    /** A completed firing of codelet {@code k} of {@code inst}: no label, nor lambda, once spans are dropped. */
    void firing(int core, long start, long cycles, InstanceRef inst, int k) {
        firings++;
        add(core, start, cycles);
        if (spans != null) {
            keep(() -> inst.codeletLabel(k), core, start, cycles);
        }
    }

    /** An SU decision on the SU's own core. */
    void decision(int core, long start, long cycles) {
        decisions++;
        add(core, start, cycles);
        keep(null, core, start, cycles);
    }

    private void keep(Supplier<String> name, int core, long start, long cycles) {
        if (spans == null) {
            return;
        }
        if (firings + decisions > Timeline.SPAN_LIMIT) {
            spans = null;
        } else {
            spans.add(new Timeline.Span(name == null ? null : name.get(), core, start, cycles));
        }
    }

    private void add(int core, long start, long cycles) {
        if (cycles <= 0 || start < 0) {
            return;
        }
        long end = start + cycles < 0 ? Long.MAX_VALUE : start + cycles;
        while (shift < MAX_SHIFT && end > ((long) BINS << shift)) {
            widen();
        }
        int last = (int) Math.min(BINS - 1, (end - 1) >> shift);
        int first = (int) Math.min(BINS - 1, start >> shift);
        if (core >= pendingBin.length) {
            int n = Math.max(core + 1, pendingBin.length * 2);
            pendingBin = java.util.Arrays.copyOf(pendingBin, n);
            pendingCycles = java.util.Arrays.copyOf(pendingCycles, n);
        }
        if (first == last) { // most spans are far shorter than a bin
            if (pendingCycles[core] == 0 || pendingBin[core] != first) {
                flush(core);
                pendingBin[core] = first;
            }
            pendingCycles[core] += end - start;
            return;
        }
        long[] row = rowOf(core);
        for (int k = first; k <= last; k++) {
            long lo = (long) k << shift;
            long hi = k == BINS - 1 ? Long.MAX_VALUE : (long) (k + 1) << shift;
            row[k] += Math.min(end, hi) - Math.max(start, lo);
        }
    }

    /** Adds core {@code core}'s pending cycles to its row. */
    private void flush(int core) {
        long cycles = pendingCycles[core];
        if (cycles != 0) {
            rowOf(core)[pendingBin[core]] += cycles;
            pendingCycles[core] = 0;
        }
    }

    private void flushAll() {
        for (int core = 0; core < pendingCycles.length; core++) {
            flush(core);
        }
    }

    /** The bins of {@code core}, through a plain array so the per-firing path does not box the core. */
    private long[] rowOf(int core) {
        if (core >= rows.length) {
            rows = java.util.Arrays.copyOf(rows, Math.max(core + 1, rows.length * 2));
        }
        long[] row = rows[core];
        if (row == null) {
            row = new long[BINS];
            rows[core] = row;
            busy.put(core, row);
        }
        return row;
    }

    private void widen() {
        flushAll(); // pending cycles are in bins of the old width
        for (long[] row : busy.values()) {
            mergePairs(row);
        }
        shift++;
    }

    private static void mergePairs(long[] row) {
        for (int i = 0; i < BINS / 2; i++) {
            row[i] = row[2 * i] + row[2 * i + 1];
        }
        java.util.Arrays.fill(row, BINS / 2, BINS, 0);
    }

    /** Hands the part over; the recorder must not be used afterwards. */
    Part close() {
        flushAll();
        Part p = new Part(shift, busy, spans, firings, decisions);
        busy = null;
        spans = null;
        return p;
    }

    /** Joins the SUs' parts into the run's timeline over {@code [0, makespan)} on {@code cores} cores. */
    static Timeline merge(List<Part> parts, int cores, long makespan) {
        int s = 0;
        while (s < MAX_SHIFT && makespan > ((long) BINS << s)) {
            s++;
        }
        for (Part p : parts) {
            s = Math.max(s, p.shift());
        }
        long[][] busy = new long[cores][BINS];
        List<Timeline.Span> spans = new ArrayList<>();
        long firings = 0;
        long decisions = 0;
        for (Part p : parts) {
            firings += p.firings();
            decisions += p.decisions();
            if (spans != null && p.spans() != null) {
                spans.addAll(p.spans());
            } else {
                spans = null;
            }
            int factor = s - p.shift();
            for (Map.Entry<Integer, long[]> e : p.busy().entrySet()) {
                long[] row = busy[e.getKey()];
                long[] src = e.getValue();
                for (int k = 0; k < BINS; k++) {
                    row[k >> factor] += src[k];
                }
            }
        }
        if (spans != null && spans.size() > Timeline.SPAN_LIMIT) {
            spans = null;
        }
        if (spans != null) {
            spans.sort(Comparator.comparingInt(Timeline.Span::core).thenComparingLong(Timeline.Span::start)
                    .thenComparing(sp -> sp.name() != null).thenComparingLong(Timeline.Span::cycles)
                    .thenComparing(sp -> sp.name() == null ? "" : sp.name()));
        }
        return makespan == 0 ? new Timeline(0, 1, new long[cores][0], spans, firings, decisions)
                : new Timeline(makespan, 1L << s, busy, spans, firings, decisions);
    }
}
