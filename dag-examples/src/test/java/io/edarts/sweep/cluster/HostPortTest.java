package io.edarts.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesNamesAddressesAndBracketedIpv6() {
        assertEquals(new HostPort("127.0.0.1", 25520), HostPort.parse("--bind", "127.0.0.1:25520", false));
        assertEquals(new HostPort("node-7.lab", 1), HostPort.parse("--bind", "node-7.lab:1", false));
        assertEquals(new HostPort("::1", 2552), HostPort.parse("--join", "[::1]:2552", false));
        assertEquals("[::1]:2552", HostPort.parse("--join", "[::1]:2552", false).toString());
        assertEquals(0, HostPort.parse("--bind", "10.0.0.2:0", true).port());
    }

    @Test
    void refusesWhatIsNotHostColonPort() {
        for (String bad : new String[] {"", "host", "host:", ":1", "a:b:1", "h:65536", "h:-1", "h o:1", "u@h:1", "[::1]1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("--join", bad, false),
                    bad);
            assertEquals(true, e.getMessage().startsWith("--join '" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("--join", "h:0", false));
    }
}
