package io.edarts.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.edarts.api.HostCalls;
import io.edarts.cam.HostCall;
import io.edarts.cam.Interconnect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host's calls appended to its timeline after the launch: spans, counts, busy cycles and the cap. */
class PreludeHostServicesTest {
    private static Prelude launched() {
        Prelude.HostNode h = new Prelude.HostNode("host", 667, 1_000, 1, 64, 0, 0, 0,
                List.of(new Prelude.HostSpan("transfer", "image to core 0", 0, 1_000, 0, 64)));
        return new Prelude("tree", 1_200, Prelude.OnChip.NONE, h, List.of());
    }

    @Test
    void eachCallServedIsASpanFromItsPollToItsAnswer() {
        HostCall print = new HostCall(HostCalls.PRINTF, 2, 25);
        Prelude p = launched().withHostServices(List.of(new Interconnect.HostService(3, print, 1_250, 1_584, 2_900),
                new Interconnect.HostService(7, new HostCall(HostCall.USER_BASE, 0, 0), 1_300, 2_900, 3_376)));
        Prelude.HostNode h = p.host();
        assertEquals(3, h.spans().size());
        assertEquals(new Prelude.HostSpan("call", "printf for core 3", 1_584, 2_900, 3, 25), h.spans().get(1));
        assertEquals(new Prelude.HostSpan("call", "host call 1024 for core 7", 2_900, 3_376, 7, 0), h.spans().get(2));
        assertEquals(2, h.calls());
        assertEquals(1_316 + 476, h.callBusyCycles());
        assertEquals(1_000 + 1_316 + 476, h.busyCycles());
        assertEquals(1_000, h.launchBusyCycles());
        assertEquals(3, h.spanCount());
        assertEquals(64, h.bytesToLocal(), "the launch's bytes stay the launch's");
        assertEquals(1_200, p.cycles());
        assertSame(p, p.withHostServices(List.of()));
    }

    @Test
    void spansBeyondTheCapAreCountedNotKept() {
        List<Interconnect.HostService> many = new ArrayList<>();
        for (int i = 0; i < Prelude.MAX_SPANS + 5; i++) {
            many.add(new Interconnect.HostService(1, new HostCall(HostCall.USER_BASE, 0, 0), 2_000L * i, 2_000L * i + 10,
                    2_000L * i + 20));
        }
        Prelude.HostNode h = launched().withHostServices(many).host();
        assertEquals(Prelude.MAX_SPANS, h.spans().size());
        assertEquals(Prelude.MAX_SPANS + 6, h.spanCount());
        assertEquals(Prelude.MAX_SPANS + 5, h.calls());
        assertEquals(10L * (Prelude.MAX_SPANS + 5), h.callBusyCycles());
    }
}
