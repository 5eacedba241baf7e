package io.edarts.cam;

import java.util.Arrays;

/**
 * What one firing did, as the cost model needs it: the code it ran, instructions by kind, and the
 * data it touched. Filled by the runtime (from the codelet's declared cost and what its body charged
 * as it ran) and handed to {@link CoreModel#fire}. Mutable and reused: one instance per CU.
 */
public final class Work {
    /** Name of the code object the body runs. */
    public String codeName = "";
    /** Size of that code object in bytes. */
    public int codeBytes;
    public Placement placement = Placement.LOCAL;
    /** Core whose memory holds the code when it is not in DRAM (-1: DRAM or nowhere special). */
    public int codeHomeCore = -1;
    /**
     * A core the scheduler believes holds a copy of the code (the nearest one to this core), or -1.
     * A cache miss may copy from there instead of from the code's home.
     */
    public int codeCopySource = -1;
    /** Cycles declared by the codelet on top of the instructions below. */
    public long declaredCycles;
    public long ialu;
    public long fpu;
    public long loadStore;
    public long branches;
    /** Dependent slots the firing signals when it completes. */
    public int signals;
    private long[] addresses = new long[8];
    private int[] sizes = new int[8];
    private boolean[] writes = new boolean[8];
    private int accesses;

    public void reset() {
        codeName = "";
        codeBytes = 0;
        placement = Placement.LOCAL;
        codeHomeCore = -1;
        codeCopySource = -1;
        declaredCycles = 0;
        ialu = fpu = loadStore = branches = 0;
        signals = 0;
        accesses = 0;
    }

    /** Records one data access to a global Epiphany address (or a local alias). */
    public void access(long address, int bytes, boolean write) {
        if (accesses == addresses.length) {
            addresses = Arrays.copyOf(addresses, accesses * 2);
            sizes = Arrays.copyOf(sizes, accesses * 2);
            writes = Arrays.copyOf(writes, accesses * 2);
        }
        addresses[accesses] = address;
        sizes[accesses] = bytes;
        writes[accesses] = write;
        accesses++;
    }

    public int accessCount() { return accesses; }

    public long address(int i) { return addresses[i]; }

    public int size(int i) { return sizes[i]; }

    public boolean isWrite(int i) { return writes[i]; }

    /** Instructions executed, over all kinds. */
    public long instructions() { return ialu + fpu + loadStore + branches; }
}
