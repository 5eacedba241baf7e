package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.cam.CodeObject;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.cam.Placement;
import io.edarts.api.Program;
import io.edarts.api.SlotRef;
import io.edarts.api.TpDefinition;
import java.util.Map;

/**
 * Recursive Fibonacci with one threaded procedure per call, the classic dynamic-dataflow example.
 *
 * <pre>
 *   fib(n):   split ──invoke──▶ fib(n-1) ─┐
 *               └────invoke──▶ fib(n-2) ─┴─signal─▶ sum (waits for 2) ──signal─▶ caller's sum
 *   n &lt; 2:    split writes n, signals the caller and exits (sum never fires)
 * </pre>
 */
public final class FibProgram {
    /** The frame of one call: its argument, where its result goes, and whom to signal. */
    public static final class Frame {
        final int n;
        final SlotRef done;
        final long[] out;
        final int outIndex;
        final long[] xy = new long[2];

        Frame(int n, SlotRef done, long[] out, int outIndex) {
            this.n = n;
            this.done = done;
            this.out = out;
            this.outIndex = outIndex;
        }

        public long result() {
            return out[outIndex];
        }
    }

    /** The largest n accepted: fib(n) makes about 3 fib(n) threaded procedures. */
    public static final int MAX_N = 32;

    private FibProgram() {}

    /** The threaded procedure of one call. */
    public static TpDefinition<Frame> definition() {
        CodeObject code = new CodeObject("fib", 192, Placement.CACHED);
        TpDefinition.Builder<Frame> b = TpDefinition.builder("fib");
        java.util.concurrent.atomic.AtomicReference<TpDefinition<Frame>> self = new java.util.concurrent.atomic.AtomicReference<>();
        CodeletHandle sum = b.codelet("sum", ctx -> {
            Frame f = ctx.frame();
            f.out[f.outIndex] = f.xy[0] + f.xy[1];
            if (f.done != null) {
                ctx.signal(f.done);
            }
        }).deps(2).code(code).cost(Cost.instructions(6, 0, 4, 1));
        b.codelet("split", ctx -> {
            Frame f = ctx.frame();
            if (f.n < 2) {
                f.out[f.outIndex] = f.n;
                if (f.done != null) {
                    ctx.signal(f.done);
                }
                ctx.exit();
                return;
            }
            SlotRef join = ctx.slotOf(sum);
            ctx.invoke(self.get(), new Frame(f.n - 1, join, f.xy, 0));
            ctx.invoke(self.get(), new Frame(f.n - 2, join, f.xy, 1));
        }).code(code).cost(Cost.instructions(14, 0, 6, 2));
        self.set(b.build());
        return self.get();
    }

    public static long reference(int n) {
        long a = 0;
        long b = 1;
        for (int i = 0; i < n; i++) {
            long t = a + b;
            a = b;
            b = t;
        }
        return a;
    }

    /** @throws IllegalArgumentException for n outside 0..{@value #MAX_N} */
    public static Program<Frame> of(int n) {
        if (n < 0 || n > MAX_N) {
            throw new IllegalArgumentException("fib --n " + n + ": expected 0.." + MAX_N);
        }
        long expect = reference(n);
        return Program.of("fib", definition(), () -> new Frame(n, null, new long[1], 0),
                f -> f.result() == expect ? CheckResult.passed("fib(" + n + ") = " + expect)
                        : CheckResult.failed("fib(" + n + ") = " + f.result() + ", reference " + expect),
                Map.of("n", Integer.toString(n)));
    }
}
