/**
 * The cores' host calls (coprthr2-paper.txt 3.5): {@link io.edarts.epiphany.hostcall.HostCallDaemon},
 * the COPRTHR-2 host daemon that polls the cores' run-state and carries out their calls one at a
 * time, with its costs in {@link io.edarts.epiphany.hostcall.HostCallParams} (keys
 * {@code epiphany.host.calls.*}, its transfer rates the host node's {@code epiphany.host.*}), and
 * {@link io.edarts.epiphany.hostcall.HostCallInterconnect}, which puts the daemon beside the run's
 * interconnect so that calls queue in simulated time. For a launched run the target builds the
 * daemon to sweep from the launch's end ({@code EpiphanyTarget.newInterconnect(start)}), the same
 * host thread having loaded the program; the calls it served
 * ({@link io.edarts.cam.Interconnect#hostServices}) go on the host node's timeline after the launch
 * ({@code Prelude.withHostServices} in the scheduler). Plain Java, deterministic, no actors, no host
 * clock; it depends on the chip's mesh, never on the target, so the target can build it.
 */
package io.edarts.epiphany.hostcall;
