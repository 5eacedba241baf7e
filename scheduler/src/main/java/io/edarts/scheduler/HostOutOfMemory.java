package io.edarts.scheduler;

/**
 * A body ran the host out of heap. Not a fault of the program or of the simulator: the SU throws it
 * to stop the run, the time keeper hands the original error to {@link Simulator#run}, which rethrows
 * it on the caller's thread (where the command line turns it into advice on {@code -Xmx}).
 * A plain exception, so Akka treats it as an actor failure instead of shutting the JVM down.
 */
final class HostOutOfMemory extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HostOutOfMemory(OutOfMemoryError cause) {
        super("the host ran out of heap", cause);
    }
}
