/**
 * The ARM host as the cores' host calls see it: {@link io.edarts.epiphany.host.HostCallDaemon}, the
 * COPRTHR-2 host daemon that polls the cores' run-state and carries out their calls one at a time,
 * with its costs in {@link io.edarts.epiphany.host.HostCallParams} (keys
 * {@code epiphany.host.calls.*}), and {@link io.edarts.epiphany.host.HostCallInterconnect}, which
 * puts the daemon beside the run's interconnect so that calls queue in simulated time. Plain Java,
 * deterministic, no actors, no host clock.
 */
package io.edarts.epiphany.host;
