package io.edarts.sweep.cluster;

import akka.actor.AbstractActor;
import akka.event.Logging;
import java.util.Locale;

/**
 * Akka's log of a cluster node on standard error, so that standard output keeps the sweep's own
 * table. Named in {@code edarts-cluster.conf} ({@code akka.loggers}); warnings and errors only.
 */
public final class StderrLogger extends AbstractActor {
    /** Created by Akka from the configuration. */
    public StderrLogger() {}

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(Logging.InitializeLogger.class, m -> getSender().tell(Logging.loggerInitialized(), getSelf()))
                .match(Logging.Error.class, e -> print("error", e, e.cause()))
                .match(Logging.Warning.class, e -> print("warning", e, null))
                .match(Logging.LogEvent.class, e -> print(e.getClass().getSimpleName().toLowerCase(Locale.ROOT), e, null))
                .build();
    }

    private static void print(String level, Logging.LogEvent e, Throwable cause) {
        StringBuilder b = new StringBuilder("edarts: akka ").append(level).append(": ").append(e.message());
        if (cause != null && !cause.getClass().getName().endsWith("NoCause$")) { // Akka's "no cause" marker
            b.append(" (").append(cause).append(')');
        }
        System.err.println(b);
        System.err.flush();
    }
}
