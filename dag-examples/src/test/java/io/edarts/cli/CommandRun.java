package io.edarts.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the {@code edarts} command in-process, for tests: its exit code and what it printed.
 *
 * @param code exit code (0 ok, 1 run failed, 2 bad input)
 * @param out  standard output
 * @param err  standard error
 */
public record CommandRun(int code, String out, String err) {
    /** Runs {@code edarts args...} and captures it. */
    public static CommandRun edarts(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Edarts.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CommandRun(code, out.toString(), err.toString());
    }
}
