package io.edarts.report;

import static io.edarts.report.HtmlText.f;
import static io.edarts.report.HtmlText.n;

import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.StreamReport;
import java.awt.Color;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The instance-stream section of {@link HtmlReport}: the figures of {@code report.json}'s
 * {@code stream} block as a table, and each instance as a row of the chart, its wait outside the
 * machine (arrival to admission) and its time inside (admission to completion), drawn by JFreeChart.
 */
final class StreamCharts {
    /** Instances drawn at most (the first ones); the table's figures count every instance. */
    static final int DRAWN = 200;
    private static final Color WAITING = new Color(0xfdae6b);
    private static final Color INSIDE = new Color(0x3182bd);

    private StreamCharts() {}

    /** The section's values for the template. */
    static Map<String, Object> section(RunResult r) {
        StreamReport s = r.stream();
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        row(rows, "instances completed", n(s.completed()) + " of " + n(s.instances().size()));
        row(rows, "in flight at most", s.mostInFlight() + " (--in-flight " + s.inFlight() + ")");
        row(rows, "arrivals", s.arrivals());
        row(rows, "throughput", f(s.throughputPerMillionCycles(), 3) + " instances per million cycles (over "
                + n(s.spanCycles()) + " cycles, first arrival to last completion)");
        row(rows, "latency (completion \u2212 arrival)", dist(s.latency(), r.clockMhz()));
        row(rows, "queueing (admission \u2212 arrival)", dist(s.queueing(), r.clockMhz()));
        row(rows, "in the machine (completion \u2212 admission)", dist(s.service(), r.clockMhz()));
        m.put("rows", rows);
        m.put("chart", chart(s));
        m.put("drawn", n(Math.min(DRAWN, s.instances().size())));
        m.put("partly", s.instances().size() > DRAWN);
        return m;
    }

    private static void row(List<Map<String, Object>> rows, String label, String value) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("label", label);
        x.put("value", value);
        rows.add(x);
    }

    private static String dist(StreamReport.Distribution d, double mhz) {
        return "p50 " + n(d.p50()) + ", p90 " + n(d.p90()) + ", p99 " + n(d.p99()) + ", max " + n(d.max()) + " cycles ("
                + f(d.max() / mhz, 3) + " \u00b5s); mean " + n(d.mean());
    }

    /** A row per instance: orange while it waits outside the machine, blue while it is inside. */
    private static String chart(StreamReport s) {
        XYIntervalSeries waiting = new XYIntervalSeries("waiting for a slot");
        XYIntervalSeries inside = new XYIntervalSeries("in the machine");
        int drawn = Math.min(DRAWN, s.instances().size());
        long end = 1;
        for (int k = 0; k < drawn; k++) {
            StreamReport.Instance i = s.instances().get(k);
            long done = i.completedCycle() >= 0 ? i.completedCycle() : i.admittedCycle();
            end = Math.max(end, done);
            if (i.admittedCycle() > i.arrivalCycle()) {
                waiting.add(k, k - 0.4, k + 0.4, i.arrivalCycle(), i.arrivalCycle(), i.admittedCycle());
            }
            inside.add(k, k - 0.4, k + 0.4, i.admittedCycle(), i.admittedCycle(), done);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(waiting);
        data.addSeries(inside);
        XYBarRenderer bars = new XYBarRenderer();
        bars.setUseYInterval(true);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setSeriesPaint(0, WAITING);
        bars.setSeriesPaint(1, INSIDE);
        bars.setDefaultToolTipGenerator(null);
        NumberAxis index = new NumberAxis("instance");
        index.setRange(-0.5, drawn - 0.5);
        index.setInverted(true);
        index.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis time = new NumberAxis("simulated cycles");
        time.setRange(0, end);
        NumberFormat compact = NumberFormat.getCompactNumberInstance(Locale.US, NumberFormat.Style.SHORT);
        compact.setMaximumFractionDigits(1);
        time.setNumberFormatOverride(compact);
        for (NumberAxis a : new NumberAxis[] {index, time}) {
            a.setLabelFont(Svg.LABEL);
            a.setTickLabelFont(Svg.TICK);
            a.setLabelPaint(Svg.INK);
            a.setTickLabelPaint(Svg.MUTED);
        }
        XYPlot plot = new XYPlot(data, index, time, bars);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        int height = (int) Math.ceil(60 + drawn * Math.max(3.0, Math.min(14.0, 560.0 / Math.max(1, drawn))));
        plot.setBackgroundPaint(new Color(0xfafafa));
        plot.setOutlinePaint(new Color(0xcccccc));
        plot.setRangeGridlinePaint(Svg.GRID);
        plot.setDomainGridlinesVisible(false);
        plot.setAxisOffset(org.jfree.chart.ui.RectangleInsets.ZERO_INSETS);
        org.jfree.chart.JFreeChart c = new org.jfree.chart.JFreeChart(null, org.jfree.chart.JFreeChart.DEFAULT_TITLE_FONT,
                plot, false);
        c.setBackgroundPaint(Color.WHITE);
        c.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 0, 0, 24));
        return Svg.render(c, TimeCharts.WIDTH, height, "stream-instances");
    }
}
