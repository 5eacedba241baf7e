package io.edarts.epiphany.host;

import io.edarts.cam.Machine;
import io.edarts.epiphany.EpiphanyConfig;
import io.edarts.epiphany.EpiphanyMachines;

/**
 * The numbers of the host model, from a machine's {@code edarts.machine.epiphany.host} block
 * (epiphany-target's {@code reference.conf} cites each default): the four host transfer rates of the
 * facts' bandwidth table, the host's clock, the size of a signal and the image's fixed segments.
 *
 * @param hostToSramMibPerS host writes into a core's local memory, MiB/s (facts: 14.6)
 * @param sramToHostMibPerS host reads of a core's local memory, MiB/s (17.9)
 * @param hostToDramMibPerS host writes into the DRAM window, MiB/s (100.7)
 * @param dramToHostMibPerS host reads of the DRAM window, MiB/s (135.4)
 * @param hostClockMhz      the ARM's clock (667)
 * @param chipClockMhz      the chip's clock ({@code clock-mhz}), the unit of every cycle the model reports
 * @param signalBytes       one start or re-execute signal (8)
 * @param syscoreBytes      the resident run-time in each core, from local address 0 (1,024)
 * @param sysmemBytes       the run-time's segment at the DRAM window's base (64 KB)
 * @param usrmemBytes       the program's global segment after sysmem (960 KB)
 */
public record HostParams(double hostToSramMibPerS, double sramToHostMibPerS, double hostToDramMibPerS,
                         double dramToHostMibPerS, double hostClockMhz, double chipClockMhz, int signalBytes,
                         int syscoreBytes, long sysmemBytes, long usrmemBytes) {

    /** @throws IllegalArgumentException for a rate or clock that is not positive, naming it */
    public HostParams {
        for (double v : new double[] {hostToSramMibPerS, sramToHostMibPerS, hostToDramMibPerS, dramToHostMibPerS,
                hostClockMhz, chipClockMhz}) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("host rates and clocks must be > 0: " + hostToSramMibPerS + ", "
                        + sramToHostMibPerS + ", " + hostToDramMibPerS + ", " + dramToHostMibPerS + " MiB/s, "
                        + hostClockMhz + " and " + chipClockMhz + " MHz");
            }
        }
        if (signalBytes < 1 || syscoreBytes < 0 || sysmemBytes < 0 || usrmemBytes < 0) {
            throw new IllegalArgumentException("host signal-bytes must be >= 1 and image sizes >= 0: " + signalBytes
                    + ", " + syscoreBytes + ", " + sysmemBytes + ", " + usrmemBytes);
        }
    }

    /**
     * The parameters of {@code machine}.
     *
     * @throws IllegalArgumentException if the machine is null or has no epiphany block
     */
    public static HostParams of(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        EpiphanyConfig.Host h = machine.block(EpiphanyMachines.BLOCK, EpiphanyConfig.class).host();
        return new HostParams(h.hostToSramMibPerS(), h.sramToHostMibPerS(), h.hostToDramMibPerS(),
                h.dramToHostMibPerS(), h.clockMhz(), machine.clockMhz(), h.signalBytes(), h.image().syscoreBytes(),
                h.image().sysmemBytes(), h.image().usrmemBytes());
    }

    /** The rate of {@code d} in MiB/s. */
    public double mibPerS(HostLink.Direction d) {
        return switch (d) {
            case HOST_TO_SRAM -> hostToSramMibPerS;
            case SRAM_TO_HOST -> sramToHostMibPerS;
            case HOST_TO_DRAM -> hostToDramMibPerS;
            case DRAM_TO_HOST -> dramToHostMibPerS;
        };
    }
}
