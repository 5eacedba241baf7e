package io.edarts.epiphany.core;

/**
 * One instruction of a modelled instruction sequence: its group, encoded size and the registers it
 * writes and reads. Registers are r0..r63; {@link #IFLAGS} and {@link #FFLAGS} stand for the integer
 * and floating-point status flags (written by every IALU / FPU instruction, read by conditional
 * branches). A branch's {@code taken} says whether it is taken in steady state (a loop back-edge).
 *
 * @param asm   assembly text, for documentation
 * @param cls   instruction group
 * @param bytes encoded size: 2 or 4 (ARCH 7.6: 16- and 32-bit encodings)
 * @param dst   register written, or -1
 * @param src1  first register read, or -1
 * @param src2  second register read, or -1
 * @param taken for branches: taken in steady state
 */
public record Instr(String asm, InstrClass cls, int bytes, int dst, int src1, int src2, boolean taken) {
    /** Integer status flags (AN, AZ, AC, AV), written by IALU instructions. */
    public static final int IFLAGS = 64;
    /** Floating-point status flags (BN, BZ, ...), written by FPU instructions. */
    public static final int FFLAGS = 65;
    /** Frame pointer (r11), for readable kernels. */
    public static final int FP = 11;

    /** @throws IllegalArgumentException on a bad size, register or a taken non-branch */
    public Instr {
        if (cls == null) {
            throw new IllegalArgumentException("instruction class must not be null");
        }
        if (bytes != 2 && bytes != 4) {
            throw new IllegalArgumentException("'" + asm + "': an eCore instruction is 2 or 4 bytes, got " + bytes);
        }
        checkReg(asm, "dst", dst);
        checkReg(asm, "src1", src1);
        checkReg(asm, "src2", src2);
        if (taken && cls != InstrClass.BRANCH) {
            throw new IllegalArgumentException("'" + asm + "': only a branch can be taken");
        }
    }

    public static Instr ialu(String asm, int bytes, int dst, int src1, int src2) {
        return new Instr(asm, InstrClass.IALU, bytes, dst, src1, src2, false);
    }

    public static Instr fpu(String asm, int bytes, int dst, int src1, int src2) {
        return new Instr(asm, InstrClass.FPU, bytes, dst, src1, src2, false);
    }

    public static Instr load(String asm, int bytes, int dst, int base) {
        return new Instr(asm, InstrClass.LOAD, bytes, dst, base, -1, false);
    }

    public static Instr store(String asm, int bytes, int data, int base) {
        return new Instr(asm, InstrClass.STORE, bytes, -1, data, base, false);
    }

    /** A conditional branch on the integer flags, taken in steady state. */
    public static Instr branchTaken(String asm, int bytes) {
        return new Instr(asm, InstrClass.BRANCH, bytes, -1, IFLAGS, -1, true);
    }

    private static void checkReg(String asm, String what, int r) {
        if (r < -1 || r > FFLAGS) {
            throw new IllegalArgumentException("'" + asm + "': " + what + " register must be -1 or 0.." + FFLAGS + ", got " + r);
        }
    }
}
