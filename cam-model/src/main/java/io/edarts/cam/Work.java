package io.edarts.cam;

import java.util.Arrays;

/**
 * What one firing did, as a cost model needs it: the code it ran, the instructions it executed by
 * kind, the data it touched and how many dependent slots it signals. Immutable: the runtime fills a
 * {@link Builder} from the codelet's declared cost and what its body charged while it ran, then hands
 * the built value to {@link CoreModel#fire}.
 *
 * @param code           the code object the body runs, with the placement in force for this run
 * @param codeHomeCore   the core whose local memory holds the code, or -1 when its home is DRAM (or
 *                       it is local to the firing core)
 * @param codeCopySource a core the scheduler believes holds a copy of the code (nearest first), or
 *                       -1; a cache miss may copy from there instead of from the home
 * @param declaredCycles cycles declared on top of the instructions below, work of unknown kind
 * @param ialu           integer ALU instructions
 * @param fpu            floating-point instructions
 * @param loadStore      load/store instructions not recorded as addressed accesses
 * @param branches       branch instructions
 * @param data           the addressed data accesses, in program order
 * @param signals        dependent slots the firing signals when it completes
 */
public record Work(CodeObject code, int codeHomeCore, int codeCopySource, long declaredCycles, long ialu,
                   long fpu, long loadStore, long branches, Accesses data, int signals) {

    /** @throws IllegalArgumentException on a null part, a count below zero or a home below -1 */
    public Work {
        if (code == null || data == null) {
            throw new IllegalArgumentException("work needs a code object and an access list");
        }
        if (declaredCycles < 0 || ialu < 0 || fpu < 0 || loadStore < 0 || branches < 0 || signals < 0) {
            throw new IllegalArgumentException("'" + code.name() + "': negative work: declared " + declaredCycles
                    + ", ialu " + ialu + ", fpu " + fpu + ", load/store " + loadStore + ", branches " + branches
                    + ", signals " + signals);
        }
        if (codeHomeCore < -1 || codeCopySource < -1) {
            throw new IllegalArgumentException("'" + code.name() + "': code home " + codeHomeCore
                    + " and copy source " + codeCopySource + " must be a core or -1");
        }
    }

    /** Instructions executed, over all kinds (addressed accesses not included). */
    public long instructions() {
        return ialu + fpu + loadStore + branches;
    }

    /** A builder for {@code code}; reusable after {@link Builder#reset}. */
    public static Builder builder(CodeObject code) {
        return new Builder().code(code);
    }

    /**
     * The addressed data accesses of one firing, packed; immutable.
     */
    public static final class Accesses {
        public static final Accesses NONE = new Accesses(new long[0], new int[0], 0);

        private final long[] addresses;
        /** Size in bytes, negated for a write. */
        private final int[] sizes;
        private final int count;

        private Accesses(long[] addresses, int[] sizes, int count) {
            this.addresses = addresses;
            this.sizes = sizes;
            this.count = count;
        }

        public int count() { return count; }

        /** The global address (or local alias) of access {@code i}. */
        public long address(int i) {
            return addresses[check(i)];
        }

        /** Bytes of access {@code i}. */
        public int size(int i) {
            return Math.abs(sizes[check(i)]);
        }

        public boolean isWrite(int i) {
            return sizes[check(i)] < 0;
        }

        private int check(int i) {
            if (i < 0 || i >= count) {
                throw new IndexOutOfBoundsException("access " + i + " of " + count);
            }
            return i;
        }
    }

    /** Fills one firing's work; not thread-safe, owned by one core. */
    public static final class Builder {
        private CodeObject code;
        private int codeHomeCore = -1;
        private int codeCopySource = -1;
        private long declaredCycles;
        private long ialu;
        private long fpu;
        private long loadStore;
        private long branches;
        private int signals;
        private long[] addresses = new long[8];
        private int[] sizes = new int[8];
        private int accesses;

        /** Clears everything for the next firing. */
        public Builder reset() {
            code = null;
            codeHomeCore = codeCopySource = -1;
            declaredCycles = ialu = fpu = loadStore = branches = 0;
            signals = 0;
            accesses = 0;
            return this;
        }

        public Builder code(CodeObject c) { this.code = c; return this; }

        public Builder codeHomeCore(int core) { this.codeHomeCore = core; return this; }

        public Builder codeCopySource(int core) { this.codeCopySource = core; return this; }

        public Builder declaredCycles(long c) { this.declaredCycles = c; return this; }

        /** Adds instructions by kind (each may be 0). */
        public Builder instructions(long ialuCount, long fpuCount, long loadStoreCount, long branchCount) {
            this.ialu = Math.addExact(ialu, ialuCount);
            this.fpu = Math.addExact(fpu, fpuCount);
            this.loadStore = Math.addExact(loadStore, loadStoreCount);
            this.branches = Math.addExact(branches, branchCount);
            return this;
        }

        public Builder signals(int n) { this.signals = n; return this; }

        /**
         * Records one data access to a global address (or a local alias).
         *
         * @throws IllegalArgumentException for a size outside 1..8 bytes (one load or store)
         */
        public Builder access(long address, int bytes, boolean write) {
            if (bytes <= 0 || bytes > 8) {
                throw new IllegalArgumentException("access of " + bytes + " bytes at 0x" + Long.toHexString(address)
                        + ": expected 1..8 (one load or store)");
            }
            if (accesses == addresses.length) {
                addresses = Arrays.copyOf(addresses, accesses * 2);
                sizes = Arrays.copyOf(sizes, accesses * 2);
            }
            addresses[accesses] = address;
            sizes[accesses] = write ? -bytes : bytes;
            accesses++;
            return this;
        }

        /** The work so far, as an immutable value. */
        public Work build() {
            Accesses data = accesses == 0 ? Accesses.NONE
                    : new Accesses(Arrays.copyOf(addresses, accesses), Arrays.copyOf(sizes, accesses), accesses);
            return new Work(code, codeHomeCore, codeCopySource, declaredCycles, ialu, fpu, loadStore, branches, data,
                    signals);
        }
    }
}
