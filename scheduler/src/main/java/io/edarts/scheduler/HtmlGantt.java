package io.edarts.scheduler;

import static io.edarts.scheduler.HtmlText.c;
import static io.edarts.scheduler.HtmlText.clip;
import static io.edarts.scheduler.HtmlText.esc;
import static io.edarts.scheduler.HtmlText.n;
import static io.edarts.scheduler.HtmlText.pct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The time charts of {@link HtmlReport}: busy CUs over time, the Gantt heat strip (a row per core,
 * one shade per time bin) and, for small traces, every firing as its own rectangle.
 *
 * <p>The heat strip is drawn in a nested SVG whose user units are bins by cores, with one
 * {@code <path>} per shade level per row (runs of equal shade merged), so a 32x32 mesh stays a few
 * hundred kilobytes even at 400 bins.
 */
final class HtmlGantt {
    static final int LEFT = 118;
    static final int PLOT_W = 1080;
    static final int RIGHT = 24;
    static final int WIDTH = LEFT + PLOT_W + RIGHT;
    /** Shade levels of the heat strip (a bin's busy share rounded up to eighths). */
    private static final int LEVELS = 8;
    private static final String IDLE = "#eeeeee";
    private static final String SU_SPAN = "#6f6f6f";
    private static final int FAMILIES = 9;

    private HtmlGantt() {}

    static double rowHeight(int cores, double max) {
        return Math.max(1.0, Math.min(max, Math.floor(560.0 / cores)));
    }

    /** Average number of busy CUs in each bin: a step curve over the makespan. */
    static void parallelism(StringBuilder b, RunResult r, HtmlTrace t) {
        int cus = 0;
        for (RunResult.CoreReport core : r.cores()) {
            if (!"SU".equals(core.role())) {
                cus++;
            }
        }
        if (cus == 0) {
            return;
        }
        double[] avg = new double[t.bins];
        double peak = 0;
        for (int k = 0; k < t.bins; k++) {
            long w = t.edge(k + 1) - t.edge(k);
            long sum = 0;
            for (RunResult.CoreReport core : r.cores()) {
                if (!"SU".equals(core.role())) {
                    sum += t.busy[core.id()][k];
                }
            }
            avg[k] = w == 0 ? 0 : Math.min(cus, (double) sum / w);
            peak = Math.max(peak, avg[k]);
        }
        int h = 80;
        int top = 10;
        int height = top + h + 34;
        b.append("<svg class=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"busy CUs over time\">\n");
        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"").append(PLOT_W)
                .append("\" height=\"").append(h).append("\" fill=\"#fafafa\" stroke=\"#cccccc\"/>\n");
        long yStep = niceStep(cus, 5);
        for (long q = 0; q <= cus; q += yStep) {
            double y = top + h - (double) h * q / cus;
            b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_W).append("\" y1=\"").append(c(y))
                    .append("\" y2=\"").append(c(y)).append("\" stroke=\"#e2e2e2\"/>");
            b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(c(y + 3.5))
                    .append("\" class=\"tick\" text-anchor=\"end\">").append(q).append("</text>\n");
        }
        StringBuilder d = new StringBuilder("M").append(LEFT).append(' ').append(top + h);
        for (int k = 0; k < t.bins; k++) {
            double x0 = LEFT + (double) PLOT_W * k / t.bins;
            double x1 = LEFT + (double) PLOT_W * (k + 1) / t.bins;
            double y = top + h - h * avg[k] / cus;
            d.append("L").append(c(x0)).append(' ').append(c(y)).append("L").append(c(x1)).append(' ').append(c(y));
        }
        d.append("L").append(LEFT + PLOT_W).append(' ').append(top + h).append('Z');
        b.append("<path d=\"").append(d).append("\" fill=\"#6baed6\" stroke=\"#2171b5\" stroke-width=\"0.8\"><title>")
                .append("average busy CUs per bin (peak ").append(HtmlText.f(peak, 2)).append(" of ").append(cus)
                .append(")</title></path>\n");
        b.append("<text x=\"12\" y=\"").append(top + h / 2 - 4).append("\" class=\"axis\">busy CUs</text>")
                .append("<text x=\"12\" y=\"").append(top + h / 2 + 10).append("\" class=\"tick\">of ").append(cus)
                .append("</text>\n");
        axis(b, r, top + h);
        b.append("</svg>\n");
    }

    /** The heat strip: a row per core, each bin shaded by the core's busy share in it. */
    static void heatStrip(StringBuilder b, RunResult r, HtmlTrace t) {
        int cores = t.cores;
        double rowH = rowHeight(cores, 14);
        double plotH = cores * rowH;
        int top = 6;
        int height = (int) Math.ceil(top + plotH + 34);
        b.append("<svg class=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Gantt chart: busy share per core over time\">\n");
        rowLabels(b, r, top, rowH);
        b.append("<svg x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"").append(PLOT_W)
                .append("\" height=\"").append(c(plotH)).append("\" viewBox=\"0 0 ").append(t.bins).append(' ')
                .append(cores).append("\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\">\n");
        StringBuilder[] paths = new StringBuilder[LEVELS + 1];
        for (RunResult.CoreReport core : r.cores()) {
            int i = core.id();
            b.append("<g class=\"gantt-row\" data-core=\"").append(i).append("\"><title>").append(coreName(core))
                    .append(": busy ").append(n(core.busyCycles())).append(" of ").append(n(r.makespanCycles()))
                    .append(" cycles (").append(pct(core.busyCycles(), r.makespanCycles())).append("), ")
                    .append(n(core.fired())).append(" firings</title><rect y=\"").append(i)
                    .append("\" width=\"").append(t.bins).append("\" height=\"1\" fill=\"").append(IDLE).append("\"/>");
            for (int l = 1; l <= LEVELS; l++) {
                paths[l] = null;
            }
            int k = 0;
            while (k < t.bins) {
                int level = level(t.share(i, k));
                int end = k + 1;
                while (end < t.bins && level(t.share(i, end)) == level) {
                    end++;
                }
                if (level > 0) {
                    if (paths[level] == null) {
                        paths[level] = new StringBuilder();
                    }
                    paths[level].append('M').append(k).append(' ').append(i).append('h').append(end - k)
                            .append("v1h-").append(end - k).append('z');
                }
                k = end;
            }
            for (int l = 1; l <= LEVELS; l++) {
                if (paths[l] != null) {
                    b.append("<path fill=\"").append(HtmlColor.ramp(HtmlColor.BLUES, (double) l / LEVELS))
                            .append("\" d=\"").append(paths[l]).append("\"/>");
                }
            }
            b.append("</g>\n");
        }
        b.append("</svg>\n");
        if (rowH >= 4) {
            separators(b, r, top, rowH);
        }
        axis(b, r, (int) Math.ceil(top + plotH));
        b.append("</svg>\n");
        legend(b);
    }

    /** Every firing and SU decision as its own rectangle, with a tooltip. */
    static void exact(StringBuilder b, RunResult r, HtmlTrace t) {
        List<HtmlTrace.Span> spans = t.exact();
        Map<String, Integer> counts = new HashMap<>();
        for (HtmlTrace.Span s : spans) {
            if (s.name() != null) {
                counts.merge(family(s.name()), 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort((x, y) -> !x.getValue().equals(y.getValue()) ? Integer.compare(y.getValue(), x.getValue())
                : x.getKey().compareTo(y.getKey()));
        Map<String, String> colour = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            colour.put(ranked.get(i).getKey(), i < FAMILIES ? HtmlColor.category(i) : HtmlColor.category(FAMILIES));
        }
        int cores = t.cores;
        double rowH = rowHeight(cores, 18);
        double plotH = cores * rowH;
        int top = 6;
        int height = (int) Math.ceil(top + plotH + 34);
        b.append("<svg class=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"every firing, per core\">\n");
        rowLabels(b, r, top, rowH);
        for (RunResult.CoreReport core : r.cores()) {
            b.append("<rect class=\"firing-row\" x=\"").append(LEFT).append("\" y=\"").append(c(top + core.id() * rowH))
                    .append("\" width=\"").append(PLOT_W).append("\" height=\"").append(c(rowH)).append("\" fill=\"")
                    .append(core.id() % 2 == 0 ? "#f6f6f6" : "#efefef").append("\"/>\n");
        }
        double gap = rowH >= 6 ? 1 : 0;
        double scale = (double) PLOT_W / r.makespanCycles();
        for (HtmlTrace.Span s : spans) {
            RunResult.CoreReport core = r.cores().get(s.core());
            double x = LEFT + s.start() * scale;
            double w = s.cycles() * scale;
            w = w > 2.5 ? w - 0.75 : Math.max(0.4, w);
            w = Math.min(w, LEFT + PLOT_W - x);
            if (w <= 0) {
                continue;
            }
            b.append("<rect x=\"").append(c(x)).append("\" y=\"").append(c(top + s.core() * rowH + gap))
                    .append("\" width=\"").append(c(w)).append("\" height=\"").append(c(rowH - 2 * gap))
                    .append("\" fill=\"").append(s.name() == null ? SU_SPAN : colour.get(family(s.name())))
                    .append("\"><title>");
            b.append(s.name() == null ? "SU decision" : esc(clip(s.name(), 200))).append(" \u2014 ")
                    .append(coreName(core)).append(", cycles ").append(n(s.start())).append("\u2013")
                    .append(n(s.start() + s.cycles())).append(" (").append(n(s.cycles())).append(" cycles)</title></rect>\n");
        }
        axis(b, r, (int) Math.ceil(top + plotH));
        b.append("</svg>\n<div class=\"legend\">");
        for (int i = 0; i < Math.min(FAMILIES, ranked.size()); i++) {
            swatch(b, HtmlColor.category(i), esc(clip(ranked.get(i).getKey(), 40)) + " (" + n(ranked.get(i).getValue()) + ")");
        }
        if (ranked.size() > FAMILIES) {
            long rest = 0;
            for (int i = FAMILIES; i < ranked.size(); i++) {
                rest += ranked.get(i).getValue();
            }
            swatch(b, HtmlColor.category(FAMILIES), (ranked.size() - FAMILIES) + " other families (" + n(rest) + ")");
        }
        if (t.decisions > 0) {
            swatch(b, SU_SPAN, "SU decision");
        }
        b.append("</div>\n");
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
        return esc(core.role()) + " " + core.id() + " (" + core.row() + "," + core.col() + ")";
    }

    private static int level(double share) {
        return share <= 0 ? 0 : Math.max(1, Math.min(LEVELS, (int) Math.ceil(share * LEVELS - 1e-9)));
    }

    private static void rowLabels(StringBuilder b, RunResult r, int top, double rowH) {
        if (rowH >= 9) {
            double font = Math.min(11, rowH - 2);
            for (RunResult.CoreReport core : r.cores()) {
                boolean su = "SU".equals(core.role());
                b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(c(top + core.id() * rowH + rowH / 2 + font * 0.35))
                        .append("\" text-anchor=\"end\" font-size=\"").append(c(font)).append('"')
                        .append(su ? " class=\"su-label\"" : "").append('>').append(esc(core.role())).append(' ')
                        .append(core.id()).append(" (").append(core.row()).append(',').append(core.col())
                        .append(")</text>\n");
            }
            return;
        }
        int cols = Math.max(1, r.cols());
        int step = (int) Math.max(1, Math.ceil(12.0 / (cols * rowH)));
        for (int row = 0; row < r.rows(); row += step) {
            double y = top + row * cols * rowH;
            b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(c(y + 9)).append("\" text-anchor=\"end\" class=\"tick\">")
                    .append("row ").append(row).append(" \u2192</text>\n");
        }
    }

    private static void separators(StringBuilder b, RunResult r, int top, double rowH) {
        int cols = Math.max(1, r.cols());
        for (int row = 1; row < r.rows(); row++) {
            double y = top + row * cols * rowH;
            b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_W).append("\" y1=\"").append(c(y))
                    .append("\" y2=\"").append(c(y)).append("\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n");
        }
    }

    /** The time axis under a chart: ticks in cycles, the makespan in microseconds at the end. */
    static void axis(StringBuilder b, RunResult r, int y) {
        long m = r.makespanCycles();
        b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_W).append("\" y1=\"").append(y)
                .append("\" y2=\"").append(y).append("\" stroke=\"#888888\"/>\n");
        long step = niceStep(m, 10);
        for (long v = 0; v <= m; v += step) {
            double x = LEFT + (double) PLOT_W * v / m;
            if (v > 0 && LEFT + PLOT_W - x < 40) {
                break;
            }
            b.append("<line x1=\"").append(c(x)).append("\" x2=\"").append(c(x)).append("\" y1=\"").append(y)
                    .append("\" y2=\"").append(y + 4).append("\" stroke=\"#888888\"/><text x=\"").append(c(x))
                    .append("\" y=\"").append(y + 15).append("\" class=\"tick\" text-anchor=\"middle\">")
                    .append(HtmlText.shortCount(v)).append("</text>\n");
        }
        b.append("<line x1=\"").append(LEFT + PLOT_W).append("\" x2=\"").append(LEFT + PLOT_W).append("\" y1=\"").append(y)
                .append("\" y2=\"").append(y + 4).append("\" stroke=\"#888888\"/><text x=\"").append(LEFT + PLOT_W)
                .append("\" y=\"").append(y + 15).append("\" class=\"tick\" text-anchor=\"end\">")
                .append(HtmlText.shortCount(m)).append("</text>\n");
        b.append("<text x=\"").append(LEFT + PLOT_W / 2).append("\" y=\"").append(y + 29)
                .append("\" class=\"axis\" text-anchor=\"middle\">simulated cycles (makespan ").append(n(m))
                .append(" cycles = ").append(HtmlText.f(r.makespanMicros(), 3)).append(" \u00b5s)</text>\n");
    }

    /** 1, 2 or 5 times a power of ten, giving at most {@code maxTicks} steps over {@code range}. */
    static long niceStep(long range, int maxTicks) {
        long step = 1;
        int i = 0;
        long[] mult = {1, 2, 5};
        long base = 1;
        while (range / step > maxTicks) {
            i++;
            if (i == 3) {
                i = 0;
                base *= 10;
            }
            step = mult[i] * base;
        }
        return step;
    }

    private static void legend(StringBuilder b) {
        b.append("<div class=\"legend\">busy share of each bin: ");
        swatch(b, IDLE, "idle");
        for (int l = 1; l <= LEVELS; l += 1) {
            String label = "\u2264" + HtmlText.f(100.0 * l / LEVELS, 1) + "%";
            swatch(b, HtmlColor.ramp(HtmlColor.BLUES, (double) l / LEVELS), label);
        }
        b.append("</div>\n");
    }

    static void swatch(StringBuilder b, String colour, String labelHtml) {
        b.append("<span class=\"sw\"><span class=\"box\" style=\"background:").append(colour).append("\"></span>")
                .append(labelHtml).append("</span>");
    }
}
