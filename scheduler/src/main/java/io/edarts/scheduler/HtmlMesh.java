package io.edarts.scheduler;

import static io.edarts.scheduler.HtmlText.c;
import static io.edarts.scheduler.HtmlText.esc;
import static io.edarts.scheduler.HtmlText.n;
import static io.edarts.scheduler.HtmlText.pct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The mesh pictures of {@link HtmlReport}: RxC heatmaps of a per-core share (utilisation, code cycles
 * over busy cycles) and the link-traffic map, arrows between neighbouring cores coloured by the bytes
 * that crossed each directed link. Meshes larger than {@link #LABEL_LIMIT} a side get no per-cell text.
 */
final class HtmlMesh {
    static final int LABEL_LIMIT = 16;
    /** Where the link colours start on their ramp, so a link with few bytes still stands out from the page. */
    private static final double LINK_T0 = 0.12;

    private HtmlMesh() {}

    /** A share per core, 0 to {@code max}; {@code value} returns NaN for "not applicable". */
    static void heatmap(StringBuilder b, RunResult r, String id, String title, int[] ramp, double max,
                        ToDoubleFunction<RunResult.CoreReport> value, Function<RunResult.CoreReport, String> tip) {
        int rows = r.rows();
        int cols = r.cols();
        int side = Math.max(rows, cols);
        int cs = (int) Math.max(5, Math.min(56, Math.floor(Math.max(300, Math.min(420, 12 * side)) / (double) side)));
        boolean labels = rows <= LABEL_LIMIT && cols <= LABEL_LIMIT && cs >= 20;
        int left = 26;
        int top = 18;
        int gridW = cols * cs;
        int width = left + Math.max(gridW, 200) + 12;
        int legendY = top + rows * cs + 14;
        int height = legendY + 34;
        b.append("<svg class=\"chart mesh\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(esc(title)).append("\">\n");
        axisLabels(b, rows, cols, left, top, cs, cs);
        b.append("<g stroke=\"#ffffff\" stroke-width=\"").append(cs >= 12 ? "1" : "0.5").append("\">\n");
        for (RunResult.CoreReport core : r.cores()) {
            double v = value.applyAsDouble(core);
            boolean su = "SU".equals(core.role());
            double t = Double.isNaN(v) ? 0 : max <= 0 ? 0 : v / max;
            String fill = Double.isNaN(v) ? "#d9d9d9" : HtmlColor.ramp(ramp, t);
            double x = left + core.col() * cs;
            double y = top + core.row() * cs;
            b.append("<g class=\"cell\" data-core=\"").append(core.id()).append("\"><title>").append(HtmlGantt.coreName(core))
                    .append(": ").append(tip.apply(core)).append("</title><rect x=\"").append(c(x)).append("\" y=\"").append(c(y))
                    .append("\" width=\"").append(cs).append("\" height=\"").append(cs).append("\" fill=\"").append(fill)
                    .append("\"/>");
            if (su) {
                double in = cs >= 12 ? 1.5 : 0.75;
                b.append("<rect x=\"").append(c(x + in)).append("\" y=\"").append(c(y + in)).append("\" width=\"")
                        .append(c(cs - 2 * in)).append("\" height=\"").append(c(cs - 2 * in))
                        .append("\" fill=\"none\" stroke=\"#000000\" stroke-width=\"").append(cs >= 12 ? "2" : "1")
                        .append(cs >= 20 ? "\" stroke-dasharray=\"4 2" : "").append("\"/>");
            }
            if (labels) {
                String colour = !Double.isNaN(v) && HtmlColor.dark(t) ? "#ffffff" : "#111111";
                double font = Math.min(12, cs / 4.2);
                String text = Double.isNaN(v) ? "n/a" : HtmlText.f(v * 100, v >= 0.995 || cs < 40 ? 0 : 1) + "%";
                if (su) {
                    b.append("<text x=\"").append(c(x + cs / 2.0)).append("\" y=\"").append(c(y + cs / 2.0 - font * 0.35))
                            .append("\" text-anchor=\"middle\" font-size=\"").append(c(font)).append("\" font-weight=\"bold\" fill=\"")
                            .append(colour).append("\">SU</text><text x=\"").append(c(x + cs / 2.0)).append("\" y=\"")
                            .append(c(y + cs / 2.0 + font * 0.95)).append("\" text-anchor=\"middle\" font-size=\"").append(c(font))
                            .append("\" fill=\"").append(colour).append("\">").append(text).append("</text>");
                } else {
                    b.append("<text x=\"").append(c(x + cs / 2.0)).append("\" y=\"").append(c(y + cs / 2.0 + font * 0.35))
                            .append("\" text-anchor=\"middle\" font-size=\"").append(c(font)).append("\" fill=\"").append(colour)
                            .append("\">").append(text).append("</text>");
                }
            }
            b.append("</g>\n");
        }
        b.append("</g>\n");
        colourBar(b, id, ramp, 0, left, legendY, Math.max(gridW, 200), "0%", pct(max));
        b.append("</svg>\n");
    }

    /** Directed links drawn as arrows between neighbouring cores, coloured by bytes. */
    static void links(StringBuilder b, RunResult r) {
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
            m.append(m.length() == 0 ? "" : ", ").append(esc(l.mesh())).append(' ').append(n(l.bytes())).append(" B");
        }
        long maxBytes = 1;
        for (long[] s : sum.values()) {
            maxBytes = Math.max(maxBytes, s[0]);
        }
        double p = Math.max(9, Math.min(96, Math.floor(520.0 / Math.max(rows, cols))));
        // Small pitches give the arrows more of the room: at 16 px a side a 9 px box left no room for them.
        double box = (p >= 40 ? 0.56 : 0.36) * p;
        double margin = 0.45 * p;
        int left = 26;
        int top = 18;
        double gridW = cols * p + 2 * margin;
        double gridH = rows * p + 2 * margin;
        int width = (int) Math.ceil(left + Math.max(gridW, 240) + 12);
        int legendY = (int) Math.ceil(top + gridH + 12);
        int height = legendY + 34;
        double ox = left + margin;
        double oy = top + margin;
        b.append("<svg class=\"chart mesh\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"mesh link traffic\">\n");
        axisLabels(b, rows, cols, ox, oy, p, p);
        boolean labels = rows <= LABEL_LIMIT && cols <= LABEL_LIMIT && box >= 22;
        for (RunResult.CoreReport core : r.cores()) {
            boolean su = "SU".equals(core.role());
            double x = ox + core.col() * p + (p - box) / 2;
            double y = oy + core.row() * p + (p - box) / 2;
            b.append("<g class=\"node\"><title>").append(HtmlGantt.coreName(core)).append(": ")
                    .append(n(core.counters().meshBytes)).append(" bytes put on the mesh</title><rect x=\"").append(c(x))
                    .append("\" y=\"").append(c(y)).append("\" width=\"").append(c(box)).append("\" height=\"").append(c(box))
                    .append("\" rx=\"").append(c(box * 0.12)).append("\" fill=\"").append(su ? "#bdbdbd" : "#f2f2f2")
                    .append("\" stroke=\"").append(su ? "#000000" : "#999999").append("\" stroke-width=\"")
                    .append(su ? c(Math.max(1, p / 40)) : "1").append("\"/>");
            if (labels) {
                b.append("<text x=\"").append(c(x + box / 2)).append("\" y=\"").append(c(y + box / 2 + 3.5))
                        .append("\" text-anchor=\"middle\" class=\"tick\">").append(su ? "SU " : "").append(core.id())
                        .append("</text>");
            }
            b.append("</g>\n");
        }
        double lw = p >= 40 ? Math.max(1, p / 16) : Math.max(1, p * 0.12);
        double head = p >= 40 ? p / 9 : Math.max(2, p * 0.16);
        for (Map.Entry<Long, long[]> e : sum.entrySet()) {
            int from = (int) (e.getKey() / (cores + 1)) - 1;
            int to = (int) (e.getKey() % (cores + 1)) - 1;
            boolean offChip = from < 0 || to < 0;
            // Arrows run from the edge of one box to the edge of the other; off-chip ones between a box
            // and the mesh edge it faces. Each is shifted to its right, so the two directions sit side by side.
            double sx;
            double sy;
            double ex;
            double ey;
            double inset = box / 2 + p * 0.03;
            if (!offChip) {
                RunResult.CoreReport a = r.cores().get(from);
                RunResult.CoreReport z = r.cores().get(to);
                double ax = ox + a.col() * p + p / 2;
                double ay = oy + a.row() * p + p / 2;
                double zx = ox + z.col() * p + p / 2;
                double zy = oy + z.row() * p + p / 2;
                double len = StrictMath.hypot(zx - ax, zy - ay);
                if (len == 0) {
                    continue;
                }
                double ux = (zx - ax) / len;
                double uy = (zy - ay) / len;
                sx = ax + ux * inset;
                sy = ay + uy * inset;
                ex = zx - ux * inset;
                ey = zy - uy * inset;
            } else {
                RunResult.CoreReport a = r.cores().get(from >= 0 ? from : to);
                double ax = ox + a.col() * p + p / 2;
                double ay = oy + a.row() * p + p / 2;
                double[] out = outward(a, rows, cols);
                double reach = p / 2 + margin * 0.8;
                double nearX = ax + out[0] * inset;
                double nearY = ay + out[1] * inset;
                double farX = ax + out[0] * reach;
                double farY = ay + out[1] * reach;
                boolean outbound = to < 0;
                sx = outbound ? nearX : farX;
                sy = outbound ? nearY : farY;
                ex = outbound ? farX : nearX;
                ey = outbound ? farY : nearY;
            }
            long bytes = e.getValue()[0];
            String colour = bytes == 0 ? "#cccccc" : HtmlColor.ramp(HtmlColor.YLORRD, LINK_T0 + (1 - LINK_T0) * bytes / maxBytes);
            b.append("<g class=\"link\"><title>").append(end(r, from)).append(" \u2192 ").append(end(r, to)).append(": ")
                    .append(n(bytes)).append(" bytes (").append(meshes.get(e.getKey())).append("), busy ")
                    .append(n(e.getValue()[1])).append(" cycles (").append(pct(e.getValue()[1], r.makespanCycles()))
                    .append(" of the makespan)</title>");
            arrow(b, sx, sy, ex, ey, (p >= 40 ? 0.13 : 0.15) * p, lw, head, colour, offChip);
            b.append("</g>\n");
        }
        colourBar(b, "g-link", HtmlColor.YLORRD, LINK_T0, left, legendY, Math.max(gridW, 240), "0 B", HtmlText.bytes(maxBytes));
        b.append("</svg>\n");
    }

    /** One end of a link in a tooltip: a core with its position, or DRAM beyond the eLink. */
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

    /** An arrow from (sx,sy) to (ex,ey), shifted {@code shift} to its right, with a triangular head. */
    private static void arrow(StringBuilder b, double sx, double sy, double ex, double ey, double shift, double lw,
                              double head, String colour, boolean dashed) {
        double len = StrictMath.hypot(ex - sx, ey - sy);
        if (len == 0) {
            return;
        }
        double ux = (ex - sx) / len;
        double uy = (ey - sy) / len;
        if (len < head + 1) {
            ex = sx + ux * (head + 1);
            ey = sy + uy * (head + 1);
        }
        double nx = -uy * shift;
        double ny = ux * shift;
        double x1 = sx + nx;
        double y1 = sy + ny;
        double tx = ex + nx;
        double ty = ey + ny;
        double x2 = tx - ux * head;
        double y2 = ty - uy * head;
        b.append("<line x1=\"").append(c(x1)).append("\" y1=\"").append(c(y1)).append("\" x2=\"").append(c(x2))
                .append("\" y2=\"").append(c(y2)).append("\" stroke=\"").append(colour).append("\" stroke-width=\"")
                .append(c(lw)).append('"').append(dashed ? " stroke-dasharray=\"3 2\"" : "").append("/>");
        double hx = -uy * head * 0.6;
        double hy = ux * head * 0.6;
        b.append("<polygon points=\"").append(c(tx)).append(',').append(c(ty)).append(' ').append(c(x2 + hx)).append(',')
                .append(c(y2 + hy)).append(' ').append(c(x2 - hx)).append(',').append(c(y2 - hy)).append("\" fill=\"")
                .append(colour).append("\"/>");
    }

    /** The busiest directed links, most bytes first (ties by link), at most {@code limit}. */
    static List<RunResult.LinkReport> busiest(RunResult r, int limit) {
        List<RunResult.LinkReport> l = new ArrayList<>(r.links());
        l.sort((x, y) -> x.bytes() != y.bytes() ? Long.compare(y.bytes(), x.bytes())
                : x.from() != y.from() ? Integer.compare(x.from(), y.from())
                : x.to() != y.to() ? Integer.compare(x.to(), y.to()) : x.mesh().compareTo(y.mesh()));
        return l.subList(0, Math.min(limit, l.size()));
    }

    private static void axisLabels(StringBuilder b, int rows, int cols, double left, double top, double cw, double ch) {
        int step = (int) Math.max(1, Math.ceil(14.0 / cw));
        for (int col = 0; col < cols; col += step) {
            b.append("<text x=\"").append(c(left + col * cw + cw / 2)).append("\" y=\"").append(c(top - 5))
                    .append("\" text-anchor=\"middle\" class=\"tick\">").append(col).append("</text>");
        }
        step = (int) Math.max(1, Math.ceil(12.0 / ch));
        for (int row = 0; row < rows; row += step) {
            b.append("<text x=\"").append(c(left - 5)).append("\" y=\"").append(c(top + row * ch + ch / 2 + 3.5))
                    .append("\" text-anchor=\"end\" class=\"tick\">").append(row).append("</text>");
        }
        b.append('\n');
    }

    /** A colour bar for {@code ramp} from {@code t0} to 1, labelled at both ends. */
    private static void colourBar(StringBuilder b, String id, int[] ramp, double t0, double x, double y, double w,
                                  String lo, String hi) {
        b.append("<defs><linearGradient id=\"").append(id).append("\">");
        for (int i = 0; i < ramp.length; i++) {
            double u = (double) i / (ramp.length - 1);
            b.append("<stop offset=\"").append(c(u)).append("\" stop-color=\"")
                    .append(HtmlColor.ramp(ramp, t0 + (1 - t0) * u)).append("\"/>");
        }
        b.append("</linearGradient></defs><rect x=\"").append(c(x)).append("\" y=\"").append(c(y)).append("\" width=\"")
                .append(c(w)).append("\" height=\"10\" fill=\"url(#").append(id).append(")\" stroke=\"#bbbbbb\"/>")
                .append("<text x=\"").append(c(x)).append("\" y=\"").append(c(y + 23)).append("\" class=\"tick\">").append(lo)
                .append("</text><text x=\"").append(c(x + w)).append("\" y=\"").append(c(y + 23))
                .append("\" text-anchor=\"end\" class=\"tick\">").append(hi).append("</text>\n");
    }
}
