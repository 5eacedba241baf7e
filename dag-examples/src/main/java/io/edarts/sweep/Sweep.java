package io.edarts.sweep;

import io.edarts.api.Program;
import io.edarts.cam.AtomicFiles;
import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.epiphany.Targets;
import io.edarts.run.PlacementOverride;
import io.edarts.run.RunSpec;
import io.edarts.run.Runner;
import io.edarts.scheduler.Policies;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Runs a list of points and tabulates them: the one engine behind {@code edarts sweep} and
 * {@code edarts compare}.
 *
 * <p><b>Before anything runs</b> every point is checked (program, parameters, machine with its
 * overrides, policy, placements, and, for each point still to run, its program built and
 * {@link Simulator#check}ed on its machine), so bad input is an {@link IllegalArgumentException}
 * with nothing written.
 *
 * <p><b>Each point</b> runs through {@link Runner#run}, as {@code edarts run} does with the same
 * options, into {@code OUT/points/.ID.partial}, which is renamed to {@code OUT/points/ID} once the
 * run has written all its outputs. A folder named by a point's id therefore holds a complete report
 * (a rename is atomic), and a rerun skips it; a {@code .partial} folder left by a killed sweep, or
 * a folder without a readable report, is removed and its point run again. A point whose run fails,
 * deadlocks or fails its check is a row with that status; one that cannot start or write (no report)
 * is a row with status {@code error} and runs again next time.
 *
 * <p><b>In parallel</b>, {@code jobs} points at a time, each in its own {@link Simulator}: a run's
 * results depend only on its point, so the rows, sorted by point id, are the same for any number of
 * jobs and any finishing order. Another {@link Executor} may run the points elsewhere (the cluster
 * sweep of {@code io.edarts.sweep.cluster}); each point still runs through {@link #runPoint}.
 */
public final class Sweep {
    /** Where the point folders go under the output folder. */
    public static final String POINTS = "points";
    private static final String PARTIAL = ".partial";

    /**
     * How to run the points.
     *
     * @param out         the output folder (the point folders go under {@code out/points})
     * @param jobs        points run at once
     * @param hostThreads host threads of each point's simulator (speed only)
     * @param trace       whether each point writes {@code trace.json}
     * @param quiet       no progress lines
     * @param err         where progress goes
     */
    public record Options(Path out, int jobs, int hostThreads, boolean trace, boolean quiet, PrintWriter err) {
        /** @throws IllegalArgumentException for a missing folder or jobs or host threads out of range */
        public Options {
            if (out == null || err == null) {
                throw new IllegalArgumentException("sweep options: out and err are required");
            }
            if (jobs < 1 || jobs > 1024) {
                throw new IllegalArgumentException("--jobs " + jobs + ": expected 1..1024");
            }
            if (hostThreads < 1 || hostThreads > RunSpec.MAX_HOST_THREADS) {
                throw new IllegalArgumentException("--host-threads " + hostThreads + ": expected 1.." + RunSpec.MAX_HOST_THREADS);
            }
        }
    }

    /**
     * What a matrix gave.
     *
     * @param rows    one per point, sorted by {@link Point#id()}
     * @param ran     points run now
     * @param skipped points whose reports were already there
     */
    public record Outcome(List<PointRow> rows, int ran, int skipped) {
        public Outcome {
            rows = List.copyOf(rows);
        }

        /** Whether every point completed and passed its check. */
        public boolean allOk() {
            return rows.stream().allMatch(PointRow::ok);
        }
    }

    /**
     * What runs the points still to run: locally on {@code jobs} threads by default, or elsewhere.
     * Whatever runs them, each point runs through {@link #runPoint} and its folder appears under
     * {@code dir} at once (a rename) and complete, or not at all.
     */
    @FunctionalInterface
    public interface Executor {
        /**
         * Runs every point of {@code todo} into {@code dir/ID} and returns one row per point (in any
         * order), telling {@code progress} as points start and finish.
         */
        List<PointRow> runAll(List<Point> todo, Path dir, SweepProgress progress);
    }

    private Sweep() {}

    /** A point made ready to run: its spec without an output folder. */
    private record Prepared(Point point, Machine machine, RunSpec spec) {}

    /**
     * Checks every point, then runs those without a complete report and reads every row.
     *
     * @throws IllegalArgumentException for a bad point (nothing is written), or the same point twice
     * @throws UncheckedIOException     when the output folder cannot be used
     */
    public static Outcome run(List<Point> points, ProgramCatalog catalog, Options o) {
        return run(points, catalog, o, (todo, dir, progress) -> runAll(todo, catalog, o, dir, progress));
    }

    /**
     * As {@link #run(List, ProgramCatalog, Options)}, with the points still to run handed to
     * {@code executor} once every point has been checked and the output folder opened.
     *
     * @throws IllegalArgumentException for a bad point (nothing is written), or the same point twice
     * @throws UncheckedIOException     when the output folder cannot be used
     */
    public static Outcome run(List<Point> points, ProgramCatalog catalog, Options o, Executor executor) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no points to run");
        }
        Path dir = o.out().resolve(POINTS);
        List<Prepared> prepared = prepare(points, catalog, o);
        List<Prepared> todo = new ArrayList<>();
        List<PointRow> rows = new ArrayList<>();
        for (Prepared p : prepared) {
            if (!Files.isDirectory(dir) || !PointRow.complete(p.point(), dir.resolve(p.point().id()))) {
                todo.add(p);
            }
        }
        // Fail before the run: build each program still to run and check it on its machine.
        for (Prepared p : todo) {
            check(p, catalog);
        }
        try (io.edarts.run.OutputSet outs = io.edarts.run.OutputSet.open(o.out(), "--out")) {
            Files.createDirectories(dir);
            removePartials(dir);
            for (Prepared p : prepared) {
                if (!todo.contains(p)) {
                    rows.add(PointRow.read(p.point(), dir.resolve(p.point().id())));
                }
            }
            SweepProgress progress = new SweepProgress(o.err(), todo.size(), prepared.size() - todo.size(), o.quiet());
            rows.addAll(todo.isEmpty() ? List.of() : executor.runAll(todo.stream().map(Prepared::point).toList(), dir,
                    progress));
            outs.keep(); // the point folders are complete runs; the caller writes the tables
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + o.out() + ": " + AtomicFiles.reason(e), e);
        }
        rows.sort(Comparator.comparing(r -> r.point().id()));
        return new Outcome(rows, todo.size(), prepared.size() - todo.size());
    }

    private static List<Prepared> prepare(List<Point> points, ProgramCatalog catalog, Options o) {
        Set<String> ids = new HashSet<>();
        Map<List<String>, Machine> machines = new HashMap<>();
        List<Prepared> out = new ArrayList<>();
        for (Point p : points) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("point " + p.id() + " is given twice");
            }
            catalog.check(p.program(), p.parameters());
            List<String> key = new ArrayList<>(p.sets());
            key.add(0, p.machine());
            Machine m = machines.computeIfAbsent(key, k -> MachineLoader.load(p.machine(), p.sets()));
            try {
                Policies.byName(p.policy());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("policy: " + e.getMessage(), e);
            }
            out.add(new Prepared(p, m, spec(p, m, o.hostThreads(), o.trace())));
        }
        return out;
    }

    /** The one run spec of a point, wherever it runs: what makes a point's report the same everywhere. */
    private static RunSpec spec(Point p, Machine m, int hostThreads, boolean trace) {
        RunSpec spec = RunSpec.on(m).policy(p.policy()).seed(p.seed()).hostThreads(hostThreads).trace(trace).quiet(true);
        for (String place : p.placements()) {
            spec = PlacementOverride.parse(place).applyTo(spec);
        }
        return spec;
    }

    private static void check(Prepared p, ProgramCatalog catalog) {
        Program<?> program = catalog.build(p.point().program(), p.point().parameters(), p.point().seed(), p.machine());
        try {
            Simulator.check(program, Targets.forMachine(p.machine()),
                    RunOptions.defaults().withPlacements(p.spec().placements()).withHomes(p.spec().homes()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("point " + p.point().id() + ": " + e.getMessage(), e);
        }
    }

    private static List<PointRow> runAll(List<Point> todo, ProgramCatalog catalog, Options o, Path dir,
                                         SweepProgress progress) {
        List<PointRow> rows = new ArrayList<>();
        if (todo.isEmpty()) {
            return rows;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(o.jobs(), todo.size()), r -> {
            Thread t = new Thread(r, "edarts-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PointRow>> futures = new ArrayList<>();
            for (Point p : todo) {
                futures.add(pool.submit(() -> {
                    progress.started(p);
                    PointRow row = runOne(p, catalog, o, dir);
                    progress.finished(row);
                    return row;
                }));
            }
            for (Future<PointRow> f : futures) {
                rows.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return rows;
    }

    /** One point into its staging folder, renamed into place when complete; never throws for the point's own failure. */
    private static PointRow runOne(Point p, ProgramCatalog catalog, Options o, Path dir) {
        String id = p.id();
        Path staging = staging(dir, id, "");
        Path done = dir.resolve(id);
        try {
            deleteTree(staging);
            runPoint(p, catalog, o.hostThreads(), o.trace(), staging);
            commit(staging, done);
            return PointRow.read(p, done);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(staging);
            } catch (IOException ignored) {
                // the next sweep removes it
            }
            return PointRow.error(p, e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /**
     * Runs one point as a sweep does, wherever it runs, into {@code folder} (which must not exist):
     * its program built by {@code catalog}, on its machine with its overrides, through {@link Runner#run}
     * with the point's policy, seed and placements. The files are those of {@code edarts run} with the
     * same options, whatever the host threads.
     *
     * @throws IllegalArgumentException     for a point that cannot run (it was checked, so: a catalog or
     *                                      machine that differs from the coordinator's)
     * @throws java.io.UncheckedIOException when an output cannot be written
     */
    public static void runPoint(Point p, ProgramCatalog catalog, int hostThreads, boolean trace, Path folder) {
        Machine m = MachineLoader.load(p.machine(), p.sets());
        Program<?> program = catalog.build(p.program(), p.parameters(), p.seed(), m);
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        Runner.run(program, spec(p, m, hostThreads, trace).out(folder).console(sink, sink));
    }

    /**
     * A staging folder of point {@code id} under {@code dir}: hidden, never read as a result, and
     * removed by the next sweep if left behind. {@code tag} tells apart several of the same point.
     */
    public static Path staging(Path dir, String id, String tag) {
        return dir.resolve("." + id + (tag.isEmpty() ? "" : "." + tag) + PARTIAL);
    }

    /**
     * Puts a complete staging folder in place as {@code done} with one atomic rename, after removing
     * an incomplete folder an earlier sweep left there.
     *
     * @throws IOException when either fails
     */
    public static void commit(Path staging, Path done) throws IOException {
        deleteTree(done);
        Files.move(staging, done, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Staging folders of a sweep that was killed: never a result. */
    private static void removePartials(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(PARTIAL) && Files.isDirectory(f)) {
                    deleteTree(f);
                }
            }
        }
    }

    /** Removes a file or a folder with everything in it; nothing if it is not there. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
