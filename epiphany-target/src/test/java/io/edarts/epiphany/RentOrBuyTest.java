package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Charge;
import io.edarts.cam.CodeEvent;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import io.edarts.cam.CoreModel;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Work;
import java.util.List;
import org.junit.jupiter.api.Test;

/** epiphany.code-fetch = rent-or-buy: run cold code in place, copy it once it has cost a copy. */
class RentOrBuyTest {

    private static Work call(Work.Builder w, long instructions) {
        return w.reset().code(CodeObject.of("rare", 512, Placement.CACHED)).instructions(instructions, 0, 0, 0).build();
    }

    @Test
    void rentsUntilTheStallsPaidReachACopyThenBuys() {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of("epiphany.code-fetch=rent-or-buy")))
                .coreModel(5);
        Work.Builder w = new Work.Builder();
        Charge c;
        long t = 0;
        int rents = 0;
        for (int i = 0; i < 200 && m.codeStats().misses == 0; i++) {
            c = m.fire(call(w, 20), t);
            t += c.cost().total();
            if (m.codeStats().misses == 0) {
                assertEquals(CodeEvent.IN_PLACE_RENT, c.codeEvent());
                assertEquals("in place (rent)", c.codeEvent().label());
                assertTrue(c.cost().code() > 0, "renting pays fetch stalls");
                rents++;
            }
        }
        assertTrue(rents > 1, "a small function is run in place a few times before it is copied: " + rents);
        assertEquals(1, m.codeStats().misses, "then it is bought: one copy");
        c = m.fire(call(w, 20), t);
        assertEquals(1, m.codeStats().hits, "and hits from then on");
        assertTrue(c.codeResident());
    }

    @Test
    void copyIsTheEsdkDefaultAndMissesOnTheFirstCall() {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of())).coreModel(5);
        Charge c = m.fire(call(new Work.Builder(), 20), 0);
        assertEquals(1, m.codeStats().misses);
        assertEquals(CodeEvent.CACHE_MISS, c.codeEvent());
        assertEquals("cache miss", c.codeEvent().label());
    }

    @Test
    void aLongRunningFirstCallIsBoughtAtOnce() {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of("epiphany.code-fetch=rent-or-buy")))
                .coreModel(5);
        m.fire(call(new Work.Builder(), 1_000_000), 0);
        assertEquals(1, m.codeStats().misses, "running a million instructions remotely would cost more than one copy");
    }

    @Test
    void rejectsAnUnknownFetchPolicyNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> EpiphanyTarget.create(
                MachineLoader.load("parallella16", List.of("epiphany.code-fetch=borrow"))));
        assertTrue(e.getMessage().contains("borrow"), e.getMessage());
    }
}
