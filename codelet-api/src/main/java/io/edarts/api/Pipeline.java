package io.edarts.api;

import io.edarts.cam.CodeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A pipeline in the spirit of Taskflow's {@code tf::Pipeline}: tokens pass through stages in order,
 * each stage serial (one token at a time, in token order) or parallel (tokens at once), with at most
 * {@code lines} tokens in flight. It compiles to one threaded procedure of ordinary codelets and
 * sync slots with reset values.
 *
 * <h2>Design note</h2>
 * As in Taskflow, the pipeline has {@code L} lines; token {@code t} travels on line {@code t mod L},
 * and each line carries one token at a time. Stage {@code s} on line {@code l} is one codelet,
 * {@code s[l]}, which fires once per token of its line (token {@code l + L * firing}). Its slot
 * waits for, per token:
 * <ul>
 *   <li>the token's previous stage, {@code (s-1)[l]} (for stage 0: the line's last stage on the
 *       token before, which frees the line: this is the bound on tokens in flight);</li>
 *   <li>for a serial stage, the same stage on the token before, {@code s[l-1 mod L]}.</li>
 * </ul>
 * The first token of each line waits only for the signals that exist for it (the slot's initial
 * count); every later one for all of them (its reset value). A codelet signals these successors
 * itself when its stage's body returns, and only for tokens that exist, so the pipeline stops after
 * the last token and a final {@code done} codelet, which counts the tokens out of the last stage,
 * ends the instance ({@link CodeletContext#exit}).
 *
 * <p>No codelet is ever enabled while a firing of it is pending: both signals for its next token
 * come from firings that its own current firing precedes (the line's later stages, and the serial
 * stage's chain of lines back to it). So a serial stage never has two firings in flight, and a slot
 * never sees signals of two tokens at once.
 *
 * <pre>{@code
 * Pipeline.Builder<long[]> p = Pipeline.builder("pipe", 4);       // 4 tokens in flight at most
 * p.serial("read", Cost.cycles(100), (ctx, token, line) -> ctx.frame()[line] = token);
 * p.parallel("square", Cost.cycles(400), (ctx, token, line) -> ctx.frame()[line] *= ctx.frame()[line]);
 * TpDefinition<long[]> def = p.build(1000);                        // 1000 tokens
 * }</pre>
 */
public final class Pipeline {
    private Pipeline() {}

    /** What a stage does to one token: {@code line} indexes the line's buffers, as Taskflow's {@code pf.line()}. */
    @FunctionalInterface
    public interface Stage<F> {
        void run(CodeletContext<F> ctx, long token, int line);
    }

    /**
     * Starts a pipeline with at most {@code lines} tokens in flight.
     *
     * @throws IllegalArgumentException for a blank name or fewer than one line
     */
    public static <F> Builder<F> builder(String name, int lines) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("pipeline name is blank");
        }
        if (lines < 1) {
            throw new IllegalArgumentException("pipeline " + name + ": " + lines + " lines; expected at least 1");
        }
        return new Builder<>(name, lines);
    }

    private record StageSpec<F>(String name, boolean serial, Cost cost, Stage<F> body, CodeObject code) {}

    /** Declares the stages in order; {@link #build} fixes the number of tokens. */
    public static final class Builder<F> {
        private final String name;
        private final int lines;
        private final List<StageSpec<F>> stages = new ArrayList<>();
        private boolean built;

        private Builder(String name, int lines) {
            this.name = name;
            this.lines = lines;
        }

        /** Adds a stage that takes one token at a time, in token order (it may keep state). */
        public Builder<F> serial(String stage, Cost cost, Stage<F> body) {
            return add(stage, true, cost, body);
        }

        /** Adds a stage that may work on several tokens at once (its bodies must not share writes). */
        public Builder<F> parallel(String stage, Cost cost, Stage<F> body) {
            return add(stage, false, cost, body);
        }

        /**
         * The code object of the stage declared last (without it, {@link CodeObject#DEFAULT}).
         *
         * @throws IllegalStateException before any stage
         */
        public Builder<F> code(CodeObject code) {
            if (stages.isEmpty()) {
                throw new IllegalStateException("pipeline " + name + ": code() before any stage");
            }
            if (code == null) {
                throw new IllegalArgumentException("pipeline " + name + ": null code object");
            }
            StageSpec<F> last = stages.remove(stages.size() - 1);
            stages.add(new StageSpec<>(last.name(), last.serial(), last.cost(), last.body(), code));
            return this;
        }

        private Builder<F> add(String stage, boolean serial, Cost cost, Stage<F> body) {
            if (built) {
                throw new IllegalStateException("pipeline " + name + ": already built");
            }
            if (stage == null || stage.isBlank()) {
                throw new IllegalArgumentException("pipeline " + name + ": stage #" + stages.size() + " has a blank name");
            }
            if (cost == null || body == null) {
                throw new IllegalArgumentException("pipeline " + name + ": stage '" + stage + "' needs a cost and a body");
            }
            for (StageSpec<F> s : stages) {
                if (s.name().equals(stage)) {
                    throw new IllegalArgumentException("pipeline " + name + ": two stages named '" + stage + "'");
                }
            }
            stages.add(new StageSpec<>(stage, serial, cost, body, null));
            return this;
        }

        /**
         * Compiles the pipeline for {@code tokens} tokens (lines beyond the token count are not made).
         *
         * @throws IllegalArgumentException for no stage or fewer than one token
         */
        public TpDefinition<F> build(int tokens) {
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("pipeline " + name + " has no stages");
            }
            if (tokens < 1) {
                throw new IllegalArgumentException("pipeline " + name + ": " + tokens + " tokens; expected at least 1");
            }
            built = true;
            int nl = Math.min(lines, tokens);
            int ns = stages.size();
            TpDefinition.Builder<F> b = TpDefinition.builder(name);
            CodeletHandle[][] at = new CodeletHandle[ns][nl];
            CodeletHandle done = b.codelet("done", CodeletContext::exit).deps(tokens);
            for (int s = 0; s < ns; s++) {
                StageSpec<F> spec = stages.get(s);
                for (int l = 0; l < nl; l++) {
                    final int stage = s;
                    final int line = l;
                    CodeletHandle h = b.codelet(spec.name() + "[" + l + "]",
                            ctx -> fire(ctx, at, done, stage, line, nl, tokens));
                    // Per token: the previous stage (or, for stage 0, the line's last stage freeing it),
                    // plus for a serial stage the same stage on the token before.
                    int first = (s > 0 ? 1 : 0) + (spec.serial() && l > 0 ? 1 : 0);
                    int later = 1 + (spec.serial() ? 1 : 0);
                    h.deps(first).reset(later).cost(spec.cost());
                    if (spec.code() != null) {
                        h.code(spec.code());
                    }
                    at[s][l] = h;
                }
            }
            return b.build();
        }

        private void fire(CodeletContext<F> ctx, CodeletHandle[][] at, CodeletHandle done, int s, int l, int nl,
                          int tokens) {
            long token = l + (long) nl * ctx.firing();
            stages.get(s).body().run(ctx, token, l);
            int last = at.length - 1;
            ctx.signal(ctx.slotOf(s < last ? at[s + 1][l] : done));
            if (stages.get(s).serial() && token + 1 < tokens) {
                ctx.signal(ctx.slotOf(at[s][(l + 1) % nl]));
            }
            if (s == last && token + nl < tokens) {
                ctx.signal(ctx.slotOf(at[0][l]));
            }
        }

        /** Compiles the pipeline into a program. */
        public Program<F> program(int tokens, Supplier<F> frames, Function<F, CheckResult> check) {
            return Program.of(name, build(tokens), frames, check);
        }
    }
}
