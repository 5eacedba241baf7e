package io.edarts.run;

import io.edarts.api.Program;
import io.edarts.cam.Target;
import io.edarts.epiphany.Targets;
import io.edarts.report.ChromeTrace;
import io.edarts.report.HtmlReport;
import io.edarts.report.JsonReport;
import io.edarts.cam.AtomicFiles;
import io.edarts.scheduler.HostIo;
import io.edarts.scheduler.InstanceStream;
import io.edarts.report.profile.ProfileData;
import io.edarts.report.profile.ProfileFiles;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import io.edarts.scheduler.TraceOutput;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a program on a named machine in one call and writes what {@code edarts run} writes:
 * {@code report.json}, {@code trace.json}, {@code report.html} and the console summary (and with
 * {@link RunSpec#profile} the profile's files). The command
 * line runs through here too, so the two cannot drift.
 *
 * <pre>{@code
 * RunResult r = Runner.run(program, RunSpec.on("parallella16").policy("critical-path").out(Path.of("out")));
 * }</pre>
 *
 * <p>The machine's {@code target} key picks the cost model ({@link Targets#forMachine}: the Epiphany
 * model for {@code parallella16}, {@code e64} and {@code e1024}). Everything that can be checked
 * before the run is checked before the output folder is touched: the placements against the
 * program's code objects and {@link Simulator#check}. The outputs are kept as one unit
 * ({@link OutputFolder}): if one cannot be written, or the JVM is stopped during the run, the others
 * this run wrote are removed too.
 */
public final class Runner {
    /**
     * Whether a shutdown (a signal) stopped a run and removed its outputs: an error the run then
     * reports (a write into a removed folder) is a consequence, not the cause.
     */
    public static boolean stoppedByShutdown() {
        return OutputFolder.stoppedByShutdown();
    }

    private Runner() {}

    /**
     * Runs {@code program} as {@code spec} says and writes its outputs. A run that fails, deadlocks or
     * computes a wrong answer still writes them and is returned ({@link RunResult#succeeded()}); its
     * message goes to the error writer.
     *
     * @throws IllegalArgumentException     for a placement of a code object the program does not have,
     *                                      a program the machine cannot run ({@link Simulator#check}),
     *                                      or an output folder that is a file or does not resolve;
     *                                      nothing is written
     * @throws java.io.UncheckedIOException naming the path when an output cannot be written; what the
     *                                      run wrote is removed
     */
    public static RunResult run(Program<?> program, RunSpec spec) {
        return run(program, spec, null);
    }

    /**
     * Runs the instances of {@code stream} as {@code spec} says, {@code program} being their
     * template (what the run is named after and checked against before it starts:
     * {@link Simulator#run(Program, Target, RunOptions, InstanceStream)}), and writes the outputs,
     * whose reports carry the stream's figures ({@code stream} in {@code report.json}). {@code stream}
     * null: {@link #run(Program, RunSpec)}.
     *
     * <pre>{@code
     * RunResult r = Runner.run(program, RunSpec.on("parallella16").out(dir),
     *         InstanceStream.fixedInterval(16, 50_000, 4, i -> program));
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #run(Program, RunSpec)}; nothing is written
     */
    public static RunResult run(Program<?> program, RunSpec spec, InstanceStream stream) {
        Checked target = check(program, spec);
        try (OutputFolder outs = OutputFolder.open(spec.out() != null ? spec.out() : newFolder(program.name()), "--out")) {
            RunResult r = runInto(program, target, spec, outs, !spec.quiet(), stream);
            outs.keep();
            return r;
        }
    }

    /**
     * Runs each program on the same machine into its own sub-folder of {@code spec.out()} (named by
     * its key), for a comparison: every program is checked before the first one runs, nothing is
     * printed but failures, and the outputs stay or go together.
     *
     * @return the results by sub-folder, in the order given
     * @throws IllegalArgumentException as {@link #run} does, for a spec without an output folder, or a
     *                                  sub-folder name that is not one plain file name
     */
    public static Map<String, RunResult> runEach(Map<String, ? extends Program<?>> programs, RunSpec spec) {
        if (spec.out() == null) {
            throw new IllegalArgumentException("runEach needs an output folder: spec.out(dir) (Runner.newFolder(name) "
                    + "makes a new one under runs/)");
        }
        List<Checked> targets = new ArrayList<>();
        for (Map.Entry<String, ? extends Program<?>> e : programs.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isBlank() || name.equals(".") || name.equals("..") || name.contains("/")
                    || name.contains("\\")) {
                throw new IllegalArgumentException("sub-folder '" + name + "': expected one plain file name");
            }
            targets.add(check(e.getValue(), spec));
        }
        Map<String, RunResult> results = new LinkedHashMap<>();
        try (OutputFolder outs = OutputFolder.open(spec.out(), "--out")) {
            int i = 0;
            for (Map.Entry<String, ? extends Program<?>> e : programs.entrySet()) {
                results.put(e.getKey(), runInto(e.getValue(), targets.get(i++), spec, outs.sub(e.getKey()), false, null));
            }
            outs.keep();
        }
        return Collections.unmodifiableMap(results);
    }

    /**
     * A new folder name under {@code runs/}: {@code runs/NAME-yyyyMMdd-HHmmss}, with {@code -2},
     * {@code -3}, ... if that exists. Not created. (The host's clock names the folder; it never
     * reaches a report.)
     */
    public static Path newFolder(String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path base = Path.of("runs", name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + stamp);
        Path dir = base;
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of(base + "-" + i);
        }
        return dir;
    }

    /** A run's target and its launch, both known before the run. */
    private record Checked(Target target, io.edarts.scheduler.Prelude prelude) {}

    /**
     * What can be known before the run, checked before anything is written: the target, and the
     * launch simulated ({@link Launches#prelude}).
     */
    private static Checked check(Program<?> program, RunSpec spec) {
        if (program == null) {
            throw new IllegalArgumentException("program must not be null");
        }
        Target target = Targets.forMachine(spec.machine());
        RunOptions options = RunOptions.defaults().withPlacements(spec.placements()).withHomes(spec.homes());
        Simulator.check(program, target, options);
        return new Checked(target, Launches.prelude(program, target, options, spec.launch()));
    }

    /** The file the lines the cores printed through the host go to. */
    static final String STDOUT = "stdout.txt";
    /** The folder under {@code --out} that host calls' {@code open} is confined to. */
    static final String FILES = "files";

    /**
     * Host calls' files go into {@code files/} under the run's folder, created at the first open and
     * each file declared to the folder first, so a run that fails or is stopped takes them away too.
     */
    private static HostIo hostIo(OutputFolder outs) {
        OutputFolder[] files = new OutputFolder[1];
        Path root = outs.dir().resolve(FILES);
        return new HostIo(root, p -> {
            if (files[0] == null) {
                files[0] = outs.sub(FILES);
            }
            files[0].file(root.relativize(p).toString());
        });
    }

    /** One run into {@code outs}; an exception leaves the outputs for {@code outs} to remove. */
    private static RunResult runInto(Program<?> program, Checked checked, RunSpec spec, OutputFolder outs,
                                     boolean printSummary, InstanceStream stream) {
        Target target = checked.target();
        PrintWriter stdout = spec.stdout();
        PrintWriter stderr = spec.stderr();
        Path trace = spec.trace() ? outs.file("trace.json") : null;
        Path report = outs.file("report.json");
        Path html = outs.file("report.html");
        Path[] profile = spec.profile() ? new Path[] {outs.file("profile.json"), outs.file("profile.txt"),
                outs.file("profile.folded"), outs.file("profile.html")} : null;
        RunResult r;
        try (Simulator sim = Simulator.create(spec.hostThreads());
             ProgressBar bar = new ProgressBar(stderr, stream == null ? program.root().codeletCount() : 0, program.name(),
                     spec.quiet())) {
            r = sim.run(program, target, new RunOptions(spec.policy(), spec.seed(),
                    trace == null ? null : new TraceOutput(trace, ChromeTrace.FORMAT), bar::update, spec.placements())
                    .withVerify(spec.verify()).withHomes(spec.homes()).withHost(hostIo(outs)).withProfile(spec.profile())
                    .withPrelude(checked.prelude()), stream);
        }
        JsonReport.write(r, report);
        HtmlReport.write(r, html);
        List<String> printed = r.hostCalls().lines();
        if (!printed.isEmpty()) {
            // what the cores printed through the host, in the host's order, tagged with core and cycle
            AtomicFiles.writeTextOrFail(outs.file(STDOUT), w -> {
                for (String line : printed) {
                    w.write(line);
                    w.write('\n');
                }
            });
            if (printSummary) {
                for (String line : printed) {
                    stdout.println(line);
                }
            }
        }
        if (profile != null) {
            ProfileData p = ProfileData.of(r);
            p.write(profile[0]);
            ProfileFiles.write(p, profile[1], profile[2], profile[3]);
        }
        if (printSummary) {
            Summary.print(r, stdout);
            if (spec.verbose() && r.prelude() != null) {
                Launches.printImage(r.prelude(), stdout);
            } else if (spec.verbose()) {
                // only the Epiphany target lays out an image (as --launch, which is refused elsewhere)
                stdout.println("  image        none: " + r.machineLabel() + " has no program image (no syscore, "
                        + "usrcore, sysmem or usrmem); --verbose prints one on parallella16, e64 and e1024");
            }
            stdout.println("  report       " + report + " and " + html.getFileName() + " (plots; opens offline)");
            if (profile != null) {
                stdout.println("  profile      " + profile[1] + " (and profile.folded, profile.html; edarts profile "
                        + profile[0].getParent() + ")");
            }
            if (trace != null) {
                stdout.println("  trace        " + trace + " (" + r.traceEvents() + " events; open in ui.perfetto.dev)");
            }
            stdout.flush();
        }
        if (!r.succeeded()) {
            stderr.println("edarts: " + r.program() + " " + r.status().json() + ": " + r.message());
            stderr.flush();
        }
        return r;
    }
}
