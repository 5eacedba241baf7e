package io.edarts.epiphany.cache;

/**
 * Instruction counts of newlib's Epiphany software cache manager, counted by hand from
 * adapteva/epiphany-newlib {@code libgloss/epiphany/cachemanager.S} (commit 9427963c, the version
 * with the cache stack and reference counts). {@code mov_label} and {@code get_csp}-style pairs are
 * two instructions ({@code mov} + {@code movt}). Each count lists the instructions; the matching
 * {@code *_TAKEN} constant counts the branches in it that are taken on that path.
 *
 * <p>Cycles: the cache manager uses only IALU, load/store and branch instructions, and the IALU
 * cannot pair with a load/store (epiphany-facts.md, "issue", ARCH Table 23), so it issues one
 * instruction per cycle; every taken branch adds {@link #TAKEN_BRANCH_PENALTY} (epiphany-facts.md,
 * "latencies: taken branch 3", ARCH section 7.11: all branches are predicted not taken). Load-use
 * stalls on local memory are not modelled (load to IALU latency 1, ARCH Tables 24-28).
 */
final class EsdkCosts {
    private EsdkCosts() { }

    /** Extra cycles per taken branch (epiphany-facts.md "latencies", ARCH 7.11). */
    static final int TAKEN_BRANCH_PENALTY = 3;

    /** PLT entry (header comment "Current PLT Design"): {@code str lr,[sp],#-2}; {@code bl cacheman|countedcall}. */
    static final int PLT = 2;
    static final int PLT_TAKEN = 1;

    // ---- countedcall (hit path) ----
    /** {@code countedcall} to its scan: mov/movt r17, ldr r16, ldr r50, add sp, str r50, str lr, str r16, mov/movt r48, add r55. */
    static final int COUNTEDCALL_PROLOGUE = 11;
    /**
     * One row of {@code .countedcallscanloop}, {@code .countedcallscanloopagain} or {@code .scanloop}:
     * ldrd, sub, bne. The scan starts at row 1 and stops on the row whose PLT pointer matches, so a
     * row at position k costs k passes with k-1 taken {@code bne}.
     */
    static final int SCAN_PER_ROW = 3;
    /** After the scan: add (increment), str, ldr (start address), jalr (taken). */
    static final int COUNTEDCALL_CALL = 4;
    static final int COUNTEDCALL_CALL_TAKEN = 1;
    /** Return path after {@code jalr}, same in countedcall and cacheman: mov/movt r17, ldr r16, mov/movt r48, add r55, ldr lr, ldr r53, sub r16, str r16. */
    static final int RETURN_PROLOGUE = 10;
    /** After the return scan: sub (decrement), str, rts (taken). */
    static final int RETURN_EPILOGUE = 3;
    static final int RETURN_EPILOGUE_TAKEN = 1;

    // ---- cacheman (miss path) ----
    /** {@code cacheman} to {@code .cachebegin}: 8 for the cache-stack push, ldrd ORIG_FN, mov_label, add, mov_label, mov ITER. */
    static final int CACHEMAN_PROLOGUE = 15;
    /** {@code .cachebegin} when the last row is in use: mov ROW_POINTER, ldr, sub, bne .endoftable (taken). */
    static final int TABLE_FULL = 4;
    static final int TABLE_FULL_TAKEN = 1;
    /** {@code .cachebegin} with a free row: the same four (bne not taken) plus ldrd of row 0. */
    static final int SCAN_START = 5;
    /** {@code .checkloop}, gap too small: mov, mov, ldrd, sub, sub, bgte, sub, sub, blt (taken unless last row). */
    static final int GAP_TOO_SMALL = 9;
    /** {@code .checkloop}, gap fits: mov, mov, ldrd, sub, sub, bgte .copy (taken). */
    static final int GAP_FITS = 6;
    static final int GAP_FITS_TAKEN = 1;
    /** {@code .endoftable}, first time: sub, beq, mov, b .unload (taken). */
    static final int END_OF_TABLE_UNLOAD = 4;
    static final int END_OF_TABLE_UNLOAD_TAKEN = 1;
    /** {@code .endoftable}, second time: sub, beq .cachefail (taken). */
    static final int END_OF_TABLE_FAIL = 2;
    static final int END_OF_TABLE_FAIL_TAKEN = 1;
    /** {@code .copy}: mov, add, mov. */
    static final int COPY_SETUP = 3;
    /** {@code .copyloop} per word: sub, bgte, ldr, str, b .copyloop (taken). */
    static final int COPY_PER_WORD = 5;
    static final int COPY_PER_WORD_TAKEN = 1;
    /** {@code .copyloop} exit: sub, bgte .copyloopend (taken). */
    static final int COPY_EXIT = 2;
    static final int COPY_EXIT_TAKEN = 1;
    /** {@code .copyloopend}: mov, mov, sub, strd, mov, mov, strd (new row written into the last row). */
    static final int INSERT_SETUP = 7;
    /** {@code .copysortloop} swap: ldrd, ldrd, sub, bgte, strd x4, sub, sub, bne (taken). One per row the new row passes. */
    static final int INSERT_SWAP = 11;
    static final int INSERT_SWAP_TAKEN = 1;
    /** {@code .copysortloop} stop: ldrd, ldrd, sub, bgte .editplt (taken). */
    static final int INSERT_STOP = 4;
    static final int INSERT_STOP_TAKEN = 1;
    /** {@code .editplt}: mov/movt, sub, sub, add, lsr, lsl, mov, orr, str (PLT word), jalr (taken). */
    static final int PATCH_PLT_AND_CALL = 11;
    static final int PATCH_PLT_AND_CALL_TAKEN = 1;
    /** {@code .cachefail}: ldr (address in DRAM), jalr (taken). */
    static final int FAIL_CALL = 2;
    static final int FAIL_CALL_TAKEN = 1;
    /** {@code .cachefail} after the call: mov/movt r17, ldr r16, ldr lr, sub, str, rts (taken). */
    static final int FAIL_RETURN = 7;
    static final int FAIL_RETURN_TAKEN = 1;

    // ---- unload (eviction) ----
    /** {@code .unload}: add r51 (start at row 1). */
    static final int UNLOAD_SETUP = 1;
    /** {@code .unloadloop} visit: ldrd, sub, bgte, ldr (count), sub, bne (taken when the count is not 0). */
    static final int UNLOAD_VISIT = 6;
    /** {@code .unloadloop} stop on the first END row: ldrd, sub, bgte .unloadfinish (taken). */
    static final int UNLOAD_STOP = 3;
    static final int UNLOAD_STOP_TAKEN = 1;
    /** {@code .unloadfinish}: b .cachebegin (taken). */
    static final int UNLOAD_FINISH = 1;
    static final int UNLOAD_FINISH_TAKEN = 1;
    /** {@code .unloaddelframe}: str, str (END, END), mov. */
    static final int REMOVE_SETUP = 3;
    /**
     * {@code .unloadsort} swap: sub, bgte, ldrd x4, sub, bgt, strd x4, add, b (taken). The cleared row
     * always swaps (nothing starts above END), so it bubbles to the last row: one swap per row after it.
     */
    static final int REMOVE_SWAP = 14;
    static final int REMOVE_SWAP_TAKEN = 1;
    /** {@code .unloadsort} stop: sub, bgte .unloadsortend (taken). */
    static final int REMOVE_STOP = 2;
    static final int REMOVE_STOP_TAKEN = 1;
    /** {@code .unloadsortend}: ldr, str, sub, mov/movt, sub, lsr, lsl, mov, orr, str (PLT back to {@code bl cacheman}). */
    static final int RESTORE_PLT = 11;
    /** {@code .unloadnextentry}: sub r51 (revisit this row, now holding the next one), b .unloadloop (taken). */
    static final int REMOVE_NEXT = 2;
    static final int REMOVE_NEXT_TAKEN = 1;

    /**
     * Deviation: cachemanager.S has no size check, so an object larger than the whole code space
     * first flushes every unreferenced row and then fails. We skip that useless flush with one
     * compare and branch to {@code .cachefail}: sub, bgt (taken).
     */
    static final int OVERSIZE_GUARD = 2;
    static final int OVERSIZE_GUARD_TAKEN = 1;

    /** PLT entry size (cachemanager.S header; epiphany-facts.md "Software cache"). */
    static final int PLT_ENTRY_BYTES = 16;

    static long cycles(long instructions, long takenBranches) {
        return instructions + TAKEN_BRANCH_PENALTY * takenBranches;
    }
}
