package io.edarts.sweep;

import io.edarts.scheduler.Policies;
import java.util.ArrayList;
import java.util.List;

/**
 * A scheduling configuration as a comparison lists it: a placement policy and the machine keys that
 * go with it, written {@code POLICY} or {@code POLICY@KEY=VALUE[@KEY=VALUE...]}
 * ({@code work-stealing@scheduler.cu-side=on}, {@code hierarchical@clusters.rows=2@clusters.cols=2}).
 * Some mechanisms are machine keys rather than policies (CU-side scheduling, cutting the mesh into
 * clusters) because they combine with every policy; a configuration names one such combination so
 * that it is one row of a comparison, measured against plain round-robin on the machine without its
 * keys. {@code @} appears in no policy name and no machine key, so the text splits one way only.
 *
 * @param policy the placement policy
 * @param keys   machine keys {@code key=value}, applied after the comparison's own {@code --set}s, in order
 */
public record PolicyConfig(String policy, List<String> keys) {
    /** What separates the policy from its keys and the keys from each other. */
    public static final String SEPARATOR = "@";

    /** @throws IllegalArgumentException for an unknown policy or a key that is not {@code key=value} */
    public PolicyConfig {
        if (policy == null || keys == null) {
            throw new IllegalArgumentException("policy config: policy and keys are required");
        }
        Policies.byName(policy);
        for (String k : keys) {
            int eq = k == null ? -1 : k.indexOf('=');
            if (eq <= 0 || k.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("'" + k + "' after " + policy + SEPARATOR
                        + ": expected KEY=VALUE, e.g. scheduler.cu-side=on");
            }
        }
        keys = List.copyOf(keys);
    }

    /**
     * Reads {@code POLICY[@KEY=VALUE...]}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong in it
     */
    public static PolicyConfig parse(String text) {
        String[] parts = text.split(SEPARATOR, -1);
        List<String> keys = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            keys.add(parts[i].trim());
        }
        if (keys.isEmpty()) {
            return new PolicyConfig(parts[0].trim(), keys); // its message names the policy already
        }
        try {
            return new PolicyConfig(parts[0].trim(), keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    /** Whether this is the policy alone, with no keys of its own. */
    public boolean plain() {
        return keys.isEmpty();
    }

    /** The text {@link #parse} reads back to this configuration. */
    public String label() {
        return keys.isEmpty() ? policy : policy + SEPARATOR + String.join(SEPARATOR, keys);
    }

    @Override
    public String toString() {
        return label();
    }
}
