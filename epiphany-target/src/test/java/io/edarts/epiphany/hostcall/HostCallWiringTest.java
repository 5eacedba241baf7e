package io.edarts.epiphany.hostcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.HostCall;
import io.edarts.cam.Interconnect;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The target's interconnect for a launched run: its daemon sweeps from the launch's end and lists what it served. */
class HostCallWiringTest {
    private static final HostCall EMPTY = new HostCall(HostCall.USER_BASE, 0, 0);
    private final EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of()));

    private static List<Interconnect.HostService> serve(Interconnect ic, int core, long flag) {
        long[] answered = {-1};
        ic.hostCall(core, EMPTY, flag, c -> answered[0] = c);
        while (ic.nextEventCycle() != Long.MAX_VALUE) {
            ic.step();
        }
        assertTrue(answered[0] > flag);
        return ic.hostServices();
    }

    @Test
    void theDaemonOfARunStartingAtTheLaunchsEndSweepsFromThereAtCore0() {
        long poll = t.hostCallParams().pollCycles();
        long start = 57_305; // mid-sweep: 57,305 = 27 sweeps of 2,048 + 2,009
        List<Interconnect.HostService> launched = serve(t.newInterconnect(start).orElseThrow(), 5, start);
        assertEquals(1, launched.size());
        Interconnect.HostService s = launched.get(0);
        assertEquals(5, s.core());
        assertEquals(HostCall.USER_BASE, s.number());
        assertEquals(start, s.flagged());
        assertEquals(start + 5 * poll, s.seen(), "the first sweep reaches core 5 five polls after the launch");
        assertEquals(s.seen() + poll + t.hostCallParams().serviceCycles(EMPTY), s.answered());
        // from cycle 0 the same flag is met at another phase of the sweep
        Interconnect.HostService zero = serve(t.newInterconnect().orElseThrow(), 5, start).get(0);
        assertEquals(start - 2_009 + 2_048 + 5 * poll, zero.seen());
    }

    @Test
    void withoutContentionThereIsNoDaemonAndNoInterconnect() {
        EpiphanyTarget off = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of("epiphany.contention=off")));
        assertTrue(off.newInterconnect(1_000).isEmpty());
    }
}
