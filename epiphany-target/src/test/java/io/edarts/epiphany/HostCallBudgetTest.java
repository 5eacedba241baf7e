package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edarts.cam.MachineLoader;
import io.edarts.cam.MemoryPlan;
import io.edarts.cam.Work;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host-call service's 128 bytes and 8 bytes per call number, and the core's own part of a call. */
class HostCallBudgetTest {
    private final EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of()));

    @Test
    void theServiceTakes128BytesOnceAndEachCallNumberEightPerCore() {
        MemoryPlan plan = t.newMemoryPlan();
        long before = plan.use(5).codeBytes();
        plan.placeHostCall(5, 514);
        assertEquals(before + 128 + 8, plan.use(5).codeBytes());
        plan.placeHostCall(5, 514);
        plan.placeHostCall(5, 1024);
        assertEquals(before + 128 + 16, plan.use(5).codeBytes());
        assertEquals(before, plan.use(6).codeBytes(), "a core that makes no call pays nothing");
    }

    @Test
    void theCoreStoresCallNumberRegistersAndStackPointerToItsRecordInDram() {
        Work.Builder w = Work.builder(io.edarts.cam.CodeObject.DEFAULT);
        t.hostCallWork(3, new io.edarts.cam.HostCall(1024, 2, 0), w);
        Work work = w.build();
        assertEquals(4, work.data().count());
        for (int i = 0; i < 4; i++) {
            assertEquals(t.params().dramBase() + 3 * 32 + 4L * i, work.data().address(i));
            assertEquals(true, work.data().isWrite(i));
        }
        assertEquals(9, work.instructions());
    }
}
