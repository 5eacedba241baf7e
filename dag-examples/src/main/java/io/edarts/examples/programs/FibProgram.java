package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.cam.CodeObject;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.cam.Placement;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import java.util.Map;

/**
 * Recursive Fibonacci with one threaded procedure per call, the classic dynamic-dataflow example.
 * Each call invokes its two sub-calls with its own {@code sum} as their continuation: the runtime
 * signals it when a sub-call exits (a call of {@code n < 2} exits from {@code split}; the others
 * when {@code sum} has fired, each of their codelets having fired once).
 *
 * <pre>
 *   fib(n):   split ──invoke(onDone = sum)──▶ fib(n-1) ─┐
 *               └────invoke(onDone = sum)──▶ fib(n-2) ─┴─exit─▶ sum (waits for 2): result = sum of theirs
 *   n &lt; 2:    split: result = n; exit (sum never fires)
 * </pre>
 */
public final class FibProgram {
    /** The frame of one call: its argument, its sub-calls' frames and its result. */
    public static final class Frame {
        final int n;
        Frame left;
        Frame right;
        long result;

        Frame(int n) {
            this.n = n;
        }

        public long result() {
            return result;
        }
    }

    /** The largest n accepted: fib(n) makes about 3 fib(n) threaded procedures. */
    public static final int MAX_N = 32;

    private FibProgram() {}

    /** The threaded procedure of one call. */
    public static TpDefinition<Frame> definition() {
        CodeObject code = new CodeObject("fib", 192, Placement.CACHED);
        TpDefinition.Builder<Frame> b = TpDefinition.builder("fib");
        CodeletHandle sum = b.codelet("sum", ctx -> ctx.frame().result = ctx.frame().left.result + ctx.frame().right.result)
                .deps(2).code(code).cost(Cost.instructions(6, 0, 4, 1));
        b.codelet("split", ctx -> {
            Frame f = ctx.frame();
            if (f.n < 2) {
                f.result = f.n;
                ctx.exit();
                return;
            }
            f.left = new Frame(f.n - 1);
            f.right = new Frame(f.n - 2);
            ctx.invoke(b.self(), f.left, ctx.slotOf(sum));
            ctx.invoke(b.self(), f.right, ctx.slotOf(sum));
        }).code(code).cost(Cost.instructions(14, 0, 6, 2));
        return b.build();
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
        return Program.of("fib", definition(), () -> new Frame(n),
                f -> f.result() == expect ? CheckResult.passed("fib(" + n + ") = " + expect)
                        : CheckResult.failed("fib(" + n + ") = " + f.result() + ", reference " + expect),
                Map.of("n", Integer.toString(n)));
    }
}
