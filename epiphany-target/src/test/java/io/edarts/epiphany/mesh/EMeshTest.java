package io.edarts.epiphany.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.Machines;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EMeshTest {
    private final EpiphanyParams p = Machines.params(Machines.parallella16());
    private final MeshGeometry g = Machines.geometry(Machines.parallella16());
    private final MeshTiming timing = new MeshTiming(g, p);

    private EMesh mesh() {
        return new EMesh(g, p);
    }

    /** Completion ticks by transfer id, in completion order. */
    private static final class Log implements EMesh.Completion {
        final List<long[]> done = new ArrayList<>();

        @Override
        public void done(long id, long tick) {
            done.add(new long[] {id, tick});
        }

        long tickOf(long id) {
            for (long[] d : done) {
                if (d[0] == id) {
                    return d[1];
                }
            }
            throw new AssertionError("transfer " + id + " did not complete");
        }
    }

    @Test
    void aLoneTransferTakesExactlyTheUncontendedClosedForm() {
        for (int from = 0; from < g.coreCount(); from++) {
            for (int to = 0; to <= g.dramNode(); to++) {
                if (to == from) {
                    continue;
                }
                for (int bytes : new int[] {4, 8, 64}) {
                    EMesh m = mesh();
                    Log log = new Log();
                    long w = m.write(from, to, bytes, 0, log);
                    m.runToIdle();
                    assertEquals(timing.writeTicks(from, to, bytes), log.tickOf(w), "write " + from + "->" + to);
                    EMesh m2 = mesh();
                    Log readLog = new Log();
                    long r = m2.read(from, to, bytes, 0, readLog);
                    m2.runToIdle();
                    assertEquals(timing.readTicks(from, to, bytes), readLog.tickOf(r), "read " + from + "<-" + to);
                }
            }
        }
    }

    @Test
    void aReadCostsTheRequestTripAndTheTurnaroundMoreThanAWriteOfTheSameSize() {
        // ARCH 5.3: the read's data comes back as a write, so the margin is the request's hops plus
        // the owner's turnaround (12.5 cycles, reference.conf): writes are the cheap direction.
        for (int to = 1; to < g.coreCount(); to++) {
            int hops = Routing.onChipHops(g, 0, to);
            long margin = timing.readTicks(0, to, 8) - timing.writeTicks(0, to, 8);
            assertEquals(hops * (long) p.hopTicks() + p.readTurnaroundTicks(), margin);
        }
        // one hop: 16.5 cycles to read 8 bytes, 2.5 to write them
        assertEquals(33, timing.readTicks(0, 1, 8));
        assertEquals(5, timing.writeTicks(0, 1, 8));
    }

    @Test
    void externalDramCostsMoreThanTheFarthestCore() {
        int far = g.core(3, 3);
        for (int core = 0; core < g.coreCount(); core++) {
            assertTrue(timing.readTicks(core, g.dramNode(), 8) > timing.readTicks(0, far, 8));
            assertTrue(timing.writeTicks(core, g.dramNode(), 8) > timing.writeTicks(0, far, 8));
        }
    }

    @Test
    void dramReadFromCoreZeroReproducesTheMeasurementItWasDerivedFrom() {
        // facts "Measured": core memcpy from ERAM, 1,119,132 cycles / 2,048 words, minus 3.25 cycles of
        // loop work per word = 543.2 cycles of stall per word read from core (0,0).
        double measured = 1_119_132.0 / 2048 - 3.25;
        assertEquals(measured, timing.readTicks(0, g.dramNode(), 4) / 2.0, 1.0);
        // and remote SRAM, core (0,0) reading core (0,1): 40,531 / 2,048 - 3.25 = 16.54
        assertEquals(40_531.0 / 2048 - 3.25, timing.readTicks(0, 1, 4) / 2.0, 0.5);
    }

    @Test
    void twoFlowsSharingALinkTakeLongerThanEitherAlone() {
        int a = g.core(0, 0);
        int b = g.core(0, 1);
        int dst = g.core(0, 3);
        long aloneA = alone(a, dst, 64);
        long aloneB = alone(b, dst, 64);
        EMesh m = mesh();
        Log log = new Log();
        long ia = m.write(a, dst, 64, 0, log);
        long ib = m.write(b, dst, 64, 0, log);
        m.runToIdle();
        long last = Math.max(log.tickOf(ia), log.tickOf(ib));
        assertTrue(last > aloneA && last > aloneB, "shared " + last + " vs " + aloneA + ", " + aloneB);
        // the shared link carried both, back to back, and one of them waited for it
        LinkStats shared = m.linkStats(MeshKind.CMESH, b, Port.EAST);
        assertEquals(2, shared.transfers());
        assertEquals(16, shared.busyCycles());
        assertTrue(shared.waitTicks() > 0);
    }

    @Test
    void disjointFlowsDoNotInterfere() {
        int a = g.core(0, 0);
        int b = g.core(3, 3);
        long aloneA = alone(a, g.core(0, 2), 64);
        long aloneB = alone(b, g.core(3, 1), 64);
        EMesh m = mesh();
        Log log = new Log();
        long ia = m.write(a, g.core(0, 2), 64, 0, log);
        long ib = m.write(b, g.core(3, 1), 64, 0, log);
        m.runToIdle();
        assertEquals(aloneA, log.tickOf(ia));
        assertEquals(aloneB, log.tickOf(ib));
    }

    @Test
    void theRmeshTakesOneReadRequestPerEightCyclesPerLink() {
        EMesh m = mesh();
        Log log = new Log();
        long[] ids = new long[4];
        for (int i = 0; i < 4; i++) {
            ids[i] = m.read(0, g.core(0, 2), 8, 0, log);
        }
        m.runToIdle();
        for (int i = 1; i < 4; i++) {
            assertEquals(16, log.tickOf(ids[i]) - log.tickOf(ids[i - 1]));
        }
    }

    @Test
    void theElinkLimitsWritesToDram() {
        EMesh m = mesh();
        Log log = new Log();
        long last = 0;
        for (int i = 0; i < 100; i++) {
            last = m.write(g.core(3, 3), g.dramNode(), 8, 0, log);
        }
        m.runToIdle();
        // 100 transactions at 9,504 / 1,024 = 9.28 cycles each (reference.conf, DMA to ERAM)
        double cycles = log.tickOf(last) / 2.0;
        assertEquals(100 * 9504.0 / 1024, cycles, 12.0);
        assertEquals(100, m.elinkStats(true).transfers());
        assertEquals(800, m.elinkStats(true).bytes());
    }

    @Test
    void roundRobinAlternatesBetweenInputsInsteadOfServingTheOlderQueueFirst() {
        // Core (0,1) queues 10 writes at its local input; core (0,2)'s 10 writes reach (0,1) from the
        // east a little later. Both want (0,1)'s west link. First-come-first-served would send all
        // of (0,1)'s first; round robin alternates once both inputs are waiting.
        EMesh m = mesh();
        Log log = new Log();
        List<Long> local = new ArrayList<>();
        List<Long> east = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            local.add(m.write(g.core(0, 1), g.core(0, 0), 8, 0, log));
            east.add(m.write(g.core(0, 2), g.core(0, 0), 8, 0, log));
        }
        m.runToIdle();
        StringBuilder order = new StringBuilder();
        for (long[] d : log.done) {
            order.append(local.contains(d[0]) ? 'L' : 'E');
        }
        String s = order.toString();
        assertTrue(s.contains("LELELE"), s);
        assertTrue(!s.startsWith("LLLLLLLLLL"), s);
    }

    @Test
    void theSameCallSequenceGivesTheSameResults() {
        var first = randomRun(42);
        var again = randomRun(42);
        assertEquals(first, again);
        assertNotEquals(first, randomRun(43));
    }

    @Test
    void linkStatisticsCountBytesAndBusyCycles() {
        EMesh m = mesh();
        Log log = new Log();
        m.write(0, g.core(0, 2), 64, 0, log);
        m.runToIdle();
        LinkStats s = m.linkStats(MeshKind.CMESH, 0, Port.EAST);
        assertEquals(1, s.transfers());
        assertEquals(64, s.bytes());
        assertEquals(8, s.busyCycles());
        assertEquals(3, m.linkStats().size()); // two hops east and into (0,2)
    }

    @Test
    void submissionsBeforeTheMeshsCurrentTimeAreRejected() {
        EMesh m = mesh();
        assertEquals(10, m.writeAndWait(0, 1, 8, 7)); // 7 + 1.5 + 1, rounded up
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.write(0, 1, 8, 0, (i, t) -> { }));
        assertTrue(e.getMessage().contains("nondecreasing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.write(0, 0, 8, 100, (i, t) -> { }));
        assertThrows(IllegalArgumentException.class, () -> m.read(0, 1, 0, 100, (i, t) -> { }));
    }

    private long alone(int from, int to, int bytes) {
        EMesh m = mesh();
        Log log = new Log();
        long id = m.write(from, to, bytes, 0, log);
        m.runToIdle();
        return log.tickOf(id);
    }

    /** A seeded mix of reads and writes from every core; returns completions and link statistics. */
    private String randomRun(long seed) {
        Random rnd = new Random(seed);
        EMesh m = mesh();
        Log log = new Log();
        long t = 0;
        for (int i = 0; i < 400; i++) {
            t += rnd.nextInt(3);
            int from = rnd.nextInt(g.coreCount());
            int to = rnd.nextInt(g.nodeCount());
            if (to == from) {
                continue;
            }
            int bytes = 1 + rnd.nextInt(64);
            if (rnd.nextBoolean()) {
                m.write(from, to, bytes, t, log);
            } else {
                m.read(from, to, Math.min(bytes, 8), t, log);
            }
            m.runUntil(t - 1);
        }
        m.runToIdle();
        StringBuilder sb = new StringBuilder();
        for (long[] d : log.done) {
            sb.append(d[0]).append('@').append(d[1]).append(' ');
        }
        for (LinkStats s : m.linkStats()) {
            sb.append(s).append('\n');
        }
        return sb.toString();
    }

    /**
     * A write told its end as a cycle ({@code writeCycles}, what {@link ContendedMesh#send} uses) ends
     * where the same write told as a tick does, in the same order, the tick rounded up.
     */
    @Test
    void writeToldInCyclesEndsAsTheTickRoundedUp() {
        for (long seed = 0; seed < 20; seed++) {
            List<String> ticks = new ArrayList<>();
            List<String> cycles = new ArrayList<>();
            for (int variant = 0; variant < 2; variant++) {
                EMesh m = mesh();
                Random rnd = new Random(seed);
                long start = 0;
                for (int i = 0; i < 60; i++) {
                    start += 2L * rnd.nextInt(4);
                    int from = rnd.nextInt(g.coreCount());
                    int to = rnd.nextInt(g.dramNode() + 1);
                    if (to == from) {
                        to = (to + 1) % g.coreCount();
                    }
                    int bytes = 1 + rnd.nextInt(64);
                    int n = i;
                    m.runUntil(start - 1);
                    if (variant == 0) {
                        m.write(from, to, bytes, start, (id, t) -> ticks.add(n + "@" + MeshTiming.toCycles(t)), true);
                    } else {
                        m.writeCycles(from, to, bytes, start, c -> cycles.add(n + "@" + c), true);
                    }
                }
                m.runToIdle();
            }
            assertEquals(60, ticks.size());
            assertEquals(ticks, cycles);
        }
    }
}
