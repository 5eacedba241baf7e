package io.edarts.epiphany.mesh;

import io.edarts.cam.Dma;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.Arrays;

/**
 * A {@link Dma} as core {@code core}'s engine runs it: per descriptor the data size of its
 * transactions, how many it issues, and the nodes it reads from and writes to.
 *
 * <p>Data size. The engine moves one item of the descriptor's data size (byte, half-word, word or
 * doubleword) per transaction, and every address and stride must be a multiple of it (ARCH 8, the
 * DMA_CONFIG DATASIZE field; e-lib's {@code E_DMA_BYTE}..{@code E_DMA_DWORD}). As e-lib's
 * {@code e_dma_copy} does, the plan takes the largest size that the addresses, the row length and
 * the strides allow, so a misaligned transfer is legal but moves fewer bytes per transaction, as on
 * the chip. Limits: the inner and outer counts are 16-bit fields and each stride a 16-bit field of
 * the descriptor (e-lib {@code e_dma_set_desc.c} packs {@code count_o << 16 | count_i} and the
 * strides the same way); a descriptor must stay within one memory (a core's local memory or the
 * DRAM window). Immutable.
 */
final class DmaPlan {
    /** Per descriptor: element bytes, transactions per row, rows, source node, destination node. */
    final int[] elem;
    final long[] inner;
    final long[] outer;
    final int[] srcNode;
    final int[] dstNode;

    private DmaPlan(int n) {
        elem = new int[n];
        inner = new long[n];
        outer = new long[n];
        srcNode = new int[n];
        dstNode = new int[n];
    }

    /**
     * @throws IllegalArgumentException naming the descriptor when an address is off the machine, a
     *                                  count or stride does not fit its field, or a descriptor spans
     *                                  two memories
     */
    static DmaPlan of(Dma t, int core, MeshGeometry g) {
        int n = t.descriptors();
        DmaPlan p = new DmaPlan(n);
        for (int i = 0; i < n; i++) {
            String what = n == 1 ? "" : "descriptor " + i + " of " + n + ": ";
            long rows = t.outerCount(i);
            long row = t.innerBytes(i);
            long bits = t.src(i) | t.dst(i) | row | 8;
            if (rows > 1) {
                bits |= t.srcStride(i) | t.dstStride(i);
            }
            int e = (int) Long.lowestOneBit(bits);
            long count = row / e;
            if (count > 0xFFFF || rows > 0xFFFF) {
                throw new IllegalArgumentException(what + rows + " rows of " + count + " " + e + "-byte items: the"
                        + " descriptor's inner and outer counts are 16-bit fields (at most 65,535 each)");
            }
            if (rows > 1 && (Math.abs(t.srcStride(i)) > Short.MAX_VALUE || Math.abs(t.dstStride(i)) > Short.MAX_VALUE)) {
                throw new IllegalArgumentException(what + "strides " + t.srcStride(i) + " and " + t.dstStride(i)
                        + " do not fit the descriptor's 16-bit stride fields (at most 32,767 bytes)");
            }
            p.elem[i] = e;
            p.inner[i] = count;
            p.outer[i] = rows;
            p.srcNode[i] = node(g, core, t.src(i), t.srcStride(i), rows, row, what + "source");
            p.dstNode[i] = node(g, core, t.dst(i), t.dstStride(i), rows, row, what + "destination");
        }
        return p;
    }

    private static int node(MeshGeometry g, int core, long base, long stride, long rows, long row, String what) {
        long first = Math.min(base, base + (rows - 1) * stride);
        long last = Math.max(base, base + (rows - 1) * stride) + row - 1;
        int a = g.nodeOf(first, core);
        int b = g.nodeOf(last, core);
        if (a != b) {
            throw new IllegalArgumentException(what + " 0x" + Long.toHexString(first) + "..0x" + Long.toHexString(last)
                    + " spans two memories (nodes " + a + " and " + b + "); one descriptor moves within one memory");
        }
        return a;
    }

    /** Transactions of descriptor {@code i}. */
    long transactions(int i) {
        return inner[i] * outer[i];
    }

    /** What the timing of the plan depends on, for memoizing it. */
    long[] shape(int core) {
        long[] s = new long[1 + 5 * elem.length];
        s[0] = core;
        for (int i = 0; i < elem.length; i++) {
            s[1 + 5 * i] = elem[i];
            s[2 + 5 * i] = inner[i];
            s[3 + 5 * i] = outer[i];
            s[4 + 5 * i] = srcNode[i];
            s[5 + 5 * i] = dstNode[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return "DmaPlan" + Arrays.toString(shape(-1));
    }
}
