package io.edarts.cam;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes moved across the machine between pairs of nodes, by mesh: what a core's firings or an SU's
 * messages put on the network. A node is a core index, or {@link #DRAM} for external memory. Only
 * pairs are kept while a run goes (cheap per access); {@link Target#linkLoads} turns them into
 * per-link loads along the routes at the end. Owned by one actor; not thread-safe.
 */
public final class Traffic {
    public static final int DRAM = -1;
    /** On-chip writes and read replies. */
    public static final int CMESH = 0;
    /** Read requests. */
    public static final int RMESH = 1;
    public static final String[] MESH_NAMES = {"cmesh", "rmesh"};

    /** One pair's bytes on one mesh. */
    public record Flow(int from, int to, int mesh, long bytes) {}

    // Open addressing over primitive arrays: add() is on the firing path and must not allocate.
    private long[] keys = new long[16];
    private long[] bytes = new long[32];
    private int size;

    private static long key(int from, int to) {
        return ((long) (from + 2) << 32) | (to + 2);
    }

    /** Adds {@code n} bytes moved from node {@code from} to node {@code to} on {@code mesh}. */
    public void add(int from, int to, int mesh, long n) {
        if (n <= 0 || from == to) {
            return;
        }
        int i = slot(key(from, to)); // first: slot() may grow the arrays
        bytes[2 * i + mesh] += n;
    }

    private int slot(long k) {
        int mask = keys.length - 1;
        int i = (int) (mix(k) & mask);
        while (keys[i] != 0 && keys[i] != k) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            if (2 * (size + 1) > keys.length) {
                grow();
                return slot(k);
            }
            keys[i] = k;
            size++;
        }
        return i;
    }

    private static long mix(long k) {
        k *= 0x9E3779B97F4A7C15L;
        return k ^ (k >>> 29);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldBytes = bytes;
        keys = new long[oldKeys.length * 2];
        bytes = new long[oldBytes.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int j = slot(oldKeys[i]);
                bytes[2 * j] = oldBytes[2 * i];
                bytes[2 * j + 1] = oldBytes[2 * i + 1];
            }
        }
    }

    public void addAll(Traffic o) {
        for (int i = 0; i < o.keys.length; i++) {
            if (o.keys[i] != 0) {
                int j = slot(o.keys[i]);
                bytes[2 * j] += o.bytes[2 * i];
                bytes[2 * j + 1] += o.bytes[2 * i + 1];
            }
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The flows in a fixed order (from, to, mesh), so what is built from them is deterministic. */
    public List<Flow> flows() {
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                rows.add(new long[] {keys[i], bytes[2 * i], bytes[2 * i + 1]});
            }
        }
        rows.sort((a, b) -> Long.compare(a[0], b[0]));
        List<Flow> out = new ArrayList<>();
        for (long[] r : rows) {
            int from = (int) (r[0] >>> 32) - 2;
            int to = (int) (r[0] & 0xffffffffL) - 2;
            for (int m = 0; m < 2; m++) {
                if (r[1 + m] > 0) {
                    out.add(new Flow(from, to, m, r[1 + m]));
                }
            }
        }
        return out;
    }

    public Traffic copy() {
        Traffic t = new Traffic();
        t.addAll(this);
        return t;
    }
}
