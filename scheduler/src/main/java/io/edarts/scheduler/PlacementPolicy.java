package io.edarts.scheduler;

/**
 * How an SU places enabled codelets into the ready pools of its CUs. A policy sees the cluster only
 * through {@link View} and must be deterministic: the same view gives the same choice.
 */
public interface PlacementPolicy {
    /** What the policy may look at: the CUs of one cluster at the SU's current time. */
    interface View {
        int cuCount();

        /** Core index of CU {@code k} (for affinity). */
        int core(int k);

        /** Codelets placed on CU {@code k} whose completion the SU has not yet consumed (running or waiting). */
        int load(int k);

        /** Codelets CU {@code k} can still be given: {@code pool-capacity - load(k)}. */
        int freeSlots(int k);

        /** Whether CU {@code k} holds the code of the codelet being placed in its local memory. */
        boolean holdsCode(int k);

        /**
         * The target's estimate, in cycles, of the data movement of placing the codelet on CU
         * {@code k}: what its core would stall, alone on the machine, loading (storing) every
         * element of each buffer the codelet declares it reads (writes), by where each buffer is
         * ({@code Target.dataCycles}); 0 for the core's own memory, a firing-core buffer, or a
         * codelet that declares no data.
         */
        long dataCycles(int k);

        /** Whether CU {@code k} can fire the codelet being placed (capabilities). */
        boolean capable(int k);

        /**
         * The target's estimate, in cycles, of the codelet being placed firing on CU {@code k} alone on
         * the machine ({@code Target.estimateCycles}): its instructions and declared cycles at that
         * core's speed, and getting its code there: nothing when the core holds it (the directory of
         * consumed completions, or a firing of the same code already placed there), else the copy or
         * the fetches from where it lives. Data is {@link #dataCycles}. Only for policies that
         * {@link PlacementPolicy#readsFinishEstimates}; a view without estimates throws.
         */
        default long estimateCycles(int k) {
            throw new UnsupportedOperationException("this view has no estimates (estimateCycles)");
        }

        /**
         * The earliest cycle CU {@code k} is expected to start the codelet being placed: when it has
         * done the firings placed on it (each as estimated, from the last completion consumed), and a
         * descriptor sent now would arrive; never before the SU's current cycle. Only for policies
         * that {@link PlacementPolicy#readsFinishEstimates}; a view without estimates throws.
         */
        default long freeAt(int k) {
            throw new UnsupportedOperationException("this view has no estimates (freeAt)");
        }

        /** Mesh row of CU {@code k}'s core (for layouts). */
        default int row(int k) {
            throw new UnsupportedOperationException("this view has no mesh coordinates (row)");
        }

        /** Mesh column of CU {@code k}'s core (for layouts). */
        default int col(int k) {
            throw new UnsupportedOperationException("this view has no mesh coordinates (col)");
        }
    }

    /** The policy's name on the command line. */
    String name();

    /**
     * Whether the ready queue is ordered by longest path to the end (critical path) instead of by
     * enabling order.
     */
    default boolean prioritizesCriticalPath() {
        return false;
    }

    /**
     * Whether the policy places only on idle CUs (load 0), so the SU tries a placement only when a
     * CU is idle. By default, the policies that order the queue by critical path.
     */
    default boolean placesOnIdleOnly() {
        return prioritizesCriticalPath();
    }

    /**
     * Whether the policy asks {@link View#estimateCycles} and {@link View#freeAt}, so the SU must
     * track what it expects of each CU.
     */
    default boolean readsFinishEstimates() {
        return false;
    }

    /** Whether the policy asks {@link View#holdsCode}, so the SU must track what each CU holds. */
    default boolean readsCodeResidency() {
        return false;
    }

    /**
     * Whether an idle CU with an empty pool steals from the pools of the other CUs of its cluster
     * over the mesh ({@link CuPools}); the SU then hands each codelet to its CU only when the CU
     * starts it, so a codelet waiting in a pool can still move.
     */
    default boolean stealsBetweenCus() {
        return false;
    }

    /**
     * Whether, with CU-side scheduling, a CU sends a codelet it enabled that has no affinity but
     * declares data to the CUs where that data costs least ({@link View#dataCycles}), the least
     * occupied of them, instead of into its own pool ({@link CuPools}): the CU-side form of a
     * data-aware {@link #choose}.
     */
    default boolean placesByDataOnCus() {
        return false;
    }

    /**
     * Whether the SUs form a tree: on a machine of several clusters, a top SU deals each invoked
     * threaded procedure to a cluster SU ({@code TopScheduler}), which places its codelets with
     * {@link #choose}. On one cluster there is nothing to deal and the policy is its {@link #choose}.
     */
    default boolean dealsProceduresFromTop() {
        return false;
    }

    /**
     * Chooses a CU for a codelet, or returns -1 to hold it in the SU's ready queue until a pool has
     * room (the back-pressure rule).
     *
     * @param affinityCu index of the CU the codelet prefers, or -1
     * @return a CU index in {@code 0..view.cuCount()-1} with a free slot, or -1
     */
    int choose(View view, int affinityCu);

    /** How many CUs the last {@link #choose} examined (charged as SU decision time). */
    int examined();
}
