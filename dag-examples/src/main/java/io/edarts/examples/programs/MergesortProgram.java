package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.InstrKind;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Recursive mergesort with one threaded procedure per call (dynamic dataflow): a call sorts its
 * range itself when it is at most {@code cutoff} elements, else it invokes a call per half with its
 * own {@code merge} as their continuation, which the runtime signals when each half's call exits.
 *
 * <pre>
 *   msort(lo, hi):   split ──invoke(onDone = merge)──▶ msort(lo, mid) ─┐
 *                      └────invoke(onDone = merge)──▶ msort(mid, hi) ─┴─exit─▶ merge (waits for 2)
 *                    merge: merges the two sorted halves; the call exits (both its codelets fired)
 *   hi - lo &lt;= cutoff:  split sorts [lo, hi) and exits (merge never fires)
 * </pre>
 *
 * Every call works on its own range of one shared array, so calls of disjoint ranges never write
 * the same data, and a merge reads its halves only after both have exited.
 */
public final class MergesortProgram {
    /** The frame of one call: the shared array and scratch space, and its range. */
    public static final class Frame {
        final int[] a;
        final int[] tmp;
        final int lo;
        final int hi;

        Frame(int[] a, int[] tmp, int lo, int hi) {
            this.a = a;
            this.tmp = tmp;
            this.lo = lo;
            this.hi = hi;
        }

        public int[] array() {
            return a;
        }
    }

    /** The largest input accepted. */
    public static final int MAX_SIZE = 1 << 20;

    private MergesortProgram() {}

    /** The threaded procedure of one call. */
    public static TpDefinition<Frame> definition(int cutoff) {
        CodeObject code = new CodeObject("msort", 384, Placement.CACHED);
        TpDefinition.Builder<Frame> b = TpDefinition.builder("msort");
        CodeletHandle merge = b.codelet("merge", ctx -> {
            Frame f = ctx.frame();
            int mid = (f.lo + f.hi) >>> 1;
            int i = f.lo;
            int j = mid;
            for (int k = f.lo; k < f.hi; k++) {
                f.tmp[k] = j >= f.hi || i < mid && f.a[i] <= f.a[j] ? f.a[i++] : f.a[j++];
            }
            System.arraycopy(f.tmp, f.lo, f.a, f.lo, f.hi - f.lo);
            int n = f.hi - f.lo;
            ctx.compute(InstrKind.IALU, 3L * n);
            ctx.compute(InstrKind.LOAD_STORE, 4L * n);
            ctx.compute(InstrKind.BRANCH, n);
        }).deps(2).code(code).cost(Cost.instructions(8, 0, 4, 2));
        b.codelet("split", ctx -> {
            Frame f = ctx.frame();
            int n = f.hi - f.lo;
            if (n <= cutoff) {
                Arrays.sort(f.a, f.lo, f.hi);
                long work = n < 2 ? 1 : (long) n * (32 - Integer.numberOfLeadingZeros(n - 1));
                ctx.compute(InstrKind.IALU, 2 * work);
                ctx.compute(InstrKind.LOAD_STORE, 2 * work);
                ctx.compute(InstrKind.BRANCH, work);
                ctx.exit();
                return;
            }
            int mid = (f.lo + f.hi) >>> 1;
            ctx.invoke(b.self(), new Frame(f.a, f.tmp, f.lo, mid), ctx.slotOf(merge));
            ctx.invoke(b.self(), new Frame(f.a, f.tmp, mid, f.hi), ctx.slotOf(merge));
        }).code(code).cost(Cost.instructions(12, 0, 6, 2));
        return b.build();
    }

    /**
     * @throws IllegalArgumentException for a size outside 1..{@value #MAX_SIZE} or a cutoff below 1
     */
    public static Program<Frame> of(int size, int cutoff, long seed) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("mergesort --size " + size + ": expected 1.." + MAX_SIZE);
        }
        if (cutoff < 1) {
            throw new IllegalArgumentException("mergesort --block " + cutoff + ": the cutoff must be at least 1");
        }
        int[] input = new SplittableRandom(seed).ints(size, 0, 1_000_000).toArray();
        int[] expect = input.clone();
        Arrays.sort(expect);
        return Program.of("mergesort", definition(cutoff),
                () -> new Frame(input.clone(), new int[size], 0, size),
                f -> Arrays.equals(f.a, expect) ? CheckResult.passed(size + " elements sorted")
                        : CheckResult.failed("not sorted: first difference at index " + Arrays.mismatch(f.a, expect)),
                Map.of("size", Integer.toString(size), "cutoff", Integer.toString(cutoff), "seed", Long.toString(seed)));
    }
}
