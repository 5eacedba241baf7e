package io.edarts.scheduler;

import io.edarts.cam.Placement;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Options of one run.
 *
 * @param policy     placement policy name ({@link Policies})
 * @param seed       the run's seed (reported; policies that draw use it)
 * @param trace      where and how to write the trace, or {@code null} for none
 * @param progress   receives the number of codelets fired so far (host-side progress), or {@code null}
 * @param placements code placements to use instead of the program's, by code-object name ({@code "*"}
 *                   for every code object); every other key must name a code object of the program's
 *                   root procedure, which the run checks before it starts
 * @param verify     whether to check the schedule against the codelet model after the run (see
 *                   {@link #withVerify}); it costs memory and time, never a byte of the result
 * @param homes      code objects to run resident in one core's memory only, executed in place from
 *                   there by every other core ({@code --placement CODE=core:R,C}), by name as in
 *                   {@code placements} (a name is in one of the two maps at most); the run turns the
 *                   coordinates into a core of its machine and refuses ones off the mesh
 * @param host       where host calls have their real effects ({@link HostIo}); {@link HostIo#NONE}
 *                   when null
 * @param prelude    what a loader did before the program (a launch: the run starts at its end), or
 *                   {@code null} for a program that is on the cores at cycle 0
 * @param profile    whether the SUs record the run's profile ({@link RunResult#profile}); off, the
 *                   result's profile is {@link RunProfile#EMPTY} and a run pays nothing for it
 */
public record RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress,
                         Map<String, Placement> placements, boolean verify, Map<String, HomeCore> homes,
                         HostIo host, Prelude prelude, boolean profile) {
    /** A core by its mesh coordinates, where {@link #homes} puts a code object. */
    public record HomeCore(int row, int col) {
        @Override
        public String toString() {
            return "core:" + row + "," + col;
        }
    }

    /** @throws IllegalArgumentException for an unknown policy or a code object both placed and homed */
    public RunOptions {
        Policies.byName(policy);
        placements = Map.copyOf(placements);
        homes = Map.copyOf(homes);
        host = host == null ? HostIo.NONE : host;
        for (String k : new java.util.TreeSet<>(homes.keySet())) {
            if (placements.containsKey(k)) {
                throw new IllegalArgumentException("code object '" + k + "' is given both placement "
                        + placements.get(k).label() + " and home " + homes.get(k) + ": give one");
            }
        }
    }

    public RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress,
                      Map<String, Placement> placements, boolean verify, Map<String, HomeCore> homes) {
        this(policy, seed, trace, progress, placements, verify, homes, HostIo.NONE, null, false);
    }

    public RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress,
                      Map<String, Placement> placements, boolean verify) {
        this(policy, seed, trace, progress, placements, verify, Map.of());
    }

    public RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress,
                      Map<String, Placement> placements) {
        this(policy, seed, trace, progress, placements, false);
    }

    public RunOptions(String policy, long seed, TraceOutput trace, LongConsumer progress) {
        this(policy, seed, trace, progress, Map.of());
    }

    public static RunOptions defaults() {
        return new RunOptions(Policies.DEFAULT, 1, null, null, Map.of(), false, Map.of(), null, null, false);
    }

    /**
     * These options with the run's schedule checked after it ends, independently of the scheduler:
     * every firing started no earlier than the arrival of each signal that enabled it, and no codelet
     * instance fired concurrently with itself. A violation fails the run naming both firings; a run
     * that passes reports exactly what it would without the check.
     */
    public RunOptions withVerify(boolean v) {
        return new RunOptions(policy, seed, trace, progress, placements, v, homes, host, prelude, profile);
    }

    public RunOptions withPolicy(String p) {
        return new RunOptions(p, seed, trace, progress, placements, verify, homes, host, prelude, profile);
    }

    /** These options with the trace written to {@code file} in {@code format}. */
    public RunOptions withTrace(Path file, TraceFormat format) {
        return withTrace(new TraceOutput(file, format));
    }

    /** These options with the trace written to {@code t}, or none for {@code null}. */
    public RunOptions withTrace(TraceOutput t) {
        return new RunOptions(policy, seed, t, progress, placements, verify, homes, host, prelude, profile);
    }

    public RunOptions withProgress(LongConsumer p) {
        return new RunOptions(policy, seed, trace, p, placements, verify, homes, host, prelude, profile);
    }

    public RunOptions withPlacements(Map<String, Placement> p) {
        return new RunOptions(policy, seed, trace, progress, p, verify, homes, host, prelude, profile);
    }

    /** These options with host calls' effects going to {@code h} ({@link HostIo}). */
    public RunOptions withHost(HostIo h) {
        return new RunOptions(policy, seed, trace, progress, placements, verify, homes, h, prelude, profile);
    }

    /**
     * These options with code objects homed in one core each ({@link #homes}).
     */
    public RunOptions withHomes(Map<String, HomeCore> h) {
        return new RunOptions(policy, seed, trace, progress, placements, verify, h, host, prelude, profile);
    }

    /**
     * These options with the program loaded by {@code p} first: the run starts at {@code p.cycles()}
     * and reports {@code p} ({@link RunResult#prelude}); {@code null} for none.
     */
    public RunOptions withPrelude(Prelude p) {
        return new RunOptions(policy, seed, trace, progress, placements, verify, homes, host, p, profile);
    }

    /** These options with the profile recorded ({@code on}) or not ({@link RunProfile#EMPTY}). */
    public RunOptions withProfile(boolean on) {
        return new RunOptions(policy, seed, trace, progress, placements, verify, homes, host, prelude, on);
    }

    /** The cycle the program starts at: the end of the {@link #prelude}, else 0. */
    public long startCycle() {
        return prelude == null ? 0 : prelude.cycles();
    }

    /**
     * The placement a code object runs with in this run: its name's override (a placement, or
     * {@code LOCAL} for a home core), else {@code "*"}'s, else its own.
     */
    public Placement placementOf(io.edarts.cam.CodeObject code) {
        if (placements.isEmpty() && homes.isEmpty()) {
            return code.placement();
        }
        for (String key : new String[] {code.name(), "*"}) {
            Placement p = placements.get(key);
            if (p != null) {
                return p;
            }
            if (homes.containsKey(key)) {
                return Placement.LOCAL;
            }
        }
        return code.placement();
    }

    /**
     * The home core this run gives {@code code}, by the same precedence as {@link #placementOf}, or
     * null when the override in force is a placement or there is none (the code keeps its own).
     */
    public HomeCore homeOf(io.edarts.cam.CodeObject code) {
        if (homes.isEmpty()) {
            return null;
        }
        for (String key : new String[] {code.name(), "*"}) {
            if (placements.containsKey(key)) {
                return null;
            }
            HomeCore h = homes.get(key);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    /** Whether this run overrides where {@code code} lives (a placement or a home for its name or "*"). */
    public boolean overrides(io.edarts.cam.CodeObject code) {
        return placements.containsKey(code.name()) || homes.containsKey(code.name()) || placements.containsKey("*")
                || homes.containsKey("*");
    }
}
