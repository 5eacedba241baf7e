package io.edarts.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.edarts.cam.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Writes a {@link PointTable}: a CSV (RFC 4180: a header line, then one line per row, cells with a
 * comma, quote or line break quoted, lines ending in LF) and a self-contained HTML page (inline CSS
 * and SVG, no script) with the charts and then the table. Both are pure functions of the table, so
 * equal tables give byte-identical files, and each is written through a temporary file moved into
 * place.
 */
public final class PointTableFiles {
    private static final Mustache TEMPLATE = new DefaultMustacheFactory("io/edarts/report").compile("points.html.mustache");
    /** A chart with more groups than this draws the first ones and says how many it left out. */
    static final int MAX_CATEGORIES = 60;

    private PointTableFiles() {}

    /** @throws UncheckedIOException naming the file if it cannot be written */
    public static void writeCsv(PointTable t, Path path) {
        AtomicFiles.writeTextOrFail(path, w -> csv(t, w));
    }

    /** @throws UncheckedIOException naming the file if it cannot be written */
    public static void writeHtml(PointTable t, Path path) {
        byte[] page = html(t).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeOrFail(path, os -> os.write(page));
    }

    /** The CSV as a string. */
    public static String csv(PointTable t) {
        StringWriter w = new StringWriter();
        try {
            csv(t, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void csv(PointTable t, Writer w) throws IOException {
        line(t.columns(), w);
        for (List<String> r : t.rows()) {
            line(r, w);
        }
    }

    private static void line(List<String> cells, Writer w) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String c = cells.get(i) == null ? "" : cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                w.write('"');
                w.write(c.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(c);
            }
        }
        w.write('\n');
    }

    /** The page as a string. */
    public static String html(PointTable t) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("title", HtmlText.clean(t.title()));
        page.put("notes", t.notes().stream().map(HtmlText::clean).toList());
        long failed = t.failed().stream().filter(b -> b).count();
        page.put("points", t.rows().size());
        page.put("failedCount", failed);
        page.put("allOk", failed == 0);
        List<Map<String, Object>> charts = new ArrayList<>();
        int i = 0;
        for (PointTable.Bars b : t.charts()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("caption", HtmlText.clean(b.title()));
            int shown = Math.min(b.categories().size(), MAX_CATEGORIES);
            c.put("cut", shown < b.categories().size() ? "the first " + shown + " of " + b.categories().size()
                    + " groups; every point is in the table" : "");
            int width = Math.max(640, Math.min(1240, 160 + shown * (24 + 14 * b.series().size())));
            c.put("svg", Svg.render(bars(b, shown), width, 440, "points-chart-" + i++));
            charts.add(c);
        }
        page.put("charts", charts);
        page.put("columns", t.columns().stream().map(HtmlText::clean).toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < t.rows().size(); r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("failed", t.failed().get(r));
            row.put("cells", t.rows().get(r).stream().map(HtmlText::clean).toList());
            rows.add(row);
        }
        page.put("rows", rows);
        StringWriter w = new StringWriter(64 * 1024);
        TEMPLATE.execute(w, page);
        return w.toString();
    }

    /** Grouped vertical bars, one colour per series, the reference line dashed. */
    static JFreeChart bars(PointTable.Bars b, int shown) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int s = 0; s < b.series().size(); s++) {
            for (int c = 0; c < shown; c++) {
                double v = b.value(s, c);
                // a missing bar stays a gap: the dataset's null, not a zero that reads as a result
                data.addValue(Double.isNaN(v) ? null : v, b.series().get(s), b.categories().get(c));
            }
        }
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(Svg.TICK);
        x.setCategoryMargin(0.18);
        x.setMaximumCategoryLabelLines(3);
        if (shown > 8) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis y = new NumberAxis(b.valueLabel());
        y.setTickLabelFont(Svg.TICK);
        y.setLabelFont(Svg.LABEL);
        y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.04);
        r.setDrawBarOutline(false);
        for (int s = 0; s < b.series().size(); s++) {
            r.setSeriesPaint(s, Color.decode(HtmlColor.category(s)));
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Svg.GRID);
        plot.setOutlinePaint(new Color(0xbbbbbb));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        if (!Double.isNaN(b.reference())) {
            ValueMarker m = new ValueMarker(b.reference());
            m.setPaint(Svg.MUTED);
            m.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            plot.addRangeMarker(m);
        }
        JFreeChart chart = new JFreeChart(null, Svg.LABEL, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(Svg.TICK);
        legend.setFrame(new org.jfree.chart.block.BlockBorder(Color.WHITE));
        return chart;
    }
}
