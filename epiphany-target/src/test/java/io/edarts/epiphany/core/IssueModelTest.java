package io.edarts.epiphany.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edarts.epiphany.experiment.LoopKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssueModelTest {
    private static final Instr ADD = Instr.ialu("add r0,r0,r1", 2, 0, 0, 1);
    private static final Instr ADD2 = Instr.ialu("add r4,r4,r5", 2, 4, 4, 5);
    private static final Instr FADD = Instr.fpu("fadd r2,r2,r3", 2, 2, 2, 3);
    private static final Instr FADD_INDEP = Instr.fpu("fadd r6,r7,r8", 2, 6, 7, 8);
    private static final Instr LDR = Instr.load("ldr r7,[r9]", 2, 7, 9);
    private static final Instr LDR2 = Instr.load("ldr r10,[r9]", 2, 10, 9);

    @Test
    void anIaluAndAnIndependentFpuInstructionIssueTogether() {
        IssueModel m = new IssueModel();
        assertEquals(0, m.issue(ADD, 0, false));
        assertEquals(0, m.issue(FADD, 0, false));
        assertEquals(1, m.dualIssue());
    }

    @Test
    void anIaluNeverPairsWithALoad() {
        IssueModel m = new IssueModel();
        assertEquals(0, m.issue(ADD, 0, false));
        assertEquals(1, m.issue(LDR2, 0, false));
        assertEquals(0, m.dualIssue());
    }

    @Test
    void aLoadPairsWithAnFpuInstructionButTwoIaluDoNot() {
        IssueModel m = new IssueModel();
        assertEquals(0, m.issue(FADD_INDEP, 0, false));
        assertEquals(0, m.issue(LDR2, 0, false));
        assertEquals(1, m.issue(ADD, 0, false));
        assertEquals(2, m.issue(ADD2, 0, false));
    }

    @Test
    void aDependentFpuInstructionWaitsFourCycles() {
        IssueModel m = new IssueModel();
        m.issue(FADD, 0, false);
        assertEquals(4, m.issue(FADD, 0, false)); // ARCH Table 25
        assertEquals(3, m.regDepStalls());
    }

    @Test
    void loadUseSeparationIsOneForIaluAndTwoForFpu() {
        IssueModel m = new IssueModel();
        m.issue(LDR, 0, false);
        assertEquals(1, m.issue(Instr.ialu("add r0,r7,r0", 2, 0, 7, 0), 0, false));
        IssueModel f = new IssueModel();
        f.issue(LDR, 0, false);
        assertEquals(2, f.issue(Instr.fpu("fadd r2,r7,r2", 2, 2, 7, 2), 0, false)); // ARCH Table 26
        assertEquals(1, f.loadStalls());
    }

    @Test
    void aTakenBranchCostsThreeMoreCycles() {
        IssueModel m = new IssueModel();
        m.issue(ADD, 0, false);
        assertEquals(1, m.issue(Instr.branchTaken("bne", 2), 0, true));
        assertEquals(5, m.issue(ADD2, 0, false)); // 1 + 1 + 3 (ARCH Table 28)
        IssueModel n = new IssueModel();
        n.issue(ADD, 0, false);
        n.issue(Instr.branchTaken("bne", 2), 0, false);
        assertEquals(2, n.issue(ADD2, 0, false));
    }

    @Test
    void anInstructionWhoseBytesArriveLateIssuesWhenTheyArrive() {
        IssueModel m = new IssueModel();
        m.issue(ADD, 0, false);
        assertEquals(40, m.issue(ADD2, 40, false));
        assertEquals(0, m.regDepStalls());
    }

    @Test
    void theExperimentLoopsTakeThirteenAndSeventeenCyclesPerPass() {
        // int: ldr add str ldr add str ldr mov sub blt, nothing pairs (IALU and load/store never
        // pair, ARCH Table 23) = 10 issue cycles + 3 for the taken branch.
        assertEquals(13, LoopKind.INT.kernel().localIterationCycles());
        // float: as int plus mov/movt for 1.0f and fadd instead of add (11 issue cycles + 3), and
        // the store of the fadd result waits 3 cycles after it (ARCH Table 25): 2 stall cycles.
        assertEquals(17, LoopKind.FLOAT.kernel().localIterationCycles());
        assertEquals(32, LoopKind.INT.kernel().bytes());
        assertEquals(38, LoopKind.FLOAT.kernel().bytes());
        assertEquals(4, LoopKind.INT.kernel().lines());
        assertEquals(5, LoopKind.FLOAT.kernel().lines());
    }

    @Test
    void localCyclesExtrapolatedFromSteadyStateMatchIssuingEveryPass() {
        for (LoopKind loop : LoopKind.values()) {
            Kernel k = loop.kernel();
            for (long n : new long[] {1, 2, 3, 4, 5, 9, 50}) {
                IssueModel m = new IssueModel();
                for (long it = 0; it < n; it++) {
                    for (int i = 0; i < k.body().size(); i++) {
                        Instr x = k.body().get(i);
                        m.issue(x, 0, x.taken() && it < n - 1);
                    }
                }
                assertEquals(m.finish(), k.localCycles(n), loop + " x " + n);
            }
        }
    }

    @Test
    void kernelsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Kernel("k", List.of(ADD), 0));
        assertThrows(IllegalArgumentException.class, () -> new Kernel("k", List.of(Instr.branchTaken("b", 2)), 3));
        assertThrows(IllegalArgumentException.class, () -> Instr.ialu("x", 3, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Instr.ialu("x", 2, 70, 0, 0));
    }
}
