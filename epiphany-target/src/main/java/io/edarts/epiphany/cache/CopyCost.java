package io.edarts.epiphany.cache;

/**
 * The memory side of copying code into local memory, supplied by the mesh model. The copy loops
 * here move one word per {@code ldr}/{@code str} pair and each {@code str} needs the word just
 * loaded (cachemanager.S, {@code .copyloop}), so the loads are blocking remote reads; this returns
 * the cycles they wait for their data. Issuing the loop's instructions is charged by the caller of
 * this interface, not here.
 */
@FunctionalInterface
public interface CopyCost {
    /**
     * @param bytes      bytes read, a multiple of 4
     * @param from       where they are read from
     * @param startCycle simulated cycle at which the first load issues
     * @return stall cycles, {@code >= 0}
     */
    long cycles(int bytes, CodeSource from, long startCycle);

    /**
     * A flat stand-in for tests and bring-up: {@code cyclesPerWord} per word, wherever it comes
     * from. Not a hardware model; the mesh model supplies the real one.
     *
     * @throws IllegalArgumentException if {@code cyclesPerWord < 0}
     */
    static CopyCost perWord(long cyclesPerWord) {
        if (cyclesPerWord < 0) {
            throw new IllegalArgumentException("cyclesPerWord must be >= 0, got " + cyclesPerWord);
        }
        return (bytes, from, startCycle) -> (bytes / 4) * cyclesPerWord;
    }
}
