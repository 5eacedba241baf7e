package io.edarts.epiphany.mesh;

import static io.edarts.epiphany.mesh.Port.EAST;
import static io.edarts.epiphany.mesh.Port.NORTH;
import static io.edarts.epiphany.mesh.Port.SOUTH;
import static io.edarts.epiphany.mesh.Port.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edarts.cam.Machine;
import io.edarts.epiphany.Machines;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {
    private final Machine m = Machines.parallella16();
    private final MeshGeometry g = Machines.geometry(m);

    @Test
    void travelsAlongTheRowBeforeTheColumn() {
        Route r = Routing.route(g, g.core(0, 0), g.core(2, 3));
        assertEquals(List.of(EAST, EAST, EAST, SOUTH, SOUTH), r.directions());
        assertEquals(List.of(0, 1, 2, 3, 7, 11), r.nodes());
    }

    @Test
    void theWayBackIsADifferentPath() {
        Route r = Routing.route(g, g.core(2, 3), g.core(0, 0));
        assertEquals(List.of(WEST, WEST, WEST, NORTH, NORTH), r.directions());
        assertEquals(List.of(11, 10, 9, 8, 4, 0), r.nodes());
    }

    @Test
    void hopCountIsTheManhattanDistanceForEveryPair() {
        for (int a = 0; a < g.coreCount(); a++) {
            for (int b = 0; b < g.coreCount(); b++) {
                if (a != b) {
                    assertEquals(m.hops(a, b), Routing.route(g, a, b).hops(), a + " -> " + b);
                    assertEquals(m.hops(a, b), Routing.onChipHops(g, a, b));
                }
            }
        }
    }

    @Test
    void dramTrafficLeavesThroughTheElinkRouterOnTheEastEdge() {
        // eLink on row 3 (the DRAM node 0x8e0 is row 35 = on-chip row 3), east of column 3
        Route fromCorner = Routing.route(g, g.core(0, 0), g.dramNode());
        assertEquals(List.of(EAST, EAST, EAST, SOUTH, SOUTH, SOUTH, EAST), fromCorner.directions());
        Route fromRow3 = Routing.route(g, g.core(3, 0), g.dramNode());
        assertEquals(List.of(EAST, EAST, EAST, EAST), fromRow3.directions());
        Route back = Routing.route(g, g.dramNode(), g.core(0, 0));
        assertEquals(List.of(WEST, WEST, WEST, WEST, NORTH, NORTH, NORTH), back.directions());
        assertEquals(g.core(3, 3), back.nodes().get(1));
    }

    @Test
    void badNodesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Routing.route(g, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> Routing.route(g, 0, 17));
        assertThrows(IllegalArgumentException.class, () -> Routing.route(g, 16, 16));
    }
}
