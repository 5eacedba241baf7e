package io.edarts.api;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A runnable codelet program: a root threaded procedure, a factory for its frame (called once per
 * run, so a program can run many times), and the program's own check of its answer.
 */
public final class Program<F> {
    /** A check of the finished frame that also sees the run's makespan (its simulated time). */
    @FunctionalInterface
    public interface TimedCheck<F> {
        CheckResult check(F frame, long makespanCycles);
    }

    private final String name;
    private final TpDefinition<F> root;
    private final Supplier<F> frames;
    private final TimedCheck<F> check;
    private final Map<String, String> parameters;
    private final java.util.List<TpDefinition<?>> procedures;
    /** User-defined host functions by call number, with their names (sorted by number). */
    private final java.util.SortedMap<Integer, Map.Entry<String, HostFunction>> hostFunctions;
    /** Which body codelets with an accelerator body run ({@link #withOffload(OffloadMode)}). */
    private final OffloadMode offload;

    private Program(String name, TpDefinition<F> root, Supplier<F> frames, TimedCheck<F> check,
                    Map<String, String> parameters, java.util.List<TpDefinition<?>> procedures) {
        this(name, root, frames, check, parameters, procedures, new java.util.TreeMap<>(), OffloadMode.OFF);
    }

    private Program(String name, TpDefinition<F> root, Supplier<F> frames, TimedCheck<F> check,
                    Map<String, String> parameters, java.util.List<TpDefinition<?>> procedures,
                    java.util.SortedMap<Integer, Map.Entry<String, HostFunction>> hostFunctions, OffloadMode offload) {
        this.offload = offload;
        this.name = name;
        this.root = root;
        this.frames = frames;
        this.check = check;
        this.parameters = Map.copyOf(parameters);
        this.procedures = java.util.List.copyOf(procedures);
        this.hostFunctions = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(hostFunctions));
    }

    /**
     * @param check compares the finished frame against a reference; {@code null} for no check
     * @throws IllegalArgumentException for a blank name or missing root or frame factory
     */
    public static <F> Program<F> of(String name, TpDefinition<F> root, Supplier<F> frames,
                                    Function<F, CheckResult> check, Map<String, String> parameters) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("program name is blank");
        }
        if (root == null || frames == null) {
            throw new IllegalArgumentException("program '" + name + "' needs a root procedure and a frame factory");
        }
        return new Program<>(name, root, frames, check == null ? (f, t) -> CheckResult.none()
                : (f, t) -> check.apply(f), parameters, java.util.List.of());
    }

    public static <F> Program<F> of(String name, TpDefinition<F> root, Supplier<F> frames,
                                    Function<F, CheckResult> check) {
        return of(name, root, frames, check, Map.of());
    }

    public String name() { return name; }

    public TpDefinition<F> root() { return root; }

    public F newFrame() { return frames.get(); }

    /** This program with {@code timed} as its check, which also sees the makespan. */
    public Program<F> withCheck(TimedCheck<F> timed) {
        if (timed == null) {
            throw new IllegalArgumentException("program '" + name + "': null check");
        }
        return new Program<>(name, root, frames, timed, parameters, procedures, hostFunctions, offload);
    }

    /**
     * This program declaring the procedures its bodies may invoke besides the root, so that their
     * scratch buffers are placed, and checked against the machine's memory, before the run starts
     * (as a linker puts every function's globals in the image). A procedure with scratch buffers
     * that is invoked without being declared fails the run.
     *
     * @throws IllegalArgumentException for a null procedure
     */
    public Program<F> withProcedures(TpDefinition<?>... others) {
        java.util.List<TpDefinition<?>> all = new java.util.ArrayList<>(procedures);
        for (TpDefinition<?> d : others) {
            if (d == null) {
                throw new IllegalArgumentException("program '" + name + "': null procedure");
            }
            if (d != root && !all.contains(d)) {
                all.add(d);
            }
        }
        return new Program<>(name, root, frames, check, parameters, all, hostFunctions, offload);
    }

    /**
     * This program with a user-defined host function: bodies call it with
     * {@link CodeletContext#hostCall ctx.hostCall(number, args...)}, and the host runs
     * {@code function} (as a function marked for host calls is registered at compile time).
     *
     * @param number the call number, {@link HostCalls#USER_BASE} or more
     * @param label  a name for reports and messages
     * @throws IllegalArgumentException for a number below {@link HostCalls#USER_BASE}, one already
     *                                  registered, a blank name or a null function
     */
    public Program<F> withHostFunction(int number, String label, HostFunction function) {
        if (number < HostCalls.USER_BASE) {
            throw new IllegalArgumentException("program '" + name + "': host function '" + label + "' has call number "
                    + number + ", but user-defined host calls are numbered from " + HostCalls.USER_BASE
                    + " (below are Linux system calls and run-time utilities)");
        }
        if (label == null || label.isBlank() || function == null) {
            throw new IllegalArgumentException("program '" + name + "': host function " + number
                    + " needs a name and a function");
        }
        if (hostFunctions.containsKey(number)) {
            throw new IllegalArgumentException("program '" + name + "': host call " + number + " is already '"
                    + hostFunctions.get(number).getKey() + "', cannot register '" + label + "' too");
        }
        java.util.SortedMap<Integer, Map.Entry<String, HostFunction>> all = new java.util.TreeMap<>(hostFunctions);
        all.put(number, Map.entry(label, function));
        return new Program<>(name, root, frames, check, parameters, procedures, all, offload);
    }

    /**
     * This program with its codelets' accelerator bodies chosen ({@code on}) or their software bodies
     * ({@code off}, the default): {@link #withOffload(OffloadMode) withOffload(ON or OFF)}.
     *
     * @throws IllegalArgumentException with {@code on}, if no codelet of the root or the declared
     *                                  procedures has an accelerator body
     */
    public Program<F> withOffload(boolean on) {
        return withOffload(on ? OffloadMode.ON : OffloadMode.OFF);
    }

    /**
     * This program with the body its codelets with an accelerator body fire: a codelet declared with
     * {@link TpDefinition.Builder#requires(CodeletHandle, String, CodeletBody)} runs its software body
     * ({@link OffloadMode#OFF}, the default), the body that hands its work to the named unit
     * ({@link OffloadMode#ON}), or whichever the runtime expects to finish first, firing by firing
     * ({@link OffloadMode#AUTO}). The choice is the run's, so it is also the parameter
     * {@code offload} ({@code on}, {@code off} or {@code auto}) of the report.
     *
     * <pre>{@code Program<F> p = program.withOffload(OffloadMode.AUTO);}</pre>
     *
     * @throws IllegalArgumentException for a null mode, or with {@code ON} or {@code AUTO} if no codelet
     *                                  of the root or the declared procedures has an accelerator body
     *                                  (there is nothing to offload, or to choose between)
     */
    public Program<F> withOffload(OffloadMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("program '" + name + "': null offload mode (expected on, off or auto)");
        }
        if (mode != OffloadMode.OFF && !hasAcceleratorBodies()) {
            throw new IllegalArgumentException("program '" + name + "' has no codelet with an accelerator body"
                    + " (TpDefinition.Builder.requires): nothing to offload"
                    + (mode == OffloadMode.AUTO ? ", so offload auto has no choice to make" : ""));
        }
        Map<String, String> p = new java.util.TreeMap<>(parameters);
        p.put("offload", mode.label());
        return new Program<>(name, root, frames, check, p, procedures, hostFunctions, mode);
    }

    /** Whether codelets with an accelerator body always run it ({@link OffloadMode#ON}); off by default. */
    public boolean offload() { return offload == OffloadMode.ON; }

    /** Which body codelets with an accelerator body run ({@link #withOffload(OffloadMode)}); {@code OFF} by default. */
    public OffloadMode offloadMode() { return offload; }

    /** Whether a codelet of the root or of a declared procedure has an accelerator body. */
    public boolean hasAcceleratorBodies() {
        java.util.List<TpDefinition<?>> all = new java.util.ArrayList<>(procedures);
        all.add(root);
        for (TpDefinition<?> d : all) {
            for (int i = 0; i < d.codeletCount(); i++) {
                if (d.unit(i) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The user-defined host functions, by call number, with their names ({@link #withHostFunction}). */
    public java.util.SortedMap<Integer, Map.Entry<String, HostFunction>> hostFunctions() { return hostFunctions; }

    /** The procedures declared with {@link #withProcedures}, without the root. */
    public java.util.List<TpDefinition<?>> procedures() { return procedures; }

    /** The program's check of {@code frame}, outside a run (the makespan it sees is -1). */
    public CheckResult check(F frame) { return check.check(frame, -1); }

    /** The program's check of {@code frame} after a run of {@code makespanCycles}. */
    public CheckResult check(F frame, long makespanCycles) { return check.check(frame, makespanCycles); }

    /** Parameters the program was built with (for the report). */
    public Map<String, String> parameters() { return parameters; }
}
