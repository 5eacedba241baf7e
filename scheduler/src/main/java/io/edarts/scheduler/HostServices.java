package io.edarts.scheduler;

import io.edarts.api.HostCalls;
import io.edarts.api.HostFunction;
import io.edarts.cam.BufferPlace;
import io.edarts.cam.MemoryAllocation;
import io.edarts.cam.MemoryKind;
import io.edarts.cam.MemoryPlan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The host's side of host calls: what the host daemon does once it has read a core's request.
 *
 * <h2>Design note</h2>
 * <p><b>When.</b> The target decides when the host carries a call out (its daemon's polling and
 * queue, {@link io.edarts.cam.Interconnect#hostCall}); the SU calls {@link #carryOut} at the cycle
 * the core sees the answer, in that order. With an interconnect the calls of all clusters reach
 * here one at a time in simulated-time order (the interconnect is stepped by one party at a time,
 * see {@link Timekeeper}); without one the run has one cluster ({@link RunContext#checkHostCalls}).
 * So every effect, the order of printed lines, the descriptors and the allocator's addresses
 * depend on the simulation only, never on host threads: no locks, and no state a body reads.
 *
 * <p><b>Confinement.</b> {@code open} takes a path relative to the run's files folder. A path that
 * is absolute or climbs out of it ({@code ..}) is refused in the body ({@link #confined}), before
 * anything is touched; at the host, every folder on the way and the file itself must not be a
 * symbolic link (one could point anywhere), and the file is opened without following links. A
 * refused or failed open answers {@code -errno} and never stops the run.
 *
 * <p><b>Descriptors</b> are made by the calling core's context ({@link FiringContext}) from its own
 * counter, so the body gets one at once; the host maps each to the file it opened, or to nothing
 * when the open failed (later writes answer {@code -EBADF}).
 *
 * <p><b>dmalloc</b> takes shared external memory from the calling core's cluster plan (the
 * machine's real allocator, bounded by its external memory), and {@code dfree} gives it back to the
 * plan it came from; an address it did not give answers {@code -EINVAL}.
 */
final class HostServices {
    /** Open files the host keeps at once before {@code open} answers {@code -EMFILE}. */
    static final int MAX_OPEN_FILES = 256;

    private final RunContext run;
    private final HostIo io;
    private final Map<Integer, FileChannel> files = new TreeMap<>();
    private final Map<Long, Map.Entry<MemoryPlan, MemoryAllocation>> dmalloc = new TreeMap<>();
    private final List<String> lines = new ArrayList<>();
    private final Histogram waits = new Histogram(3);
    private long count;
    private long failed;
    private long allocations;

    HostServices(RunContext run, HostIo io) {
        this.run = run;
        this.io = io == null ? HostIo.NONE : io;
    }

    /** A call's effect raised an error that fails the run (a user function threw). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * {@code path} as a normalized path inside the files folder, or null when it is blank, absolute
     * or climbs out of the folder. Lexical only: nothing is read.
     */
    static Path confined(String path) {
        if (path == null || path.isBlank() || path.indexOf('\0') >= 0) {
            return null;
        }
        Path p;
        try {
            p = Path.of(path).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        if (p.isAbsolute() || p.toString().isEmpty() || p.startsWith("..")) {
            return null;
        }
        return p;
    }

    /**
     * Carries {@code q} out for core {@code core}, which flagged it at {@code issued} and sees the
     * answer at {@code answered}, and hands the result to the request's callback.
     *
     * @throws Failure if a user-defined function threw
     */
    void carryOut(HostRequest q, int core, long issued, long answered, String codelet) {
        if (q.direct()) { // the core called the unit itself: the host did nothing
            offloaded(q.offload());
            return;
        }
        count++;
        waits.recordValue(Math.max(0, answered - issued));
        long result = switch (q.op()) {
            case PRINTF -> print(q.text(), core, issued);
            case OPEN -> open((int) q.args()[0], q.text());
            case WRITE -> write((int) q.args()[0], q.data());
            case CLOSE -> close((int) q.args()[0]);
            case DMALLOC -> dmalloc(q.args()[0], core);
            case DFREE -> dfree(q.args()[0]);
            case USER -> user(q, core, issued);
            case OFFLOAD -> offloaded(q.offload());
        };
        if (result < 0) {
            failed++;
        }
        if (q.onResult() != null) {
            try {
                q.onResult().accept(result);
            } catch (RuntimeException e) {
                throw new Failure("codelet '" + codelet + "': the result handler of its " + HostCalls.name(q.cost().number())
                        + " threw " + e, e);
            }
        }
    }

    /** Per unit that was called: calls, bytes in and out, unit cycles, and cycles by phase (insertion-ordered). */
    private final Map<String, long[]> unitCounts = new TreeMap<>();
    private final Map<String, java.util.LinkedHashMap<String, Long>> unitPhases = new TreeMap<>();

    /** The driver called the unit; the body already computed its answer. Sums only, so order does not matter. */
    private long offloaded(HostRequest.Offloaded o) {
        long[] c = unitCounts.computeIfAbsent(o.call().unit(), k -> new long[4]);
        c[0]++;
        c[1] += o.call().inputBytes();
        c[2] += o.call().outputBytes();
        c[3] += o.cost().unitCycles();
        java.util.LinkedHashMap<String, Long> ph = unitPhases.computeIfAbsent(o.call().unit(),
                k -> new java.util.LinkedHashMap<>());
        for (io.edarts.cam.OffloadCost.Phase p : o.cost().phases()) {
            ph.merge(p.name(), p.cycles(), Long::sum);
        }
        return 0;
    }

    /** Every unit of the machine, with what its offloads came to (zeros for one never called). */
    List<RunResult.UnitReport> units() {
        List<RunResult.UnitReport> out = new ArrayList<>();
        for (io.edarts.cam.UnitInfo u : run.target.units()) {
            long[] c = unitCounts.getOrDefault(u.name(), new long[4]);
            List<io.edarts.cam.OffloadCost.Phase> phases = new ArrayList<>();
            unitPhases.getOrDefault(u.name(), new java.util.LinkedHashMap<>())
                    .forEach((n, v) -> phases.add(new io.edarts.cam.OffloadCost.Phase(n, v)));
            out.add(new RunResult.UnitReport(u.name(), u.kind(), u.attachment(), c[0], c[1], c[2], c[3], phases));
        }
        return out;
    }

    private long user(HostRequest q, int core, long issued) {
        int number = q.cost().number();
        Map.Entry<String, HostFunction> fn = run.program.hostFunctions().get(number);
        try {
            return fn.getValue().call(new HostFunction.Call(number, q.args(), core, issued));
        } catch (RuntimeException e) {
            throw new Failure("host function '" + fn.getKey() + "' (call " + number + ") threw " + e, e);
        }
    }

    private long print(String text, int core, long cycle) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        String tag = "[core " + run.machine.row(core) + "," + run.machine.col(core) + " cycle " + cycle + "] ";
        for (String line : body.split("\n", -1)) {
            lines.add(tag + line);
        }
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private long open(int fd, String path) {
        Path rel = confined(path);
        if (rel == null || io.files() == null) {
            return -HostCalls.EACCES;
        }
        if (files.size() >= MAX_OPEN_FILES) {
            return -HostCalls.EMFILE;
        }
        Path root = io.files();
        Path file = root.resolve(rel);
        try {
            if (io.declare() != null) {
                io.declare().accept(file); // before anything is created, so its owner can take it away
            }
            if (Files.isSymbolicLink(root)) {
                return -HostCalls.EACCES;
            }
            Files.createDirectories(root);
            Path dir = root;
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                dir = dir.resolve(rel.getName(i));
                if (Files.isSymbolicLink(dir)) {
                    return -HostCalls.EACCES;
                }
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(dir);
                }
            }
            if (Files.isSymbolicLink(file)) {
                return -HostCalls.EACCES;
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            FileChannel old = files.put(fd, ch);
            if (old != null) {
                old.close();
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            return -HostCalls.EIO;
        }
    }

    private long write(int fd, byte[] data) {
        FileChannel ch = files.get(fd);
        if (ch == null) {
            return -HostCalls.EBADF;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            return data.length;
        } catch (IOException e) {
            return -HostCalls.EIO;
        }
    }

    private long close(int fd) {
        FileChannel ch = files.remove(fd);
        if (ch == null) {
            return -HostCalls.EBADF;
        }
        try {
            ch.close();
            return 0;
        } catch (IOException e) {
            return -HostCalls.EIO;
        }
    }

    private long dmalloc(long bytes, int core) {
        MemoryPlan plan = run.plan(run.machine.clusterOf(core).id());
        String name = "dmalloc #" + (++allocations) + " by core (" + run.machine.row(core) + "," + run.machine.col(core)
                + ")";
        try {
            MemoryAllocation a = plan.allocate(name, MemoryKind.DATA, BufferPlace.external(), bytes);
            long address = plan.address(a, core, 0);
            dmalloc.put(address, Map.entry(plan, a));
            return address;
        } catch (IllegalArgumentException e) { // MemoryBudgetException too: nothing that large is free
            return 0; // NULL, as malloc answers
        }
    }

    private long dfree(long address) {
        Map.Entry<MemoryPlan, MemoryAllocation> a = dmalloc.remove(address);
        if (a == null) {
            return -HostCalls.EINVAL;
        }
        a.getKey().free(a.getValue());
        return 0;
    }

    /** Closes what is still open (the run is over); returns how many files were left open. */
    int closeAll() {
        int n = files.size();
        for (FileChannel ch : files.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                // the run is over: nothing depends on it any more
            }
        }
        files.clear();
        return n;
    }

    /** What the run's host calls came to. */
    RunResult.HostCallReport report() {
        return new RunResult.HostCallReport(count, failed, count == 0 ? 0 : Math.round(waits.getMean()),
                count == 0 ? 0 : waits.getValueAtPercentile(99), count == 0 ? 0 : waits.getMaxValue(), List.copyOf(lines),
                units());
    }
}
