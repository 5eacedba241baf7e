package io.edarts.report.profile;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * {@code profile.html}: a self-contained page with the profile's flame graph (program at the bottom,
 * then code object, codelet and phase, each frame as wide as its cycles, a hover title on each), the
 * code objects with their Amdahl bounds, and {@code profile.txt} in full. The graph is drawn with
 * JFreeSVG from the folded stacks' tree; the page comes from a Mustache template that escapes every
 * value. Text widths are estimated from the character count, not measured with the host's fonts, and
 * JFreeSVG's ids get a fixed prefix, so the same profile gives the same bytes on every host.
 */
public final class ProfileHtml {
    static final int WIDTH = 1200;
    static final int ROW = 18;
    private static final double CHAR = 6.4;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Mustache TEMPLATE = new DefaultMustacheFactory("io/edarts/report/profile")
            .compile("profile.html.mustache");

    private ProfileHtml() {}

    /** One frame of the flame graph: a name, its cycles, and its children by name. */
    static final class Node {
        final String name;
        long cycles;
        final Map<String, Node> children = new TreeMap<>();

        Node(String name) {
            this.name = name;
        }

        Node child(String n) {
            return children.computeIfAbsent(n, Node::new);
        }

        int depth() {
            int d = 0;
            for (Node c : children.values()) {
                d = Math.max(d, c.depth());
            }
            return d + 1;
        }
    }

    /** The stacks of {@link ProfileText#folded} as a tree whose root is the program. */
    static Node tree(ProfileData p) {
        Node root = new Node(p.program());
        for (ProfileData.Codelet c : p.codelets()) {
            Node codelet = root.child(c.codeObject()).child(ProfileText.codeletName(c));
            for (String[] ph : ProfileText.PHASES) {
                long v = ProfileText.phase(c.stats(), ph[0]);
                if (v > 0) {
                    codelet.child(ph[1]).cycles += v;
                }
            }
        }
        for (ProfileData.Core c : p.cores()) {
            if (c.stats().decide() > 0) {
                root.child("(scheduler)").child("SU (" + c.row() + "," + c.col() + ")").child("decide (SU)").cycles
                        += c.stats().decide();
            }
        }
        total(root);
        return root;
    }

    private static long total(Node n) {
        if (!n.children.isEmpty()) {
            long s = 0;
            for (Node c : n.children.values()) {
                s += total(c);
            }
            n.cycles = s;
        }
        return n.cycles;
    }

    /** The flame graph as an {@code <svg>} element. */
    static String flameGraph(ProfileData p) {
        Node root = tree(p);
        int depth = root.depth();
        int height = depth * ROW + 4;
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
        g.setDefsKeyPrefix("flame-");
        g.setGeomDoubleConverter(ProfileHtml::c);
        g.setTransformDoubleConverter(ProfileHtml::c);
        g.setCheckStrokeControlHint(false);
        g.setFont(FONT);
        long total = Math.max(1, root.cycles);
        draw(g, root, 0, WIDTH, depth - 1, total, null);
        return g.getSVGElement("flame", true, new org.jfree.svg.ViewBox(0, 0, WIDTH, height), null, null);
    }

    private static void draw(SVGGraphics2D g, Node n, double x, double w, int level, long total, String hue) {
        if (w < 0.05) {
            return;
        }
        double y = level * ROW + 2;
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("class", "frame");
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, attrs);
        g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, clean(n.name + ": " + String.format(Locale.ROOT, "%,d cycles, %s",
                n.cycles, ProfileText.share(n.cycles, total))).replace("&", "&amp;"));
        g.setColor(n.children.isEmpty() ? PHASE_COLORS.getOrDefault(n.name, Color.LIGHT_GRAY) : warm(hue + "/" + n.name));
        g.fill(new Rectangle2D.Double(x, y, Math.max(0.1, w - 0.5), ROW - 1));
        int chars = (int) ((w - 6) / CHAR);
        if (chars >= 3) {
            String label = n.name.length() <= chars ? n.name : n.name.substring(0, chars - 2) + "..";
            g.setColor(new Color(0x222222));
            g.drawString(clean(label), (float) (x + 3), (float) (y + ROW - 5));
        }
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "");
        double cx = x;
        for (Node c : n.children.values()) {
            double cw = w * c.cycles / Math.max(1, n.cycles);
            draw(g, c, cx, cw, level - 1, total, hue == null ? c.name : hue); // a code object's frames share its hue
            cx += cw;
        }
    }

    /** The phases (the leaves) in fixed colours, as the page's legend shows them. */
    static final Map<String, Color> PHASE_COLORS = Map.of(
            "dispatch", new Color(0x9fb7d9), "code movement", new Color(0xe0554a), "body", new Color(0xf2a541),
            "signal", new Color(0xb9d77e), "contention", new Color(0xb58ad6), "decide (SU)", new Color(0x6cc4bd),
            "host wait", new Color(0x8c8c8c));

    /** Warm colours as flamegraph.pl draws them, from a hash of the name (String.hashCode is specified). */
    private static Color warm(String name) {
        int h = name.hashCode();
        return new Color(205 + Math.floorMod(h, 50), 120 + Math.floorMod(h >> 8, 110), Math.floorMod(h >> 16, 60));
    }

    /** The page. */
    public static String render(ProfileData p) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("title", clean(ProfileText.title(p)));
        page.put("target", clean(p.target()));
        page.put("makespan", String.format(Locale.ROOT, "%,d", p.makespanCycles()));
        page.put("coreCycles", String.format(Locale.ROOT, "%,d", p.coreCycles()));
        page.put("fired", String.format(Locale.ROOT, "%,d", p.fired()));
        page.put("flame", flameGraph(p));
        List<Map<String, String>> rows = new ArrayList<>();
        long total = p.coreCycles();
        for (ProfileData.CodeObject c : ProfileText.byCycles(p.codeObjects(), x -> x.stats(), ProfileData.CodeObject::name)) {
            Amdahl.Bound a = Amdahl.of(p, c.name());
            Map<String, String> row = new LinkedHashMap<>();
            row.put("name", clean(c.name()));
            row.put("share", ProfileText.share(c.stats().cycles(), total));
            row.put("cycles", String.format(Locale.ROOT, "%,d", c.stats().cycles()));
            row.put("calls", String.format(Locale.ROOT, "%,d", c.stats().calls()));
            row.put("mean", String.format(Locale.ROOT, "%,.1f", c.stats().mean()));
            row.put("p99", String.format(Locale.ROOT, "%,d", c.stats().p99()));
            row.put("bound", ProfileText.speedup(a.speedupAtMost()));
            rows.add(row);
        }
        page.put("codeObjects", rows);
        page.put("explanation", Amdahl.EXPLANATION.replace('\n', ' '));
        page.put("text", clean(ProfileText.text(p)));
        StringWriter w = new StringWriter(64 * 1024);
        TEMPLATE.execute(w, page);
        return w.toString();
    }

    /** An SVG coordinate, as the run report writes them. */
    static String c(double v) {
        return io.edarts.report.HtmlText.c(v);
    }

    /** User text without control characters, which XML cannot hold. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            b.append(ch == '\n' || ch == '\t' || (ch >= 0x20 && ch != 0x7f && !Character.isSurrogate(ch)) ? ch
                    : Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    ? ch : Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)) ? ch : '\ufffd');
        }
        return b.toString();
    }
}
