package io.edarts.epiphany.cache;

import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;

/**
 * A code object as one core's code memory knows it: the program's {@link CodeObject}, the dense
 * index of its PLT entry (cached code) or jump-table entry (dynamic code), and where its image
 * lives when it is not in this core's memory. Ids are dense ({@code 0..n-1}) because both tables
 * are indexed by them.
 *
 * @param id   dense index, {@code >= 0}
 * @param code the program's code object (name, size, placement)
 * @param home where the image lives when it is not in this core's memory
 */
public record CodeImage(int id, CodeObject code, CodeSource home) {
    /** @throws IllegalArgumentException on a negative id or a null part */
    public CodeImage {
        if (id < 0) {
            throw new IllegalArgumentException("code image id must be >= 0, got " + id);
        }
        if (code == null) {
            throw new IllegalArgumentException("code image " + id + " has no code object");
        }
        if (home == null) {
            throw new IllegalArgumentException("code object '" + code.name() + "' has no home");
        }
    }

    /**
     * @throws IllegalArgumentException on a negative id, blank name, non-positive size or null part
     */
    public static CodeImage of(int id, String name, int bytes, Placement placement, CodeSource home) {
        return new CodeImage(id, new CodeObject(name, bytes, placement), home);
    }

    /** A code object kept in DRAM and moved by the software cache (the eSDK default). */
    public static CodeImage cached(int id, String name, int bytes) {
        return of(id, name, bytes, Placement.CACHED, CodeSource.DRAM);
    }

    /** The symbol name, for traces and messages. */
    public String name() {
        return code.name();
    }

    /** Size of the code in bytes. */
    public int bytes() {
        return code.sizeBytes();
    }

    public Placement placement() {
        return code.placement();
    }
}
