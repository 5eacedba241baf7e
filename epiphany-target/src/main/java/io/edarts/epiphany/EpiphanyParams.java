package io.edarts.epiphany;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.edarts.cam.Machine;
import io.edarts.epiphany.memory.RegionBudget;

/**
 * Every number the Epiphany hardware model uses, read once from a machine's resolved configuration
 * ({@code edarts.machine.costs} and {@code edarts.machine.epiphany}, where each key cites its
 * source). Times that are not whole cycles are kept in half-cycle ticks so that the 1.5-cycle hop
 * stays exact.
 *
 * @param hopTicks                 eMesh router hop latency in half cycles (1.5 cycles = 3)
 * @param cmeshBytesPerCycle       cMesh/xMesh link width, bytes per cycle (8)
 * @param rmeshCyclesPerRequest    cycles a read request holds an rMesh link (8)
 * @param readTurnaroundTicks      fixed part of an on-chip read round trip, half cycles (25)
 * @param elinkCyclesPer8KiB       cycles the eLink needs per 8 KB of 8-byte transactions (9504)
 * @param dramReadLatencyTicks     off-chip read latency beyond mesh and eLink, half cycles
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
 */
public record EpiphanyParams(
        int hopTicks,
        int cmeshBytesPerCycle,
        int rmeshCyclesPerRequest,
        int readTurnaroundTicks,
        long elinkCyclesPer8KiB,
        long dramReadLatencyTicks,
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
        int dynamicCallRegionBytes) {

    /** Half-cycle ticks per cycle: the unit the mesh keeps time in. */
    public static final int TICKS_PER_CYCLE = 2;

    /** @throws IllegalArgumentException naming the offending value */
    public EpiphanyParams {
        positive("hopTicks", hopTicks);
        positive("cmeshBytesPerCycle", cmeshBytesPerCycle);
        positive("rmeshCyclesPerRequest", rmeshCyclesPerRequest);
        nonNegative("readTurnaroundTicks", readTurnaroundTicks);
        positive("elinkCyclesPer8KiB", elinkCyclesPer8KiB);
        nonNegative("dramReadLatencyTicks", dramReadLatencyTicks);
        if (dramBase < 0 || dramBase > 0xFFFF_FFFFL || (dramBase & 0xF_FFFFL) != 0) {
            throw new IllegalArgumentException("dram-base must be a 32-bit address on a 1 MB mesh-node boundary, got 0x"
                    + Long.toHexString(dramBase));
        }
        if (dramBytes <= 0 || dramBase + dramBytes > 0x1_0000_0000L) {
            throw new IllegalArgumentException("dram-bytes must be > 0 and end inside the 32-bit space, got " + dramBytes);
        }
        if (elinkRow < -1) {
            throw new IllegalArgumentException("elink-row must be -1 (derive) or a row >= 0, got " + elinkRow);
        }
        positive("localMemoryBytes", localMemoryBytes);
        positive("bankBytes", bankBytes);
        if (localMemoryBytes % bankBytes != 0) {
            throw new IllegalArgumentException("local-memory-bytes " + localMemoryBytes
                    + " is not a whole number of " + bankBytes + "-byte banks");
        }
        if (budget == null) {
            throw new IllegalArgumentException("budget must not be null");
        }
        if (budget.totalBytes() > localMemoryBytes) {
            throw new IllegalArgumentException("budget " + budget + " totals " + budget.totalBytes()
                    + " bytes, more than the " + localMemoryBytes + " bytes of local memory");
        }
        positive("dmaChannels", dmaChannels);
        if (!(meanInstructionBytes >= 2 && meanInstructionBytes <= 4)) {
            throw new IllegalArgumentException("mean-instruction-bytes must be in [2, 4] (16- and 32-bit encodings), got "
                    + meanInstructionBytes);
        }
        positive("fetchLineBytes", fetchLineBytes);
        nonNegative("cuDispatchInstructions", cuDispatchInstructions);
        nonNegative("cuSignalInstructions", cuSignalInstructions);
        nonNegative("suDecisionInstructions", suDecisionInstructions);
        nonNegative("suPerCandidateInstructions", suPerCandidateInstructions);
        if (cacheTableEntries < 2) {
            throw new IllegalArgumentException("code-cache.table-entries must be >= 2, got " + cacheTableEntries);
        }
        positive("cacheRegionBytes", cacheRegionBytes);
        if (cachePolicy == null || cachePolicy.isBlank()) {
            throw new IllegalArgumentException("code-cache.policy must be a policy name, got '" + cachePolicy + "'");
        }
        positive("cacheMaxCodeObjects", cacheMaxCodeObjects);
        nonNegative("dynamicCallRegionBytes", dynamicCallRegionBytes);
    }

    /**
     * Reads the parameters of {@code machine}.
     *
     * @throws IllegalArgumentException if a key is missing or has a bad value (the message names it)
     */
    public static EpiphanyParams of(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        Config root = machine.config();
        try {
            Config costs = root.getConfig("costs");
            Config e = root.getConfig("epiphany");
            double hop = costs.getDouble("hop-cycles");
            double hopTicks = hop * TICKS_PER_CYCLE;
            if (hopTicks != Math.rint(hopTicks) || hopTicks <= 0) {
                throw new IllegalArgumentException("costs.hop-cycles must be a positive multiple of 0.5 for the eMesh model, got " + hop);
            }
            double cmesh = costs.getDouble("cmesh-bytes-per-cycle");
            if (cmesh != Math.rint(cmesh) || cmesh < 1) {
                throw new IllegalArgumentException("costs.cmesh-bytes-per-cycle must be a whole number >= 1 for the eMesh model, got " + cmesh);
            }
            Config b = e.getConfig("budget");
            RegionBudget budget = new RegionBudget(b.getInt("runtime-bytes"), b.getInt("code-bytes"),
                    b.getInt("data-bytes"), b.getInt("stack-bytes"));
            Config mesh = e.getConfig("mesh");
            Config core = e.getConfig("core");
            Config cache = e.getConfig("code-cache");
            return new EpiphanyParams(
                    (int) hopTicks,
                    (int) cmesh,
                    mesh.getInt("rmesh-cycles-per-request"),
                    halfCycles("epiphany.mesh.read-turnaround-cycles", mesh.getDouble("read-turnaround-cycles")),
                    mesh.getLong("elink-cycles-per-8kib"),
                    halfCycles("epiphany.mesh.dram-read-latency-cycles", mesh.getDouble("dram-read-latency-cycles")),
                    parseAddress(e.getString("dram-base")),
                    e.getLong("dram-bytes"),
                    e.getInt("elink-row"),
                    e.getInt("local-memory-bytes"),
                    e.getInt("bank-bytes"),
                    budget,
                    e.getInt("dma-channels"),
                    core.getDouble("mean-instruction-bytes"),
                    core.getInt("fetch-line-bytes"),
                    costs.getLong("cu-dispatch-instructions"),
                    costs.getLong("cu-signal-instructions"),
                    costs.getLong("su-decision-instructions"),
                    costs.getLong("su-instructions-per-candidate"),
                    cache.getInt("table-entries"),
                    cache.getInt("region-bytes"),
                    cache.getString("policy"),
                    cache.getInt("max-code-objects"),
                    e.getInt("dynamic-call-region-bytes"));
        } catch (ConfigException ex) {
            throw new IllegalArgumentException("machine '" + machine.name() + "': " + ex.getMessage(), ex);
        }
    }

    /** Ticks the eLink is held by {@code packets} 8-byte transactions (rounded up to a tick). */
    public long elinkTicks(int packets) {
        // 8 KB = 1024 transactions took elinkCyclesPer8KiB cycles.
        long num = (long) TICKS_PER_CYCLE * elinkCyclesPer8KiB * packets;
        return (num + 1023) / 1024;
    }

    private static int halfCycles(String key, double cycles) {
        double t = cycles * TICKS_PER_CYCLE;
        if (t != Math.rint(t) || t < 0 || t > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a non-negative multiple of 0.5, got " + cycles);
        }
        return (int) t;
    }

    private static long parseAddress(String s) {
        try {
            return Long.decode(s.trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("epiphany.dram-base must be an address such as \"0x8e000000\", got '" + s + "'", ex);
        }
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
