package io.edarts.epiphany.mesh;

import java.util.Arrays;

/**
 * A binary min-heap of events ordered by (tick, phase, sequence number): a total order, so the same
 * insertions always pop in the same order. Primitive arrays, no allocation per event once grown.
 */
final class EventQueue {
    private long[] key = new long[256];   // tick * 4 + phase
    private long[] seq = new long[256];
    private int[] type = new int[256];
    private int[] arg = new int[256];
    private int size;
    private long nextSeq;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void push(long tick, int phase, int eventType, int eventArg) {
        if (size == key.length) {
            int n = size * 2;
            key = Arrays.copyOf(key, n);
            seq = Arrays.copyOf(seq, n);
            type = Arrays.copyOf(type, n);
            arg = Arrays.copyOf(arg, n);
        }
        int i = size++;
        long k = tick * 4 + phase;
        long s = nextSeq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (less(k, s, key[parent], seq[parent])) {
                move(parent, i);
                i = parent;
            } else {
                break;
            }
        }
        key[i] = k;
        seq[i] = s;
        type[i] = eventType;
        arg[i] = eventArg;
    }

    long peekTick() {
        return key[0] >> 2;
    }

    int peekType() {
        return type[0];
    }

    int peekArg() {
        return arg[0];
    }

    void pop() {
        int last = --size;
        if (last == 0) {
            return;
        }
        long k = key[last];
        long s = seq[last];
        int t = type[last];
        int a = arg[last];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= last) {
                break;
            }
            int r = l + 1;
            int m = (r < last && less(key[r], seq[r], key[l], seq[l])) ? r : l;
            if (less(key[m], seq[m], k, s)) {
                move(m, i);
                i = m;
            } else {
                break;
            }
        }
        key[i] = k;
        seq[i] = s;
        type[i] = t;
        arg[i] = a;
    }

    private void move(int from, int to) {
        key[to] = key[from];
        seq[to] = seq[from];
        type[to] = type[from];
        arg[to] = arg[from];
    }

    private static boolean less(long k1, long s1, long k2, long s2) {
        return k1 < k2 || (k1 == k2 && s1 < s2);
    }
}
