package io.edarts.epiphany.hostcall;

import io.edarts.cam.HostCall;
import io.edarts.cam.Interconnect;
import java.util.ArrayList;
import java.util.List;

/**
 * The COPRTHR-2 host daemon: one host thread that watches every core's run-state and carries out
 * the host calls it finds flagged, one at a time, as a discrete-event model in chip cycles.
 *
 * <h2>Design note</h2>
 * <p><b>The call</b> (coprthr2-paper.txt 3.5). A core enters its jump-table entry, stores the call
 * number, its register arguments and its stack pointer where the host reads them, sets a high bit
 * of its run-state and spins until the host has carried the call out and answered. The core's own
 * part is charged in its firing ({@code EpiphanyTarget.hostCallWork}); this class models the rest,
 * from the flag to the answer: the core's wait.
 *
 * <p><b>Polling.</b> The daemon reads the run-state word of core 0, 1, ..., n-1 (row-major, every
 * core of the chip) and starts over, back to back: each poll is a host read of the word from the
 * core's local memory through the eLink, {@link HostCallParams#pollCycles} (the SRAM-to-host row of
 * the bandwidth table), so a sweep of the chip takes n polls. No source gives the daemon a sleep
 * between sweeps, so it has none: the poll period is the sweep itself, and it grows with the chip.
 * A poll sees a flag set no later than the cycle the poll starts.
 *
 * <p><b>Serving.</b> A poll that sees a flag serves that call before the sweep goes on: the poll
 * itself, then {@link HostCallParams#serviceCycles} (read the record from external memory and the
 * payload from the core, the host's own work, write the answer into the core). The core sees the
 * answer at the end and goes on; the sweep resumes at the next core. Calls from several cores
 * therefore queue at the host and are served in poll order from wherever the sweep is, a FIFO in
 * poll order: a single daemon, so the order is a function of the flags' cycles only.
 *
 * <p><b>Time and order.</b> The sweep runs from cycle 0 at core 0. Between calls it is implicit (its
 * position is a closed form of the last anchor), so an idle daemon costs nothing to simulate. Events:
 * the next poll that sees a flag (computed from the anchor for every pending call, the earliest
 * wins; two cores' polls never start at one cycle), and the answer of the call being served. The
 * owner must submit a call at a cycle no earlier than every event it has stepped, and at equal
 * cycles step the daemon after its other work, so a flag set at a poll's cycle is seen by it.
 * Deterministic: the same calls in the same order give the same answers.
 */
public final class HostCallDaemon {
    private final HostCallParams params;
    private final int cores;
    private final long poll;
    private final long sweep;
    /** The sweep's anchor: the poll of {@code anchorCore} starts at {@code anchorAt}. */
    private long anchorAt;
    private int anchorCore;
    /** Per core: the cycle its pending call was flagged, or -1. */
    private final long[] flagged;
    private final HostCall[] calls;
    private final Interconnect.Done[] dones;
    private int pending;
    /** The core being served, or -1; its answer's cycle. */
    private int serving = -1;
    private long answerAt;
    private long servingSeen;
    private final List<Interconnect.HostService> served = new ArrayList<>();

    /**
     * @param cores  the cores the daemon polls (every core of the chip)
     * @throws IllegalArgumentException for fewer than one core or a null parameter set
     */
    public HostCallDaemon(int cores, HostCallParams params) {
        this(cores, params, 0);
    }

    /**
     * A daemon whose first sweep starts at core 0 at {@code sweepStart} (the host's daemon starts
     * polling once the program is launched, say); a call flagged earlier waits for it.
     *
     * @throws IllegalArgumentException for fewer than one core, a null parameter set or a negative start
     */
    public HostCallDaemon(int cores, HostCallParams params, long sweepStart) {
        if (sweepStart < 0) {
            throw new IllegalArgumentException("the host daemon's sweep cannot start at cycle " + sweepStart);
        }
        if (cores < 1 || params == null) {
            throw new IllegalArgumentException("a host daemon polls at least one core, with parameters; got " + cores
                    + ", " + params);
        }
        this.params = params;
        this.cores = cores;
        this.poll = params.pollCycles();
        this.sweep = Math.multiplyExact(poll, cores);
        this.flagged = new long[cores];
        java.util.Arrays.fill(flagged, -1);
        this.calls = new HostCall[cores];
        this.dones = new Interconnect.Done[cores];
        this.anchorAt = sweepStart;
    }

    /** The cycles core {@code core} waits for {@code call} flagged at {@code cycle} when no other core calls: the sweep from cycle 0 at core 0. */
    public static long waitAlone(int cores, HostCallParams params, int core, HostCall call, long cycle) {
        long poll = params.pollCycles();
        long seen = firstPoll(0, 0, cores, poll, core, cycle);
        return seen + poll + params.serviceCycles(call) - cycle;
    }

    /** The start of the first poll of {@code core} at or after {@code flag}, for a sweep anchored at (at, from). */
    private static long firstPoll(long at, int from, int cores, long poll, int core, long flag) {
        long s = at + Math.floorMod(core - from, cores) * poll;
        if (s < flag) {
            long period = poll * cores;
            s += (flag - s + period - 1) / period * period;
        }
        return s;
    }

    /**
     * Core {@code core} flags {@code call} at {@code cycle}; {@code done} at the cycle it sees the
     * host's answer.
     *
     * @throws IllegalArgumentException for a core off the chip
     * @throws IllegalStateException    if the core already waits for a call (a core runs one at a time)
     */
    public void submit(int core, HostCall call, long cycle, Interconnect.Done done) {
        if (core < 0 || core >= cores) {
            throw new IllegalArgumentException("core " + core + " is not one of the " + cores + " the host polls");
        }
        if (flagged[core] >= 0 || serving == core) {
            throw new IllegalStateException("core " + core + " flags a host call at cycle " + cycle
                    + " while it still waits for one");
        }
        flagged[core] = cycle;
        calls[core] = call;
        dones[core] = done;
        pending++;
    }

    /** The cycle of the daemon's next event, or {@link Long#MAX_VALUE} when no call is pending. */
    public long nextEventCycle() {
        if (serving >= 0) {
            return answerAt;
        }
        if (pending == 0) {
            return Long.MAX_VALUE;
        }
        return firstPoll(anchorAt, anchorCore, cores, poll, nextCore(), flagged[nextCore()]);
    }

    /** The pending core whose flag the sweep reaches first. */
    private int nextCore() {
        int best = -1;
        long at = Long.MAX_VALUE;
        for (int c = 0; c < cores; c++) {
            if (flagged[c] >= 0) {
                long s = firstPoll(anchorAt, anchorCore, cores, poll, c, flagged[c]);
                if (s < at) {
                    at = s;
                    best = c;
                }
            }
        }
        return best;
    }

    /** Processes the next event: a poll that sees a flag starts serving it, or a call's answer reaches its core. */
    public void step() {
        if (serving >= 0) {
            int c = serving;
            long at = answerAt;
            serving = -1;
            anchorAt = at;
            anchorCore = (c + 1) % cores;
            served.add(new Interconnect.HostService(c, calls[c], flagged[c], servingSeen, at));
            Interconnect.Done d = dones[c];
            flagged[c] = -1;
            calls[c] = null;
            dones[c] = null;
            d.done(at);
            return;
        }
        if (pending == 0) {
            throw new IllegalStateException("the host daemon has nothing to do");
        }
        int c = nextCore();
        long seen = firstPoll(anchorAt, anchorCore, cores, poll, c, flagged[c]);
        pending--;
        serving = c;
        servingSeen = seen;
        answerAt = Math.addExact(Math.addExact(seen, poll), params.serviceCycles(calls[c]));
    }

    /**
     * The calls served so far, in the order the daemon served them, for the host's timeline: each
     * flagged by its core at {@code flagged}, seen by the poll that started at {@code seen} and
     * answered at {@code answered} (the daemon was busy with it from {@code seen} to {@code answered}).
     */
    public List<Interconnect.HostService> served() {
        return List.copyOf(served);
    }

    /** The cycles one poll takes; a sweep of the chip is {@link #sweepCycles}. */
    public long pollCycles() {
        return poll;
    }

    /** The poll period: one sweep of every core. */
    public long sweepCycles() {
        return sweep;
    }
}
