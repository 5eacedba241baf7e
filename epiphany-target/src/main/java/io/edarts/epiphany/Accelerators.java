package io.edarts.epiphany;

import io.edarts.cam.Machine;
import io.edarts.cam.Offload;
import io.edarts.cam.OffloadCost;
import io.edarts.cam.UnitInfo;
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
 * <p><b>Units of time.</b> Host times in ns or ARM cycles (at {@code host.clock-mhz}) and unit
 * cycles (at the unit's clock) become chip cycles, each phase rounded up to a whole cycle.
 */
public final class Accelerators {
    /** The kind every unit here is. */
    public static final String KIND = "accelerator";
    /** Where they are attached. */
    public static final String ATTACHMENT = "host over AXI (FPGA fabric)";

    private final Map<String, EpiphanyConfig.Accelerator> units;
    private final EpiphanyConfig.Driver driver;
    private final double chipMhz;
    private final double hostMhz;

    private Accelerators(Map<String, EpiphanyConfig.Accelerator> units, EpiphanyConfig.Driver driver, double chipMhz,
                         double hostMhz) {
        this.units = units;
        this.driver = driver;
        this.chipMhz = chipMhz;
        this.hostMhz = hostMhz;
    }

    /** @throws IllegalArgumentException for a null machine or one without an epiphany block */
    public static Accelerators of(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        EpiphanyConfig.Host h = machine.block(EpiphanyMachines.BLOCK, EpiphanyConfig.class).host();
        return new Accelerators(h.accelerators(), h.driver(), machine.clockMhz(), h.clockMhz());
    }

    /** The units, by name. */
    public List<UnitInfo> units() {
        List<UnitInfo> out = new ArrayList<>();
        units.forEach((n, u) -> out.add(new UnitInfo(n, KIND, ATTACHMENT, u.clockMhz())));
        return out;
    }

    /**
     * What one call of {@code offload} costs from the host, phase by phase, in chip cycles.
     *
     * @throws IllegalArgumentException for a unit the machine does not have, listing those it has
     */
    public OffloadCost cost(Offload offload) {
        EpiphanyConfig.Accelerator u = units.get(offload.unit());
        if (u == null) {
            throw new IllegalArgumentException("unit '" + offload.unit() + "': the machine has "
                    + (units.isEmpty() ? "no accelerators (epiphany.host.accelerators is empty)"
                    : "only " + String.join(", ", units.keySet())));
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
