package io.edarts.epiphany.cache;

/**
 * Chooses what the code cache evicts when a miss finds no free row or no gap big enough. The cache
 * owns the table, reference counts and layout; a policy only keeps its own per-object state and
 * picks victims. The cache then retries the search once, as cachemanager.S does, and executes in
 * place if it still fails. One instance per cache; called on the owning core's thread; the
 * {@code onHit} path must not allocate. Registered by name in {@link EvictionPolicies}.
 */
public interface EvictionPolicy {
    /** Registry name. */
    String name();

    /** What the policy adds to the cache manager, in instructions and bytes. */
    Costs costs();

    /** {@code codeId} was copied in, occupying {@code bytes}; the copy took {@code copyCycles}. */
    void onLoad(int codeId, int bytes, long copyCycles, long now);

    /** {@code codeId} was called through {@code countedcall}. */
    void onHit(int codeId, long now);

    /** {@code codeId} left the cache. */
    void onEvict(int codeId);

    /**
     * Evicts rows with a zero reference count until a {@code bytes}-byte object would fit, or as
     * the policy's rule says; may evict nothing. Charges its own search through
     * {@link ResidentTable#charge}.
     */
    void makeRoom(ResidentTable table, int bytes);

    /**
     * Extra work a policy adds to the eSDK cache manager.
     *
     * @param hitInstructions    added to every {@code countedcall}
     * @param loadInstructions   added to every miss that loads
     * @param bytesPerCodeObject local memory for the policy's per-object state
     */
    record Costs(int hitInstructions, int loadInstructions, int bytesPerCodeObject) {
        public static final Costs NONE = new Costs(0, 0, 0);

        /** @throws IllegalArgumentException on a negative value */
        public Costs {
            if (hitInstructions < 0 || loadInstructions < 0 || bytesPerCodeObject < 0) {
                throw new IllegalArgumentException("policy costs must be >= 0, got hit=" + hitInstructions
                        + " load=" + loadInstructions + " bytesPerCodeObject=" + bytesPerCodeObject);
            }
        }
    }
}
