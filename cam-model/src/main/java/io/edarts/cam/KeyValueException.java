package io.edarts.cam;

/**
 * A machine key with a value outside what the model can use, thrown by the compact constructors of
 * the machine's typed records while they are bound. {@link #key()} is relative to the record that
 * threw it (or to {@code edarts.machine} when thrown by a {@link MachineBlock} check);
 * {@link MachineLoader} turns it into a {@link MachineConfigException} naming the file and the full
 * key.
 */
public final class KeyValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String expected;

    /**
     * @param key      the key, relative to the record being built
     * @param value    the offending value as the user wrote it
     * @param expected what a good value is ("expected 1..64", "must divide mesh.rows=4")
     */
    public KeyValueException(String key, Object value, String expected) {
        super("key '" + key + "' has bad value '" + value + "': " + expected);
        this.key = key;
        this.value = String.valueOf(value);
        this.expected = expected;
    }

    public String key() { return key; }

    public String value() { return value; }

    public String expected() { return expected; }

    /** The same failure one block further out: {@code prefix.key}. */
    KeyValueException under(String prefix) {
        return prefix.isEmpty() ? this : new KeyValueException(prefix + "." + key, value, expected);
    }

    /** @throws KeyValueException unless {@code lo <= v <= hi} */
    public static long range(String key, long v, long lo, long hi) {
        if (v < lo || v > hi) {
            throw new KeyValueException(key, v, "expected " + lo + ".." + hi);
        }
        return v;
    }

    /** @throws KeyValueException unless {@code lo <= v <= hi} (so also if {@code v} is NaN) */
    public static double range(String key, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new KeyValueException(key, v, "expected a number in [" + plain(lo) + ", " + plain(hi) + "]");
        }
        return v;
    }

    /** @throws KeyValueException if {@code v} is null or blank */
    public static String nonBlank(String key, String v) {
        if (v == null || v.isBlank()) {
            throw new KeyValueException(key, v, "expected a non-empty name");
        }
        return v;
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
