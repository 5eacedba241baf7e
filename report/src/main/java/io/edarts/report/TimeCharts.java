package io.edarts.report;

import static io.edarts.report.HtmlText.n;

import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Timeline;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYStepAreaRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The time charts of {@link HtmlReport}, drawn by JFreeChart from the run's {@link Timeline}: busy
 * CUs over time (a step area), the Gantt heat strip (a row per core, one shade per time bin, drawn as
 * one image of bins x cores so a 32x32 mesh stays small) and, while the timeline kept them, every
 * firing and SU decision as its own bar with a hover title.
 */
final class TimeCharts {
    static final int WIDTH = 1222;
    /** Shade levels of the heat strip (a bin's busy share rounded up to eighths). */
    static final int LEVELS = 8;
    static final int FAMILIES = 9;
    private static final Color IDLE = new Color(0xeeeeee);
    static final String SU_SPAN = "#6f6f6f";
    private static final double LEFT_AXIS = 112;

    private TimeCharts() {}

    static double rowHeight(int cores, double max) {
        return Math.max(1.0, Math.min(max, Math.floor(560.0 / cores)));
    }

    /** Average busy CUs per bin. */
    static String busyCurve(RunResult r, Timeline t, String id) {
        List<Integer> cus = cuIds(r);
        XYSeries s = new XYSeries("busy CUs", false, true);
        for (int k = 0; k < t.bins(); k++) {
            long sum = 0;
            for (int c : cus) {
                sum += t.busy(c, k);
            }
            long w = t.binStart(k + 1) - t.binStart(k);
            s.add(t.binStart(k), w == 0 ? 0 : Math.min(cus.size(), (double) sum / w));
        }
        s.add(t.makespan(), s.getY(s.getItemCount() - 1));
        XYStepAreaRenderer area = new XYStepAreaRenderer(XYStepAreaRenderer.AREA);
        area.setSeriesPaint(0, new Color(0x6baed6));
        area.setOutline(true);
        area.setSeriesOutlinePaint(0, new Color(0x2171b5));
        area.setSeriesOutlineStroke(0, new BasicStroke(0.8f));
        area.setDefaultToolTipGenerator(null);
        NumberAxis y = new NumberAxis("busy CUs of " + cus.size());
        y.setRange(0, Math.max(1, cus.size()));
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), timeAxis(r), y, area);
        return Svg.render(chart(plot), WIDTH, 150, id);
    }

    /** The heat strip: a row per core, each bin shaded by the core's busy share in it. */
    static String heatStrip(RunResult r, Timeline t, String id) {
        int cores = t.cores();
        double rowH = rowHeight(cores, 14);
        BufferedImage img = new BufferedImage(t.bins(), cores, BufferedImage.TYPE_INT_RGB);
        int[] palette = new int[LEVELS + 1]; // a colour per level, not per pixel (1,024 cores x hundreds of bins)
        palette[0] = IDLE.getRGB();
        for (int level = 1; level <= LEVELS; level++) {
            palette[level] = HtmlColor.awt(HtmlColor.BLUES, (double) level / LEVELS).getRGB();
        }
        for (int c = 0; c < cores; c++) {
            for (int k = 0; k < t.bins(); k++) {
                img.setRGB(k, c, palette[level(t.share(c, k))]);
            }
        }
        XYPlot plot = new XYPlot(null, timeAxis(r), coreAxis(r), null);
        // The image spans whole bins; the last bin may end past the makespan, where the plot clips it.
        plot.addAnnotation(new XYDataImageAnnotation(img, 0, -0.5, (double) t.bins() * t.binCycles(), cores));
        for (RunResult.CoreReport core : r.cores()) {
            String title = coreName(core) + ": busy " + n(core.busyCycles()) + " of " + n(r.makespanCycles())
                    + " cycles (" + HtmlText.pct(core.busyCycles(), r.makespanCycles()) + "), " + n(core.fired()) + " firings";
            plot.addAnnotation(new Svg.Titled(Svg.cls("gantt-row", "data-core", Integer.toString(core.id())), title,
                    List.of(new XYShapeAnnotation(new Rectangle2D.Double(0, core.id() - 0.5, r.makespanCycles(), 1),
                            null, null, new Color(0, 0, 0, 0)))), false);
        }
        if (rowH * r.cols() >= 4 && r.rows() > 1) {
            for (int row = 1; row < r.rows(); row++) {
                ValueMarker m = new ValueMarker(row * r.cols() - 0.5, Color.WHITE, new BasicStroke(1f));
                plot.addRangeMarker(m, org.jfree.chart.ui.Layer.FOREGROUND);
            }
        }
        return Svg.render(chart(plot), WIDTH, (int) Math.ceil(cores * rowH + 50), id);
    }

    /** Every firing and SU decision as a bar, coloured by codelet family, with a hover title each. */
    static Exact exact(RunResult r, Timeline t, String id) {
        Map<String, Integer> counts = new HashMap<>();
        for (Timeline.Span s : t.spans()) {
            if (!s.decision()) {
                counts.merge(family(s.name()), 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort((x, y) -> !x.getValue().equals(y.getValue()) ? Integer.compare(y.getValue(), x.getValue())
                : x.getKey().compareTo(y.getKey()));
        Map<String, Integer> seriesOf = new HashMap<>();
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        List<List<String>> titles = new ArrayList<>();
        List<Legend> legend = new ArrayList<>();
        int named = Math.min(FAMILIES, ranked.size());
        for (int i = 0; i < named; i++) {
            seriesOf.put(ranked.get(i).getKey(), i);
            data.addSeries(new XYIntervalSeries(i, false, true));
            titles.add(new ArrayList<>());
            legend.add(new Legend(HtmlColor.category(i), HtmlText.clip(ranked.get(i).getKey(), 40) + " (" + n(ranked.get(i).getValue()) + ")"));
        }
        int other = -1;
        if (ranked.size() > FAMILIES) {
            other = data.getSeriesCount();
            data.addSeries(new XYIntervalSeries(other, false, true));
            titles.add(new ArrayList<>());
            long rest = 0;
            for (int i = FAMILIES; i < ranked.size(); i++) {
                rest += ranked.get(i).getValue();
            }
            legend.add(new Legend(HtmlColor.category(FAMILIES), (ranked.size() - FAMILIES) + " other families (" + n(rest) + ")"));
        }
        int su = -1;
        if (t.decisions() > 0) {
            su = data.getSeriesCount();
            data.addSeries(new XYIntervalSeries(su, false, true));
            titles.add(new ArrayList<>());
            legend.add(new Legend(SU_SPAN, "SU decision"));
        }
        for (Timeline.Span s : t.spans()) {
            int series = s.decision() ? su : seriesOf.getOrDefault(family(s.name()), other);
            RunResult.CoreReport core = r.cores().get(s.core());
            data.getSeries(series).add(s.start(), s.start(), s.start() + s.cycles(), s.core(), s.core() - 0.4, s.core() + 0.4);
            titles.get(series).add((s.decision() ? "SU decision" : HtmlText.clip(s.name(), 200)) + " \u2014 " + coreName(core)
                    + ", cycles " + n(s.start()) + "\u2013" + n(s.start() + s.cycles()) + " (" + n(s.cycles()) + " cycles)");
        }
        XYBarRenderer bars = new TitledBars(titles);
        bars.setUseYInterval(true);
        bars.setShadowVisible(false);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setDrawBarOutline(false);
        bars.setMargin(0.04);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            bars.setSeriesPaint(i, Color.decode(i == su ? SU_SPAN : HtmlColor.category(i)));
        }
        SymbolAxis cores = coreAxis(r);
        cores.setGridBandsVisible(true);
        cores.setGridBandPaint(new Color(0xf6f6f6));
        cores.setGridBandAlternatePaint(new Color(0xefefef));
        XYPlot plot = new XYPlot(data, timeAxis(r), cores, bars);
        plot.setRangeGridlinesVisible(false);
        double rowH = rowHeight(r.cores().size(), 18);
        return new Exact(Svg.render(chart(plot), WIDTH, (int) Math.ceil(r.cores().size() * rowH + 50), id), legend);
    }

    record Exact(String svg, List<Legend> legend) {}

    record Legend(String colour, String label) {}

    /** A bar renderer whose bars each carry a hover title. */
    private static final class TitledBars extends XYBarRenderer {
        private final transient List<List<String>> titles;

        TitledBars(List<List<String>> titles) {
            this.titles = titles;
        }

        @Override
        public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                             XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series,
                             int item, CrosshairState crosshairState, int pass) {
            Svg.begin(g2, Svg.cls("firing"), titles.get(series).get(item));
            super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item,
                    crosshairState, pass);
            Svg.end(g2);
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * The family of a codelet label, for its colour: the part after the instance prefix
     * ({@code fib#3.}) without trailing indices ({@code t12}, {@code mult(1,2)} and {@code blk_3_4}
     * give {@code t}, {@code mult} and {@code blk}).
     */
    static String family(String label) {
        String s = label;
        int hash = s.indexOf('#');
        if (hash >= 0) {
            int dot = s.indexOf('.', hash);
            if (dot >= 0) {
                s = s.substring(dot + 1);
            }
        }
        String prev;
        do {
            prev = s;
            if (s.endsWith(")") && s.lastIndexOf('(') > 0) {
                s = s.substring(0, s.lastIndexOf('('));
            } else if (s.endsWith("]") && s.lastIndexOf('[') > 0) {
                s = s.substring(0, s.lastIndexOf('['));
            }
            int end = s.length();
            while (end > 0 && (Character.isDigit(s.charAt(end - 1)) || "-_.,:#/ ".indexOf(s.charAt(end - 1)) >= 0)) {
                end--;
            }
            s = s.substring(0, end);
        } while (!s.equals(prev) && !s.isEmpty());
        return s.isEmpty() ? label : s;
    }

    static String coreName(RunResult.CoreReport core) {
        return core.role() + " " + core.id() + " (" + core.row() + "," + core.col() + ")";
    }

    static int level(double share) {
        return share <= 0 ? 0 : Math.max(1, Math.min(LEVELS, (int) Math.ceil(share * LEVELS - 1e-9)));
    }

    private static List<Integer> cuIds(RunResult r) {
        List<Integer> ids = new ArrayList<>();
        for (RunResult.CoreReport c : r.cores()) {
            if (!"SU".equals(c.role())) {
                ids.add(c.id());
            }
        }
        return ids;
    }

    /** Simulated cycles from 0 to the makespan, ticks in a compact form (100K, 1.5M). */
    private static NumberAxis timeAxis(RunResult r) {
        NumberAxis x = new NumberAxis("simulated cycles (makespan " + n(r.makespanCycles()) + " cycles = "
                + HtmlText.f(r.makespanMicros(), 3) + " \u00b5s)");
        x.setRange(0, Math.max(1, r.makespanCycles()));
        NumberFormat compact = NumberFormat.getCompactNumberInstance(Locale.US, NumberFormat.Style.SHORT);
        compact.setMaximumFractionDigits(1);
        x.setNumberFormatOverride(compact);
        style(x);
        return x;
    }

    /** One row per core, core 0 at the top; on big meshes only the first core of each mesh row is named. */
    private static SymbolAxis coreAxis(RunResult r) {
        int cores = r.cores().size();
        boolean each = rowHeight(cores, 14) >= 9;
        String[] labels = new String[cores];
        int step = Math.max(1, (int) Math.ceil(12.0 / (r.cols() * rowHeight(cores, 14))));
        for (RunResult.CoreReport c : r.cores()) {
            labels[c.id()] = each ? coreName(c) : c.col() == 0 && c.row() % step == 0 ? "row " + c.row() + " \u2192" : "";
        }
        SymbolAxis y = new SymbolAxis(null, labels);
        // A tick on every labelled row (left to itself, the axis would thin them out and miss the row starts).
        y.setAutoTickUnitSelection(false);
        y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(each ? 1 : (double) r.cols() * step));
        y.setInverted(true);
        y.setRange(-0.5, cores - 0.5);
        y.setGridBandsVisible(false);
        y.setTickMarksVisible(false);
        y.setFixedDimension(LEFT_AXIS);
        style(y);
        return y;
    }

    private static void style(ValueAxis a) {
        a.setLabelFont(Svg.LABEL);
        a.setLabelPaint(Svg.INK);
        a.setTickLabelFont(Svg.TICK);
        a.setTickLabelPaint(Svg.MUTED);
        a.setAxisLinePaint(new Color(0x888888));
    }

    static JFreeChart chart(XYPlot plot) {
        plot.setBackgroundPaint(new Color(0xfafafa));
        plot.setOutlinePaint(new Color(0xcccccc));
        plot.setDomainGridlinePaint(Svg.GRID);
        plot.setRangeGridlinePaint(Svg.GRID);
        plot.setDomainGridlineStroke(new BasicStroke(0.6f));
        plot.setRangeGridlineStroke(new BasicStroke(0.6f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        if (plot.getRangeAxis() instanceof NumberAxis y && !(y instanceof SymbolAxis)) {
            style(y);
            y.setFixedDimension(LEFT_AXIS);
        }
        JFreeChart c = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        c.setBackgroundPaint(Color.WHITE);
        c.setPadding(new RectangleInsets(4, 0, 0, 24));
        return c;
    }

}
