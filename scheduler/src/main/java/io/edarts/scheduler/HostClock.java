package io.edarts.scheduler;

/**
 * The only place the scheduler reads the host's clock: to report wall time under the report's
 * {@code host} key. Simulated time never comes from here.
 */
final class HostClock {
    private HostClock() {}

    static long nanos() {
        return System.nanoTime();
    }
}
