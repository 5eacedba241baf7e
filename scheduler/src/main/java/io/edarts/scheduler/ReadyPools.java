package io.edarts.scheduler;

import akka.actor.typed.ActorRef;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;

/**
 * An SU's view of its CUs' ready pools: the enabled codelets waiting for a place, the credits that
 * bound each pool, the placement policy, and the directory of which CU holds which code.
 *
 * <h2>Design note: back-pressure by credits</h2>
 * Each CU holds at most {@code pool-capacity} codelets at once: the one it runs and those waiting in
 * its pool. A placement takes one of the CU's credits and the completion gives it back when the SU
 * consumes it, so every placement depends only on events already consumed in virtual-time order,
 * never on when a CU's answer reached the host. An enabled codelet that the policy cannot place stays
 * in the ready queue and is placed when a completion returns a credit. A full pool is a normal state:
 * completions always come, so it never deadlocks. The directory of held code is likewise as of the
 * consumed completions, so policies that read it stay deterministic.
 */
final class ReadyPools {
    /** An enabled codelet waiting for a pool. */
    record Ready(InstanceRef inst, int codelet, long firing, long enabledAt, long seq, long priority) {}

    /** What the SU knows of one CU. */
    static final class Cu {
        final int core;
        final ActorRef<ComputationUnit.Command> ref;
        final long dispatchLatency;
        final long signalLatency;
        /** Codelets placed on this CU whose completion the SU has not consumed yet. */
        int credits;
        /** Code objects this CU holds in local memory, as its completions have told the SU. */
        final Set<String> resident = new HashSet<>();

        Cu(int core, ActorRef<ComputationUnit.Command> ref, long dispatchLatency, long signalLatency) {
            this.core = core;
            this.ref = ref;
            this.dispatchLatency = dispatchLatency;
            this.signalLatency = signalLatency;
        }
    }

    private final RunContext run;
    private final Cu[] cus;
    private final PlacementPolicy policy;
    /** With a critical-path policy, the queue by priority; else null and the queue is the ring below. */
    private final Queue<Ready> ready;
    /*
     * In arrival order (without priorities): a ring of the waiting codelets in columns, so an enabled
     * codelet costs no record. {@code qHead} is the oldest; the length is a power of two.
     */
    private InstanceRef[] qInst = new InstanceRef[64];
    private int[] qCodelet = new int[64];
    private long[] qFiring = new long[64];
    private long[] qEnabledAt = new long[64];
    private int qHead;
    private int qSize;
    /** Whether anything reads what each CU holds (the policy, or copying from the nearest holder). */
    private final boolean trackResidency;
    private final int capacity;
    private final View view = new View();
    /** CU index of each core of the machine, -1 for cores that are not this SU's CUs. */
    private final int[] cuIndexOfCore;
    private long readySeq;
    /** CUs with room for one more codelet (fewer credits taken than the capacity), and idle CUs (none taken). */
    private int withRoom;
    private int idle;
    private final boolean idleOnly;
    /** What the SU expects of each CU's time, when the policy reads it; else null. */
    private final FinishEstimates estimates;
    /** The SU's cycle at the placement being decided (for {@link #estimates}). */
    private long now;

    ReadyPools(RunContext run, List<Cu> cus) {
        this.run = run;
        this.cus = cus.toArray(new Cu[0]);
        this.policy = Policies.byName(run.options.policy()).get();
        this.trackResidency = policy.readsCodeResidency() || run.copyFromNearest;
        this.capacity = run.machine.poolCapacity();
        this.idleOnly = policy.placesOnIdleOnly();
        this.withRoom = capacity > 0 ? this.cus.length : 0;
        this.idle = this.cus.length;
        this.cuIndexOfCore = new int[run.machine.coreCount()];
        java.util.Arrays.fill(cuIndexOfCore, -1);
        for (int k = 0; k < this.cus.length; k++) {
            cuIndexOfCore[this.cus[k].core] = k;
        }
        this.ready = policy.prioritizesCriticalPath()
                ? new PriorityQueue<>(Comparator.comparingLong(Ready::priority).reversed()
                        .thenComparingLong(Ready::seq))
                : null;
        this.estimates = policy.readsFinishEstimates() ? new FinishEstimates(run, this.cus.length) : null;
    }

    /** The SU's cycle now, before it places the head of the queue. */
    void now(long cycle) {
        this.now = cycle;
    }

    /** CU {@code k}'s oldest unfinished firing ended at {@code end} and its completion was consumed. */
    void finished(int k, long end) {
        if (estimates != null) {
            estimates.completed(k, end);
        }
    }

    int size() {
        return cus.length;
    }

    /** Enabled codelets waiting in the SU's ready queue for a place. */
    int waiting() {
        return ready != null ? ready.size() : qSize;
    }

    Cu cu(int k) {
        return cus[k];
    }

    /** Queues an enabled codelet. */
    void enqueue(InstanceRef inst, int codelet, long firing, long at) {
        if (ready != null) {
            ready.add(new Ready(inst, codelet, firing, at, ++readySeq, run.bottomLevels(inst.def())[codelet]));
            return;
        }
        if (qSize == qInst.length) {
            growQueue();
        }
        int i = (qHead + qSize) & (qInst.length - 1);
        qInst[i] = inst;
        qCodelet[i] = codelet;
        qFiring[i] = firing;
        qEnabledAt[i] = at;
        qSize++;
    }

    private void growQueue() {
        int len = qInst.length;
        InstanceRef[] inst = new InstanceRef[2 * len];
        int[] codelet = new int[2 * len];
        long[] firing = new long[2 * len];
        long[] at = new long[2 * len];
        for (int j = 0; j < qSize; j++) {
            int i = (qHead + j) & (len - 1);
            inst[j] = qInst[i];
            codelet[j] = qCodelet[i];
            firing[j] = qFiring[i];
            at[j] = qEnabledAt[i];
        }
        qInst = inst;
        qCodelet = codelet;
        qFiring = firing;
        qEnabledAt = at;
        qHead = 0;
    }

    private boolean queueEmpty() {
        return ready != null ? ready.isEmpty() : qSize == 0;
    }

    /** Whether a placement could happen now: something waits and some CU has room for it. */
    boolean canPlace() {
        return !queueEmpty() && (idleOnly ? idle > 0 : withRoom > 0);
    }

    /** CU {@code cu} takes ({@code +1}) or gives back ({@code -1}) a credit: the counts {@link #canPlace} reads. */
    private void credit(Cu cu, int delta) {
        int before = cu.credits;
        int after = before + delta;
        cu.credits = after;
        idle += (after == 0 ? 1 : 0) - (before == 0 ? 1 : 0);
        withRoom += (after < capacity ? 1 : 0) - (before < capacity ? 1 : 0);
        assert countsHold() : "room counts drifted: idle " + idle + ", with room " + withRoom + " against a recount";
    }

    /** The counts {@link #credit} keeps, against a recount over the CUs (assertions only: O(CUs) a credit). */
    private boolean countsHold() {
        int i = 0;
        int r = 0;
        for (Cu c : cus) {
            i += c.credits == 0 ? 1 : 0;
            r += c.credits < capacity ? 1 : 0;
        }
        return i == idle && r == withRoom;
    }

    /** The instance of the codelet the next placement is for (the queue is not empty). */
    InstanceRef headInst() {
        return ready != null ? ready.peek().inst() : qInst[qHead];
    }

    /** The codelet the next placement is for. */
    int headCodelet() {
        return ready != null ? ready.peek().codelet() : qCodelet[qHead];
    }

    /** Its enabling's number ({@link Dataflow.Sink#enabled}). */
    long headFiring() {
        return ready != null ? ready.peek().firing() : qFiring[qHead];
    }

    /** The cycle it was enabled. */
    long headEnabledAt() {
        return ready != null ? ready.peek().enabledAt() : qEnabledAt[qHead];
    }

    private void pollHead() {
        if (ready != null) {
            ready.poll();
            return;
        }
        qInst[qHead] = null;
        qHead = (qHead + 1) & (qInst.length - 1);
        qSize--;
    }

    /**
     * Asks the policy for a CU for the head of the queue; on success removes it and takes a credit.
     *
     * @return the CU index, or -1 if the policy found no room
     */
    int placeHead() {
        InstanceRef inst = headInst();
        int c = headCodelet();
        int aff = inst.def().affinity(c);
        int k = policy.choose(view, aff >= 0 ? cuIndexOfCore[aff] : -1);
        if (k >= 0) {
            if (estimates != null) {
                estimates.placed(k, RunContext.saturatedAdd(now, cus[k].dispatchLatency), view.estimateCycles(k),
                        run.codeOf(inst.def(), c).name());
            }
            pollHead();
            credit(cus[k], 1);
        }
        return k;
    }

    /** How many CUs the last placement examined. */
    int examined() {
        return policy.examined();
    }

    /** Whether the policy has idle CUs steal from other pools ({@link PlacementPolicy#stealsBetweenCus}). */
    boolean steals() {
        return policy.stealsBetweenCus();
    }

    /** Whether CU-side placements follow declared data ({@link PlacementPolicy#placesByDataOnCus}). */
    boolean placesByDataOnCus() {
        return policy.placesByDataOnCus();
    }

    /** A completion on CU {@code k} was consumed: its credit comes back and its directory entry is updated. */
    void completed(int k, String codeName, boolean resident, List<String> evicted) {
        completed(k, k, codeName, resident, evicted);
    }

    /**
     * A completion on CU {@code k} was consumed: the credit of the pool the SU placed it in comes back
     * ({@code creditOf}: {@code k}, the CU it was stolen from, or -1 for a codelet a CU placed itself,
     * which took no credit) and {@code k}'s directory entry is updated.
     */
    void completed(int k, int creditOf, String codeName, boolean resident, List<String> evicted) {
        Cu cu = cus[k];
        if (creditOf >= 0) {
            credit(cus[creditOf], -1);
        }
        for (int i = 0; i < evicted.size(); i++) { // a charge's list (immutable): no iterator per completion
            cu.resident.remove(evicted.get(i));
        }
        if (trackResidency) {
            if (resident) {
                cu.resident.add(codeName);
            } else {
                cu.resident.remove(codeName);
            }
        }
    }

    /**
     * With {@code code-copy-source = nearest-holder}: the CU nearest to CU {@code k} (fewest hops,
     * then lowest core) that the directory says holds {@code codeName}, or -1.
     */
    int copySource(int k, String codeName) {
        Cu dst = cus[k];
        if (!run.copyFromNearest || dst.resident.contains(codeName)) {
            return -1;
        }
        int best = -1;
        for (Cu cu : cus) {
            if (cu != dst && cu.resident.contains(codeName)
                    && (best < 0 || run.machine.hops(cu.core, dst.core) < run.machine.hops(best, dst.core))) {
                best = cu.core;
            }
        }
        return best;
    }

    /** The policy's window on the CUs at the SU's current cycle. */
    private final class View implements PlacementPolicy.View {
        @Override
        public int cuCount() {
            return cus.length;
        }

        @Override
        public int core(int k) {
            return cus[k].core;
        }

        @Override
        public int load(int k) {
            return cus[k].credits;
        }

        @Override
        public int freeSlots(int k) {
            return Math.max(0, capacity - cus[k].credits);
        }

        @Override
        public boolean holdsCode(int k) {
            if (queueEmpty()) {
                return false;
            }
            io.edarts.cam.CodeObject code = run.codeOf(headInst().def(), headCodelet());
            // local code is in every core's memory by placement (unless homed in one core's): held from the start
            if (code.placement() == io.edarts.cam.Placement.LOCAL) {
                return !code.hasHomeCore() || code.homeCore() == cus[k].core;
            }
            return cus[k].resident.contains(code.name());
        }

        @Override
        public long dataCycles(int k) {
            return queueEmpty() ? 0 : run.dataCycles(headInst(), headCodelet(), cus[k].core);
        }

        @Override
        public boolean capable(int k) {
            return queueEmpty() || run.capable(headInst().def(), headCodelet());
        }

        @Override
        public long estimateCycles(int k) {
            if (estimates == null || queueEmpty()) {
                throw new UnsupportedOperationException("estimateCycles: the policy does not read finish estimates");
            }
            InstanceRef inst = headInst();
            int c = headCodelet();
            boolean resident = cus[k].resident.contains(run.codeOf(inst.def(), c).name());
            return estimates.cycles(inst, c, k, cus[k].core, resident);
        }

        @Override
        public long freeAt(int k) {
            if (estimates == null) {
                throw new UnsupportedOperationException("freeAt: the policy does not read finish estimates");
            }
            return Math.max(estimates.freeAt(k, now), RunContext.saturatedAdd(now, cus[k].dispatchLatency));
        }

        @Override
        public int row(int k) {
            return run.machine.row(cus[k].core);
        }

        @Override
        public int col(int k) {
            return run.machine.col(cus[k].core);
        }
    }
}
