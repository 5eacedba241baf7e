package io.edarts.report;

import io.edarts.cam.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Writes a {@link SlowdownTable}: the CSV ({@code case,loop,row,col,cycles,slowdown}, one line per
 * case, loop and core) and, per case, a PNG of slowdown heatmaps, one panel per loop, each cell
 * labelled with its slowdown on a log colour scale from pale yellow (fastest) to dark red. The PNG is
 * a JFreeChart block plot rendered headless. Both are written through a temporary file moved into
 * place, so a failure leaves nothing behind.
 */
public final class SlowdownFiles {
    private static final Color HOME = new Color(0x9e9e9e);

    private SlowdownFiles() {}

    /**
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static void writeCsv(SlowdownTable t, Path path) {
        write(path, p -> AtomicFiles.writeText(p, w -> csv(t, w)));
    }

    private static void csv(SlowdownTable t, Writer w) throws IOException {
        w.write("case,loop,row,col,cycles,slowdown\n");
        for (SlowdownTable.Case c : t.cases()) {
            for (SlowdownTable.Loop loop : c.loops()) {
                for (int core = 0; core < t.rows() * t.cols(); core++) {
                    // a core that ran nothing (an SU) has no cycles and no slowdown: empty fields, not 0
                    boolean ranNothing = loop.homeAt(core) && loop.cyclesAt(core) == 0;
                    w.write(c.label() + ',' + loop.label() + ',' + core / t.cols() + ',' + core % t.cols() + ','
                            + (ranNothing ? "," : loop.cyclesAt(core) + "," + String.format(Locale.ROOT, "%.4f",
                            loop.slowdownAt(core))) + '\n');
                }
            }
        }
    }

    /**
     * The heatmaps of case {@code c}, one panel per loop, as a PNG.
     *
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static void writeHeatmapPng(SlowdownTable t, SlowdownTable.Case c, Path path) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        JFreeChart chart = heatmaps(t, c);
        int cell = Math.max(28, Math.min(64, 640 / Math.max(t.rows(), t.cols())));
        int width = Math.max(48 + (t.cols() * cell + 40) * c.loops().size(), 640);
        int height = 110 + t.rows() * cell + 60;
        write(path, p -> AtomicFiles.write(p, out -> ChartUtils.writeChartAsPNG(out, chart, width, height)));
    }

    static JFreeChart heatmaps(SlowdownTable t, SlowdownTable.Case c) {
        double[] range = range(t, c);
        LogScale scale = new LogScale(range[0], range[1]);
        NumberAxis rows = new NumberAxis("row");
        rows.setRange(-0.5, t.rows() - 0.5);
        rows.setInverted(true);
        rows.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(rows);
        plot.setGap(24);
        int cell = Math.max(28, Math.min(64, 640 / Math.max(t.rows(), t.cols())));
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, cell / 4));
        for (SlowdownTable.Loop loop : c.loops()) {
            int n = t.rows() * t.cols();
            double[][] xyz = new double[3][n];
            for (int core = 0; core < n; core++) {
                xyz[0][core] = core % t.cols();
                xyz[1][core] = core / t.cols();
                xyz[2][core] = loop.homeAt(core) ? Double.NaN : loop.slowdownAt(core);
            }
            DefaultXYZDataset data = new DefaultXYZDataset();
            data.addSeries(loop.label(), xyz);
            XYBlockRenderer blocks = new XYBlockRenderer();
            blocks.setPaintScale(scale);
            blocks.setBlockWidth(0.96);
            blocks.setBlockHeight(0.96);
            NumberAxis cols = new NumberAxis(loop.label() + " loop (local " + loop.localCycles() + " cycles)");
            cols.setRange(-0.5, t.cols() - 0.5);
            cols.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            XYPlot panel = new XYPlot(data, cols, null, blocks);
            panel.setDomainAxisLocation(AxisLocation.TOP_OR_LEFT);
            panel.setDomainGridlinesVisible(false);
            panel.setRangeGridlinesVisible(false);
            panel.setBackgroundPaint(Color.WHITE);
            panel.setOutlineVisible(false);
            for (int core = 0; core < n; core++) {
                double s = loop.slowdownAt(core);
                boolean home = loop.homeAt(core);
                // a flagged core with no cycles ran nothing at all (say, the core that schedules)
                XYTextAnnotation label = new XYTextAnnotation(home ? (loop.cyclesAt(core) > 0 ? "home" : "-")
                        : String.format(Locale.ROOT, s >= 100 ? "%.0f" : "%.1f", s), core % t.cols(), core / t.cols());
                label.setFont(labelFont);
                label.setPaint(home || scale.position(s) > 0.6 ? Color.WHITE : Color.BLACK);
                panel.addAnnotation(label, false);
            }
            plot.add(panel);
        }
        String heading = String.format(Locale.ROOT, "%s: %s, code %s, slowdown vs local (%d iterations)", t.machine(),
                c.label(), c.where(), t.iterations());
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(new TextTitle(heading, new Font(Font.SANS_SERIF, Font.BOLD, 14)));
        LogAxis bar = new LogAxis("slowdown (log scale)");
        bar.setRange(range[0], range[1]);
        bar.setNumberFormatOverride(new DecimalFormat("0.0'\u00d7'", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        PaintScaleLegend legend = new PaintScaleLegend(scale, bar);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setStripWidth(12);
        legend.setSubdivisionCount(128);
        legend.setMargin(new RectangleInsets(6, 24, 6, 24));
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineStroke(new BasicStroke(0f));
        return chart;
    }

    /** Smallest and largest slowdown of the remote-executing cores in {@code c}, over all loops. */
    static double[] range(SlowdownTable t, SlowdownTable.Case c) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (SlowdownTable.Loop loop : c.loops()) {
            for (int core = 0; core < t.rows() * t.cols(); core++) {
                if (!loop.homeAt(core)) {
                    lo = Math.min(lo, loop.slowdownAt(core));
                    hi = Math.max(hi, loop.slowdownAt(core));
                }
            }
        }
        double low = Math.max(1, lo == Double.MAX_VALUE ? 1 : lo);
        return new double[] {low, Math.max(low * 1.0001, hi)};
    }

    /** Pale yellow (fastest core) through orange to dark red (slowest), on a log scale; home cores grey. */
    private record LogScale(double lower, double upper) implements PaintScale {
        double position(double s) {
            return Math.max(0, Math.min(1, Math.log(Math.max(s, lower) / lower) / Math.log(upper / lower)));
        }

        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            if (Double.isNaN(value)) {
                return HOME;
            }
            double t = position(value);
            return new Color((int) Math.round(255 - 120 * t), (int) Math.round(245 - 235 * t), (int) Math.round(200 - 190 * t));
        }
    }

    private interface Io {
        void run(Path p) throws IOException;
    }

    private static void write(Path path, Io io) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        Path abs = path.toAbsolutePath();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            io.run(abs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + abs + ": " + e.getMessage(), e);
        }
    }
}
