package io.edarts.epiphany.cache;

import io.edarts.cam.Placement;

/**
 * One function image a codelet body runs: what the linker would emit as one symbol. Ids are dense
 * ({@code 0..n-1}) because each cached object owns one PLT entry and each dynamic object one
 * jump-table entry, both indexed by id.
 *
 * @param id        dense index, {@code >= 0}
 * @param name      symbol name, for traces and messages
 * @param bytes     size of the code in bytes, {@code > 0}
 * @param placement COPRTHR-2 qualifier or the software cache
 * @param home      where the image lives when it is not in this core's memory
 */
public record CodeObject(int id, String name, int bytes, Placement placement, CodeSource home) {
    /** @throws IllegalArgumentException on a negative id, blank name, non-positive size or null */
    public CodeObject {
        if (id < 0) {
            throw new IllegalArgumentException("code object id must be >= 0, got " + id);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("code object " + id + " needs a name, got '" + name + "'");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("code object '" + name + "' must have bytes > 0, got " + bytes);
        }
        if (placement == null) {
            throw new IllegalArgumentException("code object '" + name + "' has no placement");
        }
        if (home == null) {
            throw new IllegalArgumentException("code object '" + name + "' has no home");
        }
    }

    /** A code object kept in DRAM and moved by the software cache (the eSDK default). */
    public static CodeObject cached(int id, String name, int bytes) {
        return new CodeObject(id, name, bytes, Placement.CACHED, CodeSource.DRAM);
    }
}
