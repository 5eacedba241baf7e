package io.edarts.report.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile's renderings and its bound on a profile built by hand, where every figure is known. */
class ProfileDataTest {
    private static ProfileData.Stats firings(long calls, long dispatch, long code, long body, long signal, long contention) {
        return new ProfileData.Stats(calls, dispatch, code, body, signal, contention, 0, 5, 4, 1, 2, 3);
    }

    /**
     * Two CUs and an SU; code object {@code hot} (code 600, body 200), {@code a;b} (body 100); every
     * firing's dispatch and signal 10 + 5 in total per object; the SU decided 4 times, floor 40.
     */
    static ProfileData sample(String second) {
        ProfileData.Stats hot = firings(2, 10, 600, 200, 5, 30);
        ProfileData.Stats other = firings(2, 10, 0, 100, 5, 0);
        ProfileData.Stats su = new ProfileData.Stats(4, 0, 0, 0, 0, 0, 48, 0, 0, 12, 12, 12);
        return new ProfileData(1, "prog", "m (--set x=1)", "test target", "round-robin", 1, 600, 1000, 4,
                List.of(new ProfileData.CodeObject(second, other), new ProfileData.CodeObject("hot", hot)),
                List.of(new ProfileData.Codelet("p", "c1", second, other), new ProfileData.Codelet("p", "h", "hot", hot)),
                List.of(new ProfileData.Core(0, 0, 0, "SU", 48, su, 40),
                        new ProfileData.Core(1, 0, 1, "CU", 845, firings(2, 10, 600, 200, 5, 30), 0),
                        new ProfileData.Core(2, 1, 0, "CU", 115, other, 0),
                        new ProfileData.Core(3, 1, 1, "CU", 0, new ProfileData.Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0)));
    }

    @Test
    void theBoundIsTheMakespanOverWhatStaysPerUnitOrTheSusFloor() {
        ProfileData p = sample("a;b");
        Amdahl.Bound hot = Amdahl.of(p, "hot");
        // stays: dispatch + signal of all (15 + 15) and the other's body (100); 3 CUs; D = 40
        assertEquals(130, hot.staysCycles());
        assertEquals(3, hot.computeUnits());
        assertEquals(44, hot.makespanAtLeast(), "ceil(130 / 3) = 44 > 40");
        assertEquals(1000.0 / 44, hot.speedupAtMost(), 1e-12);
        Amdahl.Bound other = Amdahl.of(p, "a;b");
        assertEquals(30 + 800, other.staysCycles());
        assertEquals(277, other.makespanAtLeast());
    }

    @Test
    void sharesAndFoldedStacksAddUpToTheCoreCycles() {
        ProfileData p = sample("a;b");
        assertEquals(48 + 845 + 115, p.coreCycles());
        String folded = ProfileText.folded(p);
        long sum = folded.lines().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertEquals(p.coreCycles(), sum);
        assertTrue(folded.contains("prog;a:b;p.c1;body 100\n"), "a ';' in a name would split the frame: " + folded);
        assertTrue(folded.contains("prog;(scheduler);SU (0,0);decide 48\n"), folded);
        assertFalse(folded.contains(" 0\n"), "no empty stacks");
        String text = ProfileText.text(p);
        assertTrue(text.contains("83.83%") && text.contains("845") && text.contains("22.73x  hot"), text);
        assertTrue(text.contains("  CU          3"), "three CUs, one idle: " + text);
    }

    @Test
    void jsonReadsBackAndBadFilesAreRefusedNamingThem(@TempDir Path dir) throws Exception {
        ProfileData p = sample("a;b");
        Path f = dir.resolve("profile.json");
        p.write(f);
        assertEquals(p, ProfileData.read(f));
        assertEquals(p.toJson(), Files.readString(f));
        assertFalse(p.toJson().contains("\"cycles\""), "only the record's components are written");
        Files.writeString(f, p.toJson().replace("\"fired\"", "\"firedd\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfileData.read(f));
        assertTrue(e.getMessage().startsWith(f + " is not a profile.json"), e.getMessage());
        Files.writeString(f, p.toJson().replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"));
        e = assertThrows(IllegalArgumentException.class, () -> ProfileData.read(f));
        assertTrue(e.getMessage().contains("schemaVersion 2, expected 1"), e.getMessage());
    }

    @Test
    void diffListsEveryCodeObjectOfEitherRunWithTheChange() {
        String d = ProfileText.diff(sample("a;b"), sample("other"));
        String gone = d.lines().filter(l -> l.endsWith("  a;b")).findFirst().orElseThrow();
        assertTrue(gone.contains("-100.0%"), gone);
        String added = d.lines().filter(l -> l.endsWith("  other")).findFirst().orElseThrow();
        assertTrue(added.contains("new"), added);
        String hot = d.lines().filter(l -> l.endsWith("  hot")).findFirst().orElseThrow();
        assertTrue(hot.contains("+0") && hot.contains("0.0%"), hot);
    }

    @Test
    void thePageEscapesNamesAndIsTheSameEveryTime() {
        ProfileData p = sample("<b>&amp;");
        String page = ProfileHtml.render(p);
        assertFalse(page.contains("<b>&amp;"), "markup in a name is escaped");
        assertTrue(page.contains("&lt;b&gt;"), "the name is there, escaped");
        assertTrue(page.contains("<svg") && page.contains("id=\"flame\""), "the flame graph");
        assertEquals(page, ProfileHtml.render(sample("<b>&amp;")));
    }
}
