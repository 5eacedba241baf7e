package io.edarts.scheduler;

/**
 * One SU's mutable part of a threaded-procedure instance: the live counts of the slots it owns and
 * how often each codelet it owns was enabled and fired. Never leaves its SU.
 */
final class InstanceState {
    final InstanceRef ref;
    final int[] counts;
    final int[] fired;
    /** Times each codelet was enabled: the firing index of its next enabling. */
    final int[] enabled;
    boolean exited;
    /** Cycle of the exit, and from when signals to it are late here (-1: not exited). */
    long exitedAt = -1;
    long exitKnownAt = -1;
    /** At the instance's home only: how many of its codelets have fired at least once (anywhere). */
    int firstFirings;
    /** At the instance's home only: it exited and its continuation was signalled. */
    boolean finished;

    InstanceState(InstanceRef ref) {
        this.ref = ref;
        int slots = ref.def().slotCount();
        this.counts = new int[slots];
        for (int s = 0; s < slots; s++) {
            counts[s] = ref.def().slotInitial(s);
        }
        this.fired = new int[ref.def().codeletCount()];
        this.enabled = new int[ref.def().codeletCount()];
    }
}
