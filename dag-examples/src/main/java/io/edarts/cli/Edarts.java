package io.edarts.cli;

import io.edarts.scheduler.Policies;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code edarts} command. Exit codes: 0 the run completed and its check passed (or it has none);
 * 1 the run failed, deadlocked or computed a wrong answer; 2 a usage, configuration or input error,
 * in which case nothing is written.
 */
@Command(name = "edarts", mixinStandardHelpOptions = true, version = "edarts 0.1.0",
        description = "Runs codelet programs on a simulated Adapteva Epiphany and reports what the hardware would do.",
        subcommands = {RunCommand.class, ListCommand.class, BenchCommand.class, RemoteExecCommand.class, CommandLine.HelpCommand.class})
public final class Edarts implements Runnable {
    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, list, bench or help");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Edarts());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException) {
                cmd.getErr().println("edarts: error: " + ex.getMessage());
                return BAD_INPUT;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    static String machinesHelp() {
        return String.join(", ", io.edarts.cam.MachineRegistry.builtInNames());
    }

    static String policiesHelp() {
        return String.join(", ", Policies.names());
    }
}
