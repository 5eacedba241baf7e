package io.edarts.report;

/**
 * Colour scales for {@link HtmlReport}: sequential ramps for shares and traffic (ColorBrewer's
 * Blues, Oranges and YlOrRd, nine classes, colorbrewer2.org) interpolated linearly in sRGB, and a
 * categorical palette (Tableau 10) for codelet families.
 */
final class HtmlColor {
    private HtmlColor() {}

    static final int[] BLUES = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b};
    static final int[] ORANGES = {0xfff5eb, 0xfee6ce, 0xfdd0a2, 0xfdae6b, 0xfd8d3c, 0xf16913, 0xd94801, 0xa63603, 0x7f2704};
    static final int[] YLORRD = {0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026, 0x800026};
    static final String[] CATEGORICAL = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    /** The colour at {@code t} in [0, 1] along {@code ramp}. */
    static String ramp(int[] ramp, double t) {
        return hex(rgb(ramp, t));
    }

    /** {@code #rrggbb} in lower case, as {@code String.format("#%02x%02x%02x", ...)} writes it. */
    private static String hex(int rgb) {
        char[] out = new char[7];
        out[0] = '#';
        for (int i = 6; i >= 1; i--) {
            out[i] = Character.forDigit(rgb & 0xf, 16);
            rgb >>>= 4;
        }
        return new String(out);
    }

    /** The colour at {@code t} along {@code ramp} as 0xrrggbb ({@link #ramp} without the text). */
    private static int rgb(int[] ramp, double t) {
        if (Double.isNaN(t) || t < 0) {
            t = 0;
        } else if (t > 1) {
            t = 1;
        }
        double pos = t * (ramp.length - 1);
        int i = Math.min(ramp.length - 2, (int) Math.floor(pos));
        double u = pos - i;
        int a = ramp[i];
        int b = ramp[i + 1];
        int r = mix(a >> 16, b >> 16, u);
        int g = mix(a >> 8, b >> 8, u);
        int bl = mix(a, b, u);
        return r << 16 | g << 8 | bl;
    }

    private static int mix(int a, int b, double u) {
        a &= 0xff;
        b &= 0xff;
        return (int) Math.round(a + (b - a) * u);
    }

    /** The colour at {@code t} along {@code ramp}, for a chart. */
    static java.awt.Color awt(int[] ramp, double t) {
        return new java.awt.Color(rgb(ramp, t)); // what Color.decode(ramp(ramp, t)) gives, without the text
    }

    /** Whether text on the colour at {@code t} should be white rather than black. */
    static boolean dark(double t) {
        return t > 0.6;
    }

    /** A stable colour for a codelet family (String.hashCode is specified, so this is deterministic). */
    static String category(int index) {
        return CATEGORICAL[Math.floorMod(index, CATEGORICAL.length)];
    }
}
