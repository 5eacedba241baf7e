package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Charge;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import io.edarts.cam.CoreModel;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Traffic;
import io.edarts.cam.Work;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cache miss copies from a core the scheduler names as holding the code when that is nearer than DRAM. */
class CopySourceTest {

    private static long missCost(int hint) {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of())).coreModel(5);
        Work w = Work.builder(CodeObject.of("kernel", 512, Placement.CACHED)).instructions(10, 0, 0, 0)
                .codeCopySource(hint).build();
        Charge c = m.fire(w, 0);
        assertEquals(1, m.codeStats().misses);
        if (hint == 6) {
            boolean fromNeighbour = m.traffic().flows().stream()
                    .anyMatch(f -> f.from() == 6 && f.to() == 5 && f.mesh() == Traffic.CMESH && f.bytes() == 512);
            assertTrue(fromNeighbour, "the 512 bytes came from core 6: " + m.traffic().flows());
        }
        return c.cost().code();
    }

    @Test
    void aNeighbourHoldingTheCodeIsAFarCheaperSourceThanDram() {
        long fromDram = missCost(-1);
        long fromNeighbour = missCost(6);
        assertTrue(fromNeighbour * 5 < fromDram, "neighbour " + fromNeighbour + " vs DRAM " + fromDram);
    }

    @Test
    void aHintNamingTheCoreItselfOrNoCoreFallsBackToTheHome() {
        assertEquals(missCost(-1), missCost(5));
        assertEquals(missCost(-1), missCost(999));
    }
}
