package io.edarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a machine changed with {@code --set} was described as the built-in one, so
 * {@code --set pool-capacity=2} and the default printed the same first line.
 */
class MachineOverridesSummaryTest {

    @Test
    void machineChangedWithSetSaysSoInTheSummaryReportJsonAndReportHtml(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Edarts.execute(new String[] {"run", "fib", "--n", "8", "--set", "pool-capacity=2",
                "--set", "epiphany.code-fetch=rent-or-buy", "--no-trace", "--out", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(Edarts.OK, code, err.toString());
        String first = out.toString().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("eDARTS run: fib on parallella16 (--set pool-capacity=2, "
                + "epiphany.code-fetch=rent-or-buy) (4x4, epiphany:"), first);
        assertEquals("[\"pool-capacity=2\",\"epiphany.code-fetch=rent-or-buy\"]", new ObjectMapper()
                .readTree(dir.resolve("report.json").toFile()).get("machine").get("overrides").toString());
        assertTrue(Files.readString(dir.resolve("report.html"))
                .contains("on parallella16 (--set pool-capacity&#61;2, epiphany.code-fetch&#61;rent-or-buy)</h1>"));
    }

    @Test
    void machineAsBuiltInIsDescribedByItsNameAlone(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        int code = Edarts.execute(new String[] {"run", "fib", "--n", "8", "--no-trace", "--out", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(Edarts.OK, code);
        assertTrue(out.toString().startsWith("eDARTS run: fib on parallella16 (4x4, epiphany:"), out.toString());
    }

    @Test
    void cannonLayoutTableNamesTheOverriddenMachine(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        int code = Edarts.execute(new String[] {"run", "cannon", "--layout", "all", "--size", "32", "--no-trace",
                "--set", "pool-capacity=3", "--out", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(Edarts.OK, code, out.toString());
        assertTrue(out.toString().startsWith("Cannon 32x32 on parallella16 (--set pool-capacity=3), epiphany:"),
                out.toString());
    }
}
