package io.edarts.cli;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.sweep.ProgramCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The examples {@code edarts run} knows, as a {@link ProgramCatalog} for sweeps and comparisons. A
 * point's parameters are parsed exactly as {@code edarts run}'s options are (same defaults, same
 * converters such as {@code 10k}): they are handed to {@code run}'s own option model, so a point and
 * {@code edarts run} with the same options build the same program.
 */
final class CatalogPrograms implements ProgramCatalog {
    /**
     * Examples that {@code compare --programs all} leaves out, and why: remote-exec is a hardware
     * experiment whose codelets are pinned, one per core, and whose check fails a codelet that ran
     * elsewhere, so it measures the mesh, not the policy.
     */
    static final Map<String, String> NOT_IN_ALL = Map.of("remote-exec",
            "a hardware experiment with one codelet pinned per core: it measures the mesh, not the policy");

    @Override
    public List<String> names() {
        return Examples.names();
    }

    /** What {@code all} means for programs: every example but {@link #NOT_IN_ALL}. */
    @Override
    public List<String> comparable() {
        return names().stream().filter(n -> !NOT_IN_ALL.containsKey(n)).toList();
    }

    @Override
    public List<String> parameters(String program) {
        return Examples.byName(program).options().stream().map(o -> o.substring(2)).toList();
    }

    @Override
    public void check(String program, Map<String, String> parameters) {
        parse(program, parameters, 1);
    }

    @Override
    public Program<?> build(String program, Map<String, String> parameters, long seed, Machine machine) {
        RunCommand o = parse(program, parameters, seed);
        return Examples.build(program, new Examples.Params(o.n, o.codelets, o.size, o.block, seed, o.layout, o.remoteCase,
                o.loop, o.iterations, o.buffers, o.cores, o.degree, o.shift, o.calls, o.writeResult, o.messages, o.batch,
                o.offload), machine);
    }

    /** {@code run PROGRAM --k v ...} parsed into run's options, each parameter one the program reads. */
    private static RunCommand parse(String program, Map<String, String> parameters, long seed) {
        Examples.Example e = Examples.byName(program);
        List<String> args = new ArrayList<>(List.of(program, "--seed", Long.toString(seed)));
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String option = "--" + p.getKey();
            if (!e.options().contains(option)) {
                List<String> reads = e.options().stream().map(x -> x.substring(2)).toList();
                throw new IllegalArgumentException(program + ": unknown parameter '" + p.getKey() + "': " + program
                        + (reads.isEmpty() ? " has no parameters" : " reads " + String.join(", ", reads)));
            }
            args.add(option);
            args.add(p.getValue());
        }
        RunCommand o = new RunCommand();
        try {
            new CommandLine(o).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException x) {
            throw new IllegalArgumentException(program + " " + parameters + ": " + x.getMessage(), x);
        }
        return o;
    }
}
