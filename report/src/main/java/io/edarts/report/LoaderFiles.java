package io.edarts.report;

import io.edarts.cam.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code edarts loaders}' outputs: {@code loaders.csv} ({@code machine,procedure,cores,cycles,micros})
 * and {@code loaders.html}, a self-contained page with a log-log plot of load time against cores,
 * one line per procedure, drawn by JFreeChart as inline SVG, then the table.
 */
public final class LoaderFiles {
    /** One procedure on one machine. */
    public record Row(String machine, String procedure, int cores, long cycles, double micros) {}

    private static final Color[] COLORS = {new Color(0xc0392b), new Color(0x2471a3), new Color(0x229954),
        new Color(0x7d3c98)};

    private LoaderFiles() {}

    /** The CSV text, rows as given. */
    public static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder("machine,procedure,cores,cycles,micros\n");
        for (Row r : rows) {
            b.append(r.machine()).append(',').append(r.procedure()).append(',').append(r.cores()).append(',')
                    .append(r.cycles()).append(',').append(String.format(Locale.ROOT, "%.3f", r.micros())).append('\n');
        }
        return b.toString();
    }

    /** Writes {@code loaders.csv}, atomically. */
    public static void writeCsv(List<Row> rows, Path path) {
        write(path, csv(rows));
    }

    /** Writes {@code loaders.html}, atomically. */
    public static void writeHtml(List<Row> rows, String title, Path path) {
        write(path, html(rows, title));
    }

    /** The page: the plot, then the table. */
    public static String html(List<Row> rows, String title) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (Row r : rows) {
            series.computeIfAbsent(r.procedure(), XYSeries::new).add(r.cores(), Math.max(r.micros(), 0.001));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        LogAxis x = new LogAxis("cores (log scale)");
        x.setBase(2);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        LogAxis y = new LogAxis("launch time, microseconds (log scale)");
        y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            line.setSeriesPaint(i, COLORS[i % COLORS.length]);
            line.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, line);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Svg.GRID);
        plot.setRangeGridlinePaint(Svg.GRID);
        JFreeChart chart = new JFreeChart(null, Svg.LABEL, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>")
                .append("<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<title>").append(esc(title)).append("</title><style>")
                .append("body{font:14px sans-serif;color:#333;margin:24px}table{border-collapse:collapse}")
                .append("td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}th{text-align:left}")
                .append("</style></head><body><h1>").append(esc(title)).append("</h1>")
                .append("<p>Every cost derived from the host link (the facts' host rows) and the chip model; "
                        + "no measured load time is used.</p>")
                .append(Svg.render(chart, 900, 520, "loaders"))
                .append("<table><tr><th>machine</th><th>procedure</th><th>cores</th><th>cycles</th><th>us</th></tr>");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "<tr><th>%s</th><th>%s</th><td>%d</td><td>%,d</td><td>%,.3f</td></tr>",
                    esc(r.machine()), esc(r.procedure()), r.cores(), r.cycles(), r.micros()));
        }
        return b.append("</table></body></html>\n").toString();
    }

    private static String esc(String s) {
        return HtmlText.clean(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }

    private static void write(Path path, String text) {
        try {
            AtomicFiles.write(path, os -> os.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + AtomicFiles.reason(e), e);
        }
    }
}
