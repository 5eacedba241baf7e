package io.edarts.epiphany;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.edarts.cam.KeyValueException;
import io.edarts.epiphany.cache.EvictionPolicies;
import io.edarts.epiphany.memory.MeshGeometry;

/**
 * The {@code edarts.machine.epiphany} block as written, bound at load by
 * {@link io.edarts.cam.MachineLoader} (registered by {@link EpiphanyMachines}). Keys, defaults and
 * the source of every default are in epiphany-target's {@code reference.conf}. The compact
 * constructors check each key's range, with bounds that keep the products the model forms (bytes
 * times cycles per byte, packets times eLink cycles) inside a {@code long}; rules that need the
 * neutral keys too (the mesh-node ID limit, the code budget) are checked by
 * {@link EpiphanyMachines}. {@link EpiphanyParams} is what the model reads.
 *
 * @param originRow              mesh row of core (0,0) in the address map
 * @param originCol              mesh column of core (0,0) in the address map
 * @param dramBase               first eCore address of the DRAM window, as a string ("0x8e000000")
 * @param dramBytes              size of the DRAM window
 * @param elinkRow               on-chip row of the eLink's router, or -1 to derive it
 * @param localMemoryBytes       bytes of local memory per core
 * @param bankBytes              bytes per local memory bank
 * @param budget                 per-core split of local memory
 * @param dmaChannels            DMA channels per core
 * @param mesh                   eMesh timing
 * @param core                   instruction fetch
 * @param codeCache              the software code cache
 * @param dynamicCallRegionBytes COPRTHR-2 dynamic-call region per core
 * @param codeFetch              what a core does with cached code it does not hold
 * @param contention             whether runs share the eMesh (on) or charge every firing and
 *                               message as if it had the mesh to itself (off)
 * @param host                   the ARM host node, the program image it loads and the daemon that
 *                               carries out the cores' host calls ({@link io.edarts.epiphany.host.HostParams})
 */
public record EpiphanyConfig(
        int originRow,
        int originCol,
        String dramBase,
        long dramBytes,
        int elinkRow,
        int localMemoryBytes,
        int bankBytes,
        Budget budget,
        int dmaChannels,
        Mesh mesh,
        Core core,
        CodeCache codeCache,
        int dynamicCallRegionBytes,
        CodeFetch codeFetch,
        Contention contention,
        Host host) {

    /**
     * Key {@code host}: the ARM host node (rates from the facts' host rows, MiB/s), the program
     * image's fixed segments (bytes) and the host-call daemon. Ranges keep bytes times cycles per
     * byte inside a {@code long}.
     *
     * @param hostToSramMibPerS host writes into a core's local memory
     * @param sramToHostMibPerS host reads of a core's local memory
     * @param hostToDramMibPerS host writes into the shared DRAM window
     * @param dramToHostMibPerS host reads of the shared DRAM window
     * @param clockMhz          the host's own clock
     * @param signalBytes       bytes of one start or re-execute signal
     * @param image             the image's fixed segments
     * @param calls             the host daemon that carries out the cores' host calls
     * @param accelerators      units in the FPGA fabric the host calls through its driver, by name (none
     *                          by default; {@link io.edarts.epiphany.Accelerators})
     * @param driver            what the host's driver costs per call of such a unit
     * @param elinkCalls        what an eCore's direct call of such a unit through the eLink moves
     */
    public record Host(double hostToSramMibPerS, double sramToHostMibPerS, double hostToDramMibPerS,
                       double dramToHostMibPerS, double clockMhz, int signalBytes, Image image, HostCalls calls,
                       java.util.Map<String, Accelerator> accelerators, Driver driver, ElinkCalls elinkCalls) {
        /** @throws KeyValueException naming the key out of range */
        public Host {
            KeyValueException.range("host-to-sram-mib-per-s", hostToSramMibPerS, 0.001, 1e6);
            KeyValueException.range("sram-to-host-mib-per-s", sramToHostMibPerS, 0.001, 1e6);
            KeyValueException.range("host-to-dram-mib-per-s", hostToDramMibPerS, 0.001, 1e6);
            KeyValueException.range("dram-to-host-mib-per-s", dramToHostMibPerS, 0.001, 1e6);
            KeyValueException.range("clock-mhz", clockMhz, 1, 1e5);
            KeyValueException.range("signal-bytes", signalBytes, 1, 64);
            if (image == null) {
                throw new KeyValueException("image", null, "expected syscore-bytes, sysmem-bytes and usrmem-bytes");
            }
            if (calls == null) {
                throw new KeyValueException("host.calls", null, "expected the host-call block");
            }
            if (driver == null) {
                throw new KeyValueException("host.driver", null, "expected the accelerator driver's block");
            }
            if (elinkCalls == null) {
                throw new KeyValueException("host.elink-calls", null, "expected the eLink call block");
            }
            accelerators = accelerators == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(accelerators));
            for (var e : accelerators.entrySet()) {
                if (e.getValue() == null) {
                    throw new KeyValueException("host.accelerators." + e.getKey(), null, "expected a block");
                }
            }
        }
    }

    /**
     * Key {@code host.accelerators.NAME}: one unit in the FPGA fabric, its own cost model in its own
     * clock's cycles. A call costs {@code setup-cycles}, then the stream of its bytes at
     * {@code bytes-per-cycle} (or the AXI port's rate, if slower), then {@code pipeline-depth} cycles
     * for the last byte to leave the pipeline.
     *
     * @param clockMhz       the unit's clock
     * @param setupCycles    per call: reading its descriptor, starting its datapaths
     * @param bytesPerCycle  bytes the datapath takes per cycle
     * @param pipelineDepth  stages a byte crosses, in cycles
     * @param attach         who can reach it: the host over AXI, the eCores through the eLink, or both
     *                       ({@code host} if not given)
     * @param callPath       the path an eCore's call takes ({@code host} if not given); one {@code attach} allows
     */
    public record Accelerator(double clockMhz, long setupCycles, double bytesPerCycle, long pipelineDepth,
                              Attach attach, CallPath callPath) {
        /** @throws KeyValueException naming the key out of range, or a call path the attachment does not have */
        public Accelerator {
            KeyValueException.range("clock-mhz", clockMhz, 1, 1e4);
            KeyValueException.range("setup-cycles", setupCycles, 0, 1L << 32);
            KeyValueException.range("bytes-per-cycle", bytesPerCycle, 0.001, 1024);
            KeyValueException.range("pipeline-depth", pipelineDepth, 0, 1L << 20);
            attach = attach == null ? Attach.HOST : attach;
            callPath = callPath == null ? CallPath.HOST : callPath;
            if (!attach.allows(callPath)) {
                throw new KeyValueException("call-path", callPath.key(), "the unit is attached to "
                        + attach.key() + " only (attach = " + attach.key() + "); expected " + attach.paths());
            }
        }

        /** A unit reached by the host only, with the host's path: what a block without attach and call-path means. */
        public Accelerator(double clockMhz, long setupCycles, double bytesPerCycle, long pipelineDepth) {
            this(clockMhz, setupCycles, bytesPerCycle, pipelineDepth, Attach.HOST, CallPath.HOST);
        }
    }

    /** Key {@code host.accelerators.NAME.attach}: who can reach the unit. */
    public enum Attach {
        /** The ARM host over AXI, through its driver (the eCores through a host call). */
        @JsonProperty("host") HOST,
        /** The eCores through the eLink: a window of their address space the fabric decodes. */
        @JsonProperty("elink") ELINK,
        /** Both. */
        @JsonProperty("both") BOTH;

        /** Whether an eCore's call may take {@code path}. */
        public boolean allows(CallPath path) {
            return this == BOTH || (this == HOST) == (path == CallPath.HOST);
        }

        /** The value as written in a machine description. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The call paths it allows, as written. */
        String paths() {
            return this == BOTH ? "host or elink" : key();
        }
    }

    /** Key {@code host.accelerators.NAME.call-path}: the path an eCore's {@code offload} takes. */
    public enum CallPath {
        /** A host call: the daemon sees it and the host's driver calls the unit over AXI. */
        @JsonProperty("host") HOST,
        /** Straight through the eLink into the unit's window; the unit answers into the core's memory. */
        @JsonProperty("elink") ELINK;

        /** The value as written in a machine description. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Key {@code host.elink-calls}: what an eCore's direct call of a unit through the eLink moves and
     * where ({@link io.edarts.epiphany.Accelerators}).
     *
     * @param windowBase      eCore address of the first unit's window, as a string ("0x81100000"); the
     *                        units attached to the eLink get one mesh node's 1 MB each, in name order
     * @param descriptorBytes the descriptor the core writes after the input (the doorbell)
     * @param flagBytes       the completion flag the unit writes into the core's memory after the output
     * @param storeCycles     issue cycles per 8-byte doubleword the core copies into the window
     * @param spinCycles      one iteration of the core's spin on the flag in its own memory
     */
    public record ElinkCalls(String windowBase, int descriptorBytes, int flagBytes, int storeCycles, int spinCycles) {
        /** @throws KeyValueException naming the key out of range */
        public ElinkCalls {
            if (windowBase == null) {
                throw new KeyValueException("host.elink-calls.window-base", null, "expected an address such as \"0x81100000\"");
            }
            KeyValueException.range("host.elink-calls.descriptor-bytes", descriptorBytes, 1, 256);
            KeyValueException.range("host.elink-calls.flag-bytes", flagBytes, 1, 8);
            KeyValueException.range("host.elink-calls.store-cycles", storeCycles, 1, 64);
            KeyValueException.range("host.elink-calls.spin-cycles", spinCycles, 1, 1024);
        }
    }

    /** Key {@code host.driver.completion}. */
    public enum Completion {
        /** The calling thread sleeps; the unit's interrupt wakes it. */
        @JsonProperty("interrupt") INTERRUPT,
        /** The calling thread spins reading the unit's status register. */
        @JsonProperty("poll") POLL
    }

    /**
     * Key {@code host.driver}: what the host's Linux driver costs per call of an accelerator, and the
     * AXI port the unit reaches memory through.
     *
     * @param syscallNs               entering and leaving the kernel for the call (an ioctl)
     * @param cacheLineBytes          the host's data-cache line
     * @param cleanCyclesPerLine      host cycles to clean one line of the input to memory
     * @param invalidateCyclesPerLine host cycles to invalidate one line of the output
     * @param completion              how the caller learns the unit is done
     * @param interruptNs             from the unit's interrupt to the caller running again
     * @param pollNs                  one read of the unit's status register
     * @param axiPortBytes            width of the port the unit reads and writes memory through
     * @param axiClockMhz             that port's clock
     */
    public record Driver(double syscallNs, int cacheLineBytes, long cleanCyclesPerLine, long invalidateCyclesPerLine,
                         Completion completion, double interruptNs, double pollNs, int axiPortBytes,
                         double axiClockMhz) {
        /** @throws KeyValueException naming the key out of range */
        public Driver {
            KeyValueException.range("syscall-ns", syscallNs, 0, 1e9);
            KeyValueException.range("cache-line-bytes", cacheLineBytes, 1, 4096);
            KeyValueException.range("clean-cycles-per-line", cleanCyclesPerLine, 0, 1L << 20);
            KeyValueException.range("invalidate-cycles-per-line", invalidateCyclesPerLine, 0, 1L << 20);
            if (completion == null) {
                throw new KeyValueException("completion", null, "expected interrupt or poll");
            }
            KeyValueException.range("interrupt-ns", interruptNs, 0, 1e9);
            KeyValueException.range("poll-ns", pollNs, 0, 1e9);
            KeyValueException.range("axi-port-bytes", axiPortBytes, 1, 1024);
            KeyValueException.range("axi-clock-mhz", axiClockMhz, 1, 1e4);
        }
    }

    /**
     * Key {@code host.calls}: what the host daemon's work for one call costs beyond the host's
     * transfer rates (see {@code epiphany.hostcall.HostCallDaemon}).
     *
     * @param runStateBytes bytes of a core's run-state word, read per poll
     * @param replyBytes    bytes the host writes back into the core per call
     * @param serviceCycles the host's own work per call beyond moving bytes, chip cycles
     */
    public record HostCalls(int runStateBytes, int replyBytes, long serviceCycles) {
        /** @throws KeyValueException naming the key out of range */
        public HostCalls {
            KeyValueException.range("host.calls.run-state-bytes", runStateBytes, 1, 64);
            KeyValueException.range("host.calls.reply-bytes", replyBytes, 1, 4096);
            KeyValueException.range("host.calls.service-cycles", serviceCycles, 0, 1L << 32);
        }
    }

    /** Key {@code contention}. */
    public enum Contention {
        /** Every dispatch, firing and completion message of a cluster goes through one transaction-level eMesh. */
        @JsonProperty("on") ON,
        /** Per-firing and per-message costs uncontended, as if each had the mesh to itself. */
        @JsonProperty("off") OFF
    }

    /** Key {@code code-fetch}. */
    public enum CodeFetch {
        /** The eSDK cache manager copies code in on every miss. */
        @JsonProperty("copy") COPY,
        /** Run in place until the stalls paid reach one copy's cost, then copy (ski rental). */
        @JsonProperty("rent-or-buy") RENT_OR_BUY
    }

    /**
     * Key {@code budget}: what each core's local memory reserves, bytes; code and data share the rest.
     *
     * @param runtimeBytes runtime and loader, at the bottom of bank 0
     * @param stackBytes   stack, at the top of the last bank
     */
    public record Budget(int runtimeBytes, int stackBytes) {
        /** @throws KeyValueException if a size is negative or above the local-memory limit */
        public Budget {
            KeyValueException.range("runtime-bytes", runtimeBytes, 0, MeshGeometry.MMR_BASE);
            KeyValueException.range("stack-bytes", stackBytes, 0, MeshGeometry.MMR_BASE);
        }
    }

    /**
     * Key {@code mesh}: eMesh timing.
     *
     * @param rmeshCyclesPerRequest cycles a read request holds an rMesh link
     * @param readTurnaroundCycles  fixed part of an on-chip read round trip
     * @param elinkCyclesPer8KiB    cycles the eLink needs per 8 KB
     * @param dramReadLatencyCycles off-chip read latency beyond the mesh and the eLink
     * @param dramReadCyclesPer8KiB cycles the off-chip read path needs per 8 KB of 8-byte reads
     *                              however many are in flight (its throughput)
     */
    public record Mesh(
            int rmeshCyclesPerRequest,
            double readTurnaroundCycles,
            @JsonProperty("elink-cycles-per-8kib") long elinkCyclesPer8KiB,
            double dramReadLatencyCycles,
            @JsonProperty("dram-read-cycles-per-8kib") long dramReadCyclesPer8KiB) {
        /** Most cycles any one latency key may hold. */
        public static final int MAX_LATENCY_CYCLES = 1_000_000;

        /** @throws KeyValueException naming the key out of range */
        public Mesh {
            KeyValueException.range("rmesh-cycles-per-request", rmeshCyclesPerRequest, 1, 1 << 16);
            halfCycles("read-turnaround-cycles", readTurnaroundCycles);
            // x 2 ticks x up to 2^31 packets stays below 2^63
            KeyValueException.range("elink-cycles-per-8kib", elinkCyclesPer8KiB, 1, 1L << 24);
            halfCycles("dram-read-latency-cycles", dramReadLatencyCycles);
            KeyValueException.range("dram-read-cycles-per-8kib", dramReadCyclesPer8KiB, 1, 1L << 24);
        }

        private static void halfCycles(String key, double cycles) {
            KeyValueException.range(key, cycles, 0, MAX_LATENCY_CYCLES);
            if (cycles * 2 != Math.rint(cycles * 2)) {
                throw new KeyValueException(key, cycles, "expected a multiple of 0.5 (the eMesh keeps time in half cycles)");
            }
        }
    }

    /**
     * Key {@code core}: instruction fetch.
     *
     * @param meanInstructionBytes mean encoded instruction size
     * @param fetchLineBytes       bytes per instruction fetch
     */
    public record Core(double meanInstructionBytes, int fetchLineBytes) {
        /** @throws KeyValueException naming the key out of range */
        public Core {
            KeyValueException.range("mean-instruction-bytes", meanInstructionBytes, 2, 4);
            KeyValueException.range("fetch-line-bytes", fetchLineBytes, 1, 1024);
        }
    }

    /**
     * Key {@code code-cache}.
     *
     * @param tableEntries   cache table rows
     * @param regionBytes    code space per core
     * @param policy         eviction policy name ({@link EvictionPolicies#names()})
     * @param maxCodeObjects PLT entries per core
     */
    public record CodeCache(int tableEntries, int regionBytes, String policy, int maxCodeObjects) {
        /** @throws KeyValueException naming the key out of range or the unknown policy */
        public CodeCache {
            KeyValueException.range("table-entries", tableEntries, 2, 1 << 16);
            KeyValueException.range("region-bytes", regionBytes, 1, MeshGeometry.MMR_BASE);
            if (policy == null || !EvictionPolicies.names().contains(policy)) {
                throw new KeyValueException("policy", policy, "expected one of " + String.join(", ", EvictionPolicies.names()));
            }
            KeyValueException.range("max-code-objects", maxCodeObjects, 1, 1 << 20);
        }
    }

    /** @throws KeyValueException naming the key out of range */
    public EpiphanyConfig {
        KeyValueException.range("origin-row", originRow, 0, MeshGeometry.NODE_ID_SIDE - 1);
        KeyValueException.range("origin-col", originCol, 0, MeshGeometry.NODE_ID_SIDE - 1);
        long base = parseAddress(dramBase);
        if (base < MeshGeometry.NODE_SPACE_BYTES || base > 0xFFFF_FFFFL || base % MeshGeometry.NODE_SPACE_BYTES != 0) {
            throw new KeyValueException("dram-base", dramBase,
                    "expected a 32-bit, non-local address on a 1 MB mesh-node boundary");
        }
        if (dramBytes <= 0 || base + dramBytes > 0x1_0000_0000L) {
            throw new KeyValueException("dram-bytes", dramBytes, "expected > 0 and ending inside the 32-bit space at dram-base "
                    + dramBase);
        }
        KeyValueException.range("elink-row", elinkRow, -1, MeshGeometry.NODE_ID_SIDE - 1);
        KeyValueException.range("local-memory-bytes", localMemoryBytes, 1, MeshGeometry.MMR_BASE);
        KeyValueException.range("bank-bytes", bankBytes, 1, localMemoryBytes);
        if (localMemoryBytes % bankBytes != 0) {
            throw new KeyValueException("local-memory-bytes", localMemoryBytes,
                    "is not a whole number of bank-bytes=" + bankBytes + " banks");
        }
        for (var part : new Object[] {budget, mesh, core, codeCache, codeFetch, contention, host}) {
            if (part == null) {
                throw new KeyValueException("budget, mesh, core, code-cache, code-fetch, contention, host", null,
                        "expected every one set");
            }
        }
        long total = (long) budget.runtimeBytes() + budget.stackBytes();
        if (total > localMemoryBytes) {
            throw new KeyValueException("budget", total + " bytes", "more than local-memory-bytes=" + localMemoryBytes);
        }
        KeyValueException.range("dma-channels", dmaChannels, 1, 16);
        KeyValueException.range("dynamic-call-region-bytes", dynamicCallRegionBytes, 0, MeshGeometry.MMR_BASE);
    }

    /**
     * Key {@code host.image}: the program image's fixed segments (coprthr2-paper.txt Figure 1).
     *
     * @param syscoreBytes the resident run-time in each core's local memory, from address 0
     * @param sysmemBytes  the run-time's segment at the base of the DRAM window
     * @param usrmemBytes  the program's global segment, right after sysmem
     */
    public record Image(int syscoreBytes, long sysmemBytes, long usrmemBytes) {
        /** @throws KeyValueException naming the key out of range */
        public Image {
            KeyValueException.range("syscore-bytes", syscoreBytes, 0, MeshGeometry.MMR_BASE);
            KeyValueException.range("sysmem-bytes", sysmemBytes, 0, 1L << 32);
            KeyValueException.range("usrmem-bytes", usrmemBytes, 0, 1L << 32);
        }
    }

    /** Key {@code dram-base} as a number. */
    public long dramBaseAddress() {
        return parseAddress(dramBase);
    }

    private static long parseAddress(String s) {
        try {
            return Long.decode(s.trim());
        } catch (NumberFormatException | NullPointerException ex) {
            throw new KeyValueException("dram-base", s, "expected an address such as \"0x8e000000\"");
        }
    }
}
