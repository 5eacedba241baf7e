package io.edarts.cam;

/** Where a code object lives and how a core reaches it (COPRTHR-2's qualifiers plus the eSDK cache). */
public enum CodePlacement {
    /** Resident in the core's local memory; counted against its budget. */
    LOCAL,
    /** Kept in external DRAM and executed in place from there. */
    GLOBAL,
    /** Kept in DRAM, copied into a dynamic-call region on first call through a jump-table entry. */
    DYNAMIC,
    /** Moved in and out of local memory by the software code cache. */
    CACHED
}
