package io.edarts.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code edarts} command. Exit codes: 0 the run completed and its check passed (or it has none);
 * 1 the run failed, deadlocked or computed a wrong answer; 2 a usage, configuration or input error,
 * in which case nothing is written.
 *
 * <p>A heap too small for the run is exit 2 as well: like a bad option it is fixed by changing the
 * command (the JVM's {@code -Xmx}), not the program, and the run produced no result to report.
 */
@Command(name = "edarts", mixinStandardHelpOptions = true, version = "edarts 0.1.0",
        description = "Runs codelet programs on a simulated Adapteva Epiphany and reports what the hardware would do.",
        subcommands = {RunCommand.class, ListCommand.class, BenchCommand.class, RemoteExecCommand.class,
                ValidateCommand.class, CompareCommand.class, SweepCommand.class, WorkerCommand.class,
                LoadersCommand.class, ProfileCommand.class, BoundsCommand.class, CommandLine.HelpCommand.class})
public final class Edarts implements Runnable {
    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(commandLine(new Edarts(), out, err), args, err);
    }

    /** Runs {@code cl}, turning an OutOfMemoryError on this thread into advice and exit 2. */
    static int execute(CommandLine cl, String[] args, PrintWriter err) {
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // Thrown on this thread (building a program, reading a graph): the big objects are gone
            // by now, so there is room to say what to do.
            err.println(outOfMemoryMessage(Runtime.getRuntime().maxMemory()));
            err.flush();
            return BAD_INPUT;
        }
    }

    /** A command line for {@code command} with the project's error handling (for tests: any command). */
    static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        // A usage error: the message and where to find help, not the whole usage text.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter w = cmd.getErr();
            w.println("edarts: error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, w);
            w.println("see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
            w.flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (io.edarts.run.Runner.stoppedByShutdown()) {
                // a signal stopped the run and its outputs were removed under it: that, not the write
                // that failed because of it, is what happened
                cmd.getErr().println("edarts: stopped; the run's outputs were removed");
                cmd.getErr().flush();
                return RUN_FAILED;
            }
            if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException) {
                cmd.getErr().println("edarts: error: " + ex.getMessage());
                cmd.getErr().flush();
                return BAD_INPUT;
            }
            throw ex;
        });
        return cl;
    }

    /** What to say when the heap ran out: the limit it had and the option that doubles it. */
    static String outOfMemoryMessage(long maxHeapBytes) {
        long mb = Math.max(1, maxHeapBytes >> 20);
        long suggestMb = Long.highestOneBit(2 * mb);   // a power of two, at least twice the heap it had
        if (suggestMb < 2 * mb) {
            suggestMb <<= 1;
        }
        String suggest = suggestMb >= 1024 && suggestMb % 1024 == 0 ? suggestMb / 1024 + "g" : suggestMb + "m";
        return String.format(Locale.ROOT, "edarts: error: the Java heap (at most %,d MB) is too small for this run. "
                + "Rerun with a larger heap: EDARTS_JAVA_OPTS=-Xmx%s ./edarts ... "
                + "(or java -Xmx%s -jar edarts.jar ...), or make the run smaller", mb, suggest, suggest);
    }
}
