package io.edarts.epiphany.cache;

/**
 * Hook for trace events. Called synchronously on the owning core's thread, with the simulated
 * cycle at which the event happens; implementations must not call back into the cache.
 */
public interface CacheEvents {
    /** Discards every event. */
    CacheEvents NONE = new CacheEvents() { };

    /** A miss (or a dynamic call's first load) starts copying {@code code} to {@code address}. */
    default void miss(CodeImage code, CodeSource from, int address, long cycle) { }

    /** {@code code}, which lived at {@code address}, was evicted and its PLT entry restored. */
    default void eviction(CodeImage code, int address, long cycle) { }

    /** {@code code} could not be brought in and runs in place from its home. */
    default void inPlace(CodeImage code, long cycle) { }
}
