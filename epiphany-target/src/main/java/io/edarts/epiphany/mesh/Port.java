package io.edarts.epiphany.mesh;

/**
 * A router port. Row numbers grow to the south and column numbers to the east (ARCH Table 3).
 * {@code LOCAL} is the mesh node's network interface: as an input it is where the node injects, as
 * an output it is where a transaction is routed "into mesh node".
 */
public enum Port {
    NORTH, EAST, SOUTH, WEST, LOCAL;

    static final Port[] VALUES = values();

    /** The port a transaction leaving through this one enters the neighbour by. */
    public Port opposite() {
        return switch (this) {
            case NORTH -> SOUTH;
            case SOUTH -> NORTH;
            case EAST -> WEST;
            case WEST -> EAST;
            case LOCAL -> LOCAL;
        };
    }
}
