package io.edarts.sweep;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Progress of a matrix on standard error: one line per finished point with the count, the point, its
 * status, the points still running and an estimate of the time left (the mean host time per point
 * so far, over the jobs). Host time is read here for display only; it never reaches a row.
 */
public final class SweepProgress {
    private final PrintWriter err;
    private final int total;
    private final boolean quiet;
    private final long started = System.nanoTime();
    private final Set<String> running = new LinkedHashSet<>();
    private int done;

    SweepProgress(PrintWriter err, int total, int skipped, boolean quiet) {
        this.err = err;
        this.total = total;
        this.quiet = quiet;
        if (!quiet && skipped > 0) {
            err.printf(Locale.ROOT, "%d of %d points already done (their reports are kept); %d to run%n", skipped,
                    skipped + total, total);
            err.flush();
        }
    }

    /** {@code p} is running (again: a point handed to another executor is still one point). */
    public synchronized void started(Point p) {
        running.add(p.id());
    }

    /** {@code row}'s point is done: a line with the count, the status and the ETA. */
    public synchronized void finished(PointRow row) {
        running.remove(row.point().id());
        done++;
        if (quiet) {
            return;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        int left = total - done;
        // points finish about jobs at a time: time so far per finished point, times those left
        String eta = left == 0 ? "done" : "ETA " + duration(elapsed / done * left);
        String now = running.isEmpty() ? "" : " · running " + String.join(", ", running);
        err.printf(Locale.ROOT, "[%d/%d] %s %s%s · %s%n", done, total, row.status().equals("ok") && row.ok() ? "ok  "
                : row.status().equals("ok") ? "check failed" : row.status(), row.point().id(), now, eta);
        err.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
