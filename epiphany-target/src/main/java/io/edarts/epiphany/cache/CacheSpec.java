package io.edarts.epiphany.cache;

/**
 * Geometry of one core's software code cache. As in cachemanager.S the table sits directly below
 * the code space ({@code cachespacebot}, with the code space starting at
 * {@code cachespacebot + CACHE_TABLE_SIZE * CACHE_TABLE_ENTRY_WIDTH}), so the table occupies
 * {@code [regionBase - tableEntries * 16, regionBase)}.
 *
 * @param regionBase   local address where the code space starts, word aligned
 * @param regionBytes  size of the code space, a positive multiple of 4
 * @param tableEntries table rows including the sentinel row 0; at least 2
 */
public record CacheSpec(int regionBase, int regionBytes, int tableEntries) {
    /** cachemanager.S {@code CACHE_TABLE_SIZE}: 20 rows, row 0 being the sentinel. */
    public static final int ESDK_TABLE_ENTRIES = 20;
    /** cachemanager.S {@code CACHE_TABLE_ENTRY_WIDTH}: start, end, reference count, PLT pointer. */
    public static final int TABLE_ENTRY_BYTES = 16;
    /** A core's own memory aliases 0x00000000-0x000FFFFF (epiphany-facts.md, "address"). */
    static final int LOCAL_ADDRESS_SPACE = 0x10_0000;

    /** @throws IllegalArgumentException naming the offending value */
    public CacheSpec {
        if (tableEntries < 2) {
            throw new IllegalArgumentException("tableEntries must be >= 2 (sentinel + one row), got " + tableEntries);
        }
        if (regionBytes <= 0 || regionBytes % 4 != 0) {
            // .copyloop moves whole words, so every boundary must stay word aligned.
            throw new IllegalArgumentException("regionBytes must be a positive multiple of 4, got " + regionBytes);
        }
        if (regionBase % 4 != 0) {
            throw new IllegalArgumentException("regionBase must be word aligned, got " + regionBase);
        }
        long tableBytes = (long) tableEntries * TABLE_ENTRY_BYTES;
        if (regionBase < tableBytes) {
            throw new IllegalArgumentException("regionBase " + regionBase + " leaves no room below it for the "
                    + tableEntries + "-row table (" + tableBytes + " bytes)");
        }
        if ((long) regionBase + regionBytes > LOCAL_ADDRESS_SPACE) {
            throw new IllegalArgumentException("cache region [" + regionBase + ", " + ((long) regionBase + regionBytes)
                    + ") exceeds the local address space of " + LOCAL_ADDRESS_SPACE + " bytes");
        }
    }

    /** The eSDK's 20-row table in front of a code space of {@code regionBytes} at {@code regionBase}. */
    public static CacheSpec esdk(int regionBase, int regionBytes) {
        return new CacheSpec(regionBase, regionBytes, ESDK_TABLE_ENTRIES);
    }

    /** Local address of table row 0. */
    public int tableBase() {
        return regionBase - tableBytes();
    }

    public int tableBytes() {
        return tableEntries * TABLE_ENTRY_BYTES;
    }

    /** One past the last byte of the code space ({@code cachespacetop}, the END marker). */
    public int regionEnd() {
        return regionBase + regionBytes;
    }
}
