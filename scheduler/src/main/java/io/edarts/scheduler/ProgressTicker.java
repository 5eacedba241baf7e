package io.edarts.scheduler;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Host-side progress: every quarter second of wall time, tells a listener how many codelets have
 * fired. It only reads a counter; it never touches simulated time.
 */
final class ProgressTicker implements AutoCloseable {
    private final ScheduledExecutorService exec;
    private final AtomicLong counter;
    private final LongConsumer listener;

    ProgressTicker(AtomicLong counter, LongConsumer listener) {
        this.counter = counter;
        this.listener = listener;
        if (listener == null) {
            exec = null;
            return;
        }
        exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edarts-progress");
            t.setDaemon(true);
            return t;
        });
        exec.scheduleAtFixedRate(() -> listener.accept(counter.get()), 250, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (exec != null) {
            exec.shutdownNow();
            listener.accept(counter.get());
        }
    }
}
