package io.edarts.scheduler;

import io.edarts.api.CodeletContext;
import io.edarts.api.CodeletHandle;
import io.edarts.api.InstrKind;
import io.edarts.api.SlotHandle;
import io.edarts.api.SlotRef;
import io.edarts.api.TpDefinition;
import io.edarts.cam.Work;
import java.util.ArrayList;
import java.util.List;

/** The context one CU hands to the bodies it fires; reused from firing to firing. */
final class FiringContext implements CodeletContext<Object> {
    /** A threaded procedure a body asked to start. */
    record Invocation(TpDefinition<?> definition, Object frame) {}

    private final int core;
    private final Work work;
    private TpInstance inst;
    private int codelet;
    private long firing;
    List<SlotRef> signals;
    List<Invocation> invokes;
    boolean exit;

    FiringContext(int core, Work work) {
        this.core = core;
        this.work = work;
    }

    void begin(TpInstance instance, int codeletIndex, long firingIndex) {
        this.inst = instance;
        this.codelet = codeletIndex;
        this.firing = firingIndex;
        this.signals = null;
        this.invokes = null;
        this.exit = false;
    }

    @Override
    public Object frame() {
        return inst.frame;
    }

    @Override
    public int index() {
        return codelet;
    }

    @Override
    public String name() {
        return inst.def.codeletName(codelet);
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
    public void compute(InstrKind kind, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(name() + ": negative instruction count " + count);
        }
        switch (kind) {
            case IALU -> work.ialu += count;
            case FPU -> work.fpu += count;
            case LOAD_STORE -> work.loadStore += count;
            case BRANCH -> work.branches += count;
            default -> throw new IllegalArgumentException("unknown instruction kind " + kind);
        }
    }

    @Override
    public void load(long address, int bytes) {
        checkBytes(bytes);
        work.access(address, bytes, false);
    }

    @Override
    public void store(long address, int bytes) {
        checkBytes(bytes);
        work.access(address, bytes, true);
    }

    private void checkBytes(int bytes) {
        if (bytes <= 0 || bytes > 8) {
            throw new IllegalArgumentException(name() + ": access of " + bytes + " bytes: expected 1..8 (one eCore load/store)");
        }
    }

    @Override
    public SlotRef slot(SlotHandle slot) {
        if (slot.index() >= inst.def.slotCount()) {
            throw new IllegalArgumentException(name() + ": " + slot + " is not a slot of " + inst.def.name());
        }
        return SlotRef.of(inst, inst.id, slot.index());
    }

    @Override
    public SlotRef slotOf(CodeletHandle c) {
        if (c.index() >= inst.def.codeletCount() || !inst.def.codeletName(c.index()).equals(c.name())) {
            throw new IllegalArgumentException(name() + ": " + c + " is not a codelet of " + inst.def.name());
        }
        return SlotRef.of(inst, inst.id, inst.def.enablingSlot(c.index()));
    }

    @Override
    public void signal(SlotRef slot) {
        if (!(slot.token() instanceof TpInstance)) {
            throw new IllegalArgumentException(name() + ": " + slot + " does not come from this run");
        }
        if (signals == null) {
            signals = new ArrayList<>(2);
        }
        signals.add(slot);
    }

    @Override
    public <G> void invoke(TpDefinition<G> procedure, G frame) {
        if (procedure == null) {
            throw new IllegalArgumentException(name() + ": invoke of a null procedure");
        }
        if (invokes == null) {
            invokes = new ArrayList<>(2);
        }
        invokes.add(new Invocation(procedure, frame));
    }

    @Override
    public void exit() {
        exit = true;
    }
}
