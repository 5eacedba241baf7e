package io.edarts.epiphany;

import io.edarts.cam.Machine;
import io.edarts.cam.Offload;
import io.edarts.cam.OffloadCost;
import io.edarts.cam.UnitInfo;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The units in the Zynq's FPGA fabric and what the host's driver pays to call one
 * ({@code epiphany.host.accelerators}, {@code epiphany.host.driver}; reference.conf cites or states
 * every default). Immutable, thread-safe.
 *
 * <h2>Design note</h2>
 * <p><b>The path.</b> On the Parallella the fabric sits between the ARM host and the Epiphany: the
 * host reaches a unit there over AXI (its registers through a GP port; the unit reaches DDR through
 * an HP port, UG585 5.4), and the eCores reach the host through the eLink and its daemon. A core's
 * offload is therefore a host call ({@code epiphany.hostcall}): the core flags it, the daemon sees
 * it, and the host then runs the driver, in this order, each a phase of {@link #cost}:
 * <ol>
 *   <li>{@code syscall}: the ioctl into the driver and back out;</li>
 *   <li>{@code cache-clean}: the HP port is not coherent with the ARM's caches, so the driver cleans
 *       every line of the input (dma_map_single's job) before the unit reads it;</li>
 *   <li>{@code setup}: the unit reads its descriptor and starts (its own cycles);</li>
 *   <li>{@code stream}: the input crosses the datapath at the slower of the unit's rate and the HP
 *       port's, while the output goes back through the port's write channel at the same time;</li>
 *   <li>{@code pipeline}: the last byte leaves the pipeline;</li>
 *   <li>{@code interrupt} (or {@code poll}): the caller learns it is done;</li>
 *   <li>{@code cache-invalidate}: the driver invalidates the output's lines before the caller reads them.</li>
 * </ol>
 * The unit is busy during setup, stream and pipeline. One daemon thread makes the calls, blocking
 * in each, so calls of several cores queue at the host and never overlap on the unit.
 *
 * <p><b>The eLink path</b> ({@code attach = elink | both}, {@code call-path = elink}). The eCores
 * reach a unit directly: the fabric's eLink receiver decodes the unit's window (its link ID,
 * {@code host.elink-calls.window-base}); the core copies the input there and writes a descriptor,
 * the unit runs and writes output and flag back into the core's memory
 * ({@link io.edarts.epiphany.fabric.ElinkCalls}: phases {@code write}, {@code setup},
 * {@code stream}, {@code pipeline}, {@code write-back}, {@code spin}). No driver phase: no system
 * call, no cache maintenance (the eLink writes land in the unit's buffer and the core's SRAM, which
 * no cache holds), no daemon. The cost alone is the same routine replayed on an idle mesh, so a
 * contended run's lone call costs exactly that. Which path a core's call takes is the unit's
 * {@code call-path}; with contention on, the direct calls of all cores queue at the unit in the
 * order their doorbells arrive ({@link io.edarts.epiphany.fabric.FabricInterconnect}). A unit's
 * calls all take one path, so host-path and eLink calls of one unit never meet there.
 *
 * <p><b>Units of time.</b> Host times in ns or ARM cycles (at {@code host.clock-mhz}) and unit
 * cycles (at the unit's clock) become chip cycles, each phase rounded up to a whole cycle.
 */
public final class Accelerators {
    /** The kind every unit here is. */
    public static final String KIND = "accelerator";
    /** Where a unit only the host reaches is attached (what {@code attach = host} says). */
    public static final String ATTACHMENT = "host over AXI (FPGA fabric)";

    private final Map<String, EpiphanyConfig.Accelerator> units;
    private final EpiphanyConfig.Driver driver;
    private final double chipMhz;
    private final double hostMhz;
    /** The eLink path: the mesh it runs on, what a call moves, and the units' windows by name. */
    private final MeshGeometry geometry;
    private final EpiphanyParams params;
    private final io.edarts.epiphany.fabric.ElinkCalls.Params elink;
    private final Map<String, Long> windows;
    /** Timelines of eLink calls alone by (unit, core, in, out): the replay is the cost, memoized. */
    private final java.util.concurrent.ConcurrentHashMap<List<Object>, io.edarts.epiphany.fabric.ElinkCalls.Timeline>
            alone = new java.util.concurrent.ConcurrentHashMap<>();

    private Accelerators(EpiphanyConfig.Host h, double chipMhz, MeshGeometry geometry, EpiphanyParams params) {
        this.units = h.accelerators();
        this.driver = h.driver();
        this.chipMhz = chipMhz;
        this.hostMhz = h.clockMhz();
        this.geometry = geometry;
        this.params = params;
        EpiphanyConfig.ElinkCalls e = h.elinkCalls();
        this.elink = new io.edarts.epiphany.fabric.ElinkCalls.Params(e.descriptorBytes(), e.flagBytes(),
                e.storeCycles(), e.spinCycles());
        this.windows = windows(e.windowBase(), units, geometry);
    }

    /** @throws IllegalArgumentException for a null machine, one without an epiphany block, or a bad eLink window */
    public static Accelerators of(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        EpiphanyParams params = EpiphanyParams.of(machine);
        return of(machine, MeshGeometry.of(machine, params), params);
    }

    /** The target's: its geometry and parameters, made once. */
    static Accelerators of(Machine machine, MeshGeometry geometry, EpiphanyParams params) {
        EpiphanyConfig.Host h = machine.block(EpiphanyMachines.BLOCK, EpiphanyConfig.class).host();
        return new Accelerators(h, machine.clockMhz(), geometry, params);
    }

    /**
     * Each eLink unit's window, one mesh node's 1 MB from {@code base} on in name order; every one
     * must be off the chip and outside the DRAM window, so that it leaves through the eLink and the
     * fabric, not the DRAM, answers it.
     */
    private static Map<String, Long> windows(String base, Map<String, EpiphanyConfig.Accelerator> units,
                                             MeshGeometry g) {
        String key = "epiphany.host.elink-calls.window-base";
        long b;
        try {
            b = Long.decode(base.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key '" + key + "' has bad value '" + base + "': expected an address such"
                    + " as \"0x81100000\"");
        }
        Map<String, Long> out = new java.util.TreeMap<>();
        long next = b;
        for (var e : units.entrySet()) {
            if (e.getValue().attach() == EpiphanyConfig.Attach.HOST) {
                continue;
            }
            long w = next;
            next += 1L << 20;
            if (w < 0 || w + (1L << 20) > 1L << 32 || (w & 0xfffff) != 0) {
                throw new IllegalArgumentException("key '" + key + "' has bad value '" + base + "': unit '" + e.getKey()
                        + "' would get window 0x" + Long.toHexString(w) + ", which is not a whole mesh node of the"
                        + " 32-bit address space");
            }
            boolean onChip = (w >>> 20) == 0 || g.coreOfNodeId((int) (w >>> 20)) >= 0;
            if (onChip || (w + (1L << 20) > g.dramBase() && w < g.dramBase() + g.dramBytes())) {
                throw new IllegalArgumentException("key '" + key + "' has bad value '" + base + "': unit '" + e.getKey()
                        + "' would get window 0x" + Long.toHexString(w) + ", which is "
                        + (onChip ? "a core's memory on the chip" : "inside the DRAM window")
                        + "; a unit's window lies off the chip, outside the DRAM");
            }
            out.put(e.getKey(), w);
        }
        return out;
    }

    /** The units, by name: each attachment says which paths reach it and which one the eCores' calls take. */
    public List<UnitInfo> units() {
        List<UnitInfo> out = new ArrayList<>();
        units.forEach((n, u) -> out.add(new UnitInfo(n, KIND, attachment(n, u), u.clockMhz())));
        return out;
    }

    private String attachment(String name, EpiphanyConfig.Accelerator u) {
        if (u.attach() == EpiphanyConfig.Attach.HOST) {
            return ATTACHMENT;
        }
        String elinkPart = "eCores through the eLink (window 0x" + Long.toHexString(windows.get(name)) + ")";
        return (u.attach() == EpiphanyConfig.Attach.BOTH ? "host over AXI and " + elinkPart : elinkPart)
                + " (FPGA fabric); eCore calls " + (u.callPath() == EpiphanyConfig.CallPath.HOST ? "through the host"
                : "through the eLink");
    }

    /** The eLink window of unit {@code name}, or -1 if the eCores cannot reach it directly. */
    public long window(String name) {
        return windows.getOrDefault(name, -1L);
    }

    /**
     * Whether the eCores' calls of {@code unit} take the eLink path.
     *
     * @throws IllegalArgumentException for a unit the machine does not have, listing those it has
     */
    public boolean direct(String unit) {
        return unit(unit).callPath() == EpiphanyConfig.CallPath.ELINK;
    }

    /** The units the eCores' calls reach through the eLink, in chip cycles, by name; empty if none. */
    public Map<String, io.edarts.epiphany.fabric.ElinkCalls.Unit> directUnits() {
        Map<String, io.edarts.epiphany.fabric.ElinkCalls.Unit> out = new java.util.TreeMap<>();
        units.forEach((n, u) -> {
            if (u.callPath() == EpiphanyConfig.CallPath.ELINK) {
                out.put(n, elinkUnit(n, u));
            }
        });
        return out;
    }

    /** What an eLink call moves ({@code host.elink-calls}). */
    public io.edarts.epiphany.fabric.ElinkCalls.Params elinkParams() {
        return elink;
    }

    private io.edarts.epiphany.fabric.ElinkCalls.Unit elinkUnit(String n, EpiphanyConfig.Accelerator u) {
        return new io.edarts.epiphany.fabric.ElinkCalls.Unit(n, up(u.setupCycles() * chipMhz / u.clockMhz()),
                u.bytesPerCycle() * u.clockMhz() / chipMhz, up(u.pipelineDepth() * chipMhz / u.clockMhz()));
    }

    private EpiphanyConfig.Accelerator unit(String name) {
        EpiphanyConfig.Accelerator u = units.get(name);
        if (u == null) {
            throw new IllegalArgumentException("unit '" + name + "': the machine has "
                    + (units.isEmpty() ? "no accelerators (epiphany.host.accelerators is empty)"
                    : "only " + String.join(", ", units.keySet())));
        }
        return u;
    }

    /**
     * What core {@code core}'s call of {@code offload} costs alone, by the path its unit's
     * {@code call-path} gives: {@link #cost(Offload)} through the host, {@link #elinkCost} through the eLink.
     *
     * @throws IllegalArgumentException for a unit the machine does not have, listing those it has, or a core off the chip
     */
    public OffloadCost cost(int core, Offload offload) {
        return direct(offload.unit()) ? elinkCost(core, offload) : cost(offload);
    }

    /**
     * What core {@code core}'s call of {@code offload} costs through the eLink alone on an idle mesh,
     * phase by phase: write, setup, stream, pipeline, write-back, spin ({@link io.edarts.epiphany.fabric.ElinkCalls}).
     *
     * @throws IllegalArgumentException for a unit the machine does not have or the eCores cannot reach, or a core off the chip
     */
    public OffloadCost elinkCost(int core, Offload offload) {
        EpiphanyConfig.Accelerator u = unit(offload.unit());
        if (u.attach() == EpiphanyConfig.Attach.HOST) {
            throw new IllegalArgumentException("unit '" + offload.unit() + "' is attached to the host only"
                    + " (epiphany.host.accelerators." + offload.unit() + ".attach = host): the eCores cannot reach it"
                    + " through the eLink");
        }
        if (core < 0 || core >= geometry.coreCount()) {
            throw new IllegalArgumentException("core " + core + " is not on the " + geometry.rows() + "x" + geometry.cols()
                    + " mesh");
        }
        io.edarts.epiphany.fabric.ElinkCalls.Timeline t = alone.computeIfAbsent(
                List.of(offload.unit(), core, offload.inputBytes(), offload.outputBytes()),
                k -> io.edarts.epiphany.fabric.ElinkCalls.alone(
                        new io.edarts.epiphany.mesh.ContendedMesh(geometry, params), geometry.dramNode(), elink,
                        elinkUnit(offload.unit(), u), core, offload.inputBytes(), offload.outputBytes()));
        List<OffloadCost.Phase> phases = List.of(
                new OffloadCost.Phase("write", t.doorbell() - t.issued()),
                new OffloadCost.Phase("setup", t.setup()),
                new OffloadCost.Phase("stream", t.stream()),
                new OffloadCost.Phase("pipeline", t.pipeline()),
                new OffloadCost.Phase("write-back", t.flag() - t.end()),
                new OffloadCost.Phase("spin", t.seen() - t.flag()));
        return new OffloadCost(phases, t.setup() + t.stream() + t.pipeline());
    }

    /**
     * What one call of {@code offload} costs from the host, phase by phase, in chip cycles.
     *
     * @throws IllegalArgumentException for a unit the machine does not have, listing those it has
     */
    public OffloadCost cost(Offload offload) {
        EpiphanyConfig.Accelerator u = unit(offload.unit());
        if (u.attach() == EpiphanyConfig.Attach.ELINK) {
            throw new IllegalArgumentException("unit '" + offload.unit() + "' is attached to the eLink only"
                    + " (epiphany.host.accelerators." + offload.unit() + ".attach = elink): the host cannot call it");
        }
        long line = driver.cacheLineBytes();
        long inLines = (offload.inputBytes() + line - 1) / line;
        long outLines = (offload.outputBytes() + line - 1) / line;
        // the datapath and the port move bytes at once: the slower sets the stream's length
        double unitBytesPerChip = u.bytesPerCycle() * u.clockMhz() / chipMhz;
        double portBytesPerChip = driver.axiPortBytes() * driver.axiClockMhz() / chipMhz;
        double stream = Math.max(offload.inputBytes() / Math.min(unitBytesPerChip, portBytesPerChip),
                offload.outputBytes() / portBytesPerChip);
        long setup = up(u.setupCycles() * chipMhz / u.clockMhz());
        long streamCycles = up(stream);
        long pipeline = up(u.pipelineDepth() * chipMhz / u.clockMhz());
        List<OffloadCost.Phase> phases = List.of(
                new OffloadCost.Phase("syscall", ns(driver.syscallNs())),
                new OffloadCost.Phase("cache-clean", host(Math.multiplyExact(inLines, driver.cleanCyclesPerLine()))),
                new OffloadCost.Phase("setup", setup),
                new OffloadCost.Phase("stream", streamCycles),
                new OffloadCost.Phase("pipeline", pipeline),
                driver.completion() == EpiphanyConfig.Completion.INTERRUPT
                        ? new OffloadCost.Phase("interrupt", ns(driver.interruptNs()))
                        : new OffloadCost.Phase("poll", ns(driver.pollNs())),
                new OffloadCost.Phase("cache-invalidate",
                        host(Math.multiplyExact(outLines, driver.invalidateCyclesPerLine()))));
        return new OffloadCost(phases, setup + streamCycles + pipeline);
    }

    private long ns(double ns) {
        return up(ns * chipMhz / 1000);
    }

    private long host(long hostCycles) {
        return up(hostCycles * chipMhz / hostMhz);
    }

    private static long up(double cycles) {
        return (long) Math.ceil(cycles - 1e-9);
    }
}
