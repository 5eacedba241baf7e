package io.edarts.run;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.scheduler.Policies;
import io.edarts.scheduler.RunOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Runner#run} needs besides the program: the machine (a built-in name or a HOCON file,
 * with {@code --set}-style overrides), the policy, seed, host threads, code placements, whether to
 * write a trace, the output folder and where the summary goes. Immutable: every method returns a new
 * spec. Each value is checked at the call, so a bad one fails before anything runs or is written:
 *
 * <pre>{@code
 * RunSpec spec = RunSpec.on("parallella16").set("pool-capacity", "2").policy("critical-path").out(dir);
 * RunResult r = Runner.run(program, spec);
 * }</pre>
 *
 * The defaults are the {@code edarts run} command's: policy {@value Policies#DEFAULT}, seed 1, two
 * host threads, the program's own placements, a trace, a new folder under {@code runs/}, the summary
 * on standard output and progress on standard error.
 */
public final class RunSpec {
    /** The most host threads a run may use. */
    public static final int MAX_HOST_THREADS = 256;

    private final String source;              // the machine's name or file, or null when given loaded
    private final List<String> overrides;     // key=value, applied to source in order
    private final Machine machine;
    private final String policy;
    private final long seed;
    private final int hostThreads;
    private final Map<String, Placement> placements;
    private final Map<String, RunOptions.HomeCore> homes;
    private final boolean trace;
    private final Path out;
    private final boolean quiet;
    private final PrintWriter stdout;
    private final PrintWriter stderr;
    private final boolean verify;
    private final io.edarts.epiphany.host.LaunchProcedure launch;
    private final boolean verbose;
    private final boolean profile;

    private RunSpec(String source, List<String> overrides, Machine machine, String policy, long seed, int hostThreads,
                    Map<String, Placement> placements, Map<String, RunOptions.HomeCore> homes, boolean trace, Path out, boolean quiet, PrintWriter stdout,
                    PrintWriter stderr, boolean verify, io.edarts.epiphany.host.LaunchProcedure launch, boolean verbose,
                    boolean profile) {
        this.source = source;
        this.overrides = overrides;
        this.machine = machine;
        this.policy = policy;
        this.seed = seed;
        this.hostThreads = hostThreads;
        this.placements = placements;
        this.homes = homes;
        this.trace = trace;
        this.out = out;
        this.quiet = quiet;
        this.stdout = stdout;
        this.stderr = stderr;
        this.verify = verify;
        this.launch = launch;
        this.verbose = verbose;
        this.profile = profile;
    }

    /**
     * A run on the built-in machine {@code nameOrFile} ({@code parallella16}, {@code e64}, ...; see
     * {@code edarts list}) or the machine described in that HOCON file, loaded now.
     *
     * @throws io.edarts.cam.MachineConfigException (an {@link IllegalArgumentException}) for an unknown
     *                                              name or a bad file, naming it
     */
    public static RunSpec on(String nameOrFile) {
        return new RunSpec(nameOrFile, List.of(), MachineLoader.load(nameOrFile, List.of()), Policies.DEFAULT, 1, 2,
                Map.of(), Map.of(), true, null, false, null, null, false, io.edarts.epiphany.host.LaunchProcedure.NONE, false, false);
    }

    /** A run on a machine already loaded (with {@link MachineLoader#load}); {@link #set} does not apply. */
    public static RunSpec on(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        return new RunSpec(null, List.of(), machine, Policies.DEFAULT, 1, 2, Map.of(), Map.of(), true, null, false, null, null, false, io.edarts.epiphany.host.LaunchProcedure.NONE, false, false);
    }

    /**
     * This spec with machine key {@code key} set to {@code value}, as {@code --set key=value} does
     * ({@code set("epiphany.code-fetch", "rent-or-buy")}); the machine is reloaded now, and reports
     * name it with its overrides ({@code parallella16 (--set epiphany.code-fetch=rent-or-buy)}).
     *
     * @throws io.edarts.cam.MachineConfigException for an unknown key or a bad value, naming the key
     * @throws IllegalStateException                if this spec was given a loaded machine
     */
    public RunSpec set(String key, String value) {
        if (source == null) {
            throw new IllegalStateException("set(" + key + ", " + value + ") needs a machine given by name or file, "
                    + "RunSpec.on(\"" + machine.name() + "\"); this spec holds a loaded machine: load it with its overrides");
        }
        if (key == null || value == null) {
            throw new IllegalArgumentException("set(" + key + ", " + value + "): key and value must not be null");
        }
        List<String> o = new ArrayList<>(overrides);
        o.add(key + "=" + value);
        return new RunSpec(source, List.copyOf(o), MachineLoader.load(source, o), policy, seed, hostThreads,
                placements, homes, trace, out, quiet, stdout, stderr, verify, launch, verbose, profile);
    }

    /**
     * This spec with placement policy {@code name} ({@link Policies#names()}).
     *
     * @throws IllegalArgumentException for an unknown policy, listing the known ones
     */
    public RunSpec policy(String name) {
        Policies.byName(name);
        return new RunSpec(source, overrides, machine, name, seed, hostThreads, placements, homes, trace, out, quiet, stdout,
                stderr, verify, launch, verbose, profile);
    }

    /** This spec with the run's seed (reported; policies that draw use it). */
    public RunSpec seed(long seed) {
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements, homes, trace, out, quiet, stdout,
                stderr, verify, launch, verbose, profile);
    }

    /**
     * This spec with {@code n} host threads for the actor and body dispatchers: it changes the speed
     * of the run, never its results.
     *
     * @throws IllegalArgumentException unless 1 &lt;= n &lt;= {@value #MAX_HOST_THREADS}
     */
    public RunSpec hostThreads(int n) {
        if (n < 1 || n > MAX_HOST_THREADS) {
            throw new IllegalArgumentException("host threads " + n + ": expected 1.." + MAX_HOST_THREADS);
        }
        return new RunSpec(source, overrides, machine, policy, seed, n, placements, homes, trace, out, quiet, stdout, stderr, verify, launch, verbose, profile);
    }

    /**
     * This spec with code object {@code code} run with placement {@code where} instead of the
     * program's ({@code "*"} for every code object), as {@code --placement code=where} does. A code
     * object the program does not have is an error when the run starts, listing the ones it has.
     *
     * @throws IllegalArgumentException for a blank code name, a null placement or a code given twice
     */
    public RunSpec placement(String code, Placement where) {
        if (code == null || code.isBlank() || where == null) {
            throw new IllegalArgumentException("placement(" + code + ", " + where + "): expected a code object name"
                    + " (or *) and one of " + Placement.labels());
        }
        if (placements.containsKey(code) || homes.containsKey(code)) {
            throw new IllegalArgumentException("placement " + code + " is given twice");
        }
        Map<String, Placement> p = new LinkedHashMap<>(placements);
        p.put(code, where);
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, Collections.unmodifiableMap(p), homes, trace,
                out, quiet, stdout, stderr, verify, launch, verbose, profile);
    }

    /**
     * This spec with code object {@code code} ({@code "*"} for every code object) resident in the
     * local memory of core ({@code row}, {@code col}) only and executed in place from there by every
     * other core, as {@code --placement code=core:row,col} does. Coordinates off the machine's mesh
     * are an error when the run starts, naming the code object and the coordinates.
     *
     * @throws IllegalArgumentException for a blank code name or a code given twice
     */
    public RunSpec homedOn(String code, int row, int col) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("homedOn(" + code + ", " + row + ", " + col
                    + "): expected a code object name (or *)");
        }
        if (placements.containsKey(code) || homes.containsKey(code)) {
            throw new IllegalArgumentException("placement " + code + " is given twice");
        }
        Map<String, RunOptions.HomeCore> h = new LinkedHashMap<>(homes);
        h.put(code, new RunOptions.HomeCore(row, col));
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements,
                Collections.unmodifiableMap(h), trace, out, quiet, stdout, stderr, verify, launch, verbose, profile);
    }

    /** The home cores by code-object name ({@link #homedOn}), in the order given. */
    public Map<String, RunOptions.HomeCore> homes() {
        return homes;
    }

    /** This spec with or without {@code trace.json} (on by default). */
    public RunSpec trace(boolean on) {
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements, homes, on, out, quiet, stdout,
                stderr, verify, launch, verbose, profile);
    }

    /**
     * This spec writing into folder {@code dir}, created if missing; it is checked when the run
     * starts (errors name it as {@code --out}). Without it a run writes into a new folder under
     * {@code runs/} ({@link Runner#newFolder}).
     */
    public RunSpec out(Path dir) {
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements, homes, trace, dir, quiet, stdout,
                stderr, verify, launch, verbose, profile);
    }

    /**
     * This spec with the run checked afterwards against the codelet model ({@code --verify};
     * {@link io.edarts.scheduler.RunOptions#withVerify}).
     */
    public RunSpec verify(boolean on) {
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements, homes, trace, out, quiet, stdout,
                stderr, on, launch, verbose, profile);
    }

    /**
     * This spec with the program loaded onto the cores by {@code procedure} first ({@code --launch}):
     * the launch is simulated on the host node and the chip, the program starts when it ends, and
     * the makespan includes it. {@link io.edarts.epiphany.host.LaunchProcedure#NONE} (the default)
     * starts the program at cycle 0. A procedure other than none needs an Epiphany machine (checked
     * when the run starts).
     *
     * @throws IllegalArgumentException for a null procedure
     */
    public RunSpec launch(io.edarts.epiphany.host.LaunchProcedure procedure) {
        if (procedure == null) {
            throw new IllegalArgumentException("launch(null): expected one of "
                    + io.edarts.epiphany.host.LaunchProcedure.labels());
        }
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements, homes, trace, out, quiet, stdout,
                stderr, verify, procedure, verbose, profile);
    }

    /** How the program is loaded before it runs. */
    public io.edarts.epiphany.host.LaunchProcedure launch() {
        return launch;
    }

    /** This spec printing the program image's layout with the summary ({@code --verbose}). */
    public RunSpec verbose(boolean on) {
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements, homes, trace, out, quiet, stdout,
                stderr, verify, launch, on, profile);
    }

    public boolean verbose() {
        return verbose;
    }

    /**
     * This spec writing the run's profile too ({@code --profile}): {@code profile.json}, which
     * {@code edarts profile} reads, and its renderings {@code profile.txt}, {@code profile.folded}
     * and {@code profile.html}.
     */
    public RunSpec profile(boolean on) {
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements, homes, trace, out, quiet, stdout,
                stderr, verify, launch, verbose, on);
    }

    /** Whether the run writes its profile. */
    public boolean profile() {
        return profile;
    }

    /** Whether the run is checked afterwards against the codelet model. */
    public boolean verify() {
        return verify;
    }

    /** This spec printing only errors: no summary, no progress bar. */
    public RunSpec quiet(boolean quiet) {
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements, homes, trace, out, quiet, stdout,
                stderr, verify, launch, verbose, profile);
    }

    /** This spec printing the summary to {@code out} and progress and errors to {@code err}. */
    public RunSpec console(PrintWriter out, PrintWriter err) {
        return new RunSpec(source, overrides, machine, policy, seed, hostThreads, placements, homes, trace, this.out, quiet,
                Objects.requireNonNull(out, "out"), Objects.requireNonNull(err, "err"), verify, launch, verbose, profile);
    }

    /** The machine, with its overrides ({@link Machine#overrides()}). */
    public Machine machine() {
        return machine;
    }

    public String policy() {
        return policy;
    }

    public long seed() {
        return seed;
    }

    public int hostThreads() {
        return hostThreads;
    }

    /** The placements by code-object name, in the order given. */
    public Map<String, Placement> placements() {
        return placements;
    }

    public boolean trace() {
        return trace;
    }

    /** The output folder, or null for a new one under {@code runs/}. */
    public Path out() {
        return out;
    }

    public boolean quiet() {
        return quiet;
    }

    PrintWriter stdout() {
        return stdout != null ? stdout : new PrintWriter(System.out, true);
    }

    PrintWriter stderr() {
        return stderr != null ? stderr : new PrintWriter(System.err, true);
    }

    @Override
    public String toString() {
        return "RunSpec[" + machine.label() + ", policy " + policy + ", seed " + seed + ", host threads " + hostThreads
                + (placements.isEmpty() ? "" : ", placements " + placements) + (homes.isEmpty() ? "" : ", homes " + homes) + (trace ? "" : ", no trace")
                + (out == null ? "" : ", out " + out) + (quiet ? ", quiet" : "") + "]";
    }
}
