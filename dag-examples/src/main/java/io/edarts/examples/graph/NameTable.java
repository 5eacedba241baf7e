package io.edarts.examples.graph;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Distinct strings numbered 0..size-1 in order of addition, packed as UTF-8 in one byte array.
 *
 * <p>A million short task ids cost about 11 bytes each here (bytes plus one offset) against about 50
 * as {@code String}s in a {@code HashMap}; the open-addressing index (4 bytes per slot, load at most
 * one half) is dropped when the graph is built.
 */
final class NameTable {
    private byte[] data;
    private int dataLength;
    private int[] offsets;      // offsets[i]..offsets[i+1] holds name i
    private int size;
    private int[] slots;        // name index + 1; 0 marks a free slot

    NameTable(int expected) {
        int cap = Math.max(16, expected);
        data = new byte[cap * 4];
        offsets = new int[cap + 1];
        slots = new int[Integer.highestOneBit(Math.max(8, cap) * 2 - 1) << 1];
    }

    int size() {
        return size;
    }

    /** Adds {@code name} and returns its new index, or returns {@code -1 - index} if it is present. */
    int addIfAbsent(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        int h = hash(b, 0, b.length);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                slots[i] = append(b) + 1;
                if (size * 2 > slots.length) {
                    rehash();
                }
                return size - 1;
            }
            int k = s - 1;
            if (Arrays.equals(data, offsets[k], offsets[k + 1], b, 0, b.length)) {
                return -1 - k;
            }
        }
    }

    String get(int index) {
        return new String(data, offsets[index], offsets[index + 1] - offsets[index], StandardCharsets.UTF_8);
    }

    byte[] packedBytes() {
        return Arrays.copyOf(data, dataLength);
    }

    int[] packedOffsets() {
        return Arrays.copyOf(offsets, size + 1);
    }

    private int append(byte[] b) {
        if (dataLength + b.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + b.length));
        }
        System.arraycopy(b, 0, data, dataLength, b.length);
        dataLength += b.length;
        if (size + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[++size] = dataLength;
        return size - 1;
    }

    private void rehash() {
        int[] grown = new int[slots.length * 2];
        int mask = grown.length - 1;
        for (int k = 0; k < size; k++) {
            int i = hash(data, offsets[k], offsets[k + 1]) & mask;
            while (grown[i] != 0) {
                i = (i + 1) & mask;
            }
            grown[i] = k + 1;
        }
        slots = grown;
    }

    // FNV-1a, then a final avalanche so that linear probing sees well-spread low bits.
    private static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
