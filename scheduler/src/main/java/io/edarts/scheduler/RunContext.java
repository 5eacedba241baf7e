package io.edarts.scheduler;

import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.Cluster;
import io.edarts.cam.Machine;
import io.edarts.cam.Target;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Everything a run's actors share and never change: the program, the machine and its costs. */
final class RunContext {
    final Program<Object> program;
    final Target target;
    final Machine machine;
    final RunOptions options;
    final int clusters;
    /** Cycles an SU-to-SU message takes at the least: the window of the time keeper. */
    final long lookahead;
    final int dispatchBytes;
    final int signalBytes;
    final AtomicLong firedSoFar = new AtomicLong();
    /** Whether cache misses may copy code from the nearest CU known to hold it. */
    final boolean copyFromNearest;
    private final Set<String> capabilities;
    private final Map<TpDefinition<?>, long[]> bottomLevels = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    RunContext(Program<?> program, Target target, RunOptions options) {
        this.program = (Program<Object>) program;
        this.target = target;
        this.machine = target.machine();
        this.options = options;
        this.clusters = machine.clusters().size();
        this.dispatchBytes = machine.costs().dispatchBytes();
        this.signalBytes = machine.costs().signalBytes();
        this.copyFromNearest = machine.codeCopySource() == io.edarts.cam.CodeCopySource.NEAREST_HOLDER;
        this.capabilities = machine.cuCapabilities();
        long la = Long.MAX_VALUE;
        for (Cluster a : machine.clusters()) {
            for (Cluster b : machine.clusters()) {
                if (a != b) {
                    la = Math.min(la, target.messageCycles(a.suCore(), b.suCore(), signalBytes));
                }
            }
        }
        this.lookahead = la == Long.MAX_VALUE ? 0 : la;
        checkAffinities(this.program.root());
    }

    /**
     * @throws IllegalArgumentException naming the codelet whose affinity is a core this machine lacks
     */
    void checkAffinities(TpDefinition<?> def) {
        for (int c = 0; c < def.codeletCount(); c++) {
            int a = def.affinity(c);
            if (a >= machine.coreCount()) {
                throw new IllegalArgumentException("codelet '" + def.codeletName(c) + "' of " + def.name()
                        + " has affinity to core " + a + ", but " + machine.name() + " has cores 0.."
                        + (machine.coreCount() - 1));
            }
        }
    }

    /** The cluster whose SU owns codelet {@code c} of {@code inst}: its affinity, else spread or home. */
    int ownerOf(TpInstance inst, int c) {
        int aff = inst.def.affinity(c);
        if (aff >= 0 && aff < machine.coreCount()) {
            return machine.clusterOf(aff).id();
        }
        if (inst.id == 0 && clusters > 1) {
            return c % clusters;
        }
        return inst.home;
    }

    /** The cluster whose SU owns slot {@code s}: the owner of the first codelet it enables. */
    int slotOwner(TpInstance inst, int s) {
        return inst.def.slotTargetCount(s) == 0 ? inst.home : ownerOf(inst, inst.def.slotTarget(s, 0));
    }

    /** Whether every CU has the capabilities codelet {@code c} requires. */
    boolean capable(TpDefinition<?> def, int c) {
        if (!def.hasRequirements(c)) {
            return true;
        }
        return capabilities.containsAll(Arrays.asList(def.requires(c)));
    }

    /** Longest declared-cost path from each codelet of {@code def} to the end, itself included. */
    long[] bottomLevels(TpDefinition<?> def) {
        return bottomLevels.computeIfAbsent(def, RunContext::computeBottomLevels);
    }

    private static long[] computeBottomLevels(TpDefinition<?> d) {
        int n = d.codeletCount();
        int[] outdeg = new int[n];
        int[] indeg = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d.signalCount(i); k++) {
                int s = d.signal(i, k);
                for (int t = 0; t < d.slotTargetCount(s); t++) {
                    indeg[d.slotTarget(s, t)]++;
                    outdeg[i]++;
                }
            }
        }
        // Topological order (Kahn), then relax in reverse.
        int[] order = new int[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (indeg[i] == 0) {
                order[tail++] = i;
            }
        }
        while (head < tail) {
            int i = order[head++];
            for (int k = 0; k < d.signalCount(i); k++) {
                int s = d.signal(i, k);
                for (int t = 0; t < d.slotTargetCount(s); t++) {
                    int j = d.slotTarget(s, t);
                    if (--indeg[j] == 0) {
                        order[tail++] = j;
                    }
                }
            }
        }
        long[] bl = new long[n];
        for (int x = tail - 1; x >= 0; x--) {
            int i = order[x];
            long best = 0;
            for (int k = 0; k < d.signalCount(i); k++) {
                int s = d.signal(i, k);
                for (int t = 0; t < d.slotTargetCount(s); t++) {
                    best = Math.max(best, bl[d.slotTarget(s, t)]);
                }
            }
            bl[i] = best + d.cost(i).lowerBoundCycles() + 1;
        }
        return bl;
    }
}
