package io.edarts.epiphany.experiment;

import io.edarts.epiphany.EpiphanyParams;
import io.edarts.epiphany.core.Instr;
import io.edarts.epiphany.core.IssueModel;
import io.edarts.epiphany.core.Kernel;
import io.edarts.epiphany.mesh.EMesh;
import io.edarts.epiphany.mesh.MeshTiming;

/**
 * One core executing a {@link Kernel} whose code lives in another node's memory, fetched over the
 * mesh one 8-byte line at a time.
 *
 * <p><b>Fetch model.</b> There is no instruction cache (ARCH 6.2: the sequencer reads instructions
 * from memory, local or remote). The reference manual gives no fetch-buffer depth for remote code,
 * only that an external fetch stalls 10+ cycles (ARCH Table 27) and that the event counter counts
 * "cycles the program sequencer waits for an instruction to return" (ARCH 9). We model the simplest
 * reading: one line outstanding, requested when the sequencer finds the next instruction missing
 * (the cycle after the last instruction issued), the current and the previous line held (so a
 * 32-bit instruction may straddle them), and the buffer dropped on a taken branch, after which the
 * branch target is fetched again. Each fetch is a remote read: a request on the rMesh, the line
 * back on the cMesh (or through the eLink from DRAM).
 */
final class RemoteKernelRun implements EMesh.Completion {
    /** Where the runner asks for its next fetch to be issued. */
    interface Scheduler {
        void fetchAt(long cycle, RemoteKernelRun run);
    }

    final int core;
    final int home;
    private final Kernel kernel;
    private final long iterations;
    private final Instr[] body;
    private final int[] firstLine;
    private final int[] lastLine;
    private final IssueModel issue = new IssueModel();
    private final Scheduler scheduler;

    private long iter;
    private int idx;
    private int haveLo = -1;
    private int haveHi = -1;
    private int wanted = -1;
    private long finish = -1;
    private long fetches;
    private long fetchWait;
    private long requestedAt;

    RemoteKernelRun(int core, int home, Kernel kernel, long iterations, Scheduler scheduler) {
        this.core = core;
        this.home = home;
        this.kernel = kernel;
        this.iterations = iterations;
        this.scheduler = scheduler;
        int n = kernel.body().size();
        body = kernel.body().toArray(new Instr[0]);
        firstLine = new int[n];
        lastLine = new int[n];
        for (int i = 0; i < n; i++) {
            firstLine[i] = kernel.firstLineOf(i);
            lastLine[i] = kernel.lastLineOf(i);
        }
    }

    /** Starts at cycle 0: the first line is missing. */
    void start() {
        advance(0);
    }

    /** The scheduler issues the fetch now. */
    void issueFetch(EMesh mesh, long cycle) {
        requestedAt = cycle;
        fetches++;
        mesh.read(core, home, Kernel.LINE_BYTES, cycle * EpiphanyParams.TICKS_PER_CYCLE, this);
    }

    @Override
    public void done(long transferId, long completionTick) {
        long arrival = MeshTiming.toCycles(completionTick);
        fetchWait += arrival - requestedAt;
        if (wanted == haveHi + 1 && haveHi >= 0) {
            haveLo = haveHi;
        } else {
            haveLo = wanted;
        }
        haveHi = wanted;
        advance(arrival);
    }

    private void advance(long now) {
        while (iter < iterations) {
            Instr x = body[idx];
            int need = firstLine[idx] < haveLo || firstLine[idx] > haveHi ? firstLine[idx]
                    : lastLine[idx] > haveHi ? lastLine[idx] : -1;
            if (need >= 0) {
                wanted = need;
                scheduler.fetchAt(Math.max(now, issue.lastIssue() + 1), this);
                return;
            }
            boolean lastPass = iter == iterations - 1;
            issue.issue(x, now, x.taken() && !lastPass);
            idx++;
            if (idx == body.length) {
                idx = 0;
                iter++;
                if (x.taken() && !lastPass) {
                    haveLo = -1;
                    haveHi = -1;
                }
            }
        }
        finish = issue.finish();
    }

    boolean finished() {
        return finish >= 0;
    }

    /** Cycles from start to the fall-through of the last pass. */
    long cycles() {
        if (finish < 0) {
            throw new IllegalStateException("core " + core + " has not finished");
        }
        return finish;
    }

    long fetches() {
        return fetches;
    }

    /** Cycles spent between issuing fetches and receiving their lines. */
    long fetchWait() {
        return fetchWait;
    }
}
