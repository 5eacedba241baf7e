package io.edarts.epiphany.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DmaEngineTest {
    @Test
    void channelZeroWinsWhenBothAreFree() {
        DmaEngine d = new DmaEngine(2);
        assertEquals(new DmaEngine.Grant(0, 10, 110), d.reserve(10, 100));
    }

    @Test
    void channelOneTakesATransferWhileChannelZeroIsBusy() {
        DmaEngine d = new DmaEngine(2);
        d.reserve(0, 100);
        assertEquals(new DmaEngine.Grant(1, 5, 55), d.reserve(5, 50));
    }

    @Test
    void transferWaitsForTheFirstChannelToFreeWhenBothAreBusy() {
        DmaEngine d = new DmaEngine(2);
        d.reserve(0, 100);
        d.reserve(0, 40);
        assertEquals(new DmaEngine.Grant(1, 40, 70), d.reserve(10, 30));
        // both free at 100 and 70 -> channel 1; then equal at 100 -> channel 0
        assertEquals(new DmaEngine.Grant(1, 70, 100), d.reserve(20, 30));
        assertEquals(new DmaEngine.Grant(0, 100, 101), d.reserve(20, 1));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DmaEngine(0));
        assertThrows(IllegalArgumentException.class, () -> new DmaEngine(2).reserve(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DmaEngine(2).busyUntil(2));
    }
}
