package io.edarts.scheduler;

import java.nio.file.Path;

/**
 * Where a run's host calls have their real effects: the folder that {@code open} is confined to,
 * and who else sees printed lines as the host prints them. The lines are also kept in the result
 * ({@link RunResult#hostCalls()}).
 *
 * @param files   the folder host calls may create files in (created on the first open), or
 *                {@code null}: every open then fails with {@code -EACCES}
 * @param declare told each file's path before the host creates it (so a caller that keeps its
 *                outputs as one unit can remove it with the rest), or {@code null}
 */
public record HostIo(Path files, java.util.function.Consumer<Path> declare) {
    /** No files folder. */
    public static final HostIo NONE = new HostIo(null, null);
}
