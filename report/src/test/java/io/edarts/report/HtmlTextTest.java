package io.edarts.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written number and colour texts against the Formatter calls they replace. */
class HtmlTextTest {

    @Test
    void groupedIntegersAreWhatTheFormatterWrites() {
        long[] edges = {0, 1, -1, 9, 10, 99, 100, 999, 1000, -999, -1000, 1234567, -1234567, 999999, 1000000,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (long v : edges) {
            assertEquals(String.format(Locale.ROOT, "%,d", v), HtmlText.n(v), "value " + v);
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            assertEquals(String.format(Locale.ROOT, "%,d", v), HtmlText.n(v), "value " + v);
        }
    }

    @Test
    void rampColoursAreWhatTheFormatterAndDecodeGive() {
        Random rnd = new Random(11);
        for (int[] ramp : new int[][] {HtmlColor.BLUES, HtmlColor.ORANGES, HtmlColor.YLORRD}) {
            for (int i = 0; i < 5_000; i++) {
                double t = i < 3 ? new double[] {Double.NaN, -0.5, 1.5}[i] : rnd.nextDouble() * 1.2 - 0.1;
                double pos = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (ramp.length - 1);
                int k = Math.min(ramp.length - 2, (int) Math.floor(pos));
                double u = pos - k;
                int r = mix(ramp[k] >> 16, ramp[k + 1] >> 16, u);
                int g = mix(ramp[k] >> 8, ramp[k + 1] >> 8, u);
                int b = mix(ramp[k], ramp[k + 1], u);
                String want = String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
                assertEquals(want, HtmlColor.ramp(ramp, t), "t " + t);
                assertEquals(java.awt.Color.decode(want), HtmlColor.awt(ramp, t), "t " + t);
            }
        }
    }

    private static int mix(int a, int b, double u) {
        a &= 0xff;
        b &= 0xff;
        return (int) Math.round(a + (b - a) * u);
    }
}
