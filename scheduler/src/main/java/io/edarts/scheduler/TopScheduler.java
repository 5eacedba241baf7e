package io.edarts.scheduler;

/**
 * The top of the SU tree of the {@code hierarchical} policy: which cluster SU a newly invoked
 * threaded procedure goes to. Owned by the SU of cluster {@link #TOP}, whose core makes these
 * decisions between its own placements.
 *
 * <h2>Design note</h2>
 * DARTS runs one TP scheduler per cluster over the codelet schedulers of its cores
 * ({@code include/scheduler/TPScheduler.h}, {@code src/scheduler/TPSchedPolicy.cpp} of
 * szuckerm/DARTS): {@code invoke} pushes the TP closure (a factory and a frame pointer) to a TP
 * scheduler's queue, the TP scheduler runs the factory, which enables the TP's codelets there, and
 * deals them to its codelet schedulers. DARTS' TP schedulers are peers that push TPs round-robin
 * ({@code TPWorkPush}) or steal them at random; the Codelet Abstract Machine's hierarchy of SUs asks
 * for a tree, so here one top SU decides for every cluster, from the one view only it has: how many
 * procedures it dealt to each cluster that have not ended yet.
 *
 * <p>Protocol (each message a simulated one, {@code SchedulingUnit.TreeMessage}). A cluster SU
 * keeps a procedure it invokes while its cluster has room: the instance is created there, as
 * {@code invoke} pushes to the local TP scheduler in DARTS. When a full set of pools' worth of
 * codelets ({@code pool-capacity} x its CUs) already waits in its ready queue, it passes the
 * procedure up instead, as DARTS' {@code TPPushFull} hands on what its own queue cannot take: a
 * {@code REQUEST} (the TP closure: {@code dispatch-bytes}, two 32-bit words as DARTS'
 * {@code tpClosure} holds) to the top SU, which spends one decision ({@code Target.decisionCycles}
 * examining every cluster) and sends a {@code DEAL} of the same size to the chosen cluster's SU;
 * that SU creates the instance, allocates its frame buffers in its own cluster's memory and owns its
 * codelets (it is the instance's home). When a dealt instance ends, its home sends {@code ENDED}
 * ({@code signal-bytes}) to the top SU. A message between an SU and itself is no message: it is
 * queued at the SU's current cycle. With contention on, the messages cross the shared mesh
 * ({@code Interconnect.send}); otherwise each takes the target's uncontended {@code messageCycles}.
 * Dealing every procedure from the top was measured first and rejected: on fib (one procedure per
 * call) the top SU made a decision per call and became the bottleneck the tree is meant to remove
 * (parallella16 cut into 2x2 clusters: 831,770 cycles against 335,890 for the flat clusters).
 *
 * <p>Rule: the cluster with the fewest live procedures the top SU dealt it; among equals the
 * clusters after the creator in cluster order and the creator last (it asked because it is full),
 * so equal loads spread round the tree as DARTS' round-robin does. The root procedure is not
 * dealt: it exists before the run, its codelets spread over the clusters by index or affinity as on
 * every machine of several clusters ({@link RunContext#ownerOf}). Single-threaded: owned by one SU.
 */
final class TopScheduler {
    /** The cluster whose SU is the top of the tree. */
    static final int TOP = 0;

    /** What a message of the tree asks. */
    enum Kind { REQUEST, DEAL, ENDED }

    private final int[] live;
    private long dealt;

    TopScheduler(int clusters) {
        if (clusters < 1) {
            throw new IllegalArgumentException("a tree needs at least one cluster, got " + clusters);
        }
        this.live = new int[clusters];
    }

    /** The cluster a procedure that cluster {@code creator} passed up goes to; it counts as live there. */
    int choose(int creator) {
        int n = live.length;
        int best = (creator + 1) % n;
        for (int i = 2; i <= n; i++) {
            int c = (creator + i) % n;
            if (live[c] < live[best]) {
                best = c;
            }
        }
        live[best]++;
        dealt++;
        return best;
    }

    /** How many clusters a decision examines (charged as the top SU's decision time). */
    int examined() {
        return live.length;
    }

    /**
     * A procedure dealt to {@code cluster} ended.
     *
     * @throws IllegalStateException if the top SU dealt it none that is still live (a simulator fault)
     */
    void ended(int cluster) {
        if (live[cluster] == 0) {
            throw new IllegalStateException("cluster " + cluster + " ended a procedure the top SU did not deal it");
        }
        live[cluster]--;
    }

    /** Procedures dealt to {@code cluster} that have not ended. */
    int live(int cluster) {
        return live[cluster];
    }

    /** Procedures dealt so far. */
    long dealt() {
        return dealt;
    }
}
