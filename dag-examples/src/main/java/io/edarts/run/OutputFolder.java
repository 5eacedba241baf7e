package io.edarts.run;

import io.edarts.cam.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The folder a command writes its outputs into, kept as one unit: either every output of the
 * command stays, or none does.
 *
 * <p>{@link #open} checks the folder before anything runs (a path that does not resolve, a file in
 * the way, a folder that cannot be written: bad input, nothing created), then creates the folders it
 * lacks. Each output is declared with {@link #file} before it is written (a folder of that name is bad
 * input). When the command ends normally it calls {@link #keep}; otherwise {@link #close} (an I/O error,
 * any exception) or the JVM's shutdown (SIGTERM, Ctrl-C) removes what this command wrote: the
 * outputs it replaced or created (an output that was there before and was not yet replaced stays),
 * their in-progress files ({@link AtomicFiles#isTemporaryOf}: temporaries and trace parts), and the
 * folders it created, when they are empty.
 *
 * <p>The shutdown hook runs while the run's own threads still go, so it can miss a file created in
 * the moment between its sweep and the JVM's halt; every other path is deterministic.
 */
final class OutputFolder implements AutoCloseable {
    /** What one command wrote, shared by a folder and its sub-folders. */
    private static final class Ledger {
        final List<Path> createdFolders = new ArrayList<>();
        /** Each declared output, with the identity of the file that was there before (null if none). */
        final Map<Path, Object> outputs = new HashMap<>();
        boolean settled;
        Thread hook;
    }

    private final Path dir;
    private final Ledger ledger;

    private OutputFolder(Path dir, Ledger ledger) {
        this.dir = dir;
        this.ledger = ledger;
    }

    /**
     * Checks {@code dir} and creates what it lacks.
     *
     * @param option the command-line option that named it, for messages (e.g. {@code "--out"})
     * @throws IllegalArgumentException for a path that is empty or does not resolve (a {@code ..}
     *                                  after a folder that does not exist), or a file in the way
     * @throws UncheckedIOException     naming the folder when it cannot be created or written
     */
    static OutputFolder open(Path dir, String option) {
        String shown = option + " " + dir;
        if (dir.toString().isBlank()) {
            throw new IllegalArgumentException(option + " '" + dir + "': expected a folder name (use --out . for the current folder)");
        }
        // Check every step the way the system will walk it, before creating anything: the lexical
        // normalize() would turn nosuch/../dd into dd, which the system refuses.
        Path walked = dir.isAbsolute() ? dir.getRoot() : Path.of("");
        Path existing = walked;
        List<Path> missing = new ArrayList<>();
        for (Path part : dir) {
            String p = part.toString();
            if (!missing.isEmpty()) {
                if (p.equals("..")) {
                    throw new IllegalArgumentException(shown + ": " + walked + " does not exist, so '..' after it does not resolve");
                }
                if (!p.equals(".")) {
                    missing.add(part);
                }
                continue;
            }
            walked = walked.resolve(part);
            if (!Files.exists(walked)) {
                missing.add(part);
            } else if (!Files.isDirectory(walked)) {
                throw new IllegalArgumentException(shown + ": " + walked + " is a file, not a folder");
            } else {
                existing = walked;
            }
        }
        Path base = existing.toString().isEmpty() ? Path.of(".") : existing;
        probe(base, shown);
        Path target;
        try {
            target = base.toRealPath(); // as the system resolves it: links and '..' included
        } catch (IOException e) {
            throw new UncheckedIOException(shown + ": cannot resolve " + base + ": " + AtomicFiles.reason(e), e);
        }
        for (Path m : missing) {
            target = target.resolve(m.toString());
        }
        Ledger ledger = new Ledger();
        OutputFolder f = new OutputFolder(dir, ledger);
        f.createTracked(target, shown);
        ledger.hook = new Thread(f::discard, "edarts-output-cleanup");
        Runtime.getRuntime().addShutdownHook(ledger.hook);
        return f;
    }

    /** Whether a file can be created in {@code folder}: create one and delete it. */
    private static void probe(Path folder, String shown) {
        Path probe = AtomicFiles.temporary(folder.resolve("edarts"), "probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.newOutputStream(probe).close();
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw new UncheckedIOException(shown + ": cannot write in " + folder + ": " + AtomicFiles.reason(e),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** Creates the missing folders of {@code path} one by one, so that exactly those can be removed. */
    private void createTracked(Path path, String shown) {
        List<Path> missing = new ArrayList<>();
        for (Path p = path.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        try {
            for (Path p : missing) {
                Files.createDirectory(p);
                synchronized (ledger) {
                    ledger.createdFolders.add(p);
                }
            }
        } catch (IOException e) {
            discard();
            throw new UncheckedIOException(shown + ": cannot create " + path + ": " + AtomicFiles.reason(e), e);
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * A sub-folder for outputs of the same command (created now, removed with the rest).
     *
     * @throws IllegalArgumentException if a file of that name is in the way
     */
    OutputFolder sub(String name) {
        Path sub = dir.resolve(name);
        if (Files.exists(sub) && !Files.isDirectory(sub)) {
            throw new IllegalArgumentException("--out " + dir + ": " + sub + " is a file, not a folder");
        }
        createTracked(sub, "--out " + dir);
        return new OutputFolder(sub, ledger);
    }

    /**
     * Declares output {@code name} of this command and returns its path.
     *
     * @throws IllegalArgumentException if a folder of that name is in the way
     */
    Path file(String name) {
        Path p = dir.resolve(name);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("--out " + dir + ": " + p + " is a folder, where the run writes a file");
        }
        synchronized (ledger) {
            ledger.outputs.putIfAbsent(p.toAbsolutePath(), identity(p)); // the file as it was before this command
        }
        return p;
    }

    /** What tells this file from one written after it: its file key (inode), or its time and size. */
    private static Object identity(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.fileKey() != null ? a.fileKey() : List.of(a.lastModifiedTime(), a.size());
        } catch (IOException e) {
            return null; // not there
        }
    }

    /** The command went to its end: its outputs stay. */
    void keep() {
        synchronized (ledger) {
            if (!ledger.settled) {
                ledger.settled = true;
                unhook();
            }
        }
    }

    /** Unless {@link #keep} came first, removes what this command wrote. */
    @Override
    public void close() {
        discard();
        synchronized (ledger) {
            unhook();
        }
    }

    private void unhook() {
        if (ledger.hook != null && Thread.currentThread() != ledger.hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(ledger.hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
            ledger.hook = null;
        }
    }

    /** Whether a shutdown (a signal) has removed a run's outputs: the run's own errors are then moot. */
    static boolean stoppedByShutdown() {
        return stoppedByShutdown;
    }

    private static volatile boolean stoppedByShutdown;

    private void discard() {
        synchronized (ledger) {
            if (ledger.settled) {
                return;
            }
            ledger.settled = true;
            if (Thread.currentThread() == ledger.hook) {
                stoppedByShutdown = true;
            }
            for (Map.Entry<Path, Object> o : ledger.outputs.entrySet()) {
                Path p = o.getKey();
                Object now = identity(p);
                if (now != null && !Objects.equals(now, o.getValue())) {
                    deleteQuietly(p);
                }
                try (Stream<Path> s = Files.list(p.getParent())) {
                    s.filter(f -> AtomicFiles.isTemporaryOf(p, f)).forEach(OutputFolder::deleteQuietly);
                } catch (IOException | UncheckedIOException e) {
                    // the folder is gone or unreadable: nothing of ours to remove there
                }
            }
            for (int i = ledger.createdFolders.size() - 1; i >= 0; i--) {
                deleteQuietly(ledger.createdFolders.get(i)); // only when empty: never what someone else put there
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort while failing or shutting down; the error that brought us here matters more
        }
    }
}
