package io.edarts.epiphany.experiment;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Cycles and slowdowns of the remote-execution experiment, per case, loop and core, with the CSV,
 * console tables and heatmaps that present them. Immutable.
 */
public final class RemoteExecResult {
    private final String machine;
    private final int rows;
    private final int cols;
    private final int home;
    private final long iterations;
    private final long[] local;
    private final long[][][] cycles;

    RemoteExecResult(String machine, int rows, int cols, int home, long iterations, long[] local, long[][][] cycles) {
        this.machine = machine;
        this.rows = rows;
        this.cols = cols;
        this.home = home;
        this.iterations = iterations;
        this.local = local.clone();
        this.cycles = new long[cycles.length][][];
        for (int i = 0; i < cycles.length; i++) {
            this.cycles[i] = new long[cycles[i].length][];
            for (int j = 0; j < cycles[i].length; j++) {
                this.cycles[i][j] = cycles[i][j].clone();
            }
        }
    }

    public String machine() { return machine; }

    public int rows() { return rows; }

    public int cols() { return cols; }

    public long iterations() { return iterations; }

    /** Cycles of the loop run from local memory. */
    public long localCycles(LoopKind loop) {
        return local[loop.ordinal()];
    }

    /** Cycles core (row, col) took in {@code c}. */
    public long cycles(RemoteExecCase c, LoopKind loop, int row, int col) {
        return cycles[c.ordinal()][loop.ordinal()][core(row, col)];
    }

    /** Cycles over local cycles. */
    public double slowdown(RemoteExecCase c, LoopKind loop, int row, int col) {
        return (double) cycles(c, loop, row, col) / local[loop.ordinal()];
    }

    /** Whether (row, col) holds the code in {@code c} (and so runs nothing remote). */
    public boolean isHome(RemoteExecCase c, int row, int col) {
        return c != RemoteExecCase.EXTERNAL_DRAM && core(row, col) == home;
    }

    /** Largest slowdown of any core in {@code c}. */
    public double maxSlowdown(RemoteExecCase c, LoopKind loop) {
        double m = 0;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                m = Math.max(m, slowdown(c, loop, r, k));
            }
        }
        return m;
    }

    /** Mean slowdown over the cores that execute remotely in {@code c}. */
    public double meanSlowdown(RemoteExecCase c, LoopKind loop) {
        double s = 0;
        int n = 0;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                if (!isHome(c, r, k)) {
                    s += slowdown(c, loop, r, k);
                    n++;
                }
            }
        }
        return n == 0 ? 0 : s / n;
    }

    /**
     * Writes {@code case,loop,row,col,cycles,slowdown}, one line per case, loop and core, to a
     * temporary file next to {@code path} and moves it into place.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public void writeCsv(Path path) {
        StringBuilder sb = new StringBuilder("case,loop,row,col,cycles,slowdown\n");
        for (RemoteExecCase c : RemoteExecCase.values()) {
            for (LoopKind loop : LoopKind.values()) {
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < cols; k++) {
                        sb.append(c.label()).append(',').append(loop.label()).append(',').append(r).append(',')
                                .append(k).append(',').append(cycles(c, loop, r, k)).append(',')
                                .append(String.format(Locale.ROOT, "%.4f", slowdown(c, loop, r, k))).append('\n');
                    }
                }
            }
        }
        writeAtomically(path, out -> {
            try (Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                w.write(sb.toString());
            }
        });
    }

    /** A rows x cols slowdown table per case and loop, for the console. The home core shows as "home". */
    public String formatTables() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Remote execution on %s (%dx%d), code home core (0,0), %d iterations%n",
                machine, rows, cols, iterations));
        for (LoopKind loop : LoopKind.values()) {
            sb.append(String.format(Locale.ROOT, "  %s loop from local memory: %d cycles (%d bytes of code)%n",
                    loop.label(), local[loop.ordinal()], loop.kernel().bytes()));
        }
        for (RemoteExecCase c : RemoteExecCase.values()) {
            for (LoopKind loop : LoopKind.values()) {
                sb.append(String.format(Locale.ROOT, "%n%s, %s loop: slowdown (max %.2f, mean %.2f)%n", c.label(),
                        loop.label(), maxSlowdown(c, loop), meanSlowdown(c, loop)));
                sb.append("row\\col");
                for (int k = 0; k < cols; k++) {
                    sb.append(String.format(Locale.ROOT, "%8d", k));
                }
                sb.append('\n');
                for (int r = 0; r < rows; r++) {
                    sb.append(String.format(Locale.ROOT, "%7d", r));
                    for (int k = 0; k < cols; k++) {
                        sb.append(isHome(c, r, k) ? "    home"
                                : String.format(Locale.ROOT, "%8.2f", slowdown(c, loop, r, k)));
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    /**
     * Draws the slowdown heatmaps of case {@code c} (the int loop left, the float loop right), each
     * cell labelled with its slowdown, as a PNG written to a temporary file and moved into place.
     * Runs headless.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public void writeHeatmapPng(Path path, RemoteExecCase c) {
        if (c == null) {
            throw new IllegalArgumentException("case must not be null");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int cell = Math.max(28, Math.min(64, 640 / Math.max(rows, cols)));
        int pad = 24;
        int title = 44;
        int panelW = cols * cell;
        int panelH = rows * cell;
        int legend = 40;
        String heading = String.format(Locale.ROOT, "%s: %s, code %s, slowdown vs local (%d iterations)", machine,
                c.label(), c == RemoteExecCase.EXTERNAL_DRAM ? "in external DRAM" : "in core (0,0)", iterations);
        // room for the heading at 14 pt (about 8 px per character)
        int width = Math.max(pad * 3 + panelW * 2, pad * 2 + heading.length() * 8);
        int height = title + 24 + panelH + legend + pad;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = img.createGraphics();
        try {
            gr.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            gr.setColor(Color.WHITE);
            gr.fillRect(0, 0, width, height);
            double[] range = range(c);
            gr.setColor(Color.BLACK);
            gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            gr.drawString(heading, pad, 22);
            int x0 = pad;
            for (LoopKind loop : LoopKind.values()) {
                drawPanel(gr, c, loop, x0, title + 24, cell, range);
                x0 += panelW + pad;
            }
            drawLegend(gr, pad, title + 24 + panelH + 10, width - 2 * pad, range);
        } finally {
            gr.dispose();
        }
        writeAtomically(path, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** Smallest and largest slowdown of the remote-executing cores in {@code c}, over both loops. */
    private double[] range(RemoteExecCase c) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (LoopKind loop : LoopKind.values()) {
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < cols; k++) {
                    if (!isHome(c, r, k)) {
                        double s = slowdown(c, loop, r, k);
                        lo = Math.min(lo, s);
                        hi = Math.max(hi, s);
                    }
                }
            }
        }
        return new double[] {Math.max(1, lo), Math.max(Math.max(1, lo) * 1.0001, hi)};
    }

    private void drawPanel(Graphics2D gr, RemoteExecCase c, LoopKind loop, int x0, int y0, int cell, double[] range) {
        gr.setColor(Color.BLACK);
        gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        gr.drawString(loop.label() + " loop (local " + local[loop.ordinal()] + " cycles)", x0, y0 - 8);
        Font f = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, cell / 4));
        gr.setFont(f);
        FontMetrics fm = gr.getFontMetrics();
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                int x = x0 + k * cell;
                int y = y0 + r * cell;
                boolean isHome = isHome(c, r, k);
                double s = slowdown(c, loop, r, k);
                gr.setColor(isHome ? new Color(0x9e9e9e) : color(s, range));
                gr.fillRect(x, y, cell, cell);
                gr.setColor(Color.WHITE);
                gr.drawRect(x, y, cell, cell);
                String label = isHome ? "home" : String.format(Locale.ROOT, s >= 100 ? "%.0f" : "%.1f", s);
                gr.setColor(isHome || position(s, range) > 0.6 ? Color.WHITE : Color.BLACK);
                gr.drawString(label, x + (cell - fm.stringWidth(label)) / 2, y + (cell + fm.getAscent()) / 2 - 2);
            }
        }
    }

    private static void drawLegend(Graphics2D gr, int x, int y, int w, double[] range) {
        int h = 12;
        for (int i = 0; i < w; i++) {
            double s = range[0] * Math.exp(Math.log(range[1] / range[0]) * i / (w - 1));
            gr.setColor(color(s, range));
            gr.drawLine(x + i, y, x + i, y + h);
        }
        gr.setColor(Color.BLACK);
        gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        gr.drawString(String.format(Locale.ROOT, "%.1fx", range[0]), x, y + h + 13);
        String m = String.format(Locale.ROOT, "%.1fx (log scale)", range[1]);
        gr.drawString(m, x + w - gr.getFontMetrics().stringWidth(m), y + h + 13);
    }

    /** Position of {@code s} on a log scale over {@code range}, 0..1. */
    private static double position(double s, double[] range) {
        return Math.max(0, Math.min(1, Math.log(Math.max(s, range[0]) / range[0]) / Math.log(range[1] / range[0])));
    }

    /** Pale yellow (fastest core) through orange to dark red (slowest). */
    private static Color color(double s, double[] range) {
        double t = position(s, range);
        int r = (int) Math.round(255 - 120 * t);
        int g = (int) Math.round(245 - 235 * t);
        int b = (int) Math.round(200 - 190 * t);
        return new Color(r, g, b);
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path path, Body body) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        Path abs = path.toAbsolutePath();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            io.edarts.cam.AtomicFiles.write(abs, body::write);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + abs + ": " + e.getMessage(), e);
        }
    }

    private int core(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IllegalArgumentException("(" + row + "," + col + ") is not on the " + rows + "x" + cols + " mesh");
        }
        return row * cols + col;
    }
}
