package io.edarts.cam;

/**
 * The cost model of one core. An instance belongs to exactly one core actor and is never shared, so
 * it may keep state (a code cache, counters) without locks; its answers depend only on the sequence
 * of calls.
 */
public interface CoreModel {
    /**
     * Charges one firing that starts at {@code startCycle}.
     *
     * @param work       what the firing ran and touched
     * @param startCycle virtual cycle at which the core starts the firing, {@code >= 0}
     * @return the cycles by phase and what the firing did to the core's code memory
     * @throws IllegalArgumentException if the machine cannot run this firing as described (local code
     *                                  over the core's budget, an address off the machine); the run
     *                                  then fails naming the codelet
     */
    Charge fire(Work work, long startCycle);

    /** This core's hardware counters so far, as a copy. */
    Counters counters();

    /** What moving code has cost this core so far, as a copy; all zero for targets that do not move code. */
    default CodeStats codeStats() {
        return new CodeStats();
    }

    /** What this core's firings have put on the network so far, as a copy; empty for targets without one. */
    default Traffic traffic() {
        return new Traffic();
    }
}
