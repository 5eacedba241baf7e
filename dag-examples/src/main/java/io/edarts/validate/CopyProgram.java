package io.edarts.validate;

import io.edarts.api.CheckResult;
import io.edarts.api.CodeletHandle;
import io.edarts.api.Cost;
import io.edarts.api.Dag;
import io.edarts.api.Program;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A one-codelet program that really copies {@code words} 32-bit words from one address range to
 * another, on one core: each word is read from {@code from}, charged as a 4-byte {@code ctx.load}
 * of its address, written to {@code to} and charged as a 4-byte {@code ctx.store}, i.e. an
 * {@code ldr} followed by a dependent {@code str}, the access pattern of a word-by-word memcpy and
 * of {@code emesh_read_latency}'s timed loads. {@code loop} is the copy loop's own instructions on
 * top of the accesses. The check compares the two arrays, so a body that skipped words fails the run.
 */
final class CopyProgram {
    /** The source and destination buffers, as the words the two memories hold. */
    static final class Frame {
        final int[] from;
        final int[] to;

        Frame(int words) {
            from = new int[words];
            to = new int[words];
            for (int i = 0; i < words; i++) {
                from[i] = (int) (0x9E3779B1L * (i + 1)); // a pattern no copy of zeros can pass for
            }
        }
    }

    private CopyProgram() {}

    /**
     * @param core     the core that runs the copy (a CU of the machine)
     * @param fromAddr global address (or local alias) of the first source word
     * @param toAddr   global address (or local alias) of the first destination word
     * @param words    words to copy; 0 gives the empty baseline of the same shape
     * @param loop     the copy loop's instructions besides the loads and stores
     */
    static Program<Frame> of(String name, int core, long fromAddr, long toAddr, int words, Cost loop) {
        Dag.Builder<Frame> g = Dag.builder(name);
        CodeletHandle copy = g.task("copy", ctx -> {
            Frame f = ctx.frame();
            for (int i = 0; i < words; i++) {
                int v = f.from[i];
                ctx.load(fromAddr + 4L * i, 4);
                f.to[i] = v;
                ctx.store(toAddr + 4L * i, 4);
            }
        }).cost(loop);
        copy.affinity(core);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("core", Integer.toString(core));
        params.put("from", "0x" + Long.toHexString(fromAddr));
        params.put("to", "0x" + Long.toHexString(toAddr));
        params.put("words", Integer.toString(words));
        return g.build(() -> new Frame(words), f -> Arrays.equals(f.from, f.to)
                ? CheckResult.passed(words + " words copied")
                : CheckResult.failed("the copy differs from its source"), params);
    }
}
