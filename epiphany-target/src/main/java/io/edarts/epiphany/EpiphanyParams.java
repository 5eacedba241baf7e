package io.edarts.epiphany;

import io.edarts.cam.Costs;
import io.edarts.cam.KeyValueException;
import io.edarts.cam.Machine;
import io.edarts.epiphany.memory.RegionBudget;

/**
 * Every number the Epiphany hardware model uses, derived once from a machine's bound
 * {@code edarts.machine.costs} and {@code edarts.machine.epiphany} blocks ({@link EpiphanyConfig};
 * epiphany-target's {@code reference.conf} cites the source of each default). Times that are not whole cycles are kept in half-cycle ticks so that the 1.5-cycle hop
 * stays exact.
 *
 * @param hopTicks                 eMesh router hop latency in half cycles (1.5 cycles = 3)
 * @param cmeshBytesPerCycle       cMesh/xMesh link width, bytes per cycle (8)
 * @param rmeshCyclesPerRequest    cycles a read request holds an rMesh link (8)
 * @param readTurnaroundTicks      fixed part of an on-chip read round trip, half cycles (25)
 * @param elinkCyclesPer8KiB       cycles the eLink needs per 8 KB of 8-byte transactions (9504)
 * @param dramReadLatencyTicks     off-chip read latency beyond mesh and eLink, half cycles
 * @param dramReadCyclesPer8KiB    cycles the off-chip read path needs per 8 KB of 8-byte reads (30336)
 * @param originRow                mesh row of core (0,0) in the address map (32 on the E16G301)
 * @param originCol                mesh column of core (0,0) in the address map (8 on the E16G301)
 * @param dramBase                 first eCore address of the external DRAM window
 * @param dramBytes                size of the DRAM window
 * @param elinkRow                 on-chip row of the east-edge router the eLink hangs off, or -1 to derive
 * @param localMemoryBytes         bytes of local memory per core (32768)
 * @param bankBytes                bytes per local bank (8192)
 * @param budget                   per-core split of local memory
 * @param dmaChannels              DMA channels per core (2)
 * @param meanInstructionBytes     mean encoded instruction size, for fetch-line counts
 * @param fetchLineBytes           bytes per instruction fetch (8)
 * @param cuDispatchInstructions   instructions to pop the pool and call a body
 * @param cuSignalInstructions     instructions per dependent slot signalled
 * @param suDecisionInstructions   instructions per SU scheduling decision
 * @param suPerCandidateInstructions extra instructions per candidate CU examined
 * @param cacheTableEntries        code-cache table rows (eSDK: 20)
 * @param cacheRegionBytes         code-cache code space per core
 * @param cachePolicy              code-cache eviction policy name
 * @param cacheMaxCodeObjects      PLT entries per core
 * @param dynamicCallRegionBytes   COPRTHR-2 dynamic-call region per core
 * @param codeFetch                copy on every miss, or rent-or-buy
 * @param contention               whether runs share one eMesh per cluster
 */
public record EpiphanyParams(
        int hopTicks,
        int cmeshBytesPerCycle,
        int rmeshCyclesPerRequest,
        int readTurnaroundTicks,
        long elinkCyclesPer8KiB,
        long dramReadLatencyTicks,
        long dramReadCyclesPer8KiB,
        int originRow,
        int originCol,
        long dramBase,
        long dramBytes,
        int elinkRow,
        int localMemoryBytes,
        int bankBytes,
        RegionBudget budget,
        int dmaChannels,
        double meanInstructionBytes,
        int fetchLineBytes,
        long cuDispatchInstructions,
        long cuSignalInstructions,
        long suDecisionInstructions,
        long suPerCandidateInstructions,
        int cacheTableEntries,
        int cacheRegionBytes,
        String cachePolicy,
        int cacheMaxCodeObjects,
        int dynamicCallRegionBytes,
        EpiphanyConfig.CodeFetch codeFetch,
        EpiphanyConfig.Contention contention) {

    /** Half-cycle ticks per cycle: the unit the mesh keeps time in. */
    public static final int TICKS_PER_CYCLE = 2;

    /** @throws IllegalArgumentException naming the offending value */
    public EpiphanyParams {
        positive("costs.hop-cycles (in half cycles)", hopTicks);
        positive("costs.link-bytes-per-cycle", cmeshBytesPerCycle);
        positive("epiphany.mesh.rmesh-cycles-per-request", rmeshCyclesPerRequest);
        nonNegative("epiphany.mesh.read-turnaround-cycles (in half cycles)", readTurnaroundTicks);
        positive("epiphany.mesh.elink-cycles-per-8kib", elinkCyclesPer8KiB);
        nonNegative("epiphany.mesh.dram-read-latency-cycles (in half cycles)", dramReadLatencyTicks);
        positive("epiphany.mesh.dram-read-cycles-per-8kib", dramReadCyclesPer8KiB);
        if (dramBase < 0 || dramBase > 0xFFFF_FFFFL || (dramBase & 0xF_FFFFL) != 0) {
            throw new IllegalArgumentException("epiphany.dram-base must be a 32-bit address on a 1 MB mesh-node boundary, got 0x"
                    + Long.toHexString(dramBase));
        }
        if (dramBytes <= 0 || dramBase + dramBytes > 0x1_0000_0000L) {
            throw new IllegalArgumentException("epiphany.dram-bytes must be > 0 and end inside the 32-bit space, got " + dramBytes);
        }
        if (elinkRow < -1) {
            throw new IllegalArgumentException("epiphany.elink-row must be -1 (derive) or a row >= 0, got " + elinkRow);
        }
        positive("epiphany.local-memory-bytes", localMemoryBytes);
        positive("epiphany.bank-bytes", bankBytes);
        if (localMemoryBytes % bankBytes != 0) {
            throw new IllegalArgumentException("epiphany.local-memory-bytes " + localMemoryBytes
                    + " is not a whole number of " + bankBytes + "-byte banks");
        }
        if (budget == null) {
            throw new IllegalArgumentException("epiphany.budget must not be null");
        }
        if (budget.totalBytes() > localMemoryBytes) {
            throw new IllegalArgumentException(budget + " totals " + budget.totalBytes()
                    + " bytes, more than epiphany.local-memory-bytes = " + localMemoryBytes);
        }
        positive("epiphany.dma-channels", dmaChannels);
        if (!(meanInstructionBytes >= 2 && meanInstructionBytes <= 4)) {
            throw new IllegalArgumentException("epiphany.core.mean-instruction-bytes must be in [2, 4] (16- and 32-bit encodings), got "
                    + meanInstructionBytes);
        }
        positive("epiphany.core.fetch-line-bytes", fetchLineBytes);
        nonNegative("costs.cu-dispatch-instructions", cuDispatchInstructions);
        nonNegative("costs.cu-signal-instructions", cuSignalInstructions);
        nonNegative("costs.su-decision-instructions", suDecisionInstructions);
        nonNegative("costs.su-instructions-per-candidate", suPerCandidateInstructions);
        if (cacheTableEntries < 2) {
            throw new IllegalArgumentException("epiphany.code-cache.table-entries must be >= 2, got " + cacheTableEntries);
        }
        positive("epiphany.code-cache.region-bytes", cacheRegionBytes);
        if (cachePolicy == null || cachePolicy.isBlank()) {
            throw new IllegalArgumentException("epiphany.code-cache.policy must be a policy name, got '" + cachePolicy + "'");
        }
        positive("epiphany.code-cache.max-code-objects", cacheMaxCodeObjects);
        nonNegative("epiphany.dynamic-call-region-bytes", dynamicCallRegionBytes);
    }

    /**
     * The parameters of {@code machine}, from its bound {@code costs} and {@code epiphany} blocks.
     *
     * @throws io.edarts.cam.KeyValueException if a cost key cannot drive the eMesh model (the
     *                                         exception names the key)
     * @throws IllegalArgumentException        if the machine is null or has no epiphany block
     */
    public static EpiphanyParams of(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        Costs costs = machine.costs();
        EpiphanyConfig e = machine.block(EpiphanyMachines.BLOCK, EpiphanyConfig.class);
        double hop = costs.hopCycles();
        double hopTicks = hop * TICKS_PER_CYCLE;
        if (hopTicks != Math.rint(hopTicks) || hopTicks <= 0) {
            throw new KeyValueException("costs.hop-cycles", hop, "expected a positive multiple of 0.5 for the eMesh model");
        }
        double cmesh = costs.linkBytesPerCycle();
        if (cmesh != Math.rint(cmesh) || cmesh < 1) {
            throw new KeyValueException("costs.link-bytes-per-cycle", cmesh, "expected a whole number >= 1 for the eMesh model");
        }
        EpiphanyConfig.Budget b = e.budget();
        RegionBudget budget = new RegionBudget(b.runtimeBytes(), b.stackBytes());
        EpiphanyConfig.Mesh mesh = e.mesh();
        EpiphanyConfig.CodeCache cache = e.codeCache();
        return new EpiphanyParams(
                (int) hopTicks,
                (int) cmesh,
                mesh.rmeshCyclesPerRequest(),
                (int) (mesh.readTurnaroundCycles() * TICKS_PER_CYCLE),
                mesh.elinkCyclesPer8KiB(),
                (long) (mesh.dramReadLatencyCycles() * TICKS_PER_CYCLE),
                mesh.dramReadCyclesPer8KiB(),
                e.originRow(),
                e.originCol(),
                e.dramBaseAddress(),
                e.dramBytes(),
                e.elinkRow(),
                e.localMemoryBytes(),
                e.bankBytes(),
                budget,
                e.dmaChannels(),
                e.core().meanInstructionBytes(),
                e.core().fetchLineBytes(),
                costs.cuDispatchInstructions(),
                costs.cuSignalInstructions(),
                costs.suDecisionInstructions(),
                costs.suInstructionsPerCandidate(),
                cache.tableEntries(),
                cache.regionBytes(),
                cache.policy(),
                cache.maxCodeObjects(),
                e.dynamicCallRegionBytes(),
                e.codeFetch(),
                e.contention());
    }

    /** Ticks the eLink is held by {@code packets} 8-byte transactions (rounded up to a tick). */
    public long elinkTicks(int packets) {
        // 8 KB = 1024 transactions took elinkCyclesPer8KiB cycles.
        long num = (long) TICKS_PER_CYCLE * elinkCyclesPer8KiB * packets;
        return (num + 1023) / 1024;
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }

    private static void nonNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        }
    }
}
