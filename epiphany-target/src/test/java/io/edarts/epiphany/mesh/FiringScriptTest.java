package io.edarts.epiphany.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.edarts.cam.FiringTraffic;
import org.junit.jupiter.api.Test;

/**
 * A built script uses the mesh exactly when one of its ops does: local work alone is
 * {@link FiringTraffic#NONE}, and ops dropped by {@code reset}, moved away by {@code append} or
 * consumed by an earlier {@code build} do not count.
 */
class FiringScriptTest {

    @Test
    void localWorkAloneIsNoTraffic() {
        FiringScript.Builder b = new FiringScript.Builder();
        assertSame(FiringTraffic.NONE, b.build());
        assertSame(FiringTraffic.NONE, b.compute(5).compute(7).reads(3, 8, 0, 4).build());
    }

    @Test
    void aReadOrAWriteMakesAScript() {
        FiringScript.Builder b = new FiringScript.Builder();
        assertEquals("script[compute 5, 2 x read 8 B from 3 + 0 cycles]", b.compute(5).reads(3, 8, 2, 0).build().toString());
        assertEquals("script[write 4 B to 1, compute 2]", b.write(1, 4).compute(2).build().toString());
    }

    @Test
    void droppedOrConsumedOpsDoNotCount() {
        FiringScript.Builder b = new FiringScript.Builder();
        assertSame(FiringTraffic.NONE, b.write(1, 4).reset().compute(3).build());
        b.write(2, 8).build();
        assertSame(FiringTraffic.NONE, b.compute(1).build());

        FiringScript.Builder other = new FiringScript.Builder().write(1, 4);
        assertEquals("script[compute 1, write 4 B to 1]", b.compute(1).append(other).build().toString());
        assertSame(FiringTraffic.NONE, other.compute(6).build());
    }
    /** What the core model asks before building a script at all: whether the ops so far would make one. */
    @Test
    void usesMeshSaysWhetherBuildWouldMakeAScript() {
        FiringScript.Builder b = new FiringScript.Builder();
        assertEquals(false, b.compute(5).reads(3, 8, 0, 4).usesMesh());
        assertSame(FiringTraffic.NONE, b.build());
        assertEquals(true, b.compute(1).reads(3, 8, 1, 0).usesMesh());
        assertEquals(false, b.reset().usesMesh());
        assertEquals(true, b.write(2, 4).usesMesh());
        b.build();
        assertEquals(false, b.usesMesh(), "build consumed the write");
        FiringScript.Builder other = new FiringScript.Builder().write(1, 4);
        b.append(other);
        assertEquals(true, b.usesMesh(), "the appended write");
        assertEquals(false, other.usesMesh(), "moved away by append");
    }
}
