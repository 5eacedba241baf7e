package io.edarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code edarts bounds}: one line per policy and size and one for all, and bad input refused before any run. */
class BoundsCommandTest {
    @Test
    void printsTheMeanAndMaxRatioPerSizeAndForAll() {
        CommandRun r = CommandRun.edarts("bounds", "--policies", "critical-path,round-robin", "--sizes", "30,60",
                "--seeds", "2");
        assertEquals(Edarts.OK, r.code(), r.err());
        assertTrue(r.out().contains("ratio = makespan / max(critical path, work / CUs)"), r.out());
        for (String policy : new String[] {"critical-path", "round-robin"}) {
            for (String size : new String[] {"30", "60", "all"}) {
                assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(policy) && l.contains(" " + size + " ")),
                        policy + " " + size + ": " + r.out());
            }
        }
    }

    @Test
    void refusesBadInputWithExitTwo() {
        String[][] cases = {
            {"--policies", "nosuch"}, {"--sizes", "0"}, {"--seeds", "0"}, {"--machine", "nosuch"},
        };
        String[] expect = {"--policies: unknown policy 'nosuch'", "--sizes 0", "--seeds 0", "nosuch"};
        for (int i = 0; i < cases.length; i++) {
            CommandRun r = CommandRun.edarts("bounds", cases[i][0], cases[i][1]);
            assertEquals(Edarts.BAD_INPUT, r.code(), String.join(" ", cases[i]) + " -> " + r.err());
            assertTrue(r.err().contains(expect[i]), String.join(" ", cases[i]) + " -> " + r.err());
        }
    }
}
