package io.edarts.run;

import java.io.PrintWriter;

/**
 * A progress bar on standard error for runs longer than two seconds of wall time. Static programs
 * show a bar toward their codelet count; dynamic ones (which grow as they run) show the count only.
 * Host time is read here for display only. On a terminal the bar redraws itself in place; into a
 * file or a pipe (no console) it writes a plain line at most every ten seconds, so a log reads well.
 */
final class ProgressBar implements AutoCloseable {
    private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
    private final PrintWriter err;
    private final long staticTotal;
    private final String name;
    private final boolean quiet;
    private final long started = System.nanoTime();
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private final boolean terminal = System.console() != null;
    private long lastLine;
    private boolean shown;

    ProgressBar(PrintWriter err, long staticTotal, String name, boolean quiet) {
        this.err = err;
        this.staticTotal = staticTotal;
        this.name = name;
        this.quiet = quiet;
    }

    void update(long fired) {
        long now = System.nanoTime();
        if (quiet || now - started < SHOW_AFTER_NANOS || (!terminal && shown && now - lastLine < LOG_EVERY_NANOS)) {
            return;
        }
        shown = true;
        lastLine = now;
        StringBuilder sb = new StringBuilder(terminal ? "\r" : "").append(name).append(' ');
        if (staticTotal > 1 && fired <= staticTotal) {
            int width = 30;
            int done = (int) (width * fired / staticTotal);
            sb.append('[').append("=".repeat(done)).append(" ".repeat(width - done)).append("] ")
                    .append(100 * fired / staticTotal).append("% ");
        }
        sb.append(String.format("%,d codelets fired", fired));
        synchronized (err) {
            if (terminal) {
                err.print(sb);
            } else {
                err.println(sb);
            }
            err.flush();
        }
    }

    @Override
    public void close() {
        if (shown && terminal) {
            err.println();
            err.flush();
        }
    }
}
