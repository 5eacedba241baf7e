package io.edarts.scheduler;

/**
 * The only place the scheduler reads the host's clock: to report wall time under the report's
 * {@code host} key, and the time keeper's host time in its {@code edarts.timekeeper.stats} line.
 * Simulated time never comes from here.
 */
final class HostClock {
    private HostClock() {}

    static long nanos() {
        return System.nanoTime();
    }
}
