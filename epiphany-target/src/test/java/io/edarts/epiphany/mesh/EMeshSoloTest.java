package io.edarts.epiphany.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.Machines;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The solo fast path of {@link EMesh} (a write whose route nothing else waits for, submitted when no
 * event of the mesh comes before its end, completes in closed form unless something else is
 * submitted before it ends) must be the event replay exactly: the same completions at the same ticks
 * in the same order, and the same statistics on every link.
 */
class EMeshSoloTest {
    private static final EpiphanyParams P = Machines.params(Machines.parallella16());
    private static final MeshGeometry G = Machines.geometry(Machines.parallella16());

    /**
     * Drives a mesh as {@link ContendedMesh} does: submissions in start order with the start-now
     * promise, a submission before the mesh's events at its tick, and each completion submitting a
     * follow-up (a reply, or the next message of a core) after a random delay, 0 meaning from the
     * callback itself. Returns the log: id, tick of every completion, then every link's statistics;
     * {@code solosTaken} gets the solo writes, those of them submitted beside other transfers in flight,
     * the solos settled mid-flight by a later submission, the writes that went solo after a grant, and
     * the events run ahead of a submission. With {@code cycles}, submissions start at whole cycles (even
     * ticks) and a submission comes before the mesh's events of its cycle, as a core's event at cycle
     * c comes before the mesh's at ticks up to 2c: the mesh may have events at the tick before.
     */
    private static List<String> drive(long seed, int chains, boolean solo, long[] solosTaken) {
        return drive(seed, chains, solo, solosTaken, false);
    }

    private static List<String> drive(long seed, int chains, boolean solo, long[] solosTaken, boolean cycles) {
        EMesh m = new EMesh(G, P);
        m.soloFastPath(solo);
        Random rnd = new Random(seed);
        List<String> log = new ArrayList<>();
        // pending submissions: tick, order, from, to, bytes, read?
        PriorityQueue<long[]> todo = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        long[] order = {0};
        int[] left = {400};
        long[] beside = {0};
        long t0 = 0;
        for (int i = 0; i < chains; i++) {
            t0 += cycles ? 2 * rnd.nextInt(10) : rnd.nextInt(20);
            todo.add(next(rnd, t0, order));
        }
        EMesh.Completion[] cb = new EMesh.Completion[1];
        cb[0] = (id, tick) -> {
            log.add(id + "@" + tick);
            if (left[0]-- <= 0) {
                return;
            }
            int delay = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? 10 : 300);
            long base = cycles ? (tick + 1) / 2 * 2 : tick; // told at the cycle the tick rounds up to
            long[] s = next(rnd, base + (cycles ? 2L * delay : delay), order);
            if (delay == 0 && (todo.isEmpty() || todo.peek()[0] >= base)) {
                submit(m, s, cb[0], beside);
            } else {
                todo.add(s);
            }
        };
        while (!todo.isEmpty() || m.nextEventTick() != Long.MAX_VALUE) {
            long next = m.nextEventTick();
            if (cycles && next != Long.MAX_VALUE) {
                next = (next + 1) / 2 * 2;
            }
            if (!todo.isEmpty() && todo.peek()[0] <= next) {
                submit(m, todo.poll(), cb[0], beside);
            } else {
                m.step();
            }
        }
        for (LinkStats s : m.linkStats()) {
            log.add(s.toString());
        }
        solosTaken[0] = m.solos();
        solosTaken[1] = beside[0];
        solosTaken[2] = m.midFlightSettles();
        solosTaken[3] = m.lateSolos();
        solosTaken[4] = m.quietEvents();
        return log;
    }

    private static long[] next(Random rnd, long tick, long[] order) {
        int from = rnd.nextInt(G.coreCount());
        int to = rnd.nextInt(G.dramNode() + 1);
        if (to == from) {
            to = (to + 1) % G.coreCount();
        }
        int[] sizes = {4, 8, 16, 64};
        return new long[] {tick, order[0]++, from, to, sizes[rnd.nextInt(sizes.length)], rnd.nextInt(5) == 0 ? 1 : 0};
    }

    /** Submits {@code s}; counts in {@code beside} a write that went solo with other transfers in flight. */
    private static void submit(EMesh m, long[] s, EMesh.Completion cb, long[] beside) {
        if (s[5] == 1) {
            m.read((int) s[2], (int) s[3], (int) s[4], s[0], cb, true);
        } else {
            long before = m.solos();
            m.write((int) s[2], (int) s[3], (int) s[4], s[0], cb, true);
            if (m.solos() > before && m.inFlight() > 1) {
                beside[0]++;
            }
        }
    }

    @Test
    void soloWritesGiveTheEventReplayExactly() {
        long taken = 0;
        long midFlight = 0;
        long late = 0;
        for (long seed = 1; seed <= 40; seed++) {
            // from one chain of messages (mostly alone on the mesh) to eight (mostly overlapping)
            long[] on = compare(seed, 1 + (int) (seed % 8));
            taken += on[0];
            midFlight += on[2];
            late += on[3];
        }
        assertTrue(taken > 2000, "the fast path was taken only " + taken + " times");
        // a later submission with the start-now promise applies the solo's stages before its tick at once
        assertTrue(midFlight > 200, "a solo was settled mid-flight only " + midFlight + " times");
        // a write that waited at some link may finish its route in closed form once it is granted
        assertTrue(late > 200, "a write went solo after a grant only " + late + " times");
    }

    @Test
    void submissionsByCycleGiveTheEventReplayExactly() {
        // a submission at cycle c finds the mesh's events at tick 2c - 1 still to come: the quiet
        // ones (arrivals, arbitrations) run ahead of it, so it may go solo or arrive at once
        long quiet = 0;
        long taken = 0;
        for (long seed = 1; seed <= 60; seed++) {
            long[] on = compare(seed, 1 + (int) (seed % 12), true);
            taken += on[0];
            quiet += on[4];
        }
        assertTrue(taken > 2000, "the fast path was taken only " + taken + " times");
        assertTrue(quiet > 500, "events were run ahead of a submission only " + quiet + " times");
    }

    @Test
    void soloWritesBesideOtherTrafficGiveTheEventReplayExactly() {
        // 6 to 16 chains: the mesh is rarely idle; a write goes solo beside transfers whose next
        // events come after its end (a DRAM read's turnaround, a queue behind a busy rMesh link)
        long beside = 0;
        for (long seed = 1; seed <= 60; seed++) {
            beside += compare(seed, 6 + (int) (seed % 11))[1];
        }
        assertTrue(beside > 1000, "a write went solo beside other traffic only " + beside + " times");
    }

    /** The fast path's log against the plain replay's for {@code seed} and {@code chains}; the solos taken. */
    private static long[] compare(long seed, int chains) {
        return compare(seed, chains, false);
    }

    private static long[] compare(long seed, int chains, boolean cycles) {
        long[] on = new long[5];
        long[] off = new long[5];
        List<String> fast = drive(seed, chains, true, on, cycles);
        List<String> replay = drive(seed, chains, false, off, cycles);
        assertEquals(replay, fast, "seed " + seed + ", " + chains + " chains");
        assertEquals(0, off[0]);
        assertEquals(0, off[2]);
        assertEquals(0, off[3]);
        assertEquals(0, off[4]);
        return on;
    }

    @Test
    void aSoloWriteOverTakenByAnotherSubmissionEndsAsInTheReplay() {
        // core 0 writes to core 15 (six hops); core 7 writes onto the same column before it ends:
        // at once (the solo is replayed from its start) or later (its stages before then are applied)
        long midFlight = 0;
        for (long gap = 0; gap < 30; gap++) {
            List<long[]> got = new ArrayList<>();
            for (boolean solo : new boolean[] {true, false}) {
                EMesh m = new EMesh(G, P);
                m.soloFastPath(solo);
                long[] ends = new long[2];
                m.write(0, 15, 64, 0, (id, t) -> ends[0] = t, true);
                m.write(7, 15, 64, gap, (id, t) -> ends[1] = t, true);
                m.runToIdle();
                got.add(ends);
                assertEquals(solo ? 1 : 0, m.solos());
                midFlight += m.midFlightSettles();
            }
            assertEquals(got.get(1)[0], got.get(0)[0], "first write, gap " + gap);
            assertEquals(got.get(1)[1], got.get(0)[1], "second write, gap " + gap);
        }
        assertTrue(midFlight > 20, "the first write was settled mid-flight only " + midFlight + " times");
    }

    @Test
    void aWriteThroughAFullRouterBufferDoesNotGoSolo() {
        // cores 0 and 5 stream 64-byte writes into core 1: its port into the node alternates between
        // them, so router 1's west input fills; a write from core 0 to core 2 then passes through that
        // buffer to another output, and must wait for a slot as in the replay
        int besideTraffic = 0;
        long refusedFull = 0;
        for (long probe = 0; probe < 400; probe += 1) {
            List<List<String>> logs = new ArrayList<>();
            for (boolean solo : new boolean[] {true, false}) {
                EMesh m = new EMesh(G, P);
                m.soloFastPath(solo);
                List<String> log = new ArrayList<>();
                EMesh.Completion cb = (id, t) -> log.add(id + "@" + t);
                for (int i = 0; i < 8; i++) {
                    m.write(0, 1, 64, 0, cb, true);
                    m.write(5, 1, 64, 0, cb, true);
                }
                while (m.nextEventTick() < probe) {
                    m.step();
                }
                long before = m.solos();
                m.write(0, 2, 8, probe, cb, true);
                if (solo && m.solos() > before && m.inFlight() > 1) {
                    besideTraffic++;
                }
                if (solo) {
                    refusedFull += m.fullBufferRefusals();
                }
                m.runToIdle();
                for (LinkStats s : m.linkStats()) {
                    log.add(s.toString());
                }
                logs.add(log);
            }
            assertEquals(logs.get(1), logs.get(0), "probe at tick " + probe);
        }
        assertTrue(besideTraffic > 10, "the probe went solo beside the streams only " + besideTraffic + " times");
        assertTrue(refusedFull > 0, "no write met a full router buffer, so the refusal was never tried");
    }
}
