package io.edarts.epiphany.cache;

/**
 * What an {@link EvictionPolicy} sees of the cache table while it makes room: the occupied rows in
 * start-address order (row 0, the sentinel, is hidden; index 0 here is the table's row 1). Valid
 * only during {@link EvictionPolicy#makeRoom}.
 */
public interface ResidentTable {
    /** Occupied rows. */
    int size();

    int codeId(int index);

    /** Calls of this object now on the call stack; only rows with 0 may be evicted. */
    int referenceCount(int index);

    /** Bytes the row occupies in the code space (whole words). */
    int bytes(int index);

    /** Local address where the row's code starts. */
    int start(int index);

    /**
     * Whether a row and a first-fit gap of {@code bytes} are free now. Charged as one
     * {@code .cachebegin}/{@code .checkloop} pass of cachemanager.S.
     */
    boolean fits(int bytes);

    /**
     * Evicts row {@code index}: clears it, restores its PLT entry and shifts the later rows down by
     * one (as {@code .unloadsort} does). The removal is charged by the cache.
     *
     * @throws IllegalStateException if the row's reference count is not 0
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    void evict(int index);

    /** Charges the policy's own work of choosing victims. */
    void charge(int instructions, int takenBranches);
}
