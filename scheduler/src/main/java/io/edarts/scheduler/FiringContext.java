package io.edarts.scheduler;

import io.edarts.api.BufferHandle;
import io.edarts.api.CodeletContext;
import io.edarts.api.CodeletHandle;
import io.edarts.api.InstrKind;
import io.edarts.api.SlotHandle;
import io.edarts.api.SlotRef;
import io.edarts.api.TpDefinition;
import io.edarts.cam.Work;
import java.util.ArrayList;
import java.util.List;

/**
 * The context one CU hands to the bodies it fires; reused from firing to firing. What a body charges
 * goes into the CU's {@link Work.Builder}; what it asks for is collected and handed out once, as
 * immutable {@link Effects}, when the body returns.
 */
final class FiringContext implements CodeletContext<Object> {
    private final int core;
    private final Work.Builder work;
    private final RunContext run;
    /** This core's own copy of each firing-core scratch buffer, made zero-filled on first use. */
    private final java.util.Map<BufferHandle<?>, Object> ownScratch = new java.util.IdentityHashMap<>();
    private InstanceRef inst;
    private int codelet;
    private long firing;
    private long start;
    private final List<SlotRef> signals = new ArrayList<>(4);
    private final List<Effects.Invocation> invokes = new ArrayList<>(2);
    private final List<Effects.DmaRequest> dma = new ArrayList<>(2);
    /** The Java side of this firing's buffer-level transfers, done when the body returns. */
    private final List<Runnable> copies = new ArrayList<>(2);
    private boolean exit;

    FiringContext(int core, Work.Builder work, RunContext run) {
        this.core = core;
        this.work = work;
        this.run = run;
    }

    void begin(InstanceRef instance, int codeletIndex, long firingIndex, long startCycle) {
        this.inst = instance;
        this.codelet = codeletIndex;
        this.firing = firingIndex;
        this.start = startCycle;
        signals.clear();
        invokes.clear();
        dma.clear();
        copies.clear();
        exit = false;
    }

    /**
     * The body has returned: the data of its buffer-level transfers moves now, as the transfers start
     * when the firing ends (so they carry what the body wrote, whatever the order of its calls).
     */
    void bodyReturned() {
        for (int i = 0; i < copies.size(); i++) {
            copies.get(i).run();
        }
        copies.clear();
    }

    /** Slots the body signalled, beyond the codelet's static ones. */
    int dynamicSignals() {
        return signals.size();
    }

    /** What the body asked for, as an immutable value. */
    Effects effects() {
        return signals.isEmpty() && invokes.isEmpty() && !exit && dma.isEmpty() ? Effects.NONE
                : new Effects(signals, invokes, exit, dma);
    }

    @Override
    public Object frame() {
        return inst.frame();
    }

    @Override
    public int index() {
        return codelet;
    }

    @Override
    public String name() {
        return inst.def().codeletName(codelet);
    }

    @Override
    public int core() {
        return core;
    }

    @Override
    public long firing() {
        return firing;
    }

    @Override
    public long cycle() {
        return start;
    }

    @Override
    public void compute(InstrKind kind, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(name() + ": negative instruction count " + count);
        }
        switch (kind) {
            case IALU -> work.instructions(count, 0, 0, 0);
            case FPU -> work.instructions(0, count, 0, 0);
            case LOAD_STORE -> work.instructions(0, 0, count, 0);
            case BRANCH -> work.instructions(0, 0, 0, count);
            default -> throw new IllegalArgumentException("unknown instruction kind " + kind);
        }
    }

    @Override
    public void load(long address, int bytes) {
        access(address, bytes, false);
    }

    @Override
    public void store(long address, int bytes) {
        access(address, bytes, true);
    }

    private void access(long address, int bytes, boolean write) {
        try {
            work.access(address, bytes, write);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <A> A read(BufferHandle<A> buffer, int offset, int count) {
        return touch(buffer, offset, count, false);
    }

    @Override
    public <A> A write(BufferHandle<A> buffer, int offset, int count) {
        return touch(buffer, offset, count, true);
    }

    @Override
    public long address(BufferHandle<?> buffer, int offset) {
        Object array = array(buffer);
        int length = java.lang.reflect.Array.getLength(array);
        if (offset < 0 || offset >= length) {
            throw new IllegalArgumentException(inst.codeletLabel(codelet) + ": element " + offset + " of " + buffer
                    + " is outside its " + length + " elements");
        }
        return run.bufferAddress(inst, buffer, core, offset);
    }

    /**
     * Charges {@code count} accesses of one element each from element {@code offset} of
     * {@code buffer} (one load or store instruction per element, as a C loop over the array
     * compiles) and returns the array.
     */
    @SuppressWarnings("unchecked")
    private <A> A touch(BufferHandle<A> buffer, int offset, int count, boolean store) {
        Object array = array(buffer);
        int length = java.lang.reflect.Array.getLength(array);
        if (offset < 0 || count < 0 || (long) offset + count > length) {
            throw new IllegalArgumentException(inst.codeletLabel(codelet) + ": " + (store ? "write" : "read") + " of "
                    + count + " elements from element " + offset + " of " + buffer + ", which has " + length
                    + " elements (0.." + (length - 1) + ")");
        }
        if (count > 0) {
            int eb = BufferHandle.elementBytes(array.getClass());
            long base = run.bufferAddress(inst, buffer, core, offset);
            for (int i = 0; i < count; i++) {
                access(base + (long) i * eb, eb, store);
            }
        }
        return (A) array;
    }

    /** The array {@code buffer} has for this firing: the instance's, the run's, or this core's copy. */
    private Object array(BufferHandle<?> buffer) {
        if (buffer == null || !inst.def().declares(buffer)) {
            throw new IllegalArgumentException(inst.codeletLabel(codelet) + ": " + buffer + " is not a buffer of "
                    + inst.def().name());
        }
        if (!buffer.isScratch()) {
            return inst.memory().array(buffer.index());
        }
        Object shared = run.sharedScratch(buffer);
        if (shared != null) {
            return shared;
        }
        return ownScratch.computeIfAbsent(buffer, b -> java.lang.reflect.Array.newInstance(
                b.scratchType().getComponentType(), b.scratchLength()));
    }

    @Override
    public SlotRef slot(SlotHandle slot) {
        if (slot.index() >= inst.def().slotCount()) {
            throw new IllegalArgumentException(name() + ": " + slot + " is not a slot of " + inst.def().name());
        }
        return SlotRef.of(inst, inst.id(), slot.index());
    }

    @Override
    public SlotRef slotOf(CodeletHandle c) {
        if (c.index() >= inst.def().codeletCount() || !inst.def().codeletName(c.index()).equals(c.name())) {
            throw new IllegalArgumentException(name() + ": " + c + " is not a codelet of " + inst.def().name());
        }
        return SlotRef.of(inst, inst.id(), inst.def().enablingSlot(c.index()));
    }

    @Override
    public SlotRef selfSlot() {
        return SlotRef.of(inst, inst.id(), inst.def().enablingSlot(codelet));
    }

    @Override
    public void signal(SlotRef slot) {
        if (slot == null || !(slot.token() instanceof InstanceRef)) {
            throw new IllegalArgumentException(name() + ": " + slot + " does not come from this run");
        }
        signals.add(slot);
    }

    /** The transfers the body started so far, in issue order. */
    List<Effects.DmaRequest> dmaRequests() {
        return dma;
    }

    @Override
    public void dma(io.edarts.cam.Dma transfer, SlotRef done) {
        if (transfer == null) {
            throw new IllegalArgumentException(name() + ": DMA of a null transfer");
        }
        if (done == null || !(done.token() instanceof InstanceRef)) {
            throw new IllegalArgumentException(name() + ": DMA " + transfer + " signals " + done
                    + ", which is not a slot of this run");
        }
        dma.add(new Effects.DmaRequest(transfer, done));
    }

    @Override
    public <A> void dma(BufferHandle<A> src, int srcOffset, BufferHandle<A> dst, int dstOffset, int count,
                        SlotRef done) {
        transfer(src, srcOffset, count, dst, dstOffset, count, count, 1, done, false);
    }

    @Override
    public <A> void dma2d(BufferHandle<A> src, int srcOffset, int srcStride, BufferHandle<A> dst, int dstOffset,
                          int dstStride, int rowLength, int rows, SlotRef done) {
        transfer(src, srcOffset, srcStride, dst, dstOffset, dstStride, rowLength, rows, done, true);
    }

    private void transfer(BufferHandle<?> src, int srcOffset, int srcStride, BufferHandle<?> dst, int dstOffset,
                          int dstStride, int rowLength, int rows, SlotRef done, boolean strided) {
        Object from = array(src);
        Object to = array(dst);
        String what = inst.codeletLabel(codelet) + ": DMA of " + (strided ? rows + " rows of " : "") + rowLength
                + " elements from element " + srcOffset + " of " + src + " to element " + dstOffset + " of " + dst;
        if (from.getClass() != to.getClass()) {
            throw new IllegalArgumentException(what + ": the buffers hold " + from.getClass().getSimpleName()
                    + " and " + to.getClass().getSimpleName());
        }
        if (rowLength <= 0 || rows <= 0) {
            throw new IllegalArgumentException(what + ": the row length and the row count must be > 0");
        }
        if (rows > 1 && Math.abs((long) dstStride) < rowLength) {
            throw new IllegalArgumentException(what + ": destination stride " + dstStride
                    + " is smaller than the row length, so its rows would overlap");
        }
        checkSpan(what, src, from, srcOffset, srcStride, rowLength, rows);
        checkSpan(what, dst, to, dstOffset, dstStride, rowLength, rows);
        int eb = BufferHandle.elementBytes(from.getClass());
        long s = run.bufferAddress(inst, src, core, srcOffset);
        long d = run.bufferAddress(inst, dst, core, dstOffset);
        io.edarts.cam.Dma t;
        try {
            t = rows == 1 ? io.edarts.cam.Dma.copy(s, d, (long) rowLength * eb)
                    : io.edarts.cam.Dma.copy2d(s, (long) srcStride * eb, d, (long) dstStride * eb, (long) rowLength * eb, rows);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        dma(t, done);
        copies.add(() -> {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(from, srcOffset + r * srcStride, to, dstOffset + r * dstStride, rowLength);
            }
        });
    }

    private static void checkSpan(String what, BufferHandle<?> b, Object array, int offset, int stride, int rowLength,
                                  int rows) {
        int length = java.lang.reflect.Array.getLength(array);
        long first = Math.min(offset, offset + (long) (rows - 1) * stride);
        long last = Math.max(offset, offset + (long) (rows - 1) * stride) + rowLength - 1;
        if (offset < 0 || first < 0 || last >= length) {
            throw new IllegalArgumentException(what + ": elements " + first + ".." + last + " of " + b
                    + " are outside its " + length + " elements (0.." + (length - 1) + ")");
        }
    }

    @Override
    public <G> void invoke(TpDefinition<G> procedure, G frame, SlotRef onDone) {
        if (procedure == null) {
            throw new IllegalArgumentException(name() + ": invoke of a null procedure");
        }
        if (frame == null) {
            throw new IllegalArgumentException(inst.codeletLabel(codelet) + ": invoke of " + procedure.name()
                    + " with a null frame (every instance needs its own frame)");
        }
        if (onDone == null || !(onDone.token() instanceof InstanceRef)) {
            throw new IllegalArgumentException(name() + ": invoke of " + procedure.name() + " with continuation "
                    + onDone + ", which does not come from this run");
        }
        invokes.add(new Effects.Invocation(procedure, frame, onDone));
    }

    @Override
    public <G> void invoke(TpDefinition<G> procedure, G frame) {
        if (procedure == null) {
            throw new IllegalArgumentException(name() + ": invoke of a null procedure");
        }
        if (frame == null) {
            throw new IllegalArgumentException(inst.codeletLabel(codelet) + ": invoke of " + procedure.name()
                    + " with a null frame (every instance needs its own frame)");
        }
        invokes.add(new Effects.Invocation(procedure, frame));
    }

    @Override
    public void exit() {
        exit = true;
    }
}
