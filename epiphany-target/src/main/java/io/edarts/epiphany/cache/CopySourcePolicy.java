package io.edarts.epiphany.cache;

/**
 * Chooses where a miss copies a code object from. The eSDK always reads the image at its home
 * address; a runtime that knows a nearer core already holds a copy may return that core instead.
 */
@FunctionalInterface
public interface CopySourcePolicy {
    /**
     * @param hint a node the caller believes holds a copy (the scheduler's directory), or null
     * @return the source to read from, never null
     */
    CodeSource sourceFor(CodeImage code, long now, CodeSource hint);

    /** Always the object's home (the eSDK behaviour). */
    static CopySourcePolicy home() {
        return (code, now, hint) -> code.home();
    }
}
