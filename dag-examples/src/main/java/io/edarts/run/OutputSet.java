package io.edarts.run;

import java.nio.file.Path;

/**
 * A command's output folder kept as one unit, the way {@link Runner} keeps a run's outputs
 * ({@link OutputFolder}), for commands other than {@code run}: {@link #open} checks the folder before
 * the command does its work (bad input, nothing created), {@link #file} declares each output before
 * it is written, {@link #keep} when the command went to its end; otherwise {@link #close}, or the
 * JVM's shutdown, removes what it wrote.
 *
 * <pre>{@code
 * try (OutputSet outs = OutputSet.open(dir, "--out")) {
 *     ValidationTable t = Validation.run(machine);
 *     ValidationFiles.writeJson(t, outs.file("validation.json"));
 *     outs.keep();
 * }
 * }</pre>
 */
public final class OutputSet implements AutoCloseable {
    private final OutputFolder folder;

    private OutputSet(OutputFolder folder) {
        this.folder = folder;
    }

    /**
     * Checks {@code dir} and creates what it lacks.
     *
     * @param option the option that named it, for messages ({@code "--out"})
     * @throws IllegalArgumentException      for a path that does not resolve or a file in the way
     * @throws java.io.UncheckedIOException naming the folder when it cannot be created or written
     */
    public static OutputSet open(Path dir, String option) {
        if (dir == null || option == null) {
            throw new IllegalArgumentException("dir and option must not be null");
        }
        return new OutputSet(OutputFolder.open(dir, option));
    }

    /**
     * Declares output {@code name} (one plain file name) and returns its path.
     *
     * @throws IllegalArgumentException for a name with a folder in it, or a folder of that name in the way
     */
    public Path file(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".")
                || name.equals("..")) {
            throw new IllegalArgumentException("output '" + name + "': expected one plain file name");
        }
        return folder.file(name);
    }

    /** The command went to its end: its outputs stay. */
    public void keep() {
        folder.keep();
    }

    /** Unless {@link #keep} came first, removes what the command wrote. */
    @Override
    public void close() {
        folder.close();
    }
}
