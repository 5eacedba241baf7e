package io.edarts.epiphany.host;

import io.edarts.cam.CodeObject;
import io.edarts.cam.CoreMemory;
import io.edarts.cam.Placement;
import io.edarts.epiphany.EpiphanyTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * A program as COPRTHR-2 lays it out for loading (coprthr2-paper.txt 3.3, Figure 1): in every core's
 * local memory the resident run-time, {@code syscore}, from address 0, then the program's own code,
 * {@code usrcore}; in the DRAM window {@code sysmem}, the run-time's segment with syscore's image, at
 * the window's base, and {@code usrmem}, the program's global segment, after it.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>syscore</b> is {@code epiphany.host.image.syscore-bytes} (1,024: usrcore starts at 0x0400
 *       in Figure 1), inside the runtime reserve ({@code epiphany.budget.runtime-bytes}, checked at
 *       load); the rest of the reserve is the run-time's tables (ready pool, sync slots), which
 *       syscore clears and no load copies.</li>
 *   <li><b>usrcore</b> is one SPMD segment, as e-gcc links one image for every core and the tree
 *       loader copies one segment: the program's {@code local} code objects (homed ones included),
 *       each rounded up to a doubleword as the memory plan allocates them. The memory plan still
 *       counts, per core, only the code that core keeps resident (the report's {@code memory}
 *       block); the code cache and dynamic-call regions are reserved there, filled at run time, never
 *       loaded.</li>
 *   <li><b>usrmem</b> holds the code that lives in DRAM ({@code global}, {@code cached} and
 *       {@code dynamic} code objects: executed in place or copied in at run time, coprthr2-paper.txt
 *       3.4); it must fit its segment ({@code usrmem-bytes}). <b>sysmem</b> holds syscore's image.</li>
 *   <li><b>Data.</b> The program's buffers are counted where the memory plan put them (local data in
 *       each core, static external data in DRAM, which must fit beside the two segments) but not
 *       copied by a load: like C's {@code .bss} they are set up by the program (its DMA and stores).</li>
 * </ul>
 */
public final class ProgramImage {
    /** One section of the image. {@code address} is -1 where the memory plan places it. */
    public record Section(String name, String memory, long address, long segmentBytes, long bytes, int cores,
                          boolean loaded, String holds) {}

    private final HostParams host;
    private final int cores;
    private final int runtimeBytes;
    private final int stackBytes;
    private final int localMemoryBytes;
    private final long usrcoreBytes;
    private final long usrmemBytes;
    private final long dramBase;
    private final int maxDataBytes;
    private final long externalDataBytes;
    private final List<String> localCode;
    private final List<String> globalCode;

    private ProgramImage(HostParams host, int cores, int runtimeBytes, int stackBytes, int localMemoryBytes,
                         long usrcoreBytes,
                         long usrmemBytes, long dramBase, int maxDataBytes, long externalDataBytes,
                         List<String> localCode, List<String> globalCode) {
        this.host = host;
        this.cores = cores;
        this.runtimeBytes = runtimeBytes;
        this.stackBytes = stackBytes;
        this.localMemoryBytes = localMemoryBytes;
        this.usrcoreBytes = usrcoreBytes;
        this.usrmemBytes = usrmemBytes;
        this.dramBase = dramBase;
        this.maxDataBytes = maxDataBytes;
        this.externalDataBytes = externalDataBytes;
        this.localCode = localCode;
        this.globalCode = globalCode;
    }

    /**
     * The image of a program whose code objects in force are {@code code}, with every core's memory
     * {@code memory} and {@code externalDataBytes} of static external buffers, on {@code target}.
     *
     * @throws IllegalArgumentException naming the sizes when the DRAM code does not fit usrmem, or the
     *                                  two segments and the static external data do not fit the window
     */
    public static ProgramImage of(EpiphanyTarget target, List<CodeObject> code, List<CoreMemory> memory,
                                  long externalDataBytes) {
        HostParams host = HostParams.of(target.machine());
        long usrcore = 0;
        long usrmem = 0;
        List<String> local = new ArrayList<>();
        List<String> global = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CodeObject c : code) {
            if (!seen.add(c.name())) {
                continue;
            }
            long bytes = (c.sizeBytes() + 7L) & -8L;
            if (c.placement() == Placement.LOCAL) {
                usrcore += bytes;
                local.add(c.name());
            } else {
                usrmem += bytes;
                global.add(c.name());
            }
        }
        if (usrmem > host.usrmemBytes()) {
            throw new IllegalArgumentException("the program's DRAM code (" + usrmem + " B: " + String.join(", ", global)
                    + ") does not fit usrmem: epiphany.host.image.usrmem-bytes = " + host.usrmemBytes());
        }
        long window = target.geometry().dramBytes();
        if (host.sysmemBytes() + host.usrmemBytes() + externalDataBytes > window) {
            throw new IllegalArgumentException("sysmem (" + host.sysmemBytes() + " B), usrmem (" + host.usrmemBytes()
                    + " B) and the static external buffers (" + externalDataBytes + " B) do not fit the "
                    + window + " B DRAM window (epiphany.dram-bytes)");
        }
        int maxData = 0;
        for (CoreMemory m : memory) {
            maxData = Math.max(maxData, (int) m.dataBytes());
        }
        return new ProgramImage(host, target.geometry().coreCount(), target.params().budget().runtimeBytes(),
                target.params().budget().stackBytes(), target.geometry().localMemoryBytes(), usrcore, usrmem, target.geometry().dramBase(), maxData,
                externalDataBytes, List.copyOf(local), List.copyOf(global));
    }

    /** Cores the image is loaded into: every core of the chip (the SUs run syscore's scheduler). */
    public int cores() {
        return cores;
    }

    public long syscoreBytes() {
        return host.syscoreBytes();
    }

    public long usrcoreBytes() {
        return usrcoreBytes;
    }

    /** Bytes a load copies into sysmem: syscore's image. */
    public long sysmemImageBytes() {
        return host.syscoreBytes();
    }

    public long usrmemBytes() {
        return usrmemBytes;
    }

    /** What a cold load copies into each core: syscore and usrcore, contiguous from address 0. */
    public long coldLocalBytes() {
        return host.syscoreBytes() + usrcoreBytes;
    }

    /** What a cold load copies into DRAM: sysmem's and usrmem's contents. */
    public long coldExternalBytes() {
        return sysmemImageBytes() + usrmemBytes;
    }

    /** The image's sections, local first, then external. */
    public List<Section> sections() {
        int sys = host.syscoreBytes();
        return List.of(
                new Section("syscore", "local", 0, sys, sys, cores, true, "the resident run-time: loader, scheduler,"
                        + " host-call service"),
                new Section("runtime tables", "local", sys, runtimeBytes - sys, runtimeBytes - sys, cores, false,
                        "ready pool and sync slots, cleared by syscore"),
                new Section("usrcore", "local", -1, usrcoreBytes, usrcoreBytes, cores, usrcoreBytes > 0,
                        localCode.isEmpty() ? "no local code" : "local code: " + String.join(", ", localCode)),
                new Section("data", "local", -1, maxDataBytes, maxDataBytes, cores, false,
                        "static buffers (the fullest core), set up by the program"),
                new Section("stack", "local", (long) localMemoryBytes - stackBytes, stackBytes, 0, cores,
                        false, "from the top of the last bank down"),
                new Section("sysmem", "external", dramBase, host.sysmemBytes(), sysmemImageBytes(), 1, true,
                        "syscore's image"),
                new Section("usrmem", "external", dramBase + host.sysmemBytes(), host.usrmemBytes(), usrmemBytes, 1,
                        usrmemBytes > 0, globalCode.isEmpty() ? "no code in DRAM" : "DRAM code: "
                        + String.join(", ", globalCode)),
                new Section("external data", "external", -1, externalDataBytes, externalDataBytes, 1, false,
                        "static external buffers, set up by the program"));
    }
}
