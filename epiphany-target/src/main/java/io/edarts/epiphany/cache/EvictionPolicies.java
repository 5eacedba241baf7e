package io.edarts.epiphany.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Registry of the code-cache eviction policies by name; the name is what machine files and the CLI use. */
public final class EvictionPolicies {
    /** The eSDK's flush of every unreferenced row (cachemanager.S {@code .unload}). */
    public static final String FLUSH_UNREFERENCED = "flush-unreferenced";
    /** Least recently called unreferenced row first, one at a time. */
    public static final String LRU = "lru";
    /** GreedyDual-Size: lowest (inflation + copy cost / size) first, one at a time. */
    public static final String GREEDY_DUAL_SIZE = "greedy-dual-size";
    /** What the eSDK does. */
    public static final String DEFAULT = FLUSH_UNREFERENCED;

    private static final Map<String, IntFunction<EvictionPolicy>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put(FLUSH_UNREFERENCED, n -> new FlushUnreferencedPolicy());
        FACTORIES.put(LRU, LruPolicy::new);
        FACTORIES.put(GREEDY_DUAL_SIZE, GreedyDualSizePolicy::new);
    }

    private EvictionPolicies() { }

    /** Valid names, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /**
     * A new policy for one cache serving {@code codeObjects} code objects (ids {@code 0..codeObjects-1}).
     *
     * @throws IllegalArgumentException on an unknown name (the message lists the valid ones) or a
     *                                  negative {@code codeObjects}
     */
    public static EvictionPolicy create(String name, int codeObjects) {
        if (codeObjects < 0) {
            throw new IllegalArgumentException("codeObjects must be >= 0, got " + codeObjects);
        }
        IntFunction<EvictionPolicy> factory = name == null ? null : FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown eviction policy '" + name + "'; valid names: "
                    + String.join(", ", FACTORIES.keySet()));
        }
        return factory.apply(codeObjects);
    }
}
