package io.edarts.scheduler;

import io.edarts.api.BufferHandle;
import io.edarts.api.TpDefinition;
import io.edarts.cam.MemoryAllocation;
import io.edarts.cam.MemoryKind;
import io.edarts.cam.MemoryPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one threaded-procedure instance's frame buffers are: the array each accessor gave when the
 * instance started and its allocation in the run's memory plan. Immutable after {@link #allocate},
 * so every actor may share it; the frees happen at the instance's home SU, which allocated it.
 * Scratch buffers are the run's ({@link RunContext#scratch}), not the instance's.
 */
final class InstanceMemory {
    private final Object[] arrays;
    private final MemoryAllocation[] allocations;
    private final int[] elementBytes;

    private InstanceMemory(Object[] arrays, MemoryAllocation[] allocations, int[] elementBytes) {
        this.arrays = arrays;
        this.allocations = allocations;
        this.elementBytes = elementBytes;
    }

    /** Whether {@code def} has frame buffers (so its instances need an {@code InstanceMemory}). */
    static boolean needed(TpDefinition<?> def) {
        for (int i = 0; i < def.bufferCount(); i++) {
            if (!def.buffer(i).isScratch()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Allocates the frame buffers of an instance of {@code def} around {@code frame} in {@code plan}
     * ({@code who} names the instance in messages); all or nothing.
     *
     * @throws IllegalArgumentException naming the buffer, the procedure and, for one that does not
     *                                  fit, the core (row, col), the region or bank and the sizes
     */
    static InstanceMemory allocate(TpDefinition<?> def, Object frame, MemoryPlan plan, String who) {
        int n = def.bufferCount();
        Object[] arrays = new Object[n];
        MemoryAllocation[] allocs = new MemoryAllocation[n];
        int[] eb = new int[n];
        List<MemoryAllocation> done = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                BufferHandle<?> h = def.buffer(i);
                if (h.isScratch()) {
                    continue;
                }
                Object a = h.frameArray(frame);
                eb[i] = BufferHandle.elementBytes(a.getClass());
                long bytes = (long) java.lang.reflect.Array.getLength(a) * eb[i];
                arrays[i] = a;
                if (bytes == 0) {
                    continue; // an empty array takes no memory; any access to it is out of range
                }
                try {
                    allocs[i] = plan.allocate(h.procedure() + "." + h.name(), MemoryKind.DATA, h.place(), bytes);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException((h.isScratch() ? "scratch buffer '" : "buffer '") + h.name()
                            + "' of " + who + " (" + bytes + " B at " + h.place()
                            + ") does not fit: " + e.getMessage(), e);
                }
                done.add(allocs[i]);
            }
        } catch (IllegalArgumentException e) {
            for (MemoryAllocation a : done) {
                plan.free(a);
            }
            throw e;
        }
        return new InstanceMemory(arrays, allocs, eb);
    }

    /** Returns every allocation to {@code plan}. */
    void free(MemoryPlan plan) {
        for (MemoryAllocation a : allocations) {
            if (a != null) {
                plan.free(a);
            }
        }
    }

    /** The array of frame buffer {@code i}. */
    Object array(int i) {
        return arrays[i];
    }

    int elementBytes(int i) {
        return elementBytes[i];
    }

    /** The allocation of frame buffer {@code i}, or null for an empty one. */
    MemoryAllocation allocation(int i) {
        return allocations[i];
    }

    /**
     * The machine address of element {@code element} of frame buffer {@code i} as {@code core}
     * reaches it; what a buffer-level DMA resolves its ends with.
     */
    long address(MemoryPlan plan, int i, int core, long element) {
        return plan.address(allocations[i], core, element * elementBytes[i]);
    }
}
