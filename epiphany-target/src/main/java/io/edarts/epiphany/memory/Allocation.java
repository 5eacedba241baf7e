package io.edarts.epiphany.memory;

/**
 * One successful allocation.
 *
 * @param name    what it is for (for messages and reports)
 * @param place   where it went
 * @param region  which budget it was charged to
 * @param address its global eCore address (the core's mesh-node ID in bits [31:20], or in DRAM)
 * @param bytes   its size
 */
public record Allocation(String name, Place place, Region region, long address, int bytes) {
}
