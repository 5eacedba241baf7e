package io.edarts.epiphany.memory;

/**
 * What each core's local memory reserves: the runtime at the bottom of bank 0 and the stack at the
 * top of the last bank. Code (resident code objects, the code cache, the dynamic-call region) and
 * data share everything between them, so adding code shrinks the data that fits. The defaults and
 * their sources are in {@code reference.conf} ({@code edarts.machine.epiphany.budget}).
 *
 * @param runtimeBytes bytes for the runtime (IVT, loader configuration, crt0, the codelet runtime
 *                     and its tables)
 * @param stackBytes   bytes for the stack
 */
public record RegionBudget(int runtimeBytes, int stackBytes) {
    /** @throws IllegalArgumentException if a size is negative */
    public RegionBudget {
        check("runtime-bytes", runtimeBytes);
        check("stack-bytes", stackBytes);
    }

    /** Bytes reserved for {@code region}: the runtime's and the stack's; 0 for code and data, which share the rest. */
    public int bytes(Region region) {
        return switch (region) {
            case RUNTIME -> runtimeBytes;
            case STACK -> stackBytes;
            case CODE, DATA -> 0;
        };
    }

    /** Bytes reserved in all. */
    public long totalBytes() {
        return (long) runtimeBytes + stackBytes;
    }

    /** What code and data share in a local memory of {@code localMemoryBytes}. */
    public int sharedBytes(int localMemoryBytes) {
        return (int) Math.max(0, localMemoryBytes - totalBytes());
    }

    private static void check(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException("epiphany.budget." + name + " must be >= 0, got " + v);
        }
        if (v % 8 != 0) {
            // the reserves sit at doubleword-aligned ends of the memory (ARCH 4.4), as every allocation does
            throw new IllegalArgumentException("epiphany.budget." + name + " must be a multiple of 8 bytes, got " + v);
        }
    }

    /** In the machine file's keys, for messages. */
    @Override
    public String toString() {
        return "epiphany.budget {runtime-bytes=" + runtimeBytes + ", stack-bytes=" + stackBytes + "}";
    }
}
