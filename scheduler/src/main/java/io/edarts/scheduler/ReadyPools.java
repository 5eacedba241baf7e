package io.edarts.scheduler;

import akka.actor.typed.ActorRef;
import java.util.ArrayDeque;
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
    private final Queue<Ready> ready;
    /** Whether anything reads what each CU holds (the policy, or copying from the nearest holder). */
    private final boolean trackResidency;
    private final int capacity;
    private final View view = new View();
    /** CU index of each core of the machine, -1 for cores that are not this SU's CUs. */
    private final int[] cuIndexOfCore;
    private long readySeq;

    ReadyPools(RunContext run, List<Cu> cus) {
        this.run = run;
        this.cus = cus.toArray(new Cu[0]);
        this.policy = Policies.byName(run.options.policy()).get();
        this.trackResidency = policy.readsCodeResidency() || run.copyFromNearest;
        this.capacity = run.machine.poolCapacity();
        this.cuIndexOfCore = new int[run.machine.coreCount()];
        java.util.Arrays.fill(cuIndexOfCore, -1);
        for (int k = 0; k < this.cus.length; k++) {
            cuIndexOfCore[this.cus[k].core] = k;
        }
        this.ready = policy.prioritizesCriticalPath()
                ? new PriorityQueue<>(Comparator.comparingLong(Ready::priority).reversed()
                        .thenComparingLong(Ready::seq))
                : new ArrayDeque<>();
    }

    int size() {
        return cus.length;
    }

    /** Enabled codelets waiting in the SU's ready queue for a place. */
    int waiting() {
        return ready.size();
    }

    Cu cu(int k) {
        return cus[k];
    }

    /** Queues an enabled codelet. */
    void enqueue(InstanceRef inst, int codelet, long firing, long at) {
        long priority = policy.prioritizesCriticalPath() ? run.bottomLevels(inst.def())[codelet] : 0;
        ready.add(new Ready(inst, codelet, firing, at, ++readySeq, priority));
    }

    /** Whether a placement could happen now: something waits and some CU has room for it. */
    boolean canPlace() {
        if (ready.isEmpty()) {
            return false;
        }
        boolean idleOnly = policy.prioritizesCriticalPath();
        for (Cu cu : cus) {
            if (idleOnly ? cu.credits == 0 : cu.credits < capacity) {
                return true;
            }
        }
        return false;
    }

    /** The codelet the next placement is for. */
    Ready head() {
        return ready.peek();
    }

    /**
     * Asks the policy for a CU for the head of the queue; on success removes it and takes a credit.
     *
     * @return the CU index, or -1 if the policy found no room
     */
    int placeHead() {
        Ready r = ready.peek();
        int aff = r.inst().def().affinity(r.codelet());
        int k = policy.choose(view, aff >= 0 ? cuIndexOfCore[aff] : -1);
        if (k >= 0) {
            ready.poll();
            cus[k].credits++;
        }
        return k;
    }

    /** How many CUs the last placement examined. */
    int examined() {
        return policy.examined();
    }

    /** A completion on CU {@code k} was consumed: its credit comes back and its directory entry is updated. */
    void completed(int k, String codeName, boolean resident, List<String> evicted) {
        Cu cu = cus[k];
        cu.credits--;
        for (String gone : evicted) {
            cu.resident.remove(gone);
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
            Ready r = ready.peek();
            return r != null && cus[k].resident.contains(run.codeOf(r.inst().def(), r.codelet()).name());
        }

        @Override
        public long dataCycles(int k) {
            Ready r = ready.peek();
            return r == null ? 0 : run.dataCycles(r.inst(), r.codelet(), cus[k].core);
        }

        @Override
        public boolean capable(int k) {
            Ready r = ready.peek();
            return r == null || run.capable(r.inst().def(), r.codelet());
        }
    }
}
