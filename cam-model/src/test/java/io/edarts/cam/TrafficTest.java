package io.edarts.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficTest {

    @Test
    void keepsEveryPairThroughManyResizesAndListsThemInOrder() {
        Traffic t = new Traffic();
        for (int round = 0; round < 3; round++) {
            for (int from = -1; from < 40; from++) {
                t.add(from, (from + 7) % 40, Traffic.CMESH, 10);
                t.add((from + 7) % 40, from, Traffic.RMESH, 8);
            }
        }
        List<Traffic.Flow> flows = t.flows();
        assertEquals(2 * 41, flows.size());
        for (Traffic.Flow f : flows) {
            assertEquals(f.mesh() == Traffic.CMESH ? 30 : 24, f.bytes(), f.toString());
        }
        for (int i = 1; i < flows.size(); i++) {
            Traffic.Flow a = flows.get(i - 1);
            Traffic.Flow b = flows.get(i);
            assertTrue(a.from() < b.from() || a.from() == b.from() && a.to() <= b.to(), a + " before " + b);
        }
        assertEquals(Traffic.DRAM, flows.get(0).from());
    }

    @Test
    void mergesAndIgnoresEmptyOrSelfTraffic() {
        Traffic a = new Traffic();
        a.add(1, 2, Traffic.CMESH, 100);
        a.add(3, 3, Traffic.CMESH, 100);
        a.add(4, 5, Traffic.CMESH, 0);
        Traffic b = new Traffic();
        b.add(1, 2, Traffic.CMESH, 50);
        b.add(2, 1, Traffic.RMESH, 8);
        a.addAll(b);
        assertEquals(List.of(new Traffic.Flow(1, 2, Traffic.CMESH, 150), new Traffic.Flow(2, 1, Traffic.RMESH, 8)),
                a.flows());
    }
}
