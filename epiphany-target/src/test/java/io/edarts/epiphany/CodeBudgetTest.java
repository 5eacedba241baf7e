package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Charge;
import io.edarts.cam.Placement;
import io.edarts.cam.CoreModel;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Work;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Local code counts against the core's code budget, once per code object. */
class CodeBudgetTest {

    private static Work local(String name, int bytes) {
        Work w = new Work();
        w.codeName = name;
        w.codeBytes = bytes;
        w.placement = Placement.LOCAL;
        w.ialu = 10;
        return w;
    }

    @Test
    void localCodeOverTheBudgetIsRefusedNamingCoreAndSizes() {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16",
                List.of("epiphany.budget.code-bytes=6000", "epiphany.code-cache.region-bytes=1024",
                        "epiphany.dynamic-call-region-bytes=0"))).coreModel(6);
        Charge c = new Charge();
        assertDoesNotThrow(() -> m.fire(local("a", 4000), 0, c));
        assertDoesNotThrow(() -> m.fire(local("a", 4000), 100, c), "the same object counts once");
        var e = assertThrows(IllegalArgumentException.class, () -> m.fire(local("b", 2500), 200, c));
        assertTrue(e.getMessage().contains("core (1,2)") && e.getMessage().contains("6500")
                && e.getMessage().contains("6000"), e.getMessage());
    }
}
