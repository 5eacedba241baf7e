package io.edarts.cam;

/** Where a codelet's code lives (COPRTHR-2's placement qualifiers plus the eSDK software cache). */
public enum Placement {
    /** Resident in each core's local memory, counted against its budget. */
    LOCAL,
    /** Kept in external DRAM and executed in place from there. */
    GLOBAL,
    /** Kept in DRAM; copied into a dynamic-call region on first call through a jump-table entry. */
    DYNAMIC,
    /** Moved in and out of local memory by the software code cache (the default). */
    CACHED;

    /** Parses "local", "global", "dynamic" or "cached" (any case). */
    public static Placement parse(String s) {
        for (Placement p : values()) {
            if (p.name().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown placement '" + s + "': expected local, global, dynamic or cached");
    }
}
