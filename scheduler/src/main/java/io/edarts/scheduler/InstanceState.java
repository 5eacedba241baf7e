package io.edarts.scheduler;

/**
 * One SU's mutable part of a threaded-procedure instance: the live counts of the slots it owns and
 * how often each codelet it keeps (that it owns, {@link RunContext#ownerOf}) was enabled and fired. Never leaves
 * its SU.
 *
 * <p>Memory. The root instance on a machine of several clusters is spread over every SU, so each
 * holds only its share: its slots and codelets renumbered densely by a {@link Layout} that all SUs
 * share (computed once per run). Full-size arrays in every SU were 12 bytes per codelet per SU,
 * 1.9 GB for ten million codelets on 16 clusters. Other instances live at one SU and are indexed
 * directly.
 */
final class InstanceState {
    /**
     * Where the slots and codelets of an instance spread over SUs live: SU {@code k} keeps slot
     * {@code s} if {@code slots[k][slotAt[s]] == s}, and codelet {@code c} if
     * {@code codelets[k][codeletAt[c]] == c}; each SU's lists are in increasing order.
     */
    record Layout(int[] slotAt, int[] codeletAt, int[][] slots, int[][] codelets) {}

    final InstanceRef ref;
    private final int[] slotAt;
    private final int[] codeletAt;
    /** This SU's slots and codelets by local index, or null when indexed directly. */
    private final int[] mySlots;
    private final int[] myCodelets;
    private final int[] counts;
    private final int[] fired;
    /** Times each codelet was enabled: the firing index of its next enabling. */
    private final int[] enabled;
    boolean exited;
    /** Cycle of the exit, and from when signals to it are late here (-1: not exited). */
    long exitedAt = -1;
    long exitKnownAt = -1;
    /** At the instance's home only: how many of its codelets have fired at least once (anywhere). */
    int firstFirings;
    /** At the instance's home only: it exited and its continuation was signalled. */
    boolean finished;

    /** {@code layout}: null to index every slot and codelet directly. */
    InstanceState(InstanceRef ref, Layout layout, int cluster) {
        this.ref = ref;
        if (layout == null) {
            slotAt = null;
            codeletAt = null;
            mySlots = null;
            myCodelets = null;
            int slots = ref.def().slotCount();
            this.counts = new int[slots];
            for (int s = 0; s < slots; s++) {
                counts[s] = ref.def().slotInitial(s);
            }
            this.fired = new int[ref.def().codeletCount()];
            this.enabled = new int[ref.def().codeletCount()];
        } else {
            slotAt = layout.slotAt();
            codeletAt = layout.codeletAt();
            mySlots = layout.slots()[cluster];
            myCodelets = layout.codelets()[cluster];
            this.counts = new int[mySlots.length];
            for (int i = 0; i < mySlots.length; i++) {
                counts[i] = ref.def().slotInitial(mySlots[i]);
            }
            this.fired = new int[myCodelets.length];
            this.enabled = new int[myCodelets.length];
        }
    }

    private int slot(int s) {
        if (slotAt == null) {
            return s;
        }
        int i = slotAt[s];
        if (i >= mySlots.length || mySlots[i] != s) {
            throw new IllegalStateException("slot " + s + " of " + ref.instanceLabel() + " is not kept by this SU");
        }
        return i;
    }

    private int codelet(int c) {
        if (codeletAt == null) {
            return c;
        }
        int i = codeletAt[c];
        if (i >= myCodelets.length || myCodelets[i] != c) {
            return -1;
        }
        return i;
    }

    private int keptCodelet(int c) {
        int i = codelet(c);
        if (i < 0) {
            throw new IllegalStateException("codelet " + c + " of " + ref.instanceLabel() + " is not kept by this SU");
        }
        return i;
    }

    /** The live count of slot {@code s}, which this SU owns. */
    int count(int s) {
        return counts[slot(s)];
    }

    /** Decrements slot {@code s}, which this SU owns; returns what is left. */
    int decrement(int s) {
        return --counts[slot(s)];
    }

    void setCount(int s, int value) {
        counts[slot(s)] = value;
    }

    /** Times codelet {@code c} fired here (0 for a codelet another SU keeps). */
    int fired(int c) {
        int i = codelet(c);
        return i < 0 ? 0 : fired[i];
    }

    /** Counts a firing of codelet {@code c}, which this SU keeps; returns the count before. */
    int countFiring(int c) {
        return fired[keptCodelet(c)]++;
    }

    int enabled(int c) {
        return enabled[keptCodelet(c)];
    }

    /** Counts an enabling of codelet {@code c}, which this SU keeps; returns the count before. */
    int countEnabling(int c) {
        return enabled[keptCodelet(c)]++;
    }
}
