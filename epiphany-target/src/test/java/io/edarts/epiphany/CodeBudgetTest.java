package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import io.edarts.cam.CoreModel;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Work;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Local code counts against what code and data share on a core (6000 B here: 32768 - 4096 runtime - 22672 stack), once per code object. */
class CodeBudgetTest {

    private static Work local(String name, int bytes) {
        return Work.builder(CodeObject.of(name, bytes, Placement.LOCAL)).instructions(10, 0, 0, 0).build();
    }

    @Test
    void localCodeLargerThanTheCodeBudgetIsRefusedBeforeTheRun() {
        EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16",
                List.of("epiphany.budget.stack-bytes=22672", "epiphany.code-cache.region-bytes=1024",
                        "epiphany.dynamic-call-region-bytes=0")));
        var e = assertThrows(IllegalArgumentException.class,
                () -> t.checkCode(CodeObject.of("huge", 6001, Placement.LOCAL)));
        assertTrue(e.getMessage().contains("'huge'") && e.getMessage().contains("6001")
                && e.getMessage().contains("epiphany.budget.runtime-bytes"), e.getMessage());
        assertDoesNotThrow(() -> t.checkCode(CodeObject.of("fits", 6000, Placement.LOCAL)));
        assertDoesNotThrow(() -> t.checkCode(CodeObject.of("dram", 40_000, Placement.CACHED)),
                "cached code lives in DRAM and can always run in place");
    }

    @Test
    void localCodeOverTheBudgetIsRefusedNamingCoreAndSizes() {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16",
                List.of("epiphany.budget.stack-bytes=22672", "epiphany.code-cache.region-bytes=1024",
                        "epiphany.dynamic-call-region-bytes=0"))).coreModel(6);
        assertDoesNotThrow(() -> m.fire(local("a", 4000), 0));
        assertDoesNotThrow(() -> m.fire(local("a", 4000), 100), "the same object counts once");
        var e = assertThrows(IllegalArgumentException.class, () -> m.fire(local("b", 2500), 200));
        assertTrue(e.getMessage().contains("core (1,2)") && e.getMessage().contains("6500")
                && e.getMessage().contains("6000"), e.getMessage());
    }

    /** Code homed in one core's memory (--placement CODE=core:R,C) counts against that core's budget only. */
    @Test
    void homedCodeCountsOnItsHomeCoreOnlyAndRunsInPlaceElsewhere() {
        EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16",
                List.of("epiphany.budget.stack-bytes=22672", "epiphany.code-cache.region-bytes=1024",
                        "epiphany.dynamic-call-region-bytes=0")));
        CodeObject homed = CodeObject.of("big", 4000, Placement.LOCAL).homedOn(5);
        Work onHome = Work.builder(homed).codeHomeCore(5).instructions(10, 0, 0, 0).build();
        Work local = Work.builder(CodeObject.of("other", 2500, Placement.LOCAL)).codeHomeCore(6)
                .instructions(10, 0, 0, 0).build();
        CoreModel away = t.coreModel(6);
        var remote = away.fire(Work.builder(homed).codeHomeCore(5).instructions(10, 0, 0, 0).build(), 0);
        assertTrue(remote.cost().code() > 0 && !remote.codeResident(), "core 6 fetches the code from core 5");
        assertDoesNotThrow(() -> away.fire(local, 1000), "core 6 holds no copy of 'big': 2500 B of its own fit");
        CoreModel home = t.coreModel(5);
        var there = home.fire(onHome, 0);
        assertTrue(there.cost().code() == 0 && there.codeResident(), "the home core runs it from its own memory");
        var e = assertThrows(IllegalArgumentException.class, () -> home.fire(Work.builder(
                CodeObject.of("other", 2500, Placement.LOCAL)).codeHomeCore(5).instructions(1, 0, 0, 0).build(), 100));
        assertTrue(e.getMessage().contains("core (1,1)") && e.getMessage().contains("6500"), e.getMessage());
    }
    /**
     * A core remembers the last cached code object it ran; a different object under the same name is
     * still checked against the catalogue, however often the first one ran just before it.
     */
    @Test
    void aCachedCodeObjectRedeclaredUnderItsNameIsRefusedAfterRepeats() {
        CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of())).coreModel(3);
        CodeObject k = CodeObject.of("k", 1024, Placement.CACHED);
        Work first = Work.builder(k).instructions(10, 0, 0, 0).build();
        long repeat = m.fire(first, 0).cost().code();
        assertTrue(m.fire(Work.builder(k).instructions(10, 0, 0, 0).build(), 1000).cost().code() <= repeat,
                "the second firing of the same object finds it cached");
        var e = assertThrows(IllegalArgumentException.class, () -> m.fire(
                Work.builder(CodeObject.of("k", 2048, Placement.CACHED)).instructions(10, 0, 0, 0).build(), 2000));
        assertTrue(e.getMessage().contains("code object 'k' was 1024 bytes") && e.getMessage().contains("2048"),
                e.getMessage());
        assertDoesNotThrow(() -> m.fire(Work.builder(CodeObject.of("k", 1024, Placement.CACHED))
                .instructions(10, 0, 0, 0).build(), 3000), "an equal object under the name is the same code");
    }
    private static Work cached(CodeObject code, int home) {
        return Work.builder(code).codeHomeCore(home).instructions(10, 0, 0, 0).build();
    }

    /**
     * A core remembers the code objects it ran recently, with their home; the same object with another
     * home, or another object under a remembered name, is checked against the catalogue however many
     * kernels alternate around it (and whether or not it is still remembered).
     */
    @Test
    void rememberedCodeObjectsAreCheckedAgainWithAnotherHomeOrSize() {
        for (int kernels : new int[] {1, 3, EpiphanyCoreModel.CODE_CACHE_ENTRIES,
                EpiphanyCoreModel.CODE_CACHE_ENTRIES + 3}) {
            CoreModel m = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of())).coreModel(3);
            CodeObject[] k = new CodeObject[kernels];
            for (int i = 0; i < kernels; i++) {
                k[i] = CodeObject.of("k" + i, 256, Placement.CACHED);
            }
            long now = 0;
            for (int round = 0; round < 3; round++) {
                for (CodeObject c : k) {
                    m.fire(cached(c, 5), now); // homed in core 5's memory
                    now += 10_000;
                }
            }
            for (int i = 0; i < kernels; i++) {
                long at = now;
                CodeObject c = k[i];
                String name = c.name();
                var home = assertThrows(IllegalArgumentException.class, () -> m.fire(cached(c, -1), at),
                        kernels + " kernels, k" + i + " from DRAM");
                assertTrue(home.getMessage().contains("from core 5, now 256 bytes CACHED from DRAM"), home.getMessage());
                var size = assertThrows(IllegalArgumentException.class,
                        () -> m.fire(cached(CodeObject.of(name, 512, Placement.CACHED), 5), at),
                        kernels + " kernels, k" + i + " re-declared");
                assertTrue(size.getMessage().contains("was 256 bytes") && size.getMessage().contains("now 512"),
                        size.getMessage());
                assertDoesNotThrow(() -> m.fire(cached(c, 5), at), "the object as it was first declared");
                now += 10_000;
            }
        }
    }
}
