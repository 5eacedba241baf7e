package io.edarts.examples.graph;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Standard Task Graph Set format of the Kasahara laboratory, Waseda University
 * (https://www.kasahara.cs.waseda.ac.jp/schedule/): the first line gives the number {@code n} of
 * real tasks, then one line per task for ids {@code 0..n+1},
 * {@code id processingTime numPredecessors pred...}, whitespace separated. Task 0 and task
 * {@code n+1} are the set's dummy entry and exit tasks (cost 0); they stay in the graph. Lines whose
 * first non-blank character is {@code #} are comments (the set's files end with a block of them);
 * blank lines are ignored. Processing times are read as cycles.
 *
 * <p>The format has no names, code or affinity; {@link #write} drops them.
 */
public final class StgFormat {
    private StgFormat() {
    }

    /**
     * Reads an STG file. The graph is named after the file, without its {@code .stg} extension.
     *
     * @throws GraphFormatException naming the file, line and task, for a non-numeric field, a task
     *                              count that does not match the lines, an id out of order or out of
     *                              range, a predecessor count that does not match the line, an
     *                              unknown or repeated predecessor, a negative time, or a cycle
     * @throws IOException          if the file cannot be read
     */
    public static TaskGraph read(Path file) throws IOException {
        String source = file.toString();
        // Latin-1 decodes any byte, so stray characters in the comment block never fail the read.
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            return new Reader(source, in, graphName(file)).read();
        }
    }

    /**
     * Writes {@code graph} in STG form, atomically (a temporary file moved into place). If the graph
     * already has STG's dummy tasks (task 0 and the last task cost 0, the first has no predecessors
     * and the last no successors) they are written as they are; otherwise a zero-cost entry and exit
     * are added around it and every id moves up by one.
     *
     * @throws IOException if the file cannot be written; the target is then left untouched
     */
    public static void write(TaskGraph graph, Path file) throws IOException {
        io.edarts.cam.AtomicFiles.writeText(file, out -> writeTo(graph, out));
    }

    private static void writeTo(TaskGraph g, Writer out) throws IOException {
        int n = g.size();
        boolean framed = n >= 2 && g.cycles(0) == 0 && g.predecessorCount(0) == 0
                && g.cycles(n - 1) == 0 && g.successorCount(n - 1) == 0;
        int shift = framed ? 0 : 1;
        int total = n + 2 * shift;
        long edges = g.edgeCount();
        StringBuilder line = new StringBuilder(64);
        out.write(Integer.toString(total - 2));
        out.write('\n');
        if (!framed) {
            out.write("0 0 0\n");
        }
        for (int t = 0; t < n; t++) {
            int[] preds = g.predecessors(t);
            line.setLength(0);
            line.append(t + shift).append(' ').append(g.cycles(t)).append(' ');
            if (!framed && preds.length == 0) {
                line.append("1 0");
                edges++;
            } else {
                line.append(preds.length);
                for (int p : preds) {
                    line.append(' ').append(p + shift);
                }
            }
            out.append(line).append('\n');
        }
        if (!framed) {
            line.setLength(0);
            int sinks = 0;
            for (int t = 0; t < n; t++) {
                if (g.successorCount(t) == 0) {
                    line.append(' ').append(t + 1);
                    sinks++;
                }
            }
            out.append(Integer.toString(n + 1)).append(" 0 ").append(Integer.toString(sinks)).append(line).append('\n');
            edges += sinks;
        }
        out.write("#\n# " + g.graphName().orElse("task graph") + ", written by edarts: " + (total - 2)
                + " tasks, " + edges + " edges, critical path " + g.criticalPathCycles()
                + " cycles, total work " + g.totalWorkCycles() + " cycles\n");
    }

    private static String graphName(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return null;
        }
        String s = name.toString();
        return s.endsWith(".stg") ? s.substring(0, s.length() - 4) : s;
    }

    /** One pass over the lines; tokens are parsed in place, without a String per field. */
    private static final class Reader {
        private final String source;
        private final BufferedReader in;
        private final String graphName;
        private int lineNo;
        private String line;
        private int pos;

        Reader(String source, BufferedReader in, String graphName) {
            this.source = source;
            this.in = in;
            this.graphName = graphName;
        }

        TaskGraph read() throws IOException {
            if (!nextContentLine()) {
                throw GraphFormatException.at(source, lineNo, null,
                        "no task count: the file has no line that is not blank or a comment");
            }
            long declared = number("the number of tasks", null);
            if (hasMoreTokens()) {
                throw GraphFormatException.at(source, lineNo, null,
                        "the first line must hold only the number of tasks, found more: " + shown(line.trim()));
            }
            if (declared < 0 || declared > Integer.MAX_VALUE - 16) {
                throw GraphFormatException.at(source, lineNo, null, "number of tasks " + declared
                        + " out of range: expected 0.." + (Integer.MAX_VALUE - 16));
            }
            int last = (int) declared + 1;   // id of the dummy exit task
            int headerLine = lineNo;
            // Preallocate only what a plausible file needs; a huge count in a short file costs nothing.
            TaskGraph.Builder b = new TaskGraph.Builder(source, Math.min(last + 1, 1 << 20), Math.min(3 * (last + 1), 3 << 20));
            b.graphName(graphName);
            int[] preds = new int[16];
            for (int id = 0; id <= last; id++) {
                if (!nextContentLine()) {
                    throw GraphFormatException.at(source, lineNo, "task " + id, "missing: the file ended after "
                            + id + " of " + (last + 1) + " task lines (line " + headerLine + " declares "
                            + declared + " tasks plus the entry and exit tasks 0 and " + last + ")");
                }
                String task = "task " + id;
                long got = number("the task id", task);
                if (got < 0 || got > last) {
                    throw GraphFormatException.at(source, lineNo, task, "task id " + got + " out of range 0.."
                            + last + " (line " + headerLine + " declares " + declared + " tasks)");
                }
                if (got != id) {
                    throw GraphFormatException.at(source, lineNo, task, "task id " + got + " out of order: expected " + id);
                }
                long cost = number("the processing time", task);
                long count = number("the number of predecessors", task);
                if (count < 0 || count > last) {
                    throw GraphFormatException.at(source, lineNo, task, "number of predecessors " + count
                            + " out of range 0.." + last);
                }
                int listed = 0;
                while (hasMoreTokens()) {
                    long p = number("a predecessor id", task);
                    if (listed == count) {
                        throw GraphFormatException.at(source, lineNo, task, "declares " + count
                                + " predecessors but lists more");
                    }
                    if (p < 0 || p > last) {
                        throw GraphFormatException.at(source, lineNo, task, "unknown predecessor " + p
                                + " (task ids are 0.." + last + ")");
                    }
                    if (listed == preds.length) {
                        preds = Arrays.copyOf(preds, 2 * listed);   // grown by what is there, not by the claim
                    }
                    preds[listed++] = (int) p;
                }
                if (listed < count) {
                    throw GraphFormatException.at(source, lineNo, task, "declares " + count
                            + " predecessors but lists " + listed);
                }
                b.line(lineNo);
                b.addTask(null, cost, preds, listed);
            }
            if (nextContentLine()) {
                throw GraphFormatException.at(source, lineNo, null, "extra task line " + shown(line.trim()) + ": line "
                        + headerLine + " declares " + declared + " tasks, so ids 0.." + last + " are all there is");
            }
            return b.build();
        }

        /** Advances to the next line that is neither blank nor a comment; false at the end of the file. */
        private boolean nextContentLine() throws IOException {
            String l;
            while ((l = in.readLine()) != null) {
                lineNo++;
                pos = 0;
                line = l;
                skipBlanks();
                if (pos < line.length() && line.charAt(pos) != '#') {
                    return true;
                }
            }
            return false;
        }

        private boolean hasMoreTokens() {
            skipBlanks();
            return pos < line.length();
        }

        private long number(String what, String task) {
            if (!hasMoreTokens()) {
                throw GraphFormatException.at(source, lineNo, task, "missing " + what);
            }
            int start = pos;
            while (pos < line.length() && !Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            try {
                return Long.parseLong(line, start, pos, 10);
            } catch (NumberFormatException e) {
                throw GraphFormatException.at(source, lineNo, task, what + " " + shown(line.substring(start, pos))
                        + " is not an integer" + (looksBinary(line) ? " (is this a binary file, not STG text?)" : ""));
            }
        }

        /** Quotes text from the file for a message: at most 40 characters, control bytes as \\xNN. */
        private static String shown(String text) {
            StringBuilder sb = new StringBuilder("'");
            int limit = Math.min(text.length(), 40);
            for (int i = 0; i < limit; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                    sb.append(String.format("\\x%02x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            return sb.append(limit < text.length() ? "...'" : "'").toString();
        }

        private static boolean looksBinary(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == 0 || (c < 0x20 && c != '\t' && c != '\r' && c != '\f')) {
                    return true;
                }
            }
            return false;
        }

        private void skipBlanks() {
            while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
        }
    }
}
