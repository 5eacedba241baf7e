package io.edarts.validate;

import io.edarts.api.CheckResult;
import io.edarts.api.BufferHandle;
import io.edarts.api.Program;
import io.edarts.api.SlotHandle;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import java.util.Arrays;
import java.util.Map;

/**
 * A two-codelet program in which core {@code core} moves {@code words} 32-bit words by DMA, as
 * {@code e_dma_copy} does in the bandwidth test: {@code start} describes and starts the transfer on
 * one of the core's channels, and {@code landed} fires when it has completed. The words really move
 * (buffer-level {@code ctx.dma}), and the check compares the two arrays. The transfer's own time is
 * what the core's engine counts as busy ({@code Counters.dmaBusy}), measured in the run on the shared
 * mesh, so contention and the engine's issue rate are in it; the set-up instructions of the firing
 * are not (they are tens of cycles against thousands).
 */
final class DmaProgram {
    /** The words at the source and the destination. */
    static final class Frame {
        final int[] from;
        final int[] to;

        Frame(int words) {
            from = new int[words];
            to = new int[words];
            for (int i = 0; i < words; i++) {
                from[i] = (int) (0x9E3779B1L * (i + 1));
            }
        }
    }

    private DmaProgram() {}

    /**
     * @param core the core whose engine runs the transfer
     * @param from where the source words live
     * @param to   where they go
     */
    static Program<Frame> of(String name, int core, BufferPlace from, BufferPlace to, int words) {
        TpDefinition.Builder<Frame> b = TpDefinition.builder(name);
        BufferHandle<int[]> src = b.buffer("from", from, (Frame f) -> f.from);
        BufferHandle<int[]> dst = b.buffer("to", to, (Frame f) -> f.to);
        SlotHandle landed = b.slot("landed", 1, 0);
        b.codelet("start", ctx -> ctx.dma(src, 0, dst, 0, words, ctx.slot(landed))).affinity(core);
        b.codelet("landed", ctx -> { }).waitsOn(landed).affinity(core);
        return Program.of(name, b.build(), () -> new Frame(words), f -> Arrays.equals(f.from, f.to)
                ? CheckResult.passed(words + " words moved by DMA")
                : CheckResult.failed("the DMA destination differs from its source"),
                Map.of("core", Integer.toString(core), "from", from.toString(), "to", to.toString(),
                        "words", Integer.toString(words)));
    }
}
