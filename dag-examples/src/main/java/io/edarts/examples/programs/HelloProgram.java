package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import io.edarts.cam.CoreRole;
import io.edarts.cam.Machine;
import java.util.Map;

/**
 * Hello, world through the host: every CU of the machine prints one line with {@code printf},
 * which its host carries out (COPRTHR-2's host calls). One independent task per CU, pinned to it:
 *
 * <pre>
 *   hello(0,1)   hello(0,2)   ...   hello(3,3)      each: printf("Hello from core (r,c)")
 * </pre>
 *
 * The lines go to the console and to the run's {@code stdout.txt}, tagged with core and cycle, in
 * the order the host printed them. The check: every task ran on its own core.
 */
public final class HelloProgram {
    /** Per task, the core it ran on (-1 until it ran). */
    public static final class Frame {
        final int[] ranOn;

        Frame(int n) {
            ranOn = new int[n];
            java.util.Arrays.fill(ranOn, -1);
        }
    }

    private HelloProgram() {}

    /** @throws IllegalArgumentException for a machine without CUs */
    public static Program<Frame> of(Machine m) {
        int[] cus = java.util.stream.IntStream.range(0, m.coreCount()).filter(c -> m.role(c) == CoreRole.CU).toArray();
        if (cus.length == 0) {
            throw new IllegalArgumentException("hello: " + m.name() + " has no CU to print from");
        }
        Dag.Builder<Frame> g = Dag.builder("hello");
        for (int i = 0; i < cus.length; i++) {
            final int task = i;
            g.task("hello(" + m.row(cus[i]) + "," + m.col(cus[i]) + ")", ctx -> {
                ctx.frame().ranOn[task] = ctx.core();
                ctx.printf("Hello from core (%d,%d)\n", m.row(ctx.core()), m.col(ctx.core()));
            }).affinity(cus[i]).cycles(1);
        }
        return g.build(() -> new Frame(cus.length), f -> {
            for (int i = 0; i < cus.length; i++) {
                if (f.ranOn[i] != cus[i]) {
                    return CheckResult.failed("hello " + i + " ran on core " + f.ranOn[i] + ", not " + cus[i]);
                }
            }
            return CheckResult.passed(cus.length + " cores printed through the host");
        }, Map.of("cores", Integer.toString(cus.length)));
    }
}
