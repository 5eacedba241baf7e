package io.edarts.cam;

import java.util.List;

/**
 * What a target says one firing cost and did to the core's code memory: the answer of
 * {@link CoreModel#fire}. Immutable.
 *
 * @param cost         the cycles by phase
 * @param codeEvent    how the code got there, when worth a trace mark
 * @param codeResident whether the code is in the core's local memory after the firing (for
 *                     code-locality scheduling and the SU's directory of holders)
 * @param evicted      names of code objects the firing evicted from the core's cache
 * @param traffic      what the firing puts on shared resources, for the target's
 *                     {@link Interconnect}; {@link FiringTraffic#NONE} when nothing or when the
 *                     target models no contention
 */
public record Charge(FiringCost cost, CodeEvent codeEvent, boolean codeResident, List<String> evicted,
                     FiringTraffic traffic) {
    /** @throws IllegalArgumentException on a null part */
    public Charge {
        if (cost == null || codeEvent == null || evicted == null || traffic == null) {
            throw new IllegalArgumentException("charge needs a cost, a code event, an eviction list and its traffic");
        }
        evicted = List.copyOf(evicted);
    }

    /** A charge that puts no traffic on shared resources. */
    public Charge(FiringCost cost, CodeEvent codeEvent, boolean codeResident, List<String> evicted) {
        this(cost, codeEvent, codeResident, evicted, FiringTraffic.NONE);
    }

    /** A charge with nothing to say about code: resident code, no event, nothing evicted. */
    public static Charge of(FiringCost cost) {
        return new Charge(cost, CodeEvent.NONE, true, List.of());
    }
}
