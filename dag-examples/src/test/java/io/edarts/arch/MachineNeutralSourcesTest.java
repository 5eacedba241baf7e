package io.edarts.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * cam-model and codelet-api describe any machine (DESIGN.md, "What each holds"), so their main
 * sources and resources, comments included, name nothing of the Epiphany: no chip, core, mesh, SDK
 * or run-time name, no citation of its architecture manual, none of its constants. ArchitectureTest
 * checks that their classes do not use epiphany-target; this test catches what a class rule cannot
 * see: a constant copied in, a comment that ties the contract to one chip, a machine file.
 */
class MachineNeutralSourcesTest {

    /** Module folders, relative to dag-examples (the working directory of its tests). */
    private static final List<String> MODULES = List.of("cam-model", "codelet-api");

    /** Each term: a label for messages and the allow-list, and what it matches (case-insensitive). */
    private static final Map<String, Pattern> TERMS = terms(
            "epiphany", "epiphany",
            "eCore", "\\becores?\\b",
            "eMesh", "\\bemesh\\b",
            "eLink", "\\belink\\b",
            "eSDK", "\\besdk\\b",
            "COPRTHR", "coprthr",
            "Parallella", "parallella",
            "chip name", "\\be(16|64)g[34]0?1\\b",
            "ARCH citation", "\\barch (table|\\d)",
            "CTIMER", "ctimer",
            "32 KB", "\\b32[ -]?kb\\b",
            "32768", "\\b32768\\b",
            "dual issue", "dual[ -]issue",
            "node ID", "node[ -]id\\b");

    /**
     * Known violations on main (cd7539a), file by file, each with the branch that removes it. This
     * list only shrinks: an entry that no longer matches fails the test too, so whoever fixes a file
     * must delete its entry, and the integrator empties the list once the branches have landed.
     */
    private static final Map<String, Set<String>> KNOWN = Map.of();

    @Test
    void machineNeutralModulesNameNothingEpiphanySpecific() {
        Map<String, Set<String>> found = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        for (String module : MODULES) {
            Path main = Path.of("..", module, "src", "main");
            assertTrue(Files.isDirectory(main.resolve("java")), "no sources at " + main.toAbsolutePath()
                    + ": this test must run from dag-examples in the full source tree");
            for (Path file : files(main)) {
                String rel = module + "/src/main/" + main.relativize(file).toString().replace('\\', '/');
                List<String> lines = read(file);
                for (int i = 0; i < lines.size(); i++) {
                    for (Map.Entry<String, Pattern> t : TERMS.entrySet()) {
                        Matcher m = t.getValue().matcher(lines.get(i));
                        if (m.find()) {
                            found.computeIfAbsent(rel, k -> new TreeSet<>()).add(t.getKey());
                            if (!KNOWN.getOrDefault(rel, Set.of()).contains(t.getKey())) {
                                violations.add(rel + ":" + (i + 1) + ": " + t.getKey() + " (\"" + m.group() + "\")");
                            }
                        }
                    }
                }
            }
        }
        List<String> stale = new ArrayList<>();
        KNOWN.forEach((file, labels) -> labels.forEach(l -> {
            if (!found.getOrDefault(file, Set.of()).contains(l)) {
                stale.add(file + ": " + l);
            }
        }));
        assertTrue(violations.isEmpty(), "Epiphany-specific names in a machine-neutral module (move them to"
                + " epiphany-target, or say it without the chip):\n  " + String.join("\n  ", violations));
        assertTrue(stale.isEmpty(), "allow-list entries that no longer match: delete them from KNOWN:\n  "
                + String.join("\n  ", stale));
    }

    @Test
    void theTermsCatchWhatTheyAreFor() {
        for (String s : List.of("an eCore issues two a cycle", "see ARCH Table 23", "32 KB of local memory",
                "size 32768", "6-bit node ID", "dual-issue", "EpiphanyTarget", "the eSDK's cache", "COPRTHR-2",
                "E16G301", "the eMesh", "target = epiphany")) {
            assertTrue(TERMS.values().stream().anyMatch(p -> p.matcher(s).find()), "no term matches: " + s);
        }
        for (String s : List.of("score", "a core's local memory", "architecture", "node", "issue", "32 bytes")) {
            assertTrue(TERMS.values().stream().noneMatch(p -> p.matcher(s).find()), "a term matches: " + s);
        }
    }

    private static Map<String, Pattern> terms(String... labelAndRegex) {
        Map<String, Pattern> m = new TreeMap<>();
        for (int i = 0; i < labelAndRegex.length; i += 2) {
            m.put(labelAndRegex[i], Pattern.compile(labelAndRegex[i + 1], Pattern.CASE_INSENSITIVE));
        }
        return m;
    }

    private static List<Path> files(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
