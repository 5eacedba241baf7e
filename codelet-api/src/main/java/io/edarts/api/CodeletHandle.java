package io.edarts.api;

import io.edarts.cam.CodeObject;

import java.util.Arrays;

/**
 * A codelet being declared in a {@link TpDefinition.Builder} or a {@link Dag.Builder}. Set its cost,
 * code and hints, and wire it with {@link #precede} and {@link #succeed} (Taskflow style). Values are
 * checked here; the graph as a whole is checked by {@code build()}.
 */
public final class CodeletHandle {
    final Object owner;
    final int index;
    final String name;
    final CodeletBody<?> body;
    Cost cost = Cost.ZERO;
    CodeObject code;
    int affinity = -1;
    String[] requires;
    boolean needsDma;
    /** Buffers declared by {@link #reads} and {@link #writes}; null until one is (most codelets declare none). */
    IntList reads;
    IntList writes;
    int deps = -1;
    int reset;
    SlotHandle waitsOn;
    final IntList successors = new IntList();
    final IntList signalSlots = new IntList();
    int staticPredecessors;
    private final TpDefinition.Builder<?> builder;

    CodeletHandle(TpDefinition.Builder<?> builder, int index, String name, CodeletBody<?> body) {
        this.builder = builder;
        this.owner = builder;
        this.index = index;
        this.name = name;
        this.body = body;
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    /** Declared cost per firing. */
    public CodeletHandle cost(Cost c) {
        if (c == null) {
            throw new IllegalArgumentException("codelet '" + name + "': cost is null");
        }
        this.cost = c;
        return this;
    }

    /** Declared cost per firing in plain cycles. */
    public CodeletHandle cycles(long cycles) {
        Cost c;
        try {
            c = Cost.cycles(cycles);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("codelet '" + name + "': " + e.getMessage(), e);
        }
        return cost(c);
    }

    /** The code object the body runs. */
    public CodeletHandle code(CodeObject c) {
        if (c == null) {
            throw new IllegalArgumentException("codelet '" + name + "': code object is null");
        }
        this.code = c;
        return this;
    }

    /**
     * A preferred core (row-major index): a preference, not a pin. The codelet is scheduled by that
     * core's cluster and placed on that core when the policy finds it has room (each policy says how
     * it weighs the preference); otherwise on another CU. A core the machine lacks, or one of its
     * SUs, is an error before the run.
     */
    public CodeletHandle affinity(int core) {
        if (core < 0) {
            throw new IllegalArgumentException("codelet '" + name + "': affinity core " + core + " is negative");
        }
        this.affinity = core;
        return this;
    }

    /** Capabilities a CU must have to fire this codelet ("fpu", "dma", ...). */
    public CodeletHandle requires(String... capabilities) {
        for (String c : capabilities) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("codelet '" + name + "': blank capability in "
                        + Arrays.toString(capabilities));
            }
        }
        this.requires = capabilities.clone();
        return this;
    }

    /**
     * A structural dependency: the codelet fires only when a DMA channel of its core is free (not
     * running a transfer, not queued for, not held by another firing), and that channel is held for
     * it until it ends, so the first transfer it starts with {@link CodeletContext#dma} begins at once.
     * Enabled but not fireable meanwhile: its core waits, and the wait is counted.
     */
    public CodeletHandle needsDmaChannel() {
        this.needsDma = true;
        return this;
    }

    /**
     * Declares buffers the body reads whole, so that the scheduler knows where this codelet's data
     * is: a data-aware policy ({@code data-locality}) weighs what reading them would cost from each
     * candidate core; policies blind to data ignore it. A declaration, not an access: the body still
     * charges its real accesses through {@link CodeletContext#read}. Repeatable; a buffer named twice
     * counts once.
     *
     * @throws IllegalArgumentException naming this codelet, for a null buffer or one another
     *                                  procedure declared
     */
    public CodeletHandle reads(BufferHandle<?>... buffers) {
        reads = declareData(reads, "reads", buffers);
        return this;
    }

    /**
     * Declares buffers the body writes whole, as {@link #reads} declares those it reads.
     *
     * @throws IllegalArgumentException as {@link #reads} does
     */
    public CodeletHandle writes(BufferHandle<?>... buffers) {
        writes = declareData(writes, "writes", buffers);
        return this;
    }

    private IntList declareData(IntList list, String what, BufferHandle<?>[] buffers) {
        if (buffers == null) {
            throw new IllegalArgumentException("codelet '" + name + "' " + what + " null");
        }
        for (BufferHandle<?> b : buffers) {
            if (b == null || b.owner != owner) {
                throw new IllegalArgumentException("codelet '" + name + "' " + what + " " + b
                        + ", which its procedure does not declare");
            }
        }
        IntList into = list != null ? list : new IntList();
        for (BufferHandle<?> b : buffers) {
            boolean seen = false;
            for (int j = 0; j < into.size(); j++) {
                seen |= into.get(j) == b.index();
            }
            if (!seen) {
                into.add(b.index());
            }
        }
        return into;
    }

    /**
     * Total count of this codelet's own sync slot: how many signals enable it. Defaults to the number
     * of codelets that {@link #precede} it; set it higher when slots are signalled dynamically.
     */
    public CodeletHandle deps(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("codelet '" + name + "': negative dependency count " + count);
        }
        if (waitsOn != null) {
            throw new IllegalStateException("codelet '" + name + "' waits on " + waitsOn + "; deps() sets its own slot");
        }
        this.deps = count;
        return this;
    }

    /** Reset value of this codelet's own slot: above zero, the codelet can fire again when re-signalled. */
    public CodeletHandle reset(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("codelet '" + name + "': negative reset value " + value);
        }
        this.reset = value;
        return this;
    }

    /** Makes this codelet wait on a shared slot (fan-out) instead of a slot of its own. */
    public CodeletHandle waitsOn(SlotHandle slot) {
        if (slot == null || slot.owner != owner) {
            throw new IllegalArgumentException("codelet '" + name + "': " + slot + " belongs to another definition");
        }
        if (deps >= 0) {
            throw new IllegalStateException("codelet '" + name + "' has deps(" + deps + "); it cannot also wait on " + slot);
        }
        this.waitsOn = slot;
        return this;
    }

    /** This codelet, on completion, signals each of {@code others}. */
    public CodeletHandle precede(CodeletHandle... others) {
        for (CodeletHandle o : others) {
            builder.edge(this, o);
        }
        return this;
    }

    /** Each of {@code others}, on completion, signals this codelet. */
    public CodeletHandle succeed(CodeletHandle... others) {
        for (CodeletHandle o : others) {
            builder.edge(o, this);
        }
        return this;
    }

    /** This codelet, on completion, signals a shared slot. */
    public CodeletHandle signals(SlotHandle slot) {
        if (slot == null || slot.owner != owner) {
            throw new IllegalArgumentException("codelet '" + name + "': " + slot + " belongs to another definition");
        }
        signalSlots.add(slot.index);
        return this;
    }

    @Override
    public String toString() {
        return "codelet " + name;
    }
}
