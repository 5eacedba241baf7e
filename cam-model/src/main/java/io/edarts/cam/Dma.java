package io.edarts.cam;

import java.util.Arrays;

/**
 * A DMA transfer as a program describes it: one or more descriptors that one channel of the issuing
 * core's DMA engine runs back to back (a chain). A descriptor moves {@code outerCount} rows of
 * {@code innerBytes} each, the rows {@code srcStride} bytes apart at the source and {@code dstStride}
 * bytes apart at the destination (a 1D copy is one row). Addresses are the machine's global
 * addresses (or its local aliases); what they name and what moving them costs is the target's
 * business ({@link Target#dmaCycles}, {@link Interconnect#dma}). Immutable.
 */
public final class Dma {
    /** Longs per descriptor: src, srcStride, dst, dstStride, innerBytes, outerCount. */
    private static final int W = 6;
    private final long[] d;

    private Dma(long[] d) {
        this.d = d;
    }

    /**
     * A 1D copy of {@code bytes} from {@code src} to {@code dst}.
     *
     * @throws IllegalArgumentException for a negative address or {@code bytes <= 0}, with the values
     */
    public static Dma copy(long src, long dst, long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("DMA copy of " + bytes + " bytes from 0x" + Long.toHexString(src)
                    + " to 0x" + Long.toHexString(dst) + ": bytes must be > 0");
        }
        checkAddresses(src, dst);
        return new Dma(new long[] {src, bytes, dst, bytes, bytes, 1});
    }

    /**
     * A 2D (strided) copy: {@code outerCount} rows of {@code innerBytes}; row {@code i} is read at
     * {@code src + i * srcStride} and written at {@code dst + i * dstStride}. Strides may be
     * negative; the destination rows must not overlap.
     *
     * @throws IllegalArgumentException for a negative address, {@code innerBytes <= 0},
     *                                  {@code outerCount <= 0}, destination rows that overlap
     *                                  ({@code |dstStride| < innerBytes} with more than one row), or
     *                                  a transfer whose byte count overflows
     */
    public static Dma copy2d(long src, long srcStride, long dst, long dstStride, long innerBytes, long outerCount) {
        String what = "DMA 2D copy of " + outerCount + " x " + innerBytes + " bytes from 0x" + Long.toHexString(src)
                + " (stride " + srcStride + ") to 0x" + Long.toHexString(dst) + " (stride " + dstStride + ")";
        if (innerBytes <= 0 || outerCount <= 0) {
            throw new IllegalArgumentException(what + ": row bytes and row count must be > 0");
        }
        checkAddresses(src, dst);
        if (outerCount > 1 && Math.abs(dstStride) < innerBytes) {
            throw new IllegalArgumentException(what + ": destination rows overlap (|stride| " + Math.abs(dstStride)
                    + " < row bytes " + innerBytes + ")");
        }
        try {
            Math.multiplyExact(innerBytes, outerCount);
            long reach = Math.multiplyExact(Math.abs(srcStride) + Math.abs(dstStride), outerCount - 1);
            Math.addExact(Math.max(src, dst), reach);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + ": the transfer's extent overflows a 64-bit byte count", e);
        }
        if (src + (outerCount - 1) * srcStride < 0 || dst + (outerCount - 1) * dstStride < 0) {
            throw new IllegalArgumentException(what + ": its last row lies below address 0");
        }
        return new Dma(new long[] {src, srcStride, dst, dstStride, innerBytes, outerCount});
    }

    private static void checkAddresses(long src, long dst) {
        if (src < 0 || dst < 0) {
            throw new IllegalArgumentException("DMA addresses must be >= 0, got source 0x" + Long.toHexString(src)
                    + " and destination 0x" + Long.toHexString(dst));
        }
    }

    /**
     * This chain followed by {@code next}'s: one channel runs all descriptors back to back, and the
     * transfer completes when the last one has.
     *
     * @throws IllegalArgumentException if {@code next} is null
     */
    public Dma then(Dma next) {
        if (next == null) {
            throw new IllegalArgumentException("DMA chain: the next transfer is null");
        }
        long[] both = Arrays.copyOf(d, d.length + next.d.length);
        System.arraycopy(next.d, 0, both, d.length, next.d.length);
        return new Dma(both);
    }

    /** Descriptors in the chain, at least 1. */
    public int descriptors() {
        return d.length / W;
    }

    public long src(int i) { return d[at(i)]; }

    public long srcStride(int i) { return d[at(i) + 1]; }

    public long dst(int i) { return d[at(i) + 2]; }

    public long dstStride(int i) { return d[at(i) + 3]; }

    public long innerBytes(int i) { return d[at(i) + 4]; }

    public long outerCount(int i) { return d[at(i) + 5]; }

    /** Bytes descriptor {@code i} moves. */
    public long bytes(int i) {
        return innerBytes(i) * outerCount(i);
    }

    /**
     * Bytes the whole chain moves.
     *
     * @throws ArithmeticException if the sum overflows
     */
    public long bytes() {
        long sum = 0;
        for (int i = 0; i < descriptors(); i++) {
            sum = Math.addExact(sum, bytes(i));
        }
        return sum;
    }

    private int at(int i) {
        if (i < 0 || i >= descriptors()) {
            throw new IndexOutOfBoundsException("descriptor " + i + " of " + descriptors());
        }
        return i * W;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dma other && Arrays.equals(d, other.d);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(d);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("dma[");
        for (int i = 0; i < descriptors(); i++) {
            if (i > 0) {
                b.append(" then ");
            }
            b.append(outerCount(i)).append(" x ").append(innerBytes(i)).append(" B 0x")
                    .append(Long.toHexString(src(i))).append(" -> 0x").append(Long.toHexString(dst(i)));
        }
        return b.append(']').toString();
    }

    /**
     * The instructions a core executes to set a transfer up and start it, charged to the issuing
     * firing on top of its body.
     */
    public record Setup(long ialu, long loadStore, long branches) {
        public static final Setup NONE = new Setup(0, 0, 0);

        /** @throws IllegalArgumentException for a negative count */
        public Setup {
            if (ialu < 0 || loadStore < 0 || branches < 0) {
                throw new IllegalArgumentException("negative DMA set-up instructions: " + ialu + ", " + loadStore
                        + ", " + branches);
            }
        }
    }
}
