package io.edarts.scheduler;

import io.edarts.api.TpDefinition;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running threaded procedure: its frame and the live counts of its sync slots. Each slot and each
 * codelet is owned by exactly one SU (see {@link RunContext#ownerOf}), which alone writes its entries,
 * so the arrays need no locks; messages between actors order every access.
 */
final class TpInstance {
    final long id;
    final TpDefinition<Object> def;
    final Object frame;
    /** Cluster owning the codelets that state no affinity. */
    final int home;
    /** Cluster whose SU created the instance and lists it until it ends. */
    final int creator;
    final int[] counts;
    final int[] fired;
    /** Times each codelet was enabled: the firing index of its next enabling. */
    final int[] enabled;
    final AtomicInteger unfired;
    volatile boolean exited;

    @SuppressWarnings("unchecked")
    TpInstance(long id, TpDefinition<?> def, Object frame, int home, int creator) {
        this.id = id;
        this.def = (TpDefinition<Object>) def;
        this.frame = frame;
        this.home = home;
        this.creator = creator;
        int slots = def.slotCount();
        this.counts = new int[slots];
        for (int s = 0; s < slots; s++) {
            counts[s] = def.slotInitial(s);
        }
        this.fired = new int[def.codeletCount()];
        this.enabled = new int[def.codeletCount()];
        this.unfired = new AtomicInteger(def.codeletCount());
    }

    boolean live() {
        return !exited && unfired.get() > 0;
    }

    String codeletLabel(int c) {
        return id == 0 ? def.codeletName(c) : def.name() + "#" + id + "." + def.codeletName(c);
    }
}
