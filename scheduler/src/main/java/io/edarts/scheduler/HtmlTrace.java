package io.edarts.scheduler;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link HtmlReport} needs from {@code trace.json}, read in one streaming pass (a trace may hold
 * millions of events, so it is never loaded whole): per core, busy cycles in a fixed number of time
 * bins over the makespan; and, while the trace holds at most {@link #EXACT_LIMIT} firings, the
 * firings themselves.
 *
 * <p>Firings ({@code cat "codelet"}, {@code ph "X"}) are taken at their exact cycles from
 * {@code args.startCycle} and {@code args.cycles}; SU decisions ({@code cat "su"}) carry only
 * microseconds, converted back to cycles at the run's clock. Bin {@code k} covers cycles
 * {@code [edge(k), edge(k+1))} with {@code edge(k) = floor(k * makespan / bins)}, so the bins tile
 * the makespan exactly and a firing's cycles are split between the bins it overlaps.
 */
final class HtmlTrace {
    static final int EXACT_LIMIT = 5_000;
    private static final JsonFactory JSON = new JsonFactory();

    /** One firing ({@code name} non-null) or SU decision ({@code name} null). */
    record Span(String name, int core, long start, long cycles) {}

    final int cores;
    final long makespan;
    final int bins;
    final long[][] busy;
    private final long[] edges;
    long firings;
    long decisions;
    long codeEvents;
    /** Events on a track outside the mesh (none in a trace written by the simulator). */
    long skipped;
    private List<Span> exact = new ArrayList<>();
    private long exactDecisions;

    private HtmlTrace(int cores, long makespan, int maxBins) {
        this.cores = cores;
        this.makespan = makespan;
        this.bins = makespan <= 0 ? 0 : (int) Math.max(1, Math.min(maxBins, makespan));
        this.busy = new long[cores][bins];
        this.edges = new long[bins + 1];
        boolean exactMath = bins == 0 || makespan <= Long.MAX_VALUE / bins;
        for (int k = 0; k <= bins; k++) {
            edges[k] = exactMath ? k * makespan / bins : (long) ((double) k * makespan / bins);
        }
        if (bins > 0) {
            edges[bins] = makespan;
        }
    }

    /** First cycle of bin {@code k} ({@code k == bins} gives the makespan). */
    long edge(int k) {
        return edges[k];
    }

    /** The firings and decisions one by one, or null when there were too many to keep. */
    List<Span> exact() {
        return exact;
    }

    /** Reads {@code trace}; throws {@link UncheckedIOException} naming the file when it cannot. */
    static HtmlTrace read(Path trace, RunResult r, int maxBins) {
        HtmlTrace t = new HtmlTrace(r.cores().size(), r.makespanCycles(), maxBins);
        try (JsonParser p = JSON.createParser(trace.toFile())) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                t.readEvents(p, r.clockMhz());
            } else if (first == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("traceEvents".equals(field) && v == JsonToken.START_ARRAY) {
                        t.readEvents(p, r.clockMhz());
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                throw new IOException("not a Chrome trace: expected an object or an array, found " + first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + trace + ": " + e.getMessage(), e);
        }
        return t;
    }

    private void readEvents(JsonParser p, double clockMhz) throws IOException {
        JsonToken tok;
        while ((tok = p.nextToken()) != JsonToken.END_ARRAY) {
            if (tok == null) {
                throw new IOException("trace ends inside traceEvents");
            }
            if (tok != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String name = null;
            String cat = null;
            String ph = null;
            int tid = -1;
            double ts = Double.NaN;
            double dur = Double.NaN;
            long startCycle = -1;
            long cycles = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "name" -> name = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "cat" -> cat = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "ph" -> ph = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "tid" -> tid = v.isNumeric() ? p.getIntValue() : -1;
                    case "ts" -> ts = v.isNumeric() ? p.getDoubleValue() : Double.NaN;
                    case "dur" -> dur = v.isNumeric() ? p.getDoubleValue() : Double.NaN;
                    case "args" -> {
                        if (v == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String a = p.currentName();
                                JsonToken av = p.nextToken();
                                if ("startCycle".equals(a) && av.isNumeric()) {
                                    startCycle = p.getLongValue();
                                } else if ("cycles".equals(a) && av.isNumeric()) {
                                    cycles = p.getLongValue();
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if ("X".equals(ph) && ("codelet".equals(cat) || "su".equals(cat))) {
                long s = startCycle >= 0 ? startCycle : Double.isNaN(ts) ? -1 : Math.round(ts * clockMhz);
                long d = cycles >= 0 ? cycles : Double.isNaN(dur) ? -1 : Math.round(dur * clockMhz);
                if (tid < 0 || tid >= cores || s < 0 || d < 0) {
                    skipped++;
                    continue;
                }
                boolean firing = "codelet".equals(cat);
                if (firing) {
                    firings++;
                } else {
                    decisions++;
                }
                add(tid, s, d);
                if (exact != null) {
                    if (firing ? firings > EXACT_LIMIT : ++exactDecisions > EXACT_LIMIT) {
                        exact = null;
                    } else {
                        exact.add(new Span(firing ? (name == null ? "" : name) : null, tid, s, d));
                    }
                }
            } else if ("i".equals(ph) && "code".equals(cat)) {
                codeEvents++;
            }
        }
    }

    private void add(int core, long start, long cycles) {
        if (bins == 0) {
            return;
        }
        long end = Math.min(makespan, start + cycles);
        if (end <= start) {
            return;
        }
        int k = (int) Math.min(bins - 1, (long) ((double) start * bins / makespan));
        while (k > 0 && edge(k) > start) {
            k--;
        }
        while (k < bins - 1 && edge(k + 1) <= start) {
            k++;
        }
        long[] row = busy[core];
        for (; k < bins; k++) {
            long lo = edge(k);
            if (lo >= end) {
                break;
            }
            long hi = edge(k + 1);
            row[k] += Math.min(end, hi) - Math.max(start, lo);
        }
    }

    /** Busy share of bin {@code k} on {@code core}, at most 1. */
    double share(int core, int k) {
        long w = edge(k + 1) - edge(k);
        return w <= 0 ? 0 : Math.min(1.0, (double) busy[core][k] / w);
    }
}
