package io.edarts.epiphany.cache;

/** How a call reached its code; the core timing model charges the body local or in place from it. */
public enum CallOutcome {
    /** {@code LOCAL} placement: resident code, a plain call. */
    LOCAL_HIT(false),
    /** Cached and found by {@code countedcall}. */
    CACHE_HIT(false),
    /** Not cached: {@code cacheman} copied it in, then called it. */
    CACHE_MISS(false),
    /** Dynamic call through an unpatched jump-table entry: loaded, then called. */
    DYNAMIC_FIRST_CALL(false),
    /** Dynamic call through a patched jump-table entry: one branch. */
    DYNAMIC_CALL(false),
    /** {@code GLOBAL} placement: executed in place from its home by design. */
    IN_PLACE_GLOBAL(true),
    /** Cached or dynamic code that could not be brought in: executed in place from its home. */
    IN_PLACE_FALLBACK(true);

    private final boolean inPlace;

    CallOutcome(boolean inPlace) {
        this.inPlace = inPlace;
    }

    /** True when the body runs from its home (remote fetch), not from local memory. */
    public boolean inPlace() {
        return inPlace;
    }
}
