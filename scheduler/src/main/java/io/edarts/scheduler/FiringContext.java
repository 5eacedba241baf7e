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
    /** This firing's host calls, in the order the body made them. */
    private final List<HostRequest> hostCalls = new ArrayList<>(2);
    /** Descriptors this core's opens have made so far (each descriptor is unique to its core). */
    private int opened;

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
        // most firings leave them all empty: clearing those would still write each list's modCount
        if (!signals.isEmpty()) {
            signals.clear();
        }
        if (!invokes.isEmpty()) {
            invokes.clear();
        }
        if (!dma.isEmpty()) {
            dma.clear();
        }
        if (!copies.isEmpty()) {
            copies.clear();
        }
        if (!hostCalls.isEmpty()) {
            hostCalls.clear();
        }
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
        return signals.isEmpty() && invokes.isEmpty() && !exit && dma.isEmpty() && hostCalls.isEmpty() ? Effects.NONE
                : new Effects(signals, invokes, exit, dma, hostCalls);
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
    public void hostCall(int number, long[] args, java.util.function.LongConsumer onResult) {
        long[] a = args == null ? new long[0] : args.clone();
        String label = inst.codeletLabel(codelet);
        if (number < io.edarts.api.HostCalls.USER_BASE) {
            throw new IllegalArgumentException(label + ": host call " + number + " is a " + io.edarts.cam.HostCall.kind(number)
                    + (number < 0 ? "" : " call number") + "; user-defined calls are numbered from "
                    + io.edarts.api.HostCalls.USER_BASE + ", and the system calls and utilities the runtime carries out"
                    + " are ctx.printf, open, write, close, dmalloc and dfree");
        }
        if (!run.program.hostFunctions().containsKey(number)) {
            throw new IllegalArgumentException(label + ": host call " + number + " has no host function; register one"
                    + " with program.withHostFunction(" + number + ", name, function)"
                    + (run.program.hostFunctions().isEmpty() ? "" : " (registered: " + run.program.hostFunctions().keySet() + ")"));
        }
        if (a.length > io.edarts.cam.HostCall.MAX_REGISTER_ARGS) {
            throw new IllegalArgumentException(label + ": host call " + number + " with " + a.length
                    + " arguments; a host call passes at most " + io.edarts.cam.HostCall.MAX_REGISTER_ARGS + " in registers");
        }
        request(number, a.length, 0, HostRequest.Op.USER, null, null, a, onResult);
    }

    @Override
    public void printf(String format, Object... args) {
        String label = inst.codeletLabel(codelet);
        if (format == null) {
            throw new IllegalArgumentException(label + ": printf of a null format");
        }
        String text;
        try {
            text = String.format(java.util.Locale.ROOT, format, args);
        } catch (java.util.IllegalFormatException e) {
            throw new IllegalArgumentException(label + ": printf(\"" + format + "\"): " + e.getMessage(), e);
        }
        int n = args == null ? 0 : args.length;
        // registers carry the format's address and the first three arguments; the host reads the
        // format string (and its NUL) and the rest of the arguments, a word each, from the core
        long payload = format.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L + 4L * Math.max(0, n - 3);
        request(io.edarts.api.HostCalls.PRINTF, Math.min(4, 1 + n), payload, HostRequest.Op.PRINTF, text, null,
                new long[0], null);
    }

    @Override
    public int open(String path) {
        boolean inside = HostServices.confined(path) != null;
        int fd = inside ? 3 + core + run.machine.coreCount() * opened++ : -1;
        long payload = path == null ? 1 : path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L;
        // a refused path still goes to the host, which refuses it: the call costs its round trip
        request(io.edarts.api.HostCalls.SYS_OPEN, 3, payload, HostRequest.Op.OPEN, path, null, new long[] {fd}, null);
        return inside ? fd : -io.edarts.api.HostCalls.EACCES;
    }

    @Override
    public void write(int fd, byte[] data, java.util.function.LongConsumer onResult) {
        if (data == null) {
            throw new IllegalArgumentException(inst.codeletLabel(codelet) + ": write of null data to descriptor " + fd);
        }
        request(io.edarts.api.HostCalls.SYS_WRITE, 3, data.length, HostRequest.Op.WRITE, null, data.clone(),
                new long[] {fd}, onResult);
    }

    @Override
    public void close(int fd) {
        request(io.edarts.api.HostCalls.SYS_CLOSE, 1, 0, HostRequest.Op.CLOSE, null, null, new long[] {fd}, null);
    }

    @Override
    public void dmalloc(long bytes, java.util.function.LongConsumer onAddress) {
        if (bytes < 1 || onAddress == null) {
            throw new IllegalArgumentException(inst.codeletLabel(codelet) + ": dmalloc of " + bytes
                    + " B with callback " + onAddress + ": expected a size >= 1 and a callback for the address");
        }
        request(io.edarts.api.HostCalls.DMALLOC, 1, 0, HostRequest.Op.DMALLOC, null, null, new long[] {bytes}, onAddress);
    }

    @Override
    public void dfree(long address) {
        request(io.edarts.api.HostCalls.DFREE, 1, 0, HostRequest.Op.DFREE, null, null, new long[] {address}, null);
    }

    @Override
    public void offload(String unit, long inputBytes, long outputBytes) {
        String label = inst.codeletLabel(codelet);
        HostRequest.Offloaded o;
        try {
            io.edarts.cam.Offload call = new io.edarts.cam.Offload(unit, inputBytes, outputBytes);
            o = new HostRequest.Offloaded(call, run.target.offloadCost(core, call), run.target.offloadsDirectly(core, call));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": offload: " + e.getMessage(), e);
        }
        if (o.direct()) {
            // no host call: the core's own writes are the call's first phase, not a stub of this firing
            hostCalls.add(new HostRequest(new io.edarts.cam.HostCall(io.edarts.api.HostCalls.OFFLOAD, 4, 0,
                    o.cost().total()), HostRequest.Op.OFFLOAD, hostCalls.size(), null, null, new long[0], null, o));
            return;
        }
        // the core passes the unit, the buffer's address and sizes in registers (4 words)
        request(io.edarts.api.HostCalls.OFFLOAD, 4, 0, HostRequest.Op.OFFLOAD, null, null, new long[0], null, o);
    }

    private void request(int number, int registerArgs, long payload, HostRequest.Op op, String text, byte[] data,
                         long[] args, java.util.function.LongConsumer onResult) {
        request(number, registerArgs, payload, op, text, data, args, onResult, null);
    }

    /** Records one host call and charges this firing what the core itself does for it. */
    private void request(int number, int registerArgs, long payload, HostRequest.Op op, String text, byte[] data,
                         long[] args, java.util.function.LongConsumer onResult, HostRequest.Offloaded offload) {
        io.edarts.cam.HostCall cost = new io.edarts.cam.HostCall(number, registerArgs, payload,
                offload == null ? 0 : offload.cost().total());
        try {
            run.target.hostCallWork(core, cost, work);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(inst.codeletLabel(codelet) + ": " + io.edarts.api.HostCalls.name(number)
                    + ": " + e.getMessage(), e);
        }
        hostCalls.add(new HostRequest(cost, op, hostCalls.size(), text, data, args, onResult, offload));
    }

    @Override
    public void exit() {
        exit = true;
    }
}
