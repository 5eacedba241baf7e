package io.edarts.api;

/**
 * A sync slot declared in a threaded-procedure definition: a dependency counter with a reset value.
 * When its count reaches zero every codelet waiting on it is enabled (fan-out), and the count is set
 * back to the reset value, so a reset value above zero lets those codelets fire again.
 */
public final class SlotHandle {
    final Object owner;
    final int index;
    final String name;
    final int count;
    final int reset;

    SlotHandle(Object owner, int index, String name, int count, int reset) {
        this.owner = owner;
        this.index = index;
        this.name = name;
        this.count = count;
        this.reset = reset;
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "slot " + name + " (count " + count + ", reset " + reset + ")";
    }
}
