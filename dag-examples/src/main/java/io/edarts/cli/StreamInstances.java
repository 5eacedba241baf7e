package io.edarts.cli;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.examples.programs.SerializeProgram;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * How {@code edarts run EXAMPLE --stream N} builds the instances of an example: the one hook a
 * program needs to stream. {@link #builder} returns a function from the instance's index (0 to N-1)
 * to the program it runs; the stream calls it on its own thread as the machine's slots free, and
 * each instance runs on a fresh frame ({@link Program#newFrame()}).
 *
 * <p>By default every instance is the example as built for the run (the same procedures and code,
 * so placements and code budgets checked before the run hold for every instance), on a frame of its
 * own. An example whose instances differ (a batch of its own per instance, say) adds a case to
 * {@link #builder}, e.g. {@code serialize}'s case; its
 * instances must keep the template's procedure definitions, or declare those they add with
 * {@link Program#withProcedures}. An example that cannot stream goes into {@link #CANNOT} with the
 * reason, which {@code --stream} prints.
 *
 * <p>An instance completes when its root procedure ends (it exits, or each of its codelets has
 * fired once: the point at which a caller's continuation would be signalled), so a streamed
 * program must end its root last (fib and mergesort join their calls through continuations).
 */
final class StreamInstances {
    private StreamInstances() {}

    /** Examples that cannot stream at all, and why (none today: see {@link #refusal} for options that cannot). */
    static final Map<String, String> CANNOT = Map.of();

    /**
     * Instance {@code i}'s program for a stream of {@code example}, built as {@code built} with {@code p} on {@code m}.
     *
     * @throws IllegalArgumentException for an example, or an option of it, that cannot stream, saying why
     */
    static IntFunction<Program<?>> builder(String example, Program<?> built, Examples.Params p, Machine m) {
        check(example);
        String why = refusal(example, p);
        if (why != null) {
            throw new IllegalArgumentException("--stream: " + why);
        }
        return switch (example == null ? "" : example) {
            // per-example instance builders go here (see the class comment)
            // serialize: instance i encodes the next --messages messages of the seed's stream
            case "serialize" -> i -> SerializeProgram.of(p.messages(), p.batch(), p.seed(), Examples.parseOffload(p.offload()),
                    Math.multiplyExact(i, p.messages()));
            default -> i -> built;
        };
    }

    /** Why {@code example} with {@code p} cannot stream, or null. */
    static String refusal(String example, Examples.Params p) {
        if ("cannon".equals(example) && p.writeResult()) {
            return "cannon --write-result cannot stream: every instance would write files/"
                    + io.edarts.examples.programs.CannonProgram.RESULT_FILE + " through host calls, and the file "
                    + "would hold whichever instance wrote last; stream cannon without --write-result";
        }
        return null;
    }

    /** @throws IllegalArgumentException for an example that cannot stream, saying why */
    static void check(String example) {
        String why = example == null ? null : CANNOT.get(example);
        if (why != null) {
            throw new IllegalArgumentException("--stream: " + example + " cannot stream: " + why);
        }
    }
}
