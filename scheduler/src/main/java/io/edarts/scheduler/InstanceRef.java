package io.edarts.scheduler;

import io.edarts.api.SlotRef;
import io.edarts.api.TpDefinition;

/**
 * The immutable identity of one running threaded-procedure instance: what every actor that touches
 * it may share. Its mutable state (slot counts, firing counts) is split by ownership: each SU keeps
 * an {@link InstanceState} for the slots and codelets it owns ({@link RunContext#ownerOf}); the frame
 * is the program's own data, which the codelet model lets the instance's codelets share.
 *
 * @param id      0 for the root, then unique per run
 * @param def     the procedure
 * @param frame   its data
 * @param home    cluster owning the codelets that state no affinity
 * @param creator cluster whose SU created it
 * @param label   what the procedure's label function said of the frame at creation, or {@code null}
 * @param onDone  the continuation its home SU signals when it exits, or null
 * @param memory  where its frame buffers are, or null when its procedure declares none; allocated by
 *                its creator, which is its home, and freed there when it ends
 */
record InstanceRef(long id, TpDefinition<Object> def, Object frame, int home, int creator, String label,
                   SlotRef onDone, InstanceMemory memory) {
    /**
     * @throws IllegalArgumentException if the procedure's label function throws
     */
    static InstanceRef of(long id, TpDefinition<?> def, Object frame, int home, int creator) {
        return of(id, def, frame, home, creator, null);
    }

    /**
     * @throws IllegalArgumentException if the procedure's label function throws
     */
    @SuppressWarnings("unchecked")
    static InstanceRef of(long id, TpDefinition<?> def, Object frame, int home, int creator, SlotRef onDone) {
        return of(id, def, frame, home, creator, onDone, null);
    }

    /**
     * @throws IllegalArgumentException if the procedure's label function throws
     */
    @SuppressWarnings("unchecked")
    static InstanceRef of(long id, TpDefinition<?> def, Object frame, int home, int creator, SlotRef onDone,
                          InstanceMemory memory) {
        TpDefinition<Object> d = (TpDefinition<Object>) def;
        return new InstanceRef(id, d, frame, home, creator, d.label(frame), onDone, memory);
    }

    /** "proc#id", or "proc[label]#id" for a labelled procedure; the root is "proc#0". */
    String instanceLabel() {
        return label == null ? def.name() + "#" + id : def.name() + "[" + label + "]#" + id;
    }

    /** "proc#id.name" (the root's too: "proc#0.name"). */
    String codeletLabel(int c) {
        return instanceLabel() + "." + def.codeletName(c);
    }

    // Identity is the id: two refs to one instance are equal, whatever their frames' equals says.
    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceRef r && r.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }
}
