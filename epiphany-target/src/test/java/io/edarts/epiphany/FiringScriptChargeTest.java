package io.edarts.epiphany;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Charge;
import io.edarts.cam.CodeObject;
import io.edarts.cam.CoreModel;
import io.edarts.cam.FiringTraffic;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.cam.Work;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With contention on, a firing's charge carries a script exactly when the firing uses the mesh: code
 * fetched in place, a code-cache copy, or a remote data access; local work alone carries
 * {@link FiringTraffic#NONE} (the core model skips building a script then).
 */
class FiringScriptChargeTest {
    private final EpiphanyTarget t = EpiphanyTarget.create(MachineLoader.load("parallella16", List.of()));
    private final MeshGeometry g = t.geometry();

    private static Work.Builder code(CodeObject c) {
        return Work.builder(c).declaredCycles(100).instructions(40, 4, 2, 1).signals(2);
    }

    @Test
    void aFiringCarriesAScriptExactlyWhenItUsesTheMesh() {
        CoreModel m = t.coreModel(6);
        CodeObject local = CodeObject.of("local", 256, Placement.LOCAL);
        CodeObject cached = CodeObject.of("cached", 512, Placement.CACHED);
        long now = 0;
        Charge c = m.fire(code(local).codeHomeCore(6).build(), now);
        assertSame(FiringTraffic.NONE, c.traffic(), "resident code, no data");
        now += 10_000;
        c = m.fire(code(local).codeHomeCore(5).build(), now);
        assertNotSame(FiringTraffic.NONE, c.traffic(), "code fetched from core 5");
        assertTrue(c.traffic().toString().contains("read 8 B from 5"), c.traffic().toString());
        now += 10_000;
        c = m.fire(code(CodeObject.of("far", 256, Placement.GLOBAL)).build(), now);
        assertTrue(c.traffic().toString().contains("read 8 B from " + g.dramNode()), c.traffic().toString());
        now += 10_000;
        c = m.fire(code(cached).build(), now);
        assertTrue(c.traffic().toString().contains("x read 4 B from " + g.dramNode()), "the miss copies: " + c.traffic());
        now += 10_000;
        c = m.fire(code(cached).build(), now);
        assertSame(FiringTraffic.NONE, c.traffic(), "a cache hit runs locally");
        now += 10_000;
        c = m.fire(code(local).codeHomeCore(6).access(g.globalAddress(3, 0x2000), 8, false).build(), now);
        assertTrue(c.traffic().toString().contains("read 8 B from 3"), c.traffic().toString());
        now += 10_000;
        c = m.fire(code(local).codeHomeCore(6).access(g.globalAddress(3, 0x2000), 4, true).build(), now);
        assertTrue(c.traffic().toString().contains("write 4 B to 3"), c.traffic().toString());
        now += 10_000;
        c = m.fire(code(local).codeHomeCore(6).access(0x100, 8, false).build(), now);
        assertSame(FiringTraffic.NONE, c.traffic(), "an access to the core's own memory");
        assertEquals(true, c.codeResident());
    }
}
