package io.edarts.cam;

import java.util.List;

/**
 * What one {@link Offload} costs, in cycles of the machine's clock, phase by phase in the order
 * the call runs them (a driver's system call, its cache maintenance, the unit's set-up, the
 * stream, the completion...): the phases a profile shows. Which phases there are is the target's
 * choice; {@link #unitCycles} is the part the unit itself is busy. Immutable.
 *
 * @param phases     the phases, in order
 * @param unitCycles cycles of the phases during which the unit is busy
 */
public record OffloadCost(List<Phase> phases, long unitCycles) {
    /** One phase of a call: a short name ({@code syscall}, {@code setup}) and its cycles. */
    public record Phase(String name, long cycles) {
        /** @throws IllegalArgumentException for a blank name or negative cycles */
        public Phase {
            if (name == null || name.isBlank() || cycles < 0) {
                throw new IllegalArgumentException("offload phase '" + name + "' of " + cycles + " cycles");
            }
        }
    }

    /** @throws IllegalArgumentException for a null list, or unit cycles outside 0..total */
    public OffloadCost {
        if (phases == null) {
            throw new IllegalArgumentException("an offload cost needs its phases");
        }
        phases = List.copyOf(phases);
        long t = 0;
        for (Phase p : phases) {
            t = Math.addExact(t, p.cycles());
        }
        if (unitCycles < 0 || unitCycles > t) {
            throw new IllegalArgumentException("offload unit cycles " + unitCycles + " outside 0.." + t);
        }
    }

    /** Cycles of every phase. */
    public long total() {
        long t = 0;
        for (Phase p : phases) {
            t += p.cycles();
        }
        return t;
    }

    /** Cycles of phase {@code name}, 0 if the call has none. */
    public long cycles(String name) {
        long t = 0;
        for (Phase p : phases) {
            if (p.name().equals(name)) {
                t += p.cycles();
            }
        }
        return t;
    }
}
