package io.edarts.epiphany.hostcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.HostCall;
import io.edarts.cam.Interconnect;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.EpiphanyTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link HostCallInterconnect#stepBefore} with host calls and mesh messages in flight together does
 * what its contract says, {@code if (nextEventCycle() < cycle) step()}: the same events in the same
 * order at the same cycles as that loop, over random mixes of calls, messages and bounds.
 */
class HostCallSteppingTest {
    private static final EpiphanyTarget T = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of()));

    /** One run's calls and messages, and the bounds a keeper steps to, all drawn from {@code seed}. */
    private record Load(long[] callAt, int[] callCore, int[] sendFrom, int[] sendTo, int[] sendBytes, long[] sendAt,
                        long[] bounds) {
        static Load draw(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int calls = 1 + r.nextInt(6);
            int sends = r.nextInt(12);
            Load l = new Load(new long[calls], new int[calls], new int[sends], new int[sends], new int[sends],
                    new long[sends], new long[4 + r.nextInt(30)]);
            int[] cores = java.util.stream.IntStream.range(0, 16).toArray(); // a core waits for one call at a time
            for (int i = 0; i < calls; i++) {
                int j = i + r.nextInt(16 - i);
                int c = cores[j];
                cores[j] = cores[i];
                cores[i] = c;
                l.callAt[i] = r.nextLong(20_000);
                l.callCore[i] = c;
            }
            for (int i = 0; i < sends; i++) {
                l.sendFrom[i] = r.nextInt(16);
                l.sendTo[i] = r.nextInt(16);
                l.sendBytes[i] = 8 * (1 + r.nextInt(64));
                l.sendAt[i] = r.nextLong(20_000);
            }
            long b = 0;
            for (int i = 0; i < l.bounds.length; i++) {
                b += r.nextLong(4_000);
                l.bounds[i] = b;
            }
            return l;
        }
    }

    /** The callbacks' labels and cycles in the order they came, and each call's step result. */
    private static List<String> drive(Load l, boolean useStepBefore) {
        Interconnect ic = T.newInterconnect().orElseThrow();
        assertTrue(ic instanceof HostCallInterconnect, "contention on wraps the mesh with the host daemon");
        List<String> log = new ArrayList<>();
        for (int i = 0; i < l.callAt.length; i++) {
            String label = "call" + i;
            ic.hostCall(l.callCore[i], new HostCall(HostCall.USER_BASE, 0, 0), l.callAt[i], c -> log.add(label + "@" + c));
        }
        for (int i = 0; i < l.sendAt.length; i++) {
            String label = "send" + i;
            ic.send(l.sendFrom[i], l.sendTo[i], l.sendBytes[i], l.sendAt[i], c -> log.add(label + "@" + c));
        }
        for (long bound : l.bounds) {
            stepTo(ic, bound, useStepBefore, log);
            long next = ic.nextEventCycle(); // a bound at the very cycle of the next event: nothing to do yet
            if (next != Long.MAX_VALUE) {
                stepTo(ic, next, useStepBefore, log);
            }
        }
        while (ic.nextEventCycle() != Long.MAX_VALUE) {
            ic.step();
        }
        log.add("services " + ic.hostServices());
        return log;
    }

    private static void stepTo(Interconnect ic, long bound, boolean useStepBefore, List<String> log) {
        boolean stepped;
        do {
            if (useStepBefore) {
                stepped = ic.stepBefore(bound);
            } else {
                stepped = ic.nextEventCycle() < bound;
                if (stepped) {
                    ic.step();
                }
            }
            log.add((stepped ? "step<" : "stop<") + bound + " next=" + ic.nextEventCycle());
        } while (stepped);
    }

    @Test
    void stepBeforeMatchesTheLoopItStandsForWithCallsAndMessagesInFlight() {
        int withBoth = 0;
        for (long seed = 1; seed <= 200; seed++) {
            Load l = Load.draw(seed);
            List<String> reference = drive(l, false);
            assertEquals(reference, drive(l, true), "seed " + seed);
            if (l.sendAt.length > 0) {
                withBoth++;
            }
        }
        assertTrue(withBoth > 150, "most seeds put calls and messages in flight together: " + withBoth);
    }
}
