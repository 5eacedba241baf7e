/**
 * The Parallella's ARM host as a simulated node, the program image it loads and the loaders
 * (issue 10; coprthr2-paper.txt 3.2, 3.3, 3.5).
 *
 * <h2>The host node</h2>
 * {@link io.edarts.epiphany.host.HostNode} is one timeline, in the chip's cycles, on which the host
 * does one thing at a time (COPRTHR-2's host side is one daemon thread). Its whole API:
 * <ul>
 *   <li>{@link io.edarts.epiphany.host.HostNode#occupy occupy(what, notBefore, cycles)}: "the host does
 *       X for N cycles, starting no earlier than T"; returns the {@link io.edarts.epiphany.host.HostNode.Span}
 *       it took, whose {@code end()} is when it is done. A request that finds the host busy starts
 *       when the host's previous span ends (requests queue at the host in the order they are made).</li>
 *   <li>{@link io.edarts.epiphany.host.HostNode#transfer transfer(what, direction, core, bytes, notBefore)}:
 *       the same for a copy between the host and a core's SRAM or the DRAM window, priced by
 *       {@link io.edarts.epiphany.host.HostLink} from the facts' host rows (host to SRAM 14.6 MiB/s,
 *       SRAM to host 17.9, host to DRAM 100.7, DRAM to host 135.4, plus the eLink-to-core hops for
 *       SRAM); {@link io.edarts.epiphany.host.HostNode#signal signal(what, core, notBefore)} writes one
 *       start signal.</li>
 *   <li>{@link io.edarts.epiphany.host.HostNode#transferCycles transferCycles(direction, core, bytes)}:
 *       a transfer's cost without occupying the host; {@link io.edarts.epiphany.host.HostNode#hostCycles
 *       hostCycles(armCycles)}: work counted at the ARM's clock in chip cycles.</li>
 *   <li>{@link io.edarts.epiphany.host.HostNode#spans()}, {@link io.edarts.epiphany.host.HostNode#busyCycles()},
 *       {@link io.edarts.epiphany.host.HostNode#bytes bytes(direction)}: what it did, for the trace's host
 *       track and the report's {@code host-node} block.</li>
 * </ul>
 * Determinism is the caller's: the node serves requests in call order and never reads a clock, so
 * make calls in a deterministic order (one thread before the run, or the SUs' event loop in virtual
 * time). A host-call daemon that serves cores queues its calls on the same node with
 * {@code occupy}/{@code transfer}, after the launch's spans ({@code freeAt()}).
 *
 * <h2>Images and loaders</h2>
 * {@link io.edarts.epiphany.host.ProgramImage} lays a program out as syscore/usrcore/sysmem/usrmem
 * (Figure 1); {@link io.edarts.epiphany.host.Launcher} simulates the four
 * {@link io.edarts.epiphany.host.LaunchProcedure}s on a host node and the chip (on-chip copies through
 * the contended eMesh when {@code epiphany.contention = on}). Keys: {@code epiphany.host.*} in
 * epiphany-target's {@code reference.conf}, each with its source.
 *
 * <p>The cores' host calls are served by the daemon in {@code io.edarts.epiphany.hostcall}, a package
 * of its own because the target builds it into every contended interconnect while this package's
 * loaders read the target (no package cycle).
 */
package io.edarts.epiphany.host;
