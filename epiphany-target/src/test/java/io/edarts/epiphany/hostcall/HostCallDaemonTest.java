package io.edarts.epiphany.hostcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.HostCall;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host daemon: costs from the bandwidth table, the sweep, serving in poll order, and the
 * queue calls from several cores form.
 */
class HostCallDaemonTest {
    private static final HostCall EMPTY = new HostCall(HostCall.USER_BASE, 0, 0);
    private final EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of()));
    private final HostCallParams p = t.hostCallParams();

    @Test
    void costsComeFromTheHostRowsOfTheBandwidthTableAt600Mhz() {
        // 4 B at 17.9 MiB/s = 127.9 cycles; 8 B at 135.4 MiB/s = 33.8; 8 B at 14.6 MiB/s = 313.5 (rounded up)
        assertEquals(128, p.pollCycles());
        assertEquals(8, HostCallParams.recordBytes(EMPTY));
        assertEquals(34 + 314, p.serviceCycles(EMPTY));
        // a printf-like call: 4 register words + 25 payload bytes read from the core's memory at 31.97 cycles/B
        assertEquals(102 + 800 + 314, p.serviceCycles(new HostCall(514, 4, 25)));
    }

    /** Runs the daemon until idle; returns each core's answer cycle in the order they came. */
    private static List<long[]> drain(HostCallDaemon d) {
        List<long[]> out = new ArrayList<>();
        while (d.nextEventCycle() != Long.MAX_VALUE) {
            d.step();
        }
        for (io.edarts.cam.Interconnect.HostService s : d.served()) {
            out.add(new long[] {s.core(), s.flagged(), s.seen(), s.answered()});
        }
        return out;
    }

    @Test
    void aLoneCallIsSeenWhenTheSweepReachesItsCoreAndAnsweredAfterThePollAndTheService() {
        HostCallDaemon d = new HostCallDaemon(16, p);
        long[] answered = {-1};
        d.submit(5, EMPTY, 0, c -> answered[0] = c);
        drain(d);
        assertEquals(5 * 128 + 128 + 348, answered[0]);
        assertEquals(answered[0], HostCallDaemon.waitAlone(16, p, 5, EMPTY, 0));
        // a flag set just after its core's poll started waits a whole sweep more
        assertEquals(16 * 128 + 5 * 128 + 128 + 348 - 641, HostCallDaemon.waitAlone(16, p, 5, EMPTY, 641));
    }

    @Test
    void callsFromSeveralCoresAreServedInPollOrderFromWhereTheSweepIs() {
        HostCallDaemon d = new HostCallDaemon(16, p);
        List<Integer> order = new ArrayList<>();
        // flagged at one cycle, submitted out of poll order: the sweep (at core 0 from cycle 0) meets 2, 9, 14
        for (int core : new int[] {14, 2, 9}) {
            d.submit(core, EMPTY, 100, c -> order.add(core));
        }
        List<long[]> s = drain(d);
        assertEquals(List.of(2, 9, 14), order);
        // each is seen only after the one before it has been answered
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.get(i)[2] >= s.get(i - 1)[3], "served while busy: " + s.get(i)[2] + " < " + s.get(i - 1)[3]);
        }
    }

    @Test
    void callsFromManyCoresAtOnceWaitLongerThanOneAlone() {
        long alone = HostCallDaemon.waitAlone(16, p, 15, EMPTY, 0);
        HostCallDaemon d = new HostCallDaemon(16, p);
        long[] answered = new long[16];
        for (int core = 1; core < 16; core++) {
            int c = core;
            d.submit(core, EMPTY, 0, at -> answered[c] = at);
        }
        drain(d);
        // core 15 is polled last: behind 14 calls, each holding the daemon for its service
        assertEquals(alone + 14 * 348, answered[15]);
        long sum = 0;
        long sumAlone = 0;
        for (int core = 1; core < 16; core++) {
            sum += answered[core];
            sumAlone += HostCallDaemon.waitAlone(16, p, core, EMPTY, 0);
        }
        assertTrue(sum > sumAlone, "together " + sum + " vs alone " + sumAlone);
    }

    @Test
    void afterServingACoreTheSweepGoesOnWithTheNextSoACallerThatCallsAgainWaitsASweep() {
        HostCallDaemon d = new HostCallDaemon(16, p);
        long[] second = {-1};
        d.submit(3, EMPTY, 0, first -> d.submit(3, EMPTY, first, c -> second[0] = c - first));
        drain(d);
        assertEquals(15 * 128 + 128 + 348, second[0]);
    }

    @Test
    void aDaemonThatStartsLaterSeesEarlierFlagsAtItsFirstSweep() {
        HostCallDaemon d = new HostCallDaemon(16, p, 10_000);
        long[] answered = {-1};
        d.submit(2, EMPTY, 0, c -> answered[0] = c);
        drain(d);
        assertEquals(10_000 + 2 * 128 + 128 + 348, answered[0]);
    }

    @Test
    void aCoreWaitingForACallCannotFlagAnother() {
        HostCallDaemon d = new HostCallDaemon(4, p);
        d.submit(1, EMPTY, 0, c -> { });
        assertThrows(IllegalStateException.class, () -> d.submit(1, EMPTY, 1, c -> { }));
        assertThrows(IllegalArgumentException.class, () -> d.submit(4, EMPTY, 1, c -> { }));
    }

    @Test
    void theSweepGrowsWithTheChip() {
        EpiphanyTarget e1024 = EpiphanyTarget.create(MachineLoader.load("e1024", List.of()));
        long small = t.hostCallCycles(15, EMPTY, 0);
        long large = e1024.hostCallCycles(1023, EMPTY, 0);
        assertEquals(15 * 128 + 128 + 348, small);
        assertEquals(1023 * 128 + 128 + 348, large);
    }
}
