package io.edarts.epiphany.mesh;

import java.util.Arrays;

/** A growable FIFO of ints (transfer handles waiting at one router input for one output); capacity a power of two. */
final class IntRing {
    private int[] a = new int[4];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    void add(int v) {
        if (size == a.length) {
            int[] b = new int[a.length * 2];
            for (int i = 0; i < size; i++) {
                b[i] = a[(head + i) & (a.length - 1)];
            }
            a = b;
            head = 0;
        }
        a[(head + size) & (a.length - 1)] = v;
        size++;
    }

    int peek() {
        return a[head];
    }

    int poll() {
        int v = a[head];
        head = (head + 1) & (a.length - 1);
        size--;
        return v;
    }

    @Override
    public String toString() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = a[(head + i) % a.length];
        }
        return Arrays.toString(out);
    }
}
