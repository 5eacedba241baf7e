package io.edarts.epiphany.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Machine;
import io.edarts.epiphany.Machines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RemoteExecTest {
    private static final long ITERATIONS = 200;
    private static RemoteExecResult r;

    @BeforeAll
    static void run() {
        r = RemoteExec.run(Machines.parallella16(), ITERATIONS);
    }

    @Test
    void runningTogetherIsNeverFasterThanRunningAlone() {
        for (LoopKind loop : LoopKind.values()) {
            for (int row = 0; row < 4; row++) {
                for (int col = 0; col < 4; col++) {
                    assertTrue(r.slowdown(RemoteExecCase.ALL_AT_ONCE, loop, row, col)
                            >= r.slowdown(RemoteExecCase.ONE_AT_A_TIME, loop, row, col), loop + " " + row + "," + col);
                }
            }
        }
    }

    @Test
    void theHomeCoreRunsLocally() {
        for (LoopKind loop : LoopKind.values()) {
            assertEquals(1.0, r.slowdown(RemoteExecCase.ONE_AT_A_TIME, loop, 0, 0));
            assertEquals(r.localCycles(loop), r.cycles(RemoteExecCase.ALL_AT_ONCE, loop, 0, 0));
            assertTrue(r.isHome(RemoteExecCase.ALL_AT_ONCE, 0, 0));
            assertTrue(!r.isHome(RemoteExecCase.EXTERNAL_DRAM, 0, 0));
        }
    }

    @Test
    void aloneTheSlowdownGrowsWithHopsAndNotWithTheRowAsSuch() {
        for (LoopKind loop : LoopKind.values()) {
            for (int row = 0; row < 4; row++) {
                for (int col = 0; col < 4; col++) {
                    double s = r.slowdown(RemoteExecCase.ONE_AT_A_TIME, loop, row, col);
                    if (col < 3) {
                        assertTrue(r.slowdown(RemoteExecCase.ONE_AT_A_TIME, loop, row, col + 1) > s);
                    }
                    if (row < 3) {
                        assertTrue(r.slowdown(RemoteExecCase.ONE_AT_A_TIME, loop, row + 1, col) > s);
                    }
                    // uncontended, only the distance matters: (r,c) and (c,r) are equally far
                    assertEquals(s, r.slowdown(RemoteExecCase.ONE_AT_A_TIME, loop, col, row), 1e-9);
                }
            }
            // the study's "4x or more"
            assertTrue(r.slowdown(RemoteExecCase.ONE_AT_A_TIME, loop, 0, 1) >= 4);
        }
        // the integer loop suffers more: same number of fetch lines per instruction, faster locally
        assertTrue(r.slowdown(RemoteExecCase.ONE_AT_A_TIME, LoopKind.INT, 1, 1)
                > r.slowdown(RemoteExecCase.ONE_AT_A_TIME, LoopKind.FLOAT, 1, 1));
    }

    @Test
    void underLoadRowsFurtherDownTheHomeColumnGetLessOfTheMesh() {
        // row-first routing funnels rows 1..3 up column 0; per-input round robin favours the nearer rows
        for (LoopKind loop : LoopKind.values()) {
            double prev = r.slowdown(RemoteExecCase.ALL_AT_ONCE, loop, 0, 1);
            for (int row = 1; row < 4; row++) {
                double s = r.slowdown(RemoteExecCase.ALL_AT_ONCE, loop, row, 1);
                assertTrue(s > prev, loop + " row " + row + ": " + s + " <= " + prev);
                prev = s;
            }
            // and the asymmetry is real: (0,3) and (3,0) are equally far but not equally served
            assertTrue(r.slowdown(RemoteExecCase.ALL_AT_ONCE, loop, 3, 0)
                    > 1.5 * r.slowdown(RemoteExecCase.ALL_AT_ONCE, loop, 0, 3));
        }
    }

    @Test
    void codeInDramIsSlowerThanCodeInAnotherCore() {
        for (LoopKind loop : LoopKind.values()) {
            assertTrue(r.slowdown(RemoteExecCase.EXTERNAL_DRAM, loop, 3, 3)
                    > r.maxSlowdown(RemoteExecCase.ALL_AT_ONCE, loop));
        }
    }

    @Test
    void perCoreResultsAreTheSameOnEveryRun() {
        RemoteExecResult again = RemoteExec.run(Machines.parallella16(), ITERATIONS);
        for (RemoteExecCase c : RemoteExecCase.values()) {
            for (LoopKind loop : LoopKind.values()) {
                long[] a = new long[16];
                long[] b = new long[16];
                for (int i = 0; i < 16; i++) {
                    a[i] = r.cycles(c, loop, i / 4, i % 4);
                    b[i] = again.cycles(c, loop, i / 4, i % 4);
                }
                assertArrayEquals(a, b, c + " " + loop);
            }
        }
        assertEquals(r.formatTables(), again.formatTables());
    }

    @Test
    void tablesHaveOneRowAndColumnPerCore() {
        String t = r.formatTables();
        assertTrue(t.contains("all-at-once, int loop"), t);
        assertTrue(t.contains("   home"), t);
        Machine e64 = Machines.load("e64");
        RemoteExecResult big = RemoteExec.run(e64, 20);
        String bt = big.formatTables();
        assertTrue(bt.contains("row\\col       0       1       2       3       4       5       6       7"), bt);
        assertTrue(bt.contains("\n      7 "), bt);
        assertEquals(8, big.rows());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RemoteExec.run(null));
        assertThrows(IllegalArgumentException.class, () -> RemoteExec.run(Machines.parallella16(), 0));
        assertThrows(IllegalArgumentException.class, () -> r.slowdown(RemoteExecCase.ALL_AT_ONCE, LoopKind.INT, 4, 0));
    }
}
