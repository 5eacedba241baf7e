package io.edarts.cam;

/**
 * One allocation of a {@link MemoryPlan}.
 *
 * @param name  what it is for, for messages and reports
 * @param kind  code or data
 * @param place where it went
 * @param core  the core whose memory holds it (row-major index), or -1 for external memory and for
 *              {@link BufferPlace.Kind#FIRING_CORE} (which is on every CU)
 * @param base  its address: a global address of the machine, or for {@link BufferPlace.Kind#FIRING_CORE}
 *              the local offset every CU's copy sits at; resolve with {@link MemoryPlan#address}
 * @param bytes its size as asked for
 */
public record MemoryAllocation(String name, MemoryKind kind, BufferPlace place, int core, long base, long bytes) {
    /** @throws IllegalArgumentException on a null part or a size below zero */
    public MemoryAllocation {
        if (name == null || kind == null || place == null) {
            throw new IllegalArgumentException("an allocation needs a name, kind and place");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("'" + name + "': bytes must be >= 0, got " + bytes);
        }
    }
}
