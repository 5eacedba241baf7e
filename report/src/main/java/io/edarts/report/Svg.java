package io.edarts.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * Renders a JFreeChart as an inline SVG element with JFreeSVG, and lets chart items carry a hover
 * title and a class. Every chart on a page gets its own id, which also prefixes the ids JFreeSVG
 * gives its clip paths and gradients (its default prefix is the host's nano time, which would make
 * two renderings of one run differ). Coordinates keep two decimals.
 */
final class Svg {
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Color INK = new Color(0x333333);
    static final Color MUTED = new Color(0x555555);
    static final Color GRID = new Color(0xe2e2e2);

    private Svg() {}

    /** The chart drawn in a {@code width} x {@code height} box, as an {@code <svg>} element with id {@code id}. */
    static String render(JFreeChart chart, int width, int height, String id) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "-");
        g.setGeomDoubleConverter(HtmlText::c);
        g.setTransformDoubleConverter(HtmlText::c);
        g.setCheckStrokeControlHint(false); // no shape-rendering attribute on every stroke
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement(id, true, new org.jfree.svg.ViewBox(0, 0, width, height), null, null);
    }

    /**
     * Opens a group with {@code attrs} (class, data-core) and a hover title for what is drawn next;
     * {@link #end} closes it. The title is user text: JFreeSVG escapes markup but keeps an
     * ampersand that starts an entity, so ampersands are escaped here first.
     */
    static void begin(Graphics2D g, Map<String, String> attrs, String title) {
        if (!(g instanceof SVGGraphics2D)) {
            return;
        }
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, new LinkedHashMap<>(attrs));
        if (title != null) {
            g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, HtmlText.clean(title).replace("&", "&amp;"));
        }
    }

    static void end(Graphics2D g) {
        if (g instanceof SVGGraphics2D) {
            g.setRenderingHint(SVGHints.KEY_END_GROUP, "");
        }
    }

    static Map<String, String> cls(String cls) {
        return Map.of("class", cls);
    }

    static Map<String, String> cls(String cls, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("class", cls);
        m.put(key, value);
        return m;
    }

    /** Annotations drawn as one group with a title: a cell, a node or an arrow on a chart. */
    static final class Titled extends AbstractXYAnnotation {
        private final transient List<XYAnnotation> parts;
        private final transient Map<String, String> attrs;
        private final String title;

        Titled(Map<String, String> attrs, String title, List<XYAnnotation> parts) {
            this.attrs = attrs;
            this.title = title;
            this.parts = List.copyOf(parts);
        }

        @Override
        public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
                         int rendererIndex, PlotRenderingInfo info) {
            begin(g2, attrs, title);
            for (XYAnnotation a : parts) {
                a.draw(g2, plot, dataArea, domainAxis, rangeAxis, rendererIndex, info);
            }
            end(g2);
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
