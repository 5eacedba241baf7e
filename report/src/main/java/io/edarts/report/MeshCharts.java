package io.edarts.report;

import static io.edarts.report.HtmlText.n;
import static io.edarts.report.HtmlText.pct;

import io.edarts.scheduler.RunResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;

/**
 * The mesh pictures of {@link HtmlReport}, drawn by JFreeChart: RxC heatmaps of a per-core share
 * (utilisation, code cycles over busy cycles) as block plots with a colour-bar legend, and the
 * link-traffic map, arrows between neighbouring cores coloured by the bytes that crossed each
 * directed link (the two directions side by side, off-chip links dashed). Meshes larger than
 * {@link #LABEL_LIMIT} a side get no per-cell text; every cell, node and arrow has a hover title.
 */
final class MeshCharts {
    static final int LABEL_LIMIT = 16;
    /** Where the link colours start on their ramp, so a link with few bytes still stands out from the page. */
    private static final double LINK_T0 = 0.12;
    private static final Color NA = new Color(0xd9d9d9);

    private MeshCharts() {}

    /** A share per core, 0 to {@code max}; {@code value} returns NaN for "not applicable". */
    static String heatmap(RunResult r, String id, int[] ramp, double max, ToDoubleFunction<RunResult.CoreReport> value,
                          Function<RunResult.CoreReport, String> tip) {
        int rows = r.rows();
        int cols = r.cols();
        int side = Math.max(rows, cols);
        int cs = (int) Math.max(5, Math.min(56, Math.floor(Math.max(300, Math.min(420, 12 * side)) / (double) side)));
        boolean labels = rows <= LABEL_LIMIT && cols <= LABEL_LIMIT && cs >= 20;
        int n = r.cores().size();
        double[][] xyz = new double[3][n];
        List<String> titles = new ArrayList<>();
        for (RunResult.CoreReport c : r.cores()) {
            xyz[0][c.id()] = c.col();
            xyz[1][c.id()] = c.row();
            xyz[2][c.id()] = value.applyAsDouble(c);
        }
        for (RunResult.CoreReport c : r.cores()) {
            titles.add(TimeCharts.coreName(c) + ": " + tip.apply(c));
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("cores", xyz);
        Ramp scale = new Ramp(ramp, 0, max);
        XYBlockRenderer blocks = new TitledBlocks(titles, r);
        blocks.setPaintScale(scale);
        // The block renderer outlines each cell in its own colour; a smaller block leaves a white gap.
        blocks.setBlockWidth(Math.max(0.5, 1 - 2.5 / cs));
        blocks.setBlockHeight(Math.max(0.5, 1 - 2.5 / cs));
        XYPlot plot = new XYPlot(data, meshAxis(cols, false), meshAxis(rows, true), blocks);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainAxisLocation(AxisLocation.TOP_OR_LEFT);
        for (RunResult.CoreReport c : r.cores()) {
            double v = value.applyAsDouble(c);
            boolean su = "SU".equals(c.role());
            if (su) {
                double in = cs >= 12 ? 0.05 : 0.08;
                float[] dash = cs >= 20 ? new float[] {4f, 2f} : null;
                plot.addAnnotation(new XYShapeAnnotation(new Rectangle2D.Double(c.col() - 0.5 + in, c.row() - 0.5 + in,
                        1 - 2 * in, 1 - 2 * in), new BasicStroke(cs >= 12 ? 2f : 1f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10f, dash, 0f), Color.BLACK, null), false);
            }
            if (labels) {
                double t = Double.isNaN(v) || max <= 0 ? 0 : v / max;
                String text = Double.isNaN(v) ? "n/a" : HtmlText.f(v * 100, v >= 0.995 || cs < 40 ? 0 : 1) + "%";
                addText(plot, su ? "SU " + text : text, c.col(), c.row(), Math.min(12, cs / 4.2),
                        !Double.isNaN(v) && HtmlColor.dark(t) ? Color.WHITE : new Color(0x111111), su);
            }
        }
        NumberAxis bar = new NumberAxis();
        bar.setRange(0, max);
        bar.setNumberFormatOverride(percent());
        bar.setTickLabelFont(Svg.TICK);
        bar.setTickLabelPaint(Svg.MUTED);
        PaintScaleLegend legend = new PaintScaleLegend(scale, bar);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setStripWidth(10);
        legend.setSubdivisionCount(64);
        legend.setMargin(new RectangleInsets(8, 26, 0, 12));
        JFreeChart chart = chart(plot);
        chart.addSubtitle(legend);
        int w = 26 + Math.max(cols * cs, 200) + 12;
        int h = 20 + rows * cs + 54;
        return Svg.render(chart, w, h, id);
    }

    /** Directed links drawn as arrows between neighbouring cores, coloured by bytes. */
    static String links(RunResult r, String id) {
        int rows = r.rows();
        int cols = r.cols();
        int cores = r.cores().size();
        Map<Long, long[]> sum = new TreeMap<>();
        Map<Long, StringBuilder> meshes = new TreeMap<>();
        for (RunResult.LinkReport l : r.links()) {
            if (l.from() < -1 || l.from() >= cores || l.to() < -1 || l.to() >= cores || (l.from() < 0 && l.to() < 0)) {
                continue;
            }
            long key = (long) (l.from() + 1) * (cores + 1) + (l.to() + 1);
            long[] s = sum.computeIfAbsent(key, k -> new long[2]);
            s[0] += l.bytes();
            s[1] += l.busyCycles();
            StringBuilder m = meshes.computeIfAbsent(key, k -> new StringBuilder());
            m.append(m.length() == 0 ? "" : ", ").append(l.mesh()).append(' ').append(n(l.bytes())).append(" B");
        }
        long maxBytes = 1;
        for (long[] s : sum.values()) {
            maxBytes = Math.max(maxBytes, s[0]);
        }
        double p = Math.max(9, Math.min(96, Math.floor(520.0 / Math.max(rows, cols))));
        double box = p >= 40 ? 0.56 : 0.36;
        double margin = 0.45;
        XYPlot plot = new XYPlot(null, meshAxis(cols, false), meshAxis(rows, true), null);
        plot.getDomainAxis().setRange(-0.5 - margin, cols - 0.5 + margin);
        plot.getRangeAxis().setRange(-0.5 - margin, rows - 0.5 + margin);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainAxisLocation(AxisLocation.TOP_OR_LEFT);
        boolean labels = rows <= LABEL_LIMIT && cols <= LABEL_LIMIT && box * p >= 22;
        boolean nodeTitles = cores <= 256;
        for (RunResult.CoreReport core : r.cores()) {
            boolean su = "SU".equals(core.role());
            XYAnnotation node = new XYShapeAnnotation(new RoundRectangle2D.Double(core.col() - box / 2, core.row() - box / 2,
                    box, box, box * 0.24, box * 0.24), new BasicStroke(su ? (float) Math.max(1, p / 40) : 1f),
                    su ? Color.BLACK : new Color(0x999999), su ? new Color(0xbdbdbd) : new Color(0xf2f2f2));
            if (nodeTitles) {
                plot.addAnnotation(new Svg.Titled(Svg.cls("node"), TimeCharts.coreName(core) + ": "
                        + n(core.counters().meshBytes) + " bytes put on the mesh", List.of(node)), false);
            } else {
                plot.addAnnotation(node, false);
            }
            if (labels) {
                addText(plot, (su ? "SU " : "") + core.id(), core.col(), core.row(), 10, new Color(0x555555), false);
            }
        }
        // In quarter pixels, so the SVG gets a short stroke width rather than a float's noise.
        float lw = Math.round(4 * (p >= 40 ? Math.max(1, p / 16) : Math.max(1, p * 0.12))) / 4f;
        double head = (p >= 40 ? p / 9 : Math.max(2, p * 0.16)) / p;
        double inset = box / 2 + 0.03;
        for (Map.Entry<Long, long[]> e : sum.entrySet()) {
            int from = (int) (e.getKey() / (cores + 1)) - 1;
            int to = (int) (e.getKey() % (cores + 1)) - 1;
            boolean offChip = from < 0 || to < 0;
            double sx;
            double sy;
            double ex;
            double ey;
            if (!offChip) {
                RunResult.CoreReport a = r.cores().get(from);
                RunResult.CoreReport z = r.cores().get(to);
                double len = StrictMath.hypot(z.col() - a.col(), z.row() - a.row());
                if (len == 0) {
                    continue;
                }
                double ux = (z.col() - a.col()) / len;
                double uy = (z.row() - a.row()) / len;
                sx = a.col() + ux * inset;
                sy = a.row() + uy * inset;
                ex = z.col() - ux * inset;
                ey = z.row() - uy * inset;
            } else {
                RunResult.CoreReport a = r.cores().get(from >= 0 ? from : to);
                double[] out = outward(a, rows, cols);
                double reach = 0.5 + margin * 0.8;
                double nearX = a.col() + out[0] * inset;
                double nearY = a.row() + out[1] * inset;
                double farX = a.col() + out[0] * reach;
                double farY = a.row() + out[1] * reach;
                boolean outbound = to < 0;
                sx = outbound ? nearX : farX;
                sy = outbound ? nearY : farY;
                ex = outbound ? farX : nearX;
                ey = outbound ? farY : nearY;
            }
            long bytes = e.getValue()[0];
            Color colour = bytes == 0 ? new Color(0xcccccc) : HtmlColor.awt(HtmlColor.YLORRD, LINK_T0 + (1 - LINK_T0) * bytes / maxBytes);
            String title = end(r, from) + " \u2192 " + end(r, to) + ": " + n(bytes) + " bytes (" + meshes.get(e.getKey())
                    + "), busy " + n(e.getValue()[1]) + " cycles (" + pct(e.getValue()[1], r.makespanCycles())
                    + " of the makespan)";
            // Big meshes have thousands of links: their arrows go untitled (the table names the busiest).
            plot.addAnnotation(new Svg.Titled(Svg.cls("link"), nodeTitles ? title : null,
                    arrow(sx, sy, ex, ey, p >= 40 ? 0.13 : 0.15, lw, p, head, colour, offChip)), false);
        }
        NumberAxis bar = new NumberAxis();
        bar.setRange(0, maxBytes);
        bar.setNumberFormatOverride(new java.text.NumberFormat() {
            @Override
            public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
                return toAppendTo.append(HtmlText.bytes(Math.round(number)));
            }

            @Override
            public StringBuffer format(long number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
                return toAppendTo.append(HtmlText.bytes(number));
            }

            @Override
            public Number parse(String source, java.text.ParsePosition parsePosition) {
                throw new UnsupportedOperationException("format only");
            }
        });
        bar.setTickLabelFont(Svg.TICK);
        bar.setTickLabelPaint(Svg.MUTED);
        PaintScaleLegend legend = new PaintScaleLegend(new Ramp(HtmlColor.YLORRD, 0, maxBytes, LINK_T0), bar);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setStripWidth(10);
        legend.setSubdivisionCount(64);
        legend.setMargin(new RectangleInsets(8, 26, 0, 12));
        JFreeChart chart = chart(plot);
        chart.addSubtitle(legend);
        int w = (int) Math.ceil(26 + Math.max((cols + 2 * margin) * p, 240) + 12);
        int h = (int) Math.ceil(20 + (rows + 2 * margin) * p + 54);
        return Svg.render(chart, w, h, id);
    }

    /**
     * An arrow from (sx,sy) to (ex,ey) in cell units, shifted {@code shift} to its right, {@code lw}
     * pixels wide at {@code pitch} pixels a cell: one filled outline, or a dashed line and a head.
     */
    private static List<XYAnnotation> arrow(double sx, double sy, double ex, double ey, double shift, float lw,
                                            double pitch, double head, Color colour, boolean dashed) {
        double len = StrictMath.hypot(ex - sx, ey - sy);
        double ux = (ex - sx) / len;
        double uy = (ey - sy) / len;
        if (len < head * 1.5) {
            ex = sx + ux * head * 1.5;
            ey = sy + uy * head * 1.5;
        }
        // y grows downwards on the mesh (row 0 at the top), so "right of the direction" is (-uy, ux).
        double nx = -uy * shift;
        double ny = ux * shift;
        double tx = ex + nx;
        double ty = ey + ny;
        double bx = tx - ux * head;
        double by = ty - uy * head;
        double hx = -uy * head * 0.6;
        double hy = ux * head * 0.6;
        if (!dashed) {
            // One filled outline, shaft and head together: a mesh of 1024 cores has thousands of arrows.
            double wx = -uy * lw / (2 * pitch);
            double wy = ux * lw / (2 * pitch);
            double ax = sx + nx;
            double ay = sy + ny;
            return List.of(new XYPolygonAnnotation(new double[] {ax + wx, ay + wy, bx + wx, by + wy, bx + hx, by + hy,
                tx, ty, bx - hx, by - hy, bx - wx, by - wy, ax - wx, ay - wy}, null, null, colour));
        }
        BasicStroke stroke = new BasicStroke(lw, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 2f}, 0f);
        return List.of(new XYLineAnnotation(sx + nx, sy + ny, bx, by, stroke, colour),
                new XYPolygonAnnotation(new double[] {tx, ty, bx + hx, by + hy, bx - hx, by - hy}, null, null, colour));
    }

    /** One end of a link in a title: a core with its position, or DRAM beyond the eLink. */
    static String end(RunResult r, int core) {
        if (core < 0 || core >= r.cores().size()) {
            return "off-chip (DRAM)";
        }
        RunResult.CoreReport c = r.cores().get(core);
        return "core " + core + " (" + c.row() + "," + c.col() + ")";
    }

    /** The mesh edge a core's off-chip link leaves by: the nearest edge, east on ties and inside. */
    private static double[] outward(RunResult.CoreReport a, int rows, int cols) {
        if (a.col() == cols - 1) {
            return new double[] {1, 0};
        } else if (a.col() == 0) {
            return new double[] {-1, 0};
        } else if (a.row() == 0) {
            return new double[] {0, -1};
        } else if (a.row() == rows - 1) {
            return new double[] {0, 1};
        }
        return new double[] {1, 0};
    }

    /** The busiest directed links, most bytes first (ties by link), at most {@code limit}. */
    static List<RunResult.LinkReport> busiest(RunResult r, int limit) {
        List<RunResult.LinkReport> l = new ArrayList<>(r.links());
        l.sort((x, y) -> x.bytes() != y.bytes() ? Long.compare(y.bytes(), x.bytes())
                : x.from() != y.from() ? Integer.compare(x.from(), y.from())
                : x.to() != y.to() ? Integer.compare(x.to(), y.to()) : x.mesh().compareTo(y.mesh()));
        return l.subList(0, Math.min(limit, l.size()));
    }

    private static void addText(XYPlot plot, String text, double x, double y, double size, Color colour, boolean bold) {
        XYTextAnnotation a = new XYTextAnnotation(text, x, y);
        a.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, (int) Math.max(8, Math.round(size))));
        a.setPaint(colour);
        plot.addAnnotation(a, false);
    }

    /** Integer ticks 0..count-1; rows run downwards. */
    private static NumberAxis meshAxis(int count, boolean rows) {
        NumberAxis a = new NumberAxis();
        a.setRange(-0.5, count - 0.5);
        a.setInverted(rows);
        a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        a.setTickLabelFont(Svg.TICK);
        a.setTickLabelPaint(Svg.MUTED);
        a.setAxisLineVisible(false);
        a.setTickMarksVisible(false);
        a.setFixedDimension(rows ? 24 : 16);
        return a;
    }

    private static JFreeChart chart(XYPlot plot) {
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setInsets(new RectangleInsets(0, 0, 0, 0));
        JFreeChart c = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        c.setBackgroundPaint(Color.WHITE);
        c.setPadding(new RectangleInsets(0, 0, 0, 8));
        return c;
    }

    private static DecimalFormat percent() {
        return new DecimalFormat("0%", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** A ColorBrewer ramp from {@code lower} to {@code upper}; NaN (not applicable) is grey. */
    private record Ramp(int[] ramp, double lower, double upper, double t0) implements PaintScale {
        Ramp(int[] ramp, double lower, double upper) {
            this(ramp, lower, upper, 0);
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
                return NA;
            }
            double t = upper <= lower ? 0 : (value - lower) / (upper - lower);
            return HtmlColor.awt(ramp, t0 + (1 - t0) * Math.max(0, Math.min(1, t)));
        }
    }

    /** Block renderer whose cells each carry a class, the core's id and a hover title. */
    private static final class TitledBlocks extends XYBlockRenderer {
        private final transient List<String> titles;
        private final transient RunResult run;

        TitledBlocks(List<String> titles, RunResult run) {
            this.titles = titles;
            this.run = run;
        }

        @Override
        public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                             XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series,
                             int item, CrosshairState crosshairState, int pass) {
            Svg.begin(g2, Svg.cls("cell", "data-core", Integer.toString(run.cores().get(item).id())), titles.get(item));
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
}
