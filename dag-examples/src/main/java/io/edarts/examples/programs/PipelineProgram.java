package io.edarts.examples.programs;

import io.edarts.api.CheckResult;
import io.edarts.api.Cost;
import io.edarts.api.Pipeline;
import io.edarts.api.Program;
import java.util.Map;

/**
 * A three-stage pipeline on {@link Pipeline}: a serial generator, a parallel transform and a serial,
 * order-dependent fold, with at most {@value #LINES} tokens in flight. One codelet per stage and
 * line; each waits on a sync slot with a reset value (2 for a serial stage: the token's previous
 * stage and the stage's previous token; 1 for the parallel one):
 *
 * <pre>
 *            read (serial)     mix (parallel)    fold (serial)
 *   line 0:  read[0] ───────▶ mix[0] ────────▶ fold[0] ──▶ done (counts the tokens, then exits)
 *               │                                 │  └──▶ read[0]  (line free: token t+4 may enter)
 *               ▼ next token                      ▼ next token
 *   line 1:  read[1] ───────▶ mix[1] ────────▶ fold[1] ──▶ done
 *               ▼                                 ▼
 *   line 2:  read[2] ───────▶ mix[2] ────────▶ fold[2] ──▶ done
 *               ▼                                 ▼
 *   line 3:  read[3] ───────▶ mix[3] ────────▶ fold[3] ──▶ done
 *               └──▶ read[0]                      └──▶ fold[0]   (the chains wrap round)
 *   token t runs on line t mod 4
 * </pre>
 *
 * {@code read} draws the next value of a linear congruential generator (state kept between tokens),
 * {@code mix} runs {@value #ROUNDS} rounds of a 64-bit mixing function on it, and {@code fold} folds
 * the results in token order ({@code h = 31 h + v}), so a token out of order would change the
 * answer, which is checked against the same three steps run in a plain loop.
 */
public final class PipelineProgram {
    /** Tokens in flight at most. */
    public static final int LINES = 4;
    /** Mixing rounds per token in the parallel stage. */
    public static final int ROUNDS = 64;
    /** The most tokens accepted. */
    public static final int MAX_TOKENS = 1_000_000;

    /** The pipeline's state: the generator, one buffer per line, and the fold. */
    public static final class Frame {
        long generator;
        final long[] line = new long[LINES];
        long fold;

        Frame(long seed) {
            this.generator = seed;
        }

        public long fold() {
            return fold;
        }
    }

    private PipelineProgram() {}

    /** Declared cost of the fold stage per token, for tests that bound the makespan. */
    public static final Cost FOLD_COST = Cost.instructions(40, 0, 20, 4);

    static long next(long g) {
        return g * 6364136223846793005L + 1442695040888963407L;
    }

    static long mix(long v) {
        long z = v;
        for (int r = 0; r < ROUNDS; r++) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z ^= z >>> 31;
        }
        return z;
    }

    /** The answer, computed by a plain loop. */
    public static long reference(int tokens, long seed) {
        long g = seed;
        long h = 0;
        for (int t = 0; t < tokens; t++) {
            g = next(g);
            h = 31 * h + mix(g);
        }
        return h;
    }

    /** @throws IllegalArgumentException for a token count outside 1..{@value #MAX_TOKENS} */
    public static Program<Frame> of(int tokens, long seed) {
        if (tokens < 1 || tokens > MAX_TOKENS) {
            throw new IllegalArgumentException("pipeline --n " + tokens + ": expected 1.." + MAX_TOKENS + " tokens");
        }
        Pipeline.Builder<Frame> p = Pipeline.builder("pipeline", LINES);
        p.serial("read", Cost.instructions(8, 0, 4, 1), (ctx, token, line) -> {
            Frame f = ctx.frame();
            f.generator = next(f.generator);
            f.line[line] = f.generator;
        });
        p.parallel("mix", Cost.instructions(12L * ROUNDS, 0, 2, ROUNDS), (ctx, token, line) -> {
            ctx.frame().line[line] = mix(ctx.frame().line[line]);
        });
        p.serial("fold", FOLD_COST, (ctx, token, line) -> {
            Frame f = ctx.frame();
            f.fold = 31 * f.fold + f.line[line];
        });
        long expect = reference(tokens, seed);
        return Program.of("pipeline", p.build(tokens), () -> new Frame(seed),
                f -> f.fold == expect ? CheckResult.passed("fold of " + tokens + " tokens = " + expect)
                        : CheckResult.failed("fold = " + f.fold + ", reference " + expect),
                Map.of("tokens", Integer.toString(tokens), "lines", Integer.toString(LINES), "seed", Long.toString(seed)));
    }
}
