package io.edarts.cam;

/**
 * The code a codelet runs: a named function of a given size, placed somewhere.
 *
 * @param name      function name; codelets that share a name share the code (one cache entry)
 * @param sizeBytes size of the function's instructions in bytes
 * @param placement where it lives and how a core reaches it
 * @param homeCore  for {@link Placement#LOCAL} code, the one core (row-major index) whose local memory
 *                  holds it, which every other core executes it from in place; -1 (the usual case)
 *                  for a copy in each core's own memory, and always -1 for other placements
 */
public record CodeObject(String name, int sizeBytes, Placement placement, int homeCore) {
    /** Size of {@link #DEFAULT}: a small compiled function (a body of a few dozen instructions). */
    public static final int DEFAULT_SIZE = 256;

    /** {@link #homeCore} of code that has no single home core. */
    public static final int NO_HOME = -1;

    /**
     * The code object of every codelet that states none, shared by the whole program: one function
     * named {@code "default"} of {@link #DEFAULT_SIZE} bytes in each core's local memory, as the one
     * compiled kernel a small program links into every core would be. Being one name, it takes one
     * code-cache entry (or one local copy) per core, however many codelets use it; run it elsewhere
     * with a placement override ({@code --placement default=cached}).
     */
    public static final CodeObject DEFAULT = new CodeObject("default", DEFAULT_SIZE, Placement.LOCAL);

    /**
     * @throws IllegalArgumentException for a blank name, a size below 1 byte, no placement, or a
     *                                  home core below -1 or on code that is not {@code LOCAL}
     */
    public CodeObject {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("code object name is blank");
        }
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("code object '" + name + "' has size " + sizeBytes
                    + " bytes: expected at least 1 (whether it fits a core is the target's check)");
        }
        if (placement == null) {
            throw new IllegalArgumentException("code object '" + name + "' has no placement");
        }
        if (homeCore < NO_HOME) {
            throw new IllegalArgumentException("code object '" + name + "' has home core " + homeCore
                    + ": expected a core index >= 0, or -1 for none");
        }
        if (homeCore != NO_HOME && placement != Placement.LOCAL) {
            throw new IllegalArgumentException("code object '" + name + "' is " + placement.label()
                    + " with home core " + homeCore + ": only local code has a home core");
        }
    }

    /** Code with no single home core. */
    public CodeObject(String name, int sizeBytes, Placement placement) {
        this(name, sizeBytes, placement, NO_HOME);
    }

    public static CodeObject of(String name, int sizeBytes, Placement placement) {
        return new CodeObject(name, sizeBytes, placement);
    }

    /** Whether this code lives in one core's memory only ({@link #homeCore} >= 0). */
    public boolean hasHomeCore() {
        return homeCore != NO_HOME;
    }

    /**
     * This code resident in core {@code core}'s local memory only, executed in place from there by
     * every other core ({@code --placement NAME=core:R,C}); whether {@code core} is on the machine is
     * the run's check.
     *
     * @throws IllegalArgumentException for a negative core
     */
    public CodeObject homedOn(int core) {
        if (core < 0) {
            throw new IllegalArgumentException("code object '" + name + "': home core " + core + " is negative");
        }
        return new CodeObject(name, sizeBytes, Placement.LOCAL, core);
    }

    /** This code with placement {@code p} and no home core (it lives where {@code p} puts it). */
    public CodeObject withPlacement(Placement p) {
        return p == placement && homeCore == NO_HOME ? this : new CodeObject(name, sizeBytes, p);
    }
}
