package io.edarts.api;

import io.edarts.cam.CodeObject;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A static task graph in the style of Taskflow: declare tasks, wire them with
 * {@code a.precede(b, c)} and {@code d.succeed(b, c)}, and build a {@link Program}. It compiles to one
 * threaded procedure whose codelets each wait on their predecessors.
 *
 * <pre>{@code
 * Dag.Builder<long[]> g = Dag.builder("sum");
 * CodeletHandle a = g.task("a", ctx -> ctx.frame()[0] = 1).cycles(100);
 * CodeletHandle b = g.task("b", ctx -> ctx.frame()[1] = ctx.frame()[0] + 1).cycles(100);
 * a.precede(b);
 * Program<long[]> p = g.build(() -> new long[2], f -> f[1] == 2 ? CheckResult.passed("ok") : CheckResult.failed("bad"));
 * }</pre>
 */
public final class Dag {
    private Dag() {}

    public static <F> Builder<F> builder(String name) {
        return new Builder<>(TpDefinition.builder(name));
    }

    public static final class Builder<F> {
        private final TpDefinition.Builder<F> tp;

        private Builder(TpDefinition.Builder<F> tp) {
            this.tp = tp;
        }

        /** Declares a task. */
        public CodeletHandle task(String name, CodeletBody<F> body) {
            return tp.codelet(name, body);
        }

        /**
         * Declares a task named by its index in decimal ({@code "0"}, {@code "1"}, ...; the index is
         * {@link #size()} before the call), as generated graphs name theirs: no string per task.
         */
        public CodeletHandle task(CodeletBody<F> body) {
            return tp.codelet(body);
        }

        /**
         * Task {@code from} precedes task {@code to}, both given by index (the order declared): the
         * form a generated graph uses, which keeps no handle per task.
         *
         * @throws IllegalArgumentException for an index that no task declared so far has
         */
        public Builder<F> precede(int from, int to) {
            tp.edge(from, to);
            return this;
        }

        /**
         * Declares every edge of {@code graph}, whose vertex {@code v} is task {@code v} (the order
         * declared): {@link #precede(int, int) precede(v, w)} for each vertex in turn and each of its
         * successors in order, in one call.
         *
         * @throws IllegalArgumentException for a null graph or one with more vertices than tasks declared
         */
        public Builder<F> precede(io.edarts.api.graph.Digraph graph) {
            tp.edges(graph);
            return this;
        }

        /** {@link TpDefinition.Builder#requires(CodeletHandle, String, CodeletBody)}: an accelerator body for {@code task}. */
        public CodeletHandle requires(CodeletHandle task, String unit, CodeletBody<F> acceleratorBody) {
            return tp.requires(task, unit, acceleratorBody);
        }

        /** Code object used by tasks that state none. */
        public Builder<F> defaultCode(CodeObject code) {
            tp.defaultCode(code);
            return this;
        }

        /**
         * Sizes the builder for {@code tasks} tasks and {@code edges} edges in all: a hint for large
         * generated graphs ({@link TpDefinition.Builder#expect}).
         *
         * @throws IllegalArgumentException for a negative count
         */
        public Builder<F> expect(int tasks, int edges) {
            tp.expect(tasks, edges);
            return this;
        }

        /** Number of tasks declared so far. */
        public int size() {
            return tp.size();
        }

        /** Checks the graph and builds the program; see {@link TpDefinition.Builder#build()}. */
        public Program<F> build(Supplier<F> frames, Function<F, CheckResult> check, Map<String, String> parameters) {
            return Program.of(tp.name, tp.build(), frames, check, parameters);
        }

        public Program<F> build(Supplier<F> frames, Function<F, CheckResult> check) {
            return build(frames, check, Map.of());
        }
    }
}
