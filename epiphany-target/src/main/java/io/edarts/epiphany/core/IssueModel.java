package io.edarts.epiphany.core;

import java.util.Arrays;

/**
 * In-order, static dual-issue timing of an eCore instruction stream, one instruction at a time.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>Issue.</b> In order; two instructions issue in the same cycle only as IALU+FPU or
 *       FPU+load/store, in either order, with no register dependency between them; IALU cannot pair
 *       with load/store; control instructions pair with nothing (ARCH 7.10, Table 23).</li>
 *   <li><b>Dependencies</b> (cycles between a producer's issue and a dependent's issue, ARCH Tables
 *       24-26): IALU to anything 1; load to IALU 1, to FPU 2, to store or load 1; FPU to FPU 4, to
 *       store 3, to IALU 4, to a branch on FPU flags 4. A dependent instruction waits (a
 *       register-dependency stall; a load-use stall when the producer is a load).</li>
 *   <li><b>Branches.</b> Predicted not taken; a taken branch costs 3 extra cycles before the next
 *       instruction (ARCH 7.11, Table 28).</li>
 *   <li><b>Fetch.</b> The caller says when each instruction's bytes are available
 *       ({@code notBefore}): always for local code (the sequencer fetches 8 bytes per cycle, enough
 *       for dual issue, ARCH 6.2), the arrival cycle of its fetch line for remote code.</li>
 * </ul>
 * Not thread-safe; allocation-free after construction.
 */
public final class IssueModel {
    /** Extra cycles after a taken branch (ARCH Table 28). */
    public static final int TAKEN_BRANCH_PENALTY = 3;

    private static final int REGS = Instr.FFLAGS + 1;
    private final long[] regIssue = new long[REGS];
    private final InstrClass[] regCls = new InstrClass[REGS];
    private long lastIssue;
    private boolean lastFull;
    private InstrClass lastCls;
    private int lastDst;
    private long redirect;

    private long issued;
    private long ialu;
    private long fpu;
    private long loadStore;
    private long branches;
    private long dualIssue;
    private long regDepStalls;
    private long loadStalls;

    public IssueModel() {
        reset();
    }

    /** Back to an empty pipeline at cycle 0 with zeroed statistics. */
    public void reset() {
        Arrays.fill(regIssue, Long.MIN_VALUE / 4);
        Arrays.fill(regCls, null);
        lastIssue = -1;
        lastFull = true;
        lastCls = null;
        lastDst = -1;
        redirect = 0;
        issued = ialu = fpu = loadStore = branches = dualIssue = regDepStalls = loadStalls = 0;
    }

    /**
     * Issues {@code x} no earlier than {@code notBefore}.
     *
     * @param taken for a branch: whether it is taken this time (overrides {@link Instr#taken()})
     * @return the cycle it issues in
     */
    public long issue(Instr x, long notBefore, boolean taken) {
        InstrClass cls = x.cls();
        long opReady = Long.MIN_VALUE;
        boolean fromLoad = false;
        for (int k = 0; k < 2; k++) {
            int s = k == 0 ? x.src1() : x.src2();
            if (s >= 0 && regCls[s] != null) {
                long r = regIssue[s] + separation(regCls[s], cls);
                if (r > opReady) {
                    opReady = r;
                    fromLoad = regCls[s] == InstrClass.LOAD;
                }
            }
        }
        long earliest = Math.max(notBefore, redirect);
        long at;
        if (!lastFull && canPair(lastCls, cls) && !dependsOnLast(x)
                && Math.max(opReady, earliest) <= lastIssue) {
            at = lastIssue;
            lastFull = true;
            dualIssue++;
        } else {
            long base = Math.max(lastIssue + 1, earliest);
            at = Math.max(base, opReady);
            long stall = at - base;
            if (stall > 0) {
                regDepStalls += stall;
                if (fromLoad) {
                    loadStalls += stall;
                }
            }
            lastIssue = at;
            lastFull = cls == InstrClass.BRANCH;
        }
        lastCls = cls;
        lastDst = x.dst();
        if (x.dst() >= 0) {
            regIssue[x.dst()] = at;
            regCls[x.dst()] = cls;
        }
        if (cls == InstrClass.IALU) {
            regIssue[Instr.IFLAGS] = at;
            regCls[Instr.IFLAGS] = cls;
        } else if (cls == InstrClass.FPU) {
            regIssue[Instr.FFLAGS] = at;
            regCls[Instr.FFLAGS] = cls;
        }
        if (cls == InstrClass.BRANCH && taken) {
            redirect = at + 1 + TAKEN_BRANCH_PENALTY;
        }
        issued++;
        switch (cls) {
            case IALU -> ialu++;
            case FPU -> fpu++;
            case LOAD, STORE -> loadStore++;
            default -> branches++;
        }
        return at;
    }

    /** Cycle of the last issue. */
    public long lastIssue() {
        return lastIssue;
    }

    /** First cycle after everything issued so far, counting a pending taken-branch redirect. */
    public long finish() {
        return Math.max(lastIssue + 1, redirect);
    }

    public long issued() { return issued; }

    public long ialu() { return ialu; }

    public long fpu() { return fpu; }

    public long loadStore() { return loadStore; }

    public long branches() { return branches; }

    /** Cycles in which two instructions issued. */
    public long dualIssue() { return dualIssue; }

    /** Cycles lost waiting for a register (all causes). */
    public long regDepStalls() { return regDepStalls; }

    /** The part of {@link #regDepStalls()} waiting for a load. */
    public long loadStalls() { return loadStalls; }

    /** Cycles between issuing a producer of class {@code p} and a dependent of class {@code c} (ARCH Tables 24-26). */
    static int separation(InstrClass p, InstrClass c) {
        return switch (p) {
            case FPU -> c == InstrClass.STORE ? 3 : 4;
            case LOAD -> c == InstrClass.FPU ? 2 : 1;
            default -> 1;
        };
    }

    /** ARCH Table 23. */
    static boolean canPair(InstrClass first, InstrClass second) {
        if (first == null || first == InstrClass.BRANCH || second == InstrClass.BRANCH) {
            return false;
        }
        if (first == InstrClass.FPU) {
            return second == InstrClass.IALU || second.isLoadStore();
        }
        return second == InstrClass.FPU;
    }

    private boolean dependsOnLast(Instr x) {
        if (lastDst < 0) {
            return false;
        }
        return x.src1() == lastDst || x.src2() == lastDst || x.dst() == lastDst;
    }
}
