package io.edarts.cam;

import java.util.Arrays;

/**
 * The memory plan of a target without a budget: every allocation fits. Addresses are labels, not a
 * machine's map (the targets that use this plan price no address): a core's memory is the core's
 * index times 2^32 plus an offset, external memory starts at 2^62, and a firing-core buffer's base
 * is an offset every core resolves to its own label. Offsets are handed out in allocation order and
 * never reused, so addresses stay distinct.
 */
final class UnlimitedMemoryPlan implements MemoryPlan {
    private static final long EXTERNAL_BASE = 1L << 62;
    private static final long CORE_SPAN = 1L << 32;
    private final Machine machine;
    private final long[] nextOnCore;
    private final long[] data;
    private final long[] staticData;
    private final long[] peakData;
    private long nextLocal;
    private long nextExternal;
    private long external;
    private long peakExternal;

    UnlimitedMemoryPlan(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        this.machine = machine;
        int n = machine.coreCount();
        this.nextOnCore = new long[n];
        this.data = new long[n];
        this.staticData = new long[n];
        this.peakData = new long[n];
    }

    private UnlimitedMemoryPlan(UnlimitedMemoryPlan p) {
        this.machine = p.machine;
        this.nextOnCore = p.nextOnCore.clone();
        this.data = p.data.clone();
        this.staticData = p.data.clone();
        this.peakData = p.data.clone();
        this.nextLocal = p.nextLocal;
        this.nextExternal = p.nextExternal;
        this.external = p.external;
        this.peakExternal = p.external;
    }

    @Override
    public MemoryAllocation allocate(String name, MemoryKind kind, BufferPlace place, long bytes) {
        check(name, kind, place, bytes);
        long size = (bytes + 7) & -8L;
        return switch (place.kind()) {
            case BANK, CORE -> {
                int core = coreOf(name, place);
                long base = core * CORE_SPAN + nextOnCore[core];
                nextOnCore[core] += size;
                if (kind == MemoryKind.DATA) {
                    data[core] += size;
                    peakData[core] = Math.max(peakData[core], data[core]);
                }
                yield new MemoryAllocation(name, kind, place, core, base, bytes);
            }
            case EXTERNAL -> {
                long base = EXTERNAL_BASE + nextExternal;
                nextExternal += size;
                external += size;
                peakExternal = Math.max(peakExternal, external);
                yield new MemoryAllocation(name, kind, place, -1, base, bytes);
            }
            case FIRING_CORE -> {
                long base = nextLocal;
                nextLocal += size;
                if (kind == MemoryKind.DATA) {
                    for (int c = 0; c < data.length; c++) {
                        if (machine.role(c) == CoreRole.CU) {
                            data[c] += size;
                            peakData[c] = Math.max(peakData[c], data[c]);
                        }
                    }
                }
                yield new MemoryAllocation(name, kind, place, -1, base, bytes);
            }
        };
    }

    private int coreOf(String name, BufferPlace place) {
        if (place.row() >= machine.rows() || place.col() >= machine.cols()) {
            throw new IllegalArgumentException("'" + name + "': " + place + " is not on " + machine.name() + "'s "
                    + machine.rows() + "x" + machine.cols() + " mesh");
        }
        return machine.core(place.row(), place.col());
    }

    @Override
    public void free(MemoryAllocation a) {
        long size = (a.bytes() + 7) & -8L;
        if (a.kind() != MemoryKind.DATA) {
            return;
        }
        switch (a.place().kind()) {
            case EXTERNAL -> external -= size;
            case BANK, CORE -> data[a.core()] -= size;
            case FIRING_CORE -> {
                for (int c = 0; c < data.length; c++) {
                    if (machine.role(c) == CoreRole.CU) {
                        data[c] -= size;
                    }
                }
            }
            default -> throw new IllegalStateException("unknown place " + a.place());
        }
    }

    @Override
    public long address(MemoryAllocation a, int core, long offset) {
        if (offset < 0 || offset >= Math.max(1, a.bytes())) {
            throw new IllegalArgumentException("'" + a.name() + "': offset " + offset + " outside its " + a.bytes() + " B");
        }
        if (core < 0 || core >= machine.coreCount()) {
            throw new IllegalArgumentException("core " + core + " is not on " + machine.name());
        }
        return a.place().kind() == BufferPlace.Kind.FIRING_CORE ? core * CORE_SPAN + (CORE_SPAN >>> 1) + a.base() + offset
                : a.base() + offset;
    }

    @Override
    public MemoryPlan forCluster(int cluster) {
        if (cluster < 0 || cluster >= machine.clusters().size()) {
            throw new IllegalArgumentException("cluster " + cluster + " is not one of " + machine.name() + "'s "
                    + machine.clusters().size());
        }
        return new UnlimitedMemoryPlan(this);
    }

    @Override
    public boolean budgeted() {
        return false;
    }

    @Override
    public CoreMemory use(int core) {
        return new CoreMemory(core, -1, 0, 0, 0, staticData[core], peakData[core], -1);
    }

    @Override
    public int machineCores() {
        return machine.coreCount();
    }

    @Override
    public long externalPeakBytes() {
        return peakExternal;
    }

    private static void check(String name, MemoryKind kind, BufferPlace place, long bytes) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an allocation needs a name, got '" + name + "'");
        }
        if (kind == null || place == null) {
            throw new IllegalArgumentException("'" + name + "': kind and place must not be null");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("'" + name + "': bytes must be > 0, got " + bytes);
        }
    }

    @Override
    public String toString() {
        return "unlimited memory plan of " + machine.name() + " (" + Arrays.stream(data).sum() + " B of core data)";
    }
}
