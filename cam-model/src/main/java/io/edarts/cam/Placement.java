package io.edarts.cam;

/**
 * Where a codelet's code lives and how a core reaches it: resident, executed in place from external
 * memory, loaded on first call into a dynamic-call region, or moved by a software code cache.
 */
public enum Placement {
    /** Resident in each core's local memory, counted against its budget. */
    LOCAL,
    /** Kept in external DRAM and executed in place from there. */
    GLOBAL,
    /** Kept in DRAM; copied into a dynamic-call region on first call through a jump-table entry. */
    DYNAMIC,
    /** Moved in and out of local memory by the software code cache (the default). */
    CACHED;

    /** The name files and the command line use: the constant in lower case. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Every label, in declaration order, for help texts and messages: "local, global, dynamic, cached". */
    public static String labels() {
        StringBuilder sb = new StringBuilder();
        for (Placement p : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(p.label());
        }
        return sb.toString();
    }

    /**
     * Parses a {@link #label()} (any case).
     *
     * @throws IllegalArgumentException for anything else, listing the labels
     */
    public static Placement parse(String s) {
        for (Placement p : values()) {
            if (s != null && p.name().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown placement '" + s + "': expected one of " + labels());
    }
}
