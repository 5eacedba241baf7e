package io.edarts.cam;

/**
 * The cost model of one core. An instance belongs to exactly one core actor and is never shared, so
 * it may keep state (a code cache, counters) without locks; the results depend only on the sequence
 * of calls.
 */
public interface CoreModel {
    /**
     * Charges one firing that starts at {@code startCycle} and fills {@code out}.
     *
     * @param work       what the firing ran and touched
     * @param startCycle virtual cycle at which the core starts the firing
     * @param out        receives the cycles, split by phase
     */
    void fire(Work work, long startCycle, Charge out);

    /** This core's hardware counters so far. */
    Counters counters();

    /** What moving code has cost this core so far; all zero for targets that do not move code. */
    default CodeStats codeStats() {
        return new CodeStats();
    }

    /** What this core's firings have put on the network so far, or null for targets without one. */
    default Traffic traffic() {
        return null;
    }
}
