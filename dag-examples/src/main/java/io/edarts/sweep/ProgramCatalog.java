package io.edarts.sweep;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import java.util.List;
import java.util.Map;

/**
 * The programs a matrix can name, and how a point's program is built: the command line's example
 * catalog behind an interface, so that the engine does not depend on the command line.
 */
public interface ProgramCatalog {
    /** Every program name, in the order {@code edarts list} shows them. */
    List<String> names();

    /** What {@code all} means for programs in a comparison: by default every one. */
    default List<String> comparable() {
        return names();
    }

    /**
     * The parameters {@code program} reads (option names without dashes).
     *
     * @throws IllegalArgumentException for an unknown program, listing the known ones
     */
    List<String> parameters(String program);

    /**
     * Checks a program name and its parameters without building it.
     *
     * @throws IllegalArgumentException for an unknown program, a parameter it does not read or a bad value,
     *                                  naming it
     */
    void check(String program, Map<String, String> parameters);

    /**
     * Builds the program as {@code edarts run} would for the same options.
     *
     * @throws IllegalArgumentException as {@link #check}, or for parameters the program refuses
     */
    Program<?> build(String program, Map<String, String> parameters, long seed, Machine machine);
}
