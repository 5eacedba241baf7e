package io.edarts.report.profile;

import io.edarts.cam.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes a profile's three renderings, each through a temporary file moved into place. */
public final class ProfileFiles {
    private ProfileFiles() {}

    /**
     * Writes {@code profile.txt}, {@code profile.folded} and {@code profile.html} of {@code p}.
     *
     * @throws UncheckedIOException naming the file that cannot be written
     */
    public static void write(ProfileData p, Path text, Path folded, Path html) {
        writeText(text, ProfileText.text(p));
        writeText(folded, ProfileText.folded(p));
        writeText(html, ProfileHtml.render(p));
    }

    private static void writeText(Path path, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(path, os -> os.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
