package io.edarts.report;

import java.util.Locale;

/**
 * Number formatting for {@link HtmlReport}, all in {@link Locale#ROOT} so the page is the same on
 * every host, and {@link #clean} for user text (program, parameter and codelet names, messages).
 */
public final class HtmlText {
    private HtmlText() {}

    /**
     * User text made safe for a page that is also well-formed XML: control characters (but tab and
     * line breaks) and lone surrogates become U+FFFD. Markup is escaped by the template engine, or by
     * JFreeSVG for chart titles.
     */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\n' || ch == '\t' || ch == '\r') {
                b.append(ch);
            } else if (ch < 0x20 || ch == 0x7f || ch == 0xfffe || ch == 0xffff) {
                b.append('\ufffd');
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(ch).append(s.charAt(++i));
            } else if (Character.isSurrogate(ch)) {
                b.append('\ufffd');
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** At most {@code max} characters, with an ellipsis when cut (never splits a surrogate pair). */
    static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "\u2026";
    }

    /** An integer with grouping: {@code 1,234,567}. */
    static String n(long v) {
        // what String.format(Locale.ROOT, "%,d", v) writes, without a Formatter per number
        String d = Long.toString(v);
        int sign = v < 0 ? 1 : 0;
        int digits = d.length() - sign;
        if (digits <= 3) {
            return d;
        }
        StringBuilder b = new StringBuilder(d.length() + (digits - 1) / 3);
        b.append(d, 0, sign);
        int first = (digits - 1) % 3 + 1;
        b.append(d, sign, sign + first);
        for (int i = sign + first; i < d.length(); i += 3) {
            b.append(',').append(d, i, i + 3);
        }
        return b.toString();
    }

    /** A fixed number of decimals. */
    static String f(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A share as a percentage with one decimal: {@code 12.3%}. */
    static String pct(double share) {
        return f(share * 100.0, 1) + "%";
    }

    /** {@code part / whole} as a percentage, or a dash when {@code whole} is zero. */
    static String pct(long part, long whole) {
        return whole == 0 ? "\u2013" : pct((double) part / whole);
    }

    /** An SVG coordinate: two decimals, trailing zeros dropped (also the profile's flame graph). */
    public static String c(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s.equals("-0") ? "0" : s;
    }

    /** A byte count with a binary unit: {@code 512 B}, {@code 3.2 KiB}, {@code 1.5 MiB}. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return f(v, 1) + " " + units[u];
    }

    /** A short form of a cycle count for axis labels: {@code 950}, {@code 12.5k}, {@code 3.2M}. */
    static String shortCount(long v) {
        if (Math.abs(v) < 10_000) {
            return Long.toString(v);
        }
        if (Math.abs(v) < 10_000_000) {
            return trim(f(v / 1e3, 1)) + "k";
        }
        if (Math.abs(v) < 10_000_000_000L) {
            return trim(f(v / 1e6, 1)) + "M";
        }
        return trim(f(v / 1e9, 1)) + "G";
    }

    private static String trim(String s) {
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
