package io.edarts.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.edarts.cam.Machine;
import io.edarts.scheduler.TraceEvent;
import io.edarts.scheduler.TraceFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * {@code trace.json}: a run's trace in the Chrome Trace Event Format (the JSON Object Format of
 * Google's "Trace Event Format" document), which Perfetto (ui.perfetto.dev) and chrome://tracing open.
 *
 * <p>One process (pid 0, named after the machine) with one thread per core, so each core is a track:
 * {@code tid} is the core number, named {@code "SU (0,0)"} or {@code "CU (r,c)"} by a
 * {@code thread_name} metadata event and kept in core order by {@code thread_sort_index}. Firings
 * ({@code cat "codelet"}) and SU decisions ({@code cat "su"}) are complete events ({@code ph "X"});
 * code events (cache misses, evictions, executions in place; {@code cat "code"}) are thread-scoped
 * instants ({@code ph "i"}, {@code s "t"}). The format's {@code ts} and {@code dur} are microseconds:
 * cycles divided by the clock in MHz; firings also carry their exact cycles in {@code args}
 * ({@code startCycle}, {@code cycles}), which a microsecond double could round.
 *
 * <p>A run with a launch or host calls has one more track after the cores', {@code tid} = the core
 * count, named {@code "host (ARM)"}: the host node's transfers, signals, work and the host calls it
 * served ({@code cat "host"}, complete
 * events with {@code startCycle}, {@code cycles}, {@code core} and {@code bytes} in {@code args}).
 * Its metadata comes with its first event, so a run without host activity has no host track.
 *
 * <p>Written in one pass by Jackson's streaming generator, one event per line, so a trace of millions
 * of events is never held in memory and line tools (grep, wc) still work on it. The output depends
 * only on the machine and the events.
 */
public final class ChromeTrace implements TraceFormat {
    /** The format; it has no state. */
    public static final ChromeTrace FORMAT = new ChromeTrace();

    private static final JsonFactory JSON = JsonFactory.builder().build()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private ChromeTrace() {}

    @Override
    public void write(Machine machine, Events events, OutputStream out) throws IOException {
        double mhz = machine.clockMhz();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new OneEventPerLine());
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            g.writeObjectFieldStart("otherData");
            g.writeStringField("machine", machine.name());
            g.writeNumberField("clockMhz", mhz);
            g.writeEndObject();
            g.writeArrayFieldStart("traceEvents");
            metadata(g, "process_name", -1, "name", machine.name());
            for (int core = 0; core < machine.coreCount(); core++) {
                String track = String.format(Locale.ROOT, "%s (%d,%d)", machine.role(core), machine.row(core), machine.col(core));
                metadata(g, "thread_name", core, "name", track);
                g.writeStartObject();
                g.writeStringField("name", "thread_sort_index");
                g.writeStringField("ph", "M");
                g.writeNumberField("pid", 0);
                g.writeNumberField("tid", core);
                g.writeObjectFieldStart("args");
                g.writeNumberField("sort_index", core);
                g.writeEndObject();
                g.writeEndObject();
            }
            boolean[] hostTrack = {false};
            int hostTid = machine.coreCount();
            events.forEach(e -> {
                if (e instanceof TraceEvent.Host && !hostTrack[0]) {
                    hostTrack[0] = true;
                    metadata(g, "thread_name", hostTid, "name", "host (ARM)");
                }
                event(g, e, mhz, hostTid);
            });
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void metadata(JsonGenerator g, String kind, int tid, String key, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", kind);
        g.writeStringField("ph", "M");
        g.writeNumberField("pid", 0);
        if (tid >= 0) {
            g.writeNumberField("tid", tid);
        }
        g.writeObjectFieldStart("args");
        g.writeStringField(key, value);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void event(JsonGenerator g, TraceEvent e, double mhz, int hostTid) throws IOException {
        g.writeStartObject();
        if (e instanceof TraceEvent.Host h) {
            g.writeStringField("name", h.what());
            g.writeStringField("cat", "host");
            g.writeStringField("ph", "X");
            track(g, hostTid);
            g.writeNumberField("ts", h.startCycle() / mhz);
            g.writeNumberField("dur", h.cycles() / mhz);
            g.writeObjectFieldStart("args");
            g.writeNumberField("startCycle", h.startCycle());
            g.writeNumberField("cycles", h.cycles());
            g.writeNumberField("core", h.toCore());
            g.writeNumberField("bytes", h.bytes());
            g.writeEndObject();
        } else if (e instanceof TraceEvent.Firing f) {
            g.writeStringField("name", f.codelet());
            g.writeStringField("cat", "codelet");
            g.writeStringField("ph", "X");
            track(g, f.core());
            g.writeNumberField("ts", f.startCycle() / mhz);
            g.writeNumberField("dur", f.cycles() / mhz);
            g.writeObjectFieldStart("args");
            g.writeNumberField("startCycle", f.startCycle());
            g.writeNumberField("cycles", f.cycles());
            g.writeEndObject();
        } else if (e instanceof TraceEvent.Decision d) {
            g.writeStringField("name", "schedule");
            g.writeStringField("cat", "su");
            g.writeStringField("ph", "X");
            track(g, d.core());
            g.writeNumberField("ts", d.startCycle() / mhz);
            g.writeNumberField("dur", d.cycles() / mhz);
        } else if (e instanceof TraceEvent.Instant i) {
            g.writeStringField("name", i.what());
            g.writeStringField("cat", "code");
            g.writeStringField("ph", "i");
            g.writeStringField("s", "t");
            track(g, i.core());
            g.writeNumberField("ts", i.atCycle() / mhz);
        } else {
            throw new IllegalArgumentException("trace event of an unknown kind: " + e);
        }
        g.writeEndObject();
    }

    private static void track(JsonGenerator g, int core) throws IOException {
        g.writeNumberField("pid", 0);
        g.writeNumberField("tid", core);
    }

    /** Compact JSON, but each element of the (one) event array on a line of its own. */
    private static final class OneEventPerLine extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw("[\n");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(",\n");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            g.writeRaw("\n]");
        }
    }
}
