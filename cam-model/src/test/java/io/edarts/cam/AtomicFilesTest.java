package io.edarts.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
