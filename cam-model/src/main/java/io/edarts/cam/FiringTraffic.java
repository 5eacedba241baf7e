package io.edarts.cam;

/**
 * What one firing puts on the machine's shared resources, in the target's own terms: a script its
 * {@link Interconnect} replays in virtual time. Opaque to the runtime, which only hands it back to
 * the interconnect of the same target. Immutable.
 */
public interface FiringTraffic {
    /** A firing that touches no shared resource: it takes exactly its charged cycles. */
    FiringTraffic NONE = new FiringTraffic() {
        @Override
        public String toString() {
            return "no traffic";
        }
    };
}
