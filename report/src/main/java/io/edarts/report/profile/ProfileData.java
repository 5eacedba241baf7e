package io.edarts.report.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edarts.cam.AtomicFiles;
import io.edarts.scheduler.RunProfile;
import io.edarts.scheduler.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code edarts profile} reads: a run's {@link RunProfile} with the few facts of the run it
 * needs (makespan, the units and their kinds), as {@code profile.json}, schema version
 * {@value #SCHEMA_VERSION}. {@code edarts run --profile} writes it beside {@code report.json}; its
 * components are written in declaration order and its lists are sorted, so the same run gives the
 * same bytes. All figures are simulated cycles.
 *
 * @param codeObjects by name; {@code codelets} by (procedure, codelet, code object); {@code cores}
 *                    every core of the machine in core order, with what it did (nothing, for an idle one)
 */
public record ProfileData(int schemaVersion, String program, String machine, String target, String policy, long seed,
                          double clockMhz, long makespanCycles, long fired, List<CodeObject> codeObjects,
                          List<Codelet> codelets, List<Core> cores, List<Unit> units) {
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public ProfileData {
        codeObjects = List.copyOf(codeObjects);
        codelets = List.copyOf(codelets);
        cores = List.copyOf(cores);
        units = units == null ? List.of() : List.copyOf(units);
    }

    /** A profile of a machine without units but cores. */
    public ProfileData(int schemaVersion, String program, String machine, String target, String policy, long seed,
                       double clockMhz, long makespanCycles, long fired, List<CodeObject> codeObjects,
                       List<Codelet> codelets, List<Core> cores) {
        this(schemaVersion, program, machine, target, policy, seed, clockMhz, makespanCycles, fired, codeObjects, codelets,
                cores, List.of());
    }

    /**
     * A unit of the machine that is not a core (an accelerator), as {@link RunResult.UnitReport}: its
     * calls, bytes, busy cycles and the calls' cycles by driver and unit phase, in call order.
     */
    public record Unit(String name, String kind, String attachment, long calls, long inputBytes, long outputBytes,
                       long busyCycles, List<Phase> phases) {
        public Unit {
            phases = List.copyOf(phases);
        }

        /** Cycles of every phase of every call. */
        public long cycles() {
            return phases.stream().mapToLong(Phase::cycles).sum();
        }
    }

    /** One phase of a unit's calls, summed. */
    public record Phase(String name, long cycles) {}

    /**
     * One group of firings (or of an SU's decisions), as {@link RunProfile.Stats}: calls, cycles by
     * phase, the wait from enabled to started (off the core) and the part of it spent waiting for a
     * pool slot, and the median, 99th percentile and longest cycles of one call.
     */
    public record Stats(long calls, long dispatch, long code, long body, long signal, long contention, long decide,
                        long waitCycles, long slotWaitCycles, long p50, long p99, long max, long host) {
        static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** Stats without host waits. */
        public Stats(long calls, long dispatch, long code, long body, long signal, long contention, long decide,
                     long waitCycles, long slotWaitCycles, long p50, long p99, long max) {
            this(calls, dispatch, code, body, signal, contention, decide, waitCycles, slotWaitCycles, p50, p99, max, 0);
        }

        static Stats of(RunProfile.Stats s) {
            RunProfile.Phases p = s.phases();
            return new Stats(s.calls(), p.dispatch(), p.code(), p.body(), p.signal(), p.contention(), p.decide(),
                    s.waitCycles(), s.slotWaitCycles(), s.p50(), s.p99(), s.max(), p.host());
        }

        /** Cycles of all calls, every phase but the wait. */
        public long cycles() {
            return dispatch + code + body + signal + contention + decide + host;
        }

        /** Mean cycles of one call; 0 without calls. */
        public double mean() {
            return calls == 0 ? 0 : (double) cycles() / calls;
        }

        /** What stays when this code is free: its firings' dispatch and signal (see {@link Amdahl}). */
        long runtimePart() {
            return dispatch + signal;
        }
    }

    /** The firings that ran code object {@code name}. */
    public record CodeObject(String name, Stats stats) {}

    /** The firings of codelet {@code codelet} of procedure {@code procedure}, which ran {@code codeObject}. */
    public record Codelet(String procedure, String codelet, String codeObject, Stats stats) {}

    /**
     * A core of the machine: its kind ({@code CU}, {@code SU}, ...), its busy cycles, what it did, and
     * on an SU the least its decisions could cost ({@link RunProfile.Core#decideFloor}).
     */
    public record Core(int core, int row, int col, String kind, long busyCycles, Stats stats, long decideFloor) {}

    /** The profile of {@code r}. */
    public static ProfileData of(RunResult r) {
        RunProfile p = r.profile();
        Map<Integer, RunProfile.Core> byCore = new HashMap<>();
        for (RunProfile.Core c : p.cores()) {
            byCore.put(c.core(), c);
        }
        List<Core> cores = new ArrayList<>();
        for (RunResult.CoreReport c : r.cores()) {
            RunProfile.Core s = byCore.get(c.id());
            cores.add(new Core(c.id(), c.row(), c.col(), c.role(), c.busyCycles(), s == null ? Stats.NONE : Stats.of(s.stats()),
                    s == null ? 0 : s.decideFloor()));
        }
        return new ProfileData(SCHEMA_VERSION, r.program(), r.machineLabel(), r.target(), r.policy(), r.seed(),
                r.clockMhz(), r.makespanCycles(), r.codeletsFired(),
                p.codeObjects().stream().map(c -> new CodeObject(c.name(), Stats.of(c.stats()))).toList(),
                p.codelets().stream().map(c -> new Codelet(c.procedure(), c.codelet(), c.codeObject(), Stats.of(c.stats())))
                        .toList(),
                cores,
                p.units().stream().map(u -> new Unit(u.name(), u.kind(), u.attachment(), u.calls(), u.inputBytes(),
                        u.outputBytes(), u.busyCycles(), u.phases().stream().map(x -> new Phase(x.name(), x.cycles()))
                        .toList())).toList());
    }

    /** Cores of kind {@code CU}: the units the firings ran on. */
    public int computeUnits() {
        return (int) cores.stream().filter(c -> c.kind().equals("CU")).count();
    }

    /** Every core's busy cycles: firings and decisions, what the profile's shares are of. */
    public long coreCycles() {
        return cores.stream().mapToLong(c -> c.stats().cycles()).sum();
    }

    /** Writes {@code profile.json} to {@code path} through a temporary file moved into place. */
    public void write(Path path) {
        try {
            AtomicFiles.write(path, os -> os.write(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write profile " + path + ": " + e.getMessage(), e);
        }
    }

    /** The profile as {@code profile.json} holds it. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("profile of " + program + " cannot be written as JSON", e);
        }
    }

    /**
     * Reads a {@code profile.json}.
     *
     * @throws IllegalArgumentException naming the file when it is not a profile of this schema version
     * @throws UncheckedIOException     naming the file when it cannot be read
     */
    public static ProfileData read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        ProfileData d;
        try {
            d = JSON.readValue(text, ProfileData.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(path + " is not a profile.json of schema version " + SCHEMA_VERSION + ": "
                    + e.getOriginalMessage(), e);
        }
        if (d == null || d.schemaVersion() != SCHEMA_VERSION) {
            throw new IllegalArgumentException(path + ": schemaVersion " + (d == null ? "missing" : d.schemaVersion())
                    + ", expected " + SCHEMA_VERSION);
        }
        return d;
    }
}
