package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Charge;
import io.edarts.cam.Placement;
import io.edarts.cam.CoreModel;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Work;
import java.util.List;
import org.junit.jupiter.api.Test;

/** epiphany.code-fetch = rent-or-buy: run cold code in place, copy it once it has cost a copy. */
class RentOrBuyTest {

    private static Work call(Work w, long instructions) {
        w.reset();
        w.codeName = "rare";
        w.codeBytes = 512;
        w.placement = Placement.CACHED;
        w.ialu = instructions;
        return w;
    }

    @Test
    void rentsUntilTheStallsPaidReachACopyThenBuys() {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of("epiphany.code-fetch=rent-or-buy")))
                .coreModel(5);
        Work w = new Work();
        Charge c = new Charge();
        long t = 0;
        int rents = 0;
        for (int i = 0; i < 200 && m.codeStats().misses == 0; i++) {
            m.fire(call(w, 20), t, c);
            t += c.total();
            if (m.codeStats().misses == 0) {
                assertEquals("in place (rent)", c.codeEvent);
                assertTrue(c.code > 0, "renting pays fetch stalls");
                rents++;
            }
        }
        assertTrue(rents > 1, "a small function is run in place a few times before it is copied: " + rents);
        assertEquals(1, m.codeStats().misses, "then it is bought: one copy");
        m.fire(call(w, 20), t, c);
        assertEquals(1, m.codeStats().hits, "and hits from then on");
        assertTrue(c.codeResident);
    }

    @Test
    void copyIsTheEsdkDefaultAndMissesOnTheFirstCall() {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of())).coreModel(5);
        Charge c = new Charge();
        m.fire(call(new Work(), 20), 0, c);
        assertEquals(1, m.codeStats().misses);
        assertEquals("cache miss", c.codeEvent);
    }

    @Test
    void aLongRunningFirstCallIsBoughtAtOnce() {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of("epiphany.code-fetch=rent-or-buy")))
                .coreModel(5);
        Charge c = new Charge();
        m.fire(call(new Work(), 1_000_000), 0, c);
        assertEquals(1, m.codeStats().misses, "running a million instructions remotely would cost more than one copy");
    }

    @Test
    void rejectsAnUnknownFetchPolicyNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> EpiphanyTarget.create(
                MachineLoader.load("parallella16", List.of("epiphany.code-fetch=borrow"))));
        assertTrue(e.getMessage().contains("borrow"), e.getMessage());
    }
}
