package io.edarts.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void replacesTheTargetWhole(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("out.txt");
        Files.writeString(f, "old");
        AtomicFiles.writeText(f, w -> w.write("new content"));
        assertEquals("new content", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary file is left");
        }
    }

    @Test
    void aFailureKeepsTheOldFileAndLeavesNoTemporaryBehind(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("out.txt");
        Files.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void theTemporaryFileWhileWritingIsOneThatIsTemporaryOfTheTarget(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("trace.json");
        List<Path> seen = new java.util.ArrayList<>();
        AtomicFiles.write(f, out -> {
            try (var s = Files.list(dir)) {
                seen.addAll(s.toList());
            }
        });
        assertEquals(1, seen.size());
        assertTrue(AtomicFiles.isTemporaryOf(f, seen.get(0)), seen.get(0) + " is recognised as in progress");
        assertTrue(AtomicFiles.isTemporaryOf(f, AtomicFiles.temporary(f, "part3")));
        assertFalse(AtomicFiles.isTemporaryOf(f, f));
        assertFalse(AtomicFiles.isTemporaryOf(f, dir.resolve(".report.json.1.tmp")));
        assertFalse(AtomicFiles.isTemporaryOf(f, dir.resolve("sub").resolve(".trace.json.1.tmp")), "only beside the target");
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.temporary(f, "a/b"));
    }
}
