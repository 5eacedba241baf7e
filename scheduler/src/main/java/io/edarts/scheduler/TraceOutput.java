package io.edarts.scheduler;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a run writes its trace.
 *
 * @param file   the trace file; written atomically at the end of the run, its parts streamed beside
 *               it while the run goes ({@code cam-model}'s {@code AtomicFiles.temporary} names them)
 * @param format how the events are encoded
 */
public record TraceOutput(Path file, TraceFormat format) {
    public TraceOutput {
        Objects.requireNonNull(file, "trace file");
        Objects.requireNonNull(format, "trace format");
    }
}
