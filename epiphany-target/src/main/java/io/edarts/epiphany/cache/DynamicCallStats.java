package io.edarts.epiphany.cache;

/**
 * Per-core dynamic-call counts, a snapshot.
 *
 * @param firstCalls  calls that loaded the function and patched its entry
 * @param calls       calls through a patched entry
 * @param fallbacks   calls run in place because the region was full
 * @param bytesCopied bytes the loader copied (whole words)
 * @param resets      {@link DynamicCallTable#reset()} calls
 */
public record DynamicCallStats(long firstCalls, long calls, long fallbacks, long bytesCopied, long resets) {
    public static final DynamicCallStats ZERO = new DynamicCallStats(0, 0, 0, 0, 0);

    public DynamicCallStats plus(DynamicCallStats o) {
        return new DynamicCallStats(firstCalls + o.firstCalls, calls + o.calls, fallbacks + o.fallbacks,
                bytesCopied + o.bytesCopied, resets + o.resets);
    }
}
