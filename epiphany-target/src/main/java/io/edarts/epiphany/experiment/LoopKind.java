package io.edarts.epiphany.experiment;

import static io.edarts.epiphany.core.Instr.FP;

import io.edarts.epiphany.core.Instr;
import io.edarts.epiphany.core.Kernel;
import java.util.List;

/**
 * The two loops of the eDARTS remote-execution experiment (edarts-codelet-model.txt, "Moving code
 * and executing code from a different core": a function "that executes a single instruction many
 * times (e.g. Integer addition and fp addition)" timed with the cycle counter).
 *
 * <p>The study does not print its code. We take the C loop it describes, {@code for (i = 0; i < N;
 * i++) a = a + 1;} with {@code a} an {@code int} or a {@code float}, as e-gcc compiles it with the
 * eSDK examples' build scripts, which pass no -O flag (epiphany-examples {@code build.sh}:
 * {@code e-gcc -T ${ELDF} src/... -le-lib}), i.e. at -O0: {@code a} and {@code i} live in the
 * executing core's stack frame (local memory) and are loaded and stored on every use. Encodings:
 * fp-relative loads/stores are 32-bit (r11 is beyond the 16-bit forms' r0-r7), add/sub with a
 * 3-bit immediate and the conditional branch 16-bit, {@code mov} of a 16-bit immediate 32-bit, of
 * an 8-bit immediate 16-bit (ARCH Appendix A). The loop label is assumed 8-byte aligned.
 */
public enum LoopKind {
    /** 32 bytes, 10 instructions: 3 loads, 2 stores, 4 IALU, 1 branch. */
    INT("int", new Kernel("int-add loop (-O0)", List.of(
            Instr.load("ldr r3,[fp,#-3]   ; a", 4, 3, FP),
            Instr.ialu("add r3,r3,#1      ; a + 1", 2, 3, 3, -1),
            Instr.store("str r3,[fp,#-3]   ; a =", 4, 3, FP),
            Instr.load("ldr r3,[fp,#-2]   ; i", 4, 3, FP),
            Instr.ialu("add r3,r3,#1      ; i + 1", 2, 3, 3, -1),
            Instr.store("str r3,[fp,#-2]   ; i =", 4, 3, FP),
            Instr.load("ldr r2,[fp,#-2]   ; i", 4, 2, FP),
            Instr.ialu("mov r3,#N", 4, 3, -1, -1),
            Instr.ialu("sub r3,r2,r3      ; i - N", 2, 3, 2, 3),
            Instr.branchTaken("blt .L3", 2)), 0)),
    /** 38 bytes, 12 instructions: 3 loads, 2 stores, 5 IALU, 1 FPU, 1 branch. */
    FLOAT("float", new Kernel("float-add loop (-O0)", List.of(
            Instr.load("ldr r2,[fp,#-3]   ; a", 4, 2, FP),
            Instr.ialu("mov r3,#0         ; 1.0f low half", 2, 3, -1, -1),
            Instr.ialu("movt r3,#0x3f80   ; 1.0f high half", 4, 3, 3, -1),
            Instr.fpu("fadd r3,r2,r3      ; a + 1.0f", 2, 3, 2, 3),
            Instr.store("str r3,[fp,#-3]   ; a =", 4, 3, FP),
            Instr.load("ldr r3,[fp,#-2]   ; i", 4, 3, FP),
            Instr.ialu("add r3,r3,#1      ; i + 1", 2, 3, 3, -1),
            Instr.store("str r3,[fp,#-2]   ; i =", 4, 3, FP),
            Instr.load("ldr r2,[fp,#-2]   ; i", 4, 2, FP),
            Instr.ialu("mov r3,#N", 4, 3, -1, -1),
            Instr.ialu("sub r3,r2,r3      ; i - N", 2, 3, 2, 3),
            Instr.branchTaken("blt .L3", 2)), 0));

    private final String label;
    private final Kernel kernel;

    LoopKind(String label, Kernel kernel) {
        this.label = label;
        this.kernel = kernel;
    }

    /** "int" or "float", as in the CSV. */
    public String label() {
        return label;
    }

    public Kernel kernel() {
        return kernel;
    }
}
