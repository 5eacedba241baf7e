package io.edarts.api;

import io.edarts.cam.CodeObject;

import java.util.Arrays;

/**
 * A codelet being declared in a {@link TpDefinition.Builder} or a {@link Dag.Builder}. Set its cost,
 * code and hints, and wire it with {@link #precede} and {@link #succeed} (Taskflow style). Values are
 * checked here; the graph as a whole is checked by {@code build()}. Once its builder is built, a
 * handle refuses every change ({@link IllegalStateException}): the definition owns what it declared.
 */
public final class CodeletHandle {
    // A handle is the builder and an index, nothing more: what a codelet declares (its name too) lives
    // in the builder's columns, and the builder keeps no handle, so a million-codelet builder holds no
    // object per codelet. Two handles on one codelet are equal.
    final TpDefinition.Builder<?> owner;
    final int index;

    CodeletHandle(TpDefinition.Builder<?> builder, int index) {
        this.owner = builder;
        this.index = index;
    }

    public int index() {
        return index;
    }

    /** The codelet's name: as declared, or its index in decimal for a codelet declared without one. */
    public String name() {
        return owner.nameOf(index);
    }

    /** Declared cost per firing. */
    public CodeletHandle cost(Cost c) {
        owner.checkOpen();
        if (c == null) {
            throw new IllegalArgumentException("codelet '" + name() + "': cost is null");
        }
        owner.costs[index] = c;
        return this;
    }

    /** Declared cost per firing in plain cycles. */
    public CodeletHandle cycles(long cycles) {
        Cost c;
        try {
            c = Cost.cycles(cycles);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("codelet '" + name() + "': " + e.getMessage(), e);
        }
        return cost(c);
    }

    /** The code object the body runs. */
    public CodeletHandle code(CodeObject c) {
        owner.checkOpen();
        if (c == null) {
            throw new IllegalArgumentException("codelet '" + name() + "': code object is null");
        }
        owner.codes[index] = c;
        return this;
    }

    /**
     * A preferred core (row-major index): a preference, not a pin. The codelet is scheduled by that
     * core's cluster and placed on that core when the policy finds it has room (each policy says how
     * it weighs the preference); otherwise on another CU. A core the machine lacks, or one of its
     * SUs, is an error before the run.
     */
    public CodeletHandle affinity(int core) {
        owner.checkOpen();
        if (core < 0) {
            throw new IllegalArgumentException("codelet '" + name() + "': affinity core " + core + " is negative");
        }
        owner.affinity[index] = core;
        return this;
    }

    /** Capabilities a CU must have to fire this codelet ("fpu", "dma", ...). */
    public CodeletHandle requires(String... capabilities) {
        owner.checkOpen();
        for (String c : capabilities) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("codelet '" + name() + "': blank capability in "
                        + Arrays.toString(capabilities));
            }
        }
        owner.requires()[index] = capabilities.clone();
        return this;
    }

    /**
     * A structural dependency: the codelet fires only when a DMA channel of its core is free (not
     * running a transfer, not queued for, not held by another firing), and that channel is held for
     * it until it ends, so the first transfer it starts with {@link CodeletContext#dma} begins at once.
     * Enabled but not fireable meanwhile: its core waits, and the wait is counted.
     */
    public CodeletHandle needsDmaChannel() {
        owner.checkOpen();
        owner.needsDma()[index] = true;
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
        owner.checkOpen();
        IntList[] column = owner.reads();
        column[index] = declareData(column[index], "reads", buffers);
        return this;
    }

    /**
     * Declares buffers the body writes whole, as {@link #reads} declares those it reads.
     *
     * @throws IllegalArgumentException as {@link #reads} does
     */
    public CodeletHandle writes(BufferHandle<?>... buffers) {
        owner.checkOpen();
        IntList[] column = owner.writes();
        column[index] = declareData(column[index], "writes", buffers);
        return this;
    }

    private IntList declareData(IntList list, String what, BufferHandle<?>[] buffers) {
        if (buffers == null) {
            throw new IllegalArgumentException("codelet '" + name() + "' " + what + " null");
        }
        for (BufferHandle<?> b : buffers) {
            if (b == null || b.owner != owner) {
                throw new IllegalArgumentException("codelet '" + name() + "' " + what + " " + b
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
        owner.checkOpen();
        if (count < 0) {
            throw new IllegalArgumentException("codelet '" + name() + "': negative dependency count " + count);
        }
        SlotHandle waitsOn = owner.waitsOnSlot(index);
        if (waitsOn != null) {
            throw new IllegalStateException("codelet '" + name() + "' waits on " + waitsOn + "; deps() sets its own slot");
        }
        owner.deps[index] = count;
        return this;
    }

    /** Reset value of this codelet's own slot: above zero, the codelet can fire again when re-signalled. */
    public CodeletHandle reset(int value) {
        owner.checkOpen();
        if (value < 0) {
            throw new IllegalArgumentException("codelet '" + name() + "': negative reset value " + value);
        }
        owner.reset[index] = value;
        return this;
    }

    /** Makes this codelet wait on a shared slot (fan-out) instead of a slot of its own. */
    public CodeletHandle waitsOn(SlotHandle slot) {
        owner.checkOpen();
        if (slot == null || slot.owner != owner) {
            throw new IllegalArgumentException("codelet '" + name() + "': " + slot + " belongs to another definition");
        }
        int deps = owner.deps[index];
        if (deps >= 0) {
            throw new IllegalStateException("codelet '" + name() + "' has deps(" + deps + "); it cannot also wait on " + slot);
        }
        owner.waitsOn[index] = slot.index;
        return this;
    }

    /**
     * This codelet precedes {@code other}: the one-edge form of {@link #precede(CodeletHandle...)},
     * which a generated graph calls once per edge without an array.
     *
     * @throws IllegalArgumentException as {@link #precede(CodeletHandle...)} does
     */
    public CodeletHandle precede(CodeletHandle other) {
        owner.edge(this, other);
        return this;
    }

    /** This codelet, on completion, signals each of {@code others}. */
    public CodeletHandle precede(CodeletHandle... others) {
        for (CodeletHandle o : others) {
            owner.edge(this, o);
        }
        return this;
    }

    /** Each of {@code others}, on completion, signals this codelet. */
    public CodeletHandle succeed(CodeletHandle... others) {
        for (CodeletHandle o : others) {
            owner.edge(o, this);
        }
        return this;
    }

    /** This codelet, on completion, signals a shared slot. */
    public CodeletHandle signals(SlotHandle slot) {
        owner.checkOpen();
        if (slot == null || slot.owner != owner) {
            throw new IllegalArgumentException("codelet '" + name() + "': " + slot + " belongs to another definition");
        }
        owner.signal(this, slot.index);
        return this;
    }

    /** Whether {@code o} is a handle on the same codelet of the same builder. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CodeletHandle h && h.owner == owner && h.index == index;
    }

    @Override
    public int hashCode() {
        return index; // deterministic: sets of handles iterate the same way in every run
    }

    @Override
    public String toString() {
        return "codelet " + name();
    }
}
