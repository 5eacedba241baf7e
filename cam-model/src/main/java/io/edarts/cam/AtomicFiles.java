package io.edarts.cam;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see the old content or the whole new one, never half of it: the
 * content goes to a temporary file beside the target, which is renamed into place, and deleted if
 * anything fails. Every output of the tool (reports, traces, CSV, images, graphs) is written here.
 *
 * <p>Every file that is on its way to becoming {@code target} (this writer's temporary file, a
 * trace's parts) is named by {@link #temporary}: hidden, beside the target, {@code .<name>.<tag>.tmp}.
 * So whoever must clean up after an interrupted run ({@link #isTemporaryOf}) needs to know only the
 * outputs' names.
 */
public final class AtomicFiles {
    /** Writes bytes. */
    @FunctionalInterface
    public interface Bytes {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes UTF-8 text. */
    @FunctionalInterface
    public interface Text {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * The in-progress file {@code tag} of {@code target}: {@code .<name>.<tag>.tmp} in the same folder.
     *
     * @throws IllegalArgumentException if {@code tag} is empty or holds a path separator
     */
    public static Path temporary(Path target, String tag) {
        if (tag.isEmpty() || tag.indexOf('/') >= 0 || tag.indexOf(File.separatorChar) >= 0) {
            throw new IllegalArgumentException("temporary file tag '" + tag + "': expected a non-empty file-name part");
        }
        return target.resolveSibling("." + target.getFileName() + "." + tag + ".tmp");
    }

    /** Whether {@code file} is named as an in-progress file of {@code target} ({@link #temporary}). */
    public static boolean isTemporaryOf(Path target, Path file) {
        String prefix = "." + target.getFileName() + ".";
        String name = file.getFileName().toString();
        return name.startsWith(prefix) && name.endsWith(".tmp") && name.length() > prefix.length() + ".tmp".length()
                && Objects.equals(file.toAbsolutePath().getParent(), target.toAbsolutePath().getParent());
    }

    /** Writes {@code target} from {@code content}, atomically. */
    public static void write(Path target, Bytes content) throws IOException {
        // Beside the target, so the move is a rename on one file system. Not Files.createTempFile:
        // its file is private (0600) and the rename would keep that.
        Path tmp = temporary(target.toAbsolutePath(), Long.toHexString(ThreadLocalRandom.current().nextLong()));
        boolean moved = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Writes {@code target} as UTF-8 text from {@code content}, atomically. */
    public static void writeText(Path target, Text content) throws IOException {
        write(target, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            content.writeTo(w);
            w.flush();
        });
    }

    /**
     * {@link #write}, with a failure as an unchecked error that names {@code target} and the reason.
     *
     * @throws java.io.UncheckedIOException "cannot write TARGET: REASON"
     */
    public static void writeOrFail(Path target, Bytes content) {
        try {
            write(target, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /** {@link #writeText}, failing as {@link #writeOrFail} does. */
    public static void writeTextOrFail(Path target, Text content) {
        try {
            writeText(target, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /**
     * What went wrong in an I/O error, in words and without a file name (the caller names the file
     * the user knows, not the temporary one): the reason of the innermost I/O error in {@code e}'s causes.
     */
    public static String reason(Throwable e) {
        Throwable io = null;
        for (Throwable t = e; t != null && t != io; t = t.getCause()) {
            if (t instanceof IOException) {
                io = t;
            }
        }
        Throwable t = io != null ? io : e;
        if (t instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (t instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (t instanceof DirectoryNotEmptyException) {
            return "a folder that is not empty is in the way";
        }
        if (t instanceof NotDirectoryException) {
            return "not a folder";
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
