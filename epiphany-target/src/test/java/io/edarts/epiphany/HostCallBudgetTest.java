package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edarts.cam.MachineLoader;
import io.edarts.cam.MemoryPlan;
import io.edarts.cam.Work;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host-call jump table's 8 bytes per call number (the service's 128 are in syscore), and the core's own part of a call. */
class HostCallBudgetTest {
    private final EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of()));

    @Test
    void eachCallNumberTakesEightBytesPerCoreAndTheServiceNothingBeyondSyscore() {
        MemoryPlan plan = t.newMemoryPlan();
        long before = plan.use(5).codeBytes();
        // the service's 128 bytes are in syscore (coprthr2-paper.txt 3.5), counted once there
        assertEquals(true, io.edarts.epiphany.hostcall.HostCallParams.SERVICE_BYTES
                <= io.edarts.epiphany.host.HostParams.of(t.machine()).syscoreBytes());
        plan.placeHostCall(5, 514);
        assertEquals(before + 8, plan.use(5).codeBytes());
        plan.placeHostCall(5, 514);
        plan.placeHostCall(5, 1024);
        assertEquals(before + 16, plan.use(5).codeBytes());
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
