package io.edarts.api;

import java.util.Arrays;

/** A growable list of ints, to keep a million-codelet builder small. */
final class IntList {
    private int[] a = new int[2];
    private int n;

    void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    int size() {
        return n;
    }

    int get(int i) {
        return a[i];
    }

    int[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
