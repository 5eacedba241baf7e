package io.edarts.scheduler;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scheduler's own record of trace events in an SU's part file: a tag byte, the core, one or two
 * cycle counts and, for firings and instants, a length-prefixed UTF-8 label. It is private to a run
 * (written while the run goes, read once when the trace is written, then deleted), so it has no
 * version and no promise beyond that.
 */
final class TraceSpill {
    private static final int FIRING = 1;
    private static final int INSTANT = 2;
    private static final int DECISION = 3;

    private TraceSpill() {}

    static void firing(DataOutputStream out, String codelet, int core, long start, long cycles) throws IOException {
        out.writeByte(FIRING);
        out.writeInt(core);
        out.writeLong(start);
        out.writeLong(cycles);
        label(out, codelet);
    }

    static void instant(DataOutputStream out, String what, int core, long at) throws IOException {
        out.writeByte(INSTANT);
        out.writeInt(core);
        out.writeLong(at);
        label(out, what);
    }

    static void decision(DataOutputStream out, int core, long start, long cycles) throws IOException {
        out.writeByte(DECISION);
        out.writeInt(core);
        out.writeLong(start);
        out.writeLong(cycles);
    }

    // Not writeUTF: it refuses labels longer than 64 KB, and a graph file may name a task so.
    private static void label(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** The events of {@code parts}, read in order, one part after the other. */
    static TraceFormat.Events reader(List<Path> parts) {
        return visitor -> {
            for (Path p : parts) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
                    readAll(in, visitor);
                }
            }
        };
    }

    static void readAll(InputStream raw, TraceFormat.Visitor visitor) throws IOException {
        DataInputStream in = raw instanceof DataInputStream d ? d : new DataInputStream(raw);
        while (true) {
            int tag = in.read();
            if (tag < 0) {
                return;
            }
            try {
                int core = in.readInt();
                TraceEvent e = switch (tag) {
                    case FIRING -> {
                        long start = in.readLong();
                        long cycles = in.readLong();
                        yield new TraceEvent.Firing(label(in), core, start, cycles);
                    }
                    case INSTANT -> {
                        long at = in.readLong();
                        yield new TraceEvent.Instant(label(in), core, at);
                    }
                    case DECISION -> new TraceEvent.Decision(core, in.readLong(), in.readLong());
                    default -> throw new IOException("trace part: unknown event tag " + tag);
                };
                visitor.accept(e);
            } catch (EOFException e) {
                throw new IOException("trace part ends inside an event", e);
            }
        }
    }

    private static String label(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("trace part: label length " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
