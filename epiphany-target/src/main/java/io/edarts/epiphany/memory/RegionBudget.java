package io.edarts.epiphany.memory;

/**
 * How a core's local memory is split between the {@link Region}s. The default split and its
 * sources are in {@code reference.conf} ({@code edarts.machine.epiphany.budget}).
 *
 * @param runtimeBytes bytes for the runtime
 * @param codeBytes    bytes for code
 * @param dataBytes    bytes for data
 * @param stackBytes   bytes for the stack
 */
public record RegionBudget(int runtimeBytes, int codeBytes, int dataBytes, int stackBytes) {
    /** @throws IllegalArgumentException if a size is negative */
    public RegionBudget {
        check("runtime-bytes", runtimeBytes);
        check("code-bytes", codeBytes);
        check("data-bytes", dataBytes);
        check("stack-bytes", stackBytes);
    }

    /** Bytes allowed for {@code region}. */
    public int bytes(Region region) {
        return switch (region) {
            case RUNTIME -> runtimeBytes;
            case CODE -> codeBytes;
            case DATA -> dataBytes;
            case STACK -> stackBytes;
        };
    }

    /** Sum over all regions. */
    public long totalBytes() {
        return (long) runtimeBytes + codeBytes + dataBytes + stackBytes;
    }

    private static void check(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException("epiphany.budget." + name + " must be >= 0, got " + v);
        }
    }

    /** In the machine file's keys, for messages. */
    @Override
    public String toString() {
        return "epiphany.budget {runtime-bytes=" + runtimeBytes + ", code-bytes=" + codeBytes + ", data-bytes="
                + dataBytes + ", stack-bytes=" + stackBytes + "}";
    }
}
