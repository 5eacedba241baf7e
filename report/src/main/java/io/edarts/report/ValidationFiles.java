package io.edarts.report;

import static io.edarts.report.HtmlText.f;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.edarts.cam.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes a {@link ValidationTable}: {@code validation.json} (schema version
 * {@value ValidationTable#SCHEMA_VERSION}, Jackson's streaming generator, keys in a fixed order) and
 * {@code validation.html}, a self-contained page (inline CSS and SVG, no script) with the table and a
 * log-log plot of model against published figure: the y = x line, the ±10% band, each case a point
 * numbered as in the table, failing cases red, calibration cases hollow. Both are pure functions of
 * the table, so equal tables give byte-identical files, and each is written through a temporary file
 * moved into place.
 */
public final class ValidationFiles {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Mustache TEMPLATE = new DefaultMustacheFactory("io/edarts/report").compile("validation.html.mustache");
    private static final Color PASS = new Color(0x2e7d32);
    private static final Color FAIL = new Color(0xc62828);
    /** The band drawn on the plot: the common tolerance of the number-for-number cases. */
    private static final double PLOT_BAND = 0.10;

    private ValidationFiles() {}

    /** @throws UncheckedIOException naming the file if it cannot be written */
    public static void writeJson(ValidationTable t, Path path) {
        AtomicFiles.writeOrFail(path, os -> json(t, os));
    }

    /** @throws UncheckedIOException naming the file if it cannot be written */
    public static void writeHtml(ValidationTable t, Path path) {
        byte[] page = html(t).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeOrFail(path, os -> os.write(page));
    }

    /** {@code validation.json} as a string. */
    public static String json(ValidationTable t) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            json(t, bos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toString(StandardCharsets.UTF_8);
    }

    private static void json(ValidationTable t, OutputStream os) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(os, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schemaVersion", ValidationTable.SCHEMA_VERSION);
            g.writeStringField("machine", t.machine());
            g.writeNumberField("clockMhz", t.clockMhz());
            g.writeBooleanField("ok", t.ok());
            g.writeArrayFieldStart("cases");
            for (ValidationTable.Case c : t.cases()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("group", c.group());
                g.writeStringField("source", c.source());
                g.writeStringField("method", c.method());
                g.writeStringField("unit", c.unit());
                g.writeNumberField("published", c.published());
                g.writeNumberField("model", c.model());
                g.writeNumberField("ratio", c.ratio());
                g.writeObjectFieldStart("tolerance");
                ValidationTable.Tolerance tol = c.tolerance();
                g.writeStringField("kind", tol.kind().json());
                if (tol.kind() == ValidationTable.Kind.WITHIN) {
                    g.writeNumberField("relative", tol.relative());
                }
                g.writeNumberField("ratioMin", tol.ratioMin());
                if (!Double.isInfinite(tol.ratioMax())) {
                    g.writeNumberField("ratioMax", tol.ratioMax());
                }
                g.writeBooleanField("ratioMinExclusive", tol.kind() == ValidationTable.Kind.ABOVE);
                g.writeStringField("text", tol.text());
                g.writeEndObject();
                g.writeBooleanField("ok", c.ok());
                g.writeBooleanField("calibration", c.isCalibration());
                if (c.isCalibration()) {
                    g.writeStringField("calibrationParameter", c.calibration());
                }
                g.writeStringField("note", c.note());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("notReproduced");
            for (ValidationTable.Unreproduced u : t.notReproduced()) {
                g.writeStartObject();
                g.writeStringField("name", u.name());
                g.writeStringField("source", u.source());
                g.writeStringField("unit", u.unit());
                g.writeNumberField("published", u.published());
                g.writeStringField("reason", u.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** {@code validation.html} as a string. */
    public static String html(ValidationTable t) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("machine", HtmlText.clean(t.machine()));
        page.put("clockMhz", f(t.clockMhz(), 1));
        long passed = t.cases().stream().filter(ValidationTable.Case::ok).count();
        page.put("passed", passed);
        page.put("total", t.cases().size());
        page.put("ok", t.ok());
        page.put("calibrationCount", t.cases().stream().filter(ValidationTable.Case::isCalibration).count());
        List<Map<String, Object>> rows = new ArrayList<>();
        String group = null;
        int i = 0;
        for (ValidationTable.Case c : t.cases()) {
            Map<String, Object> row = new LinkedHashMap<>();
            i++;
            row.put("index", i);
            row.put("groupStart", !c.group().equals(group));
            group = c.group();
            row.put("group", HtmlText.clean(c.group()));
            row.put("name", HtmlText.clean(c.name()));
            row.put("source", HtmlText.clean(c.source()));
            row.put("method", HtmlText.clean(c.method()));
            row.put("unit", HtmlText.clean(c.unit()));
            row.put("published", number(c.published()));
            row.put("model", number(c.model()));
            row.put("ratio", f(c.ratio(), 3));
            row.put("tolerance", c.tolerance().text());
            row.put("ok", c.ok());
            row.put("calibration", c.isCalibration());
            row.put("parameter", c.isCalibration() ? HtmlText.clean(c.calibration()) : "");
            row.put("note", HtmlText.clean(c.note()));
            rows.add(row);
        }
        page.put("rows", rows);
        List<Map<String, Object>> missing = new ArrayList<>();
        for (ValidationTable.Unreproduced u : t.notReproduced()) {
            missing.add(Map.of("name", HtmlText.clean(u.name()), "source", HtmlText.clean(u.source()),
                    "published", number(u.published()), "unit", HtmlText.clean(u.unit()),
                    "reason", HtmlText.clean(u.reason())));
        }
        page.put("hasMissing", !missing.isEmpty());
        page.put("missing", missing);
        page.put("plot", Svg.render(scatter(t), 720, 560, "validation-scatter"));
        page.put("schemaVersion", ValidationTable.SCHEMA_VERSION);
        StringWriter w = new StringWriter(64 * 1024);
        TEMPLATE.execute(w, page);
        return w.toString();
    }

    /** Three significant digits at least, grouping for large numbers: {@code 1,119,132}, {@code 115.7}, {@code 4.36}. */
    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return f(v, 1);
        }
        return a >= 10 ? f(v, 2) : f(v, 3);
    }

    /** Model against published on log-log axes, with y = x and the ±10% band. */
    static JFreeChart scatter(ValidationTable t) {
        XYSeries pass = new XYSeries("within tolerance", false, true);
        XYSeries fail = new XYSeries("outside tolerance", false, true);
        XYSeries calPass = new XYSeries("calibration, within", false, true);
        XYSeries calFail = new XYSeries("calibration, outside", false, true);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (ValidationTable.Case c : t.cases()) {
            double m = Math.max(c.model(), 1e-3); // a zero would be off a log axis: draw it at the bottom
            XYSeries s = c.isCalibration() ? (c.ok() ? calPass : calFail) : (c.ok() ? pass : fail);
            s.add(c.published(), m);
            lo = Math.min(lo, Math.min(c.published(), m));
            hi = Math.max(hi, Math.max(c.published(), m));
        }
        if (hi == 0) {
            lo = 1;
            hi = 10;
        }
        lo = lo / 2;
        hi = hi * 2;
        XYSeries diagonal = new XYSeries("model = published", false, true);
        XYSeries upper = new XYSeries("\u00b110% band", false, true);
        XYSeries lower = new XYSeries("lower band", false, true);
        diagonal.add(lo, lo);
        diagonal.add(hi, hi);
        upper.add(lo, lo * (1 + PLOT_BAND));
        upper.add(hi, hi * (1 + PLOT_BAND));
        lower.add(lo, lo * (1 - PLOT_BAND));
        lower.add(hi, hi * (1 - PLOT_BAND));

        LogAxis x = new LogAxis("published");
        LogAxis y = new LogAxis("model");
        for (LogAxis a : List.of(x, y)) {
            a.setRange(lo, hi);
            a.setBase(10);
            a.setSmallestValue(1e-3);
            a.setTickLabelFont(Svg.TICK);
            a.setLabelFont(Svg.LABEL);
            // one tick per power of ten, written out (0.1, 1, 10, 1,000)
            a.setAutoTickUnitSelection(false);
            a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
            a.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###",
                    java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
        }
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(diagonal);
        lines.addSeries(upper);
        lines.addSeries(lower);
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        lineRenderer.setSeriesPaint(0, Svg.MUTED);
        lineRenderer.setSeriesStroke(0, new BasicStroke(1.2f));
        BasicStroke dashed = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f);
        for (int s = 1; s <= 2; s++) {
            lineRenderer.setSeriesPaint(s, new Color(0x9e9e9e));
            lineRenderer.setSeriesStroke(s, dashed);
        }
        lineRenderer.setSeriesVisibleInLegend(2, false);

        XYSeriesCollection points = new XYSeriesCollection();
        XYLineAndShapeRenderer pointRenderer = new XYLineAndShapeRenderer(false, true);
        Ellipse2D dot = new Ellipse2D.Double(-4.5, -4.5, 9, 9);
        XYSeries[] all = {pass, fail, calPass, calFail};
        Color[] paints = {PASS, FAIL, PASS, FAIL};
        for (int k = 0; k < all.length; k++) {
            if (all[k].getItemCount() == 0) {
                continue; // no legend entry for a kind of point the table does not have
            }
            int s = points.getSeriesCount();
            points.addSeries(all[k]);
            pointRenderer.setSeriesShape(s, dot);
            pointRenderer.setSeriesPaint(s, paints[k]);
            pointRenderer.setSeriesShapesFilled(s, k < 2);
            pointRenderer.setSeriesStroke(s, new BasicStroke(1.6f));
        }
        pointRenderer.setUseOutlinePaint(false);
        pointRenderer.setDrawOutlines(true);

        XYPlot plot = new XYPlot(points, x, y, pointRenderer);
        plot.setDataset(1, lines);
        plot.setRenderer(1, lineRenderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Svg.GRID);
        plot.setRangeGridlinePaint(Svg.GRID);
        plot.setOutlinePaint(new Color(0xbbbbbb));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        int i = 0;
        for (ValidationTable.Case c : t.cases()) {
            i++;
            XYTextAnnotation label = new XYTextAnnotation(Integer.toString(i), c.published(), Math.max(c.model(), 1e-3));
            label.setFont(Svg.TICK);
            label.setPaint(Svg.INK);
            label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            label.setX(c.published() * 1.06);
            plot.addAnnotation(label);
        }
        JFreeChart chart = new JFreeChart(null, Svg.LABEL, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(Svg.TICK);
        legend.setFrame(new org.jfree.chart.block.BlockBorder(Color.WHITE));
        legend.setLegendItemGraphicPadding(new RectangleInsets(0, 8, 0, 2));
        legend.setItemLabelPadding(new RectangleInsets(2, 2, 2, 8));
        return chart;
    }
}
