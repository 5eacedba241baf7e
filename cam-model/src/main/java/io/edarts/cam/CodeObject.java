package io.edarts.cam;

/**
 * The code a codelet runs: a named function of a given size, placed somewhere.
 *
 * @param name      function name; codelets that share a name share the code (one cache entry)
 * @param sizeBytes size of the function's instructions in bytes
 * @param placement where it lives and how a core reaches it
 */
public record CodeObject(String name, int sizeBytes, Placement placement) {
    /** Size of {@link #DEFAULT}: a small compiled function (a body of a few dozen instructions). */
    public static final int DEFAULT_SIZE = 256;

    /**
     * The code object of every codelet that states none, shared by the whole program: one function
     * named {@code "default"} of {@link #DEFAULT_SIZE} bytes in each core's local memory, as the one
     * compiled kernel a small program links into every core would be. Being one name, it takes one
     * code-cache entry (or one local copy) per core, however many codelets use it; run it elsewhere
     * with a placement override ({@code --placement default=cached}).
     */
    public static final CodeObject DEFAULT = new CodeObject("default", DEFAULT_SIZE, Placement.LOCAL);

    /**
     * @throws IllegalArgumentException for a blank name, a size below 1 byte or no placement
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
    }

    public static CodeObject of(String name, int sizeBytes, Placement placement) {
        return new CodeObject(name, sizeBytes, placement);
    }

    public CodeObject withPlacement(Placement p) {
        return p == placement ? this : new CodeObject(name, sizeBytes, p);
    }
}
