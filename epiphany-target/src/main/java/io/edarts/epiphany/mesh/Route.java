package io.edarts.epiphany.mesh;

import java.util.List;

/**
 * The path a transaction takes: the nodes it visits, source first, and the output port it leaves
 * each of them by. Nodes are core indices, or the geometry's DRAM node.
 *
 * @param nodes      visited nodes, {@code hops() + 1} of them
 * @param directions output port taken at {@code nodes.get(i)}, {@code hops()} of them
 */
public record Route(List<Integer> nodes, List<Port> directions) {
    public Route {
        nodes = List.copyOf(nodes);
        directions = List.copyOf(directions);
        if (nodes.isEmpty() || directions.size() != nodes.size() - 1) {
            throw new IllegalArgumentException("a route of " + nodes.size() + " nodes needs " + (nodes.size() - 1)
                    + " directions, got " + directions.size());
        }
    }

    /** Links crossed between routers (the eLink counts as one). */
    public int hops() {
        return directions.size();
    }

    public int from() {
        return nodes.get(0);
    }

    public int to() {
        return nodes.get(nodes.size() - 1);
    }
}
