package io.edarts.cam;

/** How a firing's code reached its core, when that is worth a trace mark. */
public enum CodeEvent {
    /** Nothing worth marking: the code was resident, or runs in place by its placement. */
    NONE(""),
    /** The software cache copied the code in. */
    CACHE_MISS("cache miss"),
    /** A dynamic call loaded the code into the dynamic-call region. */
    DYNAMIC_LOAD("dynamic load"),
    /** Cached or dynamic code that could not be brought in ran in place from its home. */
    IN_PLACE("in place"),
    /** Rent-or-buy chose to run cold code in place from its home this time. */
    IN_PLACE_RENT("in place (rent)");

    private final String label;

    CodeEvent(String label) {
        this.label = label;
    }

    /** The trace label ("cache miss"); empty for {@link #NONE}. */
    public String label() {
        return label;
    }
}
