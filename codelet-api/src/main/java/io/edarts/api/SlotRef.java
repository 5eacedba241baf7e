package io.edarts.api;

/**
 * A reference to one sync slot of one running threaded-procedure instance, to be signalled later
 * (a continuation). Obtained from {@link CodeletContext#slot}; opaque to programs.
 */
public final class SlotRef {
    private final Object instance;
    private final long instanceId;
    private final int slot;

    private SlotRef(Object instance, long instanceId, int slot) {
        this.instance = instance;
        this.instanceId = instanceId;
        this.slot = slot;
    }

    /** For runtimes: a reference to {@code slot} of the instance {@code token} numbered {@code id}. */
    public static SlotRef of(Object token, long id, int slot) {
        if (token == null || slot < 0) {
            throw new IllegalArgumentException("bad slot reference: instance " + id + ", slot " + slot);
        }
        return new SlotRef(token, id, slot);
    }

    /** The runtime's handle of the instance. */
    public Object token() {
        return instance;
    }

    public long instance() {
        return instanceId;
    }

    public int slot() {
        return slot;
    }

    @Override
    public String toString() {
        return "slot " + slot + " of instance " + instanceId;
    }
}
