package io.edarts.cli;

import io.edarts.report.profile.ProfileData;
import io.edarts.report.profile.ProfileFiles;
import io.edarts.report.profile.ProfileText;
import io.edarts.run.OutputSet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edarts profile}: where a run's cycles went, perf-report style, from the {@code profile.json}
 * that {@code edarts run --profile} writes; or, with {@code --diff}, two runs side by side. It reads
 * only that file, so it works on any run made with {@code --profile}, on this host or another.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Where a run's cycles went, perf-report style: by code object and codelet (self share, calls, "
                + "mean and p99 cycles), by phase, by core and by unit kind, with each code object's Amdahl bound. "
                + "Reads RUN_DIR/profile.json (made by 'edarts run ... --profile') and writes profile.txt, "
                + "profile.folded (collapsed stacks for flamegraph.pl and speedscope) and profile.html (a flame graph).",
                "With --diff RUN_A RUN_B: the two runs side by side, per code object and phase, and the change."})
final class ProfileCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "RUN_DIR", description = "a run's output folder (two with --diff)")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--diff", description = "compare two runs: RUN_A RUN_B")
    boolean diff;

    @Option(names = "--out", paramLabel = "DIR", description = "write the profile's files here (default: RUN_DIR)")
    Path out;

    @Option(names = "--quiet", description = "do not print the profile")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (diff != (runs.size() == 2)) {
            throw new CommandLine.ParameterException(spec.commandLine(), diff
                    ? "--diff needs two run folders, RUN_A RUN_B; got " + runs.size()
                    : "one RUN_DIR, or --diff RUN_A RUN_B; got " + runs.size() + " folders without --diff");
        }
        if (diff && out != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--diff prints the comparison; --out does not apply");
        }
        List<ProfileData> profiles = new ArrayList<>();
        for (Path dir : runs) {
            profiles.add(read(dir)); // both are checked before anything is written or printed
        }
        if (diff) {
            stdout.print(ProfileText.diff(profiles.get(0), profiles.get(1)));
            stdout.flush();
            return Edarts.OK;
        }
        ProfileData p = profiles.get(0);
        Path dir = out != null ? out : runs.get(0);
        try (OutputSet outs = OutputSet.open(dir, out != null ? "--out" : "RUN_DIR")) {
            ProfileFiles.write(p, outs.file("profile.txt"), outs.file("profile.folded"), outs.file("profile.html"));
            outs.keep();
        }
        if (!quiet) {
            stdout.print(ProfileText.text(p));
            stdout.println();
            stdout.println("# wrote " + dir.resolve("profile.txt") + ", profile.folded and profile.html");
            stdout.flush();
        }
        return Edarts.OK;
    }

    /**
     * The profile of run folder {@code dir}.
     *
     * @throws IllegalArgumentException naming the path for a folder that is missing, is not a run's, or
     *                                  holds no profile
     */
    static ProfileData read(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("RUN_DIR " + dir + ": no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("RUN_DIR " + dir + " is a file, not a run's output folder");
        }
        Path profile = dir.resolve("profile.json");
        if (!Files.isRegularFile(profile)) {
            if (!Files.isRegularFile(dir.resolve("report.json"))) {
                throw new IllegalArgumentException("RUN_DIR " + dir + " is not a run's output folder: it has no report.json");
            }
            throw new IllegalArgumentException("RUN_DIR " + dir + " has no profile.json: the run was made without a "
                    + "profile; rerun it with --profile (edarts run ... --profile --out " + dir + ")");
        }
        return ProfileData.read(profile);
    }
}
