package io.edarts.epiphany.core;

/**
 * Cycles of an instruction mix given only as counts by kind (what {@code io.edarts.cam.Work}
 * carries), in closed form: O(1) however many instructions.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>Issue slots.</b> The eCore pairs IALU+FPU and FPU+load/store, never IALU+load/store or
 *       anything with a branch (ARCH Table 23). A mix of I IALU, F FPU, L load/store and B branch
 *       instructions needs at least I + F + L + B - min(F, I + L) issue cycles: every FPU
 *       instruction can share a cycle with an IALU or load/store instruction while there are any.
 *       That is the best static schedule, which e-gcc aims for ("the C compiler has accurate
 *       information about the CPU pipeline and is able to avoid most data dependencies", ARCH
 *       7.10).</li>
 *   <li><b>Branches.</b> A count carries no direction, so every branch is charged as taken, the
 *       common case of a loop back-edge: 1 + 3 cycles (ARCH Table 28).</li>
 *   <li><b>Dependencies.</b> Counts carry no dependences, so no register-dependency or load-use
 *       stall is charged here. Code with known chains (an FPU reduction pays 4 cycles per dependent
 *       fadd, ARCH Table 25) should be modelled instruction by instruction with {@link IssueModel},
 *       or declare the extra cycles; {@link #fpuChainBound} gives the bound for a single chain.</li>
 * </ul>
 */
public final class MixTiming {
    private MixTiming() { }

    /** Cycles in which two instructions issue, in the best static schedule. */
    public static long dualIssues(long ialu, long fpu, long loadStore, long branches) {
        check(ialu, fpu, loadStore, branches);
        return Math.min(fpu, ialu + loadStore);
    }

    /** Issue cycles plus taken-branch penalties. */
    public static long cycles(long ialu, long fpu, long loadStore, long branches) {
        long pairs = dualIssues(ialu, fpu, loadStore, branches);
        return ialu + fpu + loadStore + branches - pairs + IssueModel.TAKEN_BRANCH_PENALTY * branches;
    }

    /** Lower bound for {@code fpu} FPU instructions that each depend on the previous one (4 cycles apart). */
    public static long fpuChainBound(long fpu) {
        if (fpu < 0) {
            throw new IllegalArgumentException("fpu must be >= 0, got " + fpu);
        }
        return fpu == 0 ? 0 : 4 * (fpu - 1) + 1;
    }

    private static void check(long ialu, long fpu, long loadStore, long branches) {
        if (ialu < 0 || fpu < 0 || loadStore < 0 || branches < 0) {
            throw new IllegalArgumentException("instruction counts must be >= 0, got ialu " + ialu + ", fpu " + fpu
                    + ", load/store " + loadStore + ", branches " + branches);
        }
    }
}
