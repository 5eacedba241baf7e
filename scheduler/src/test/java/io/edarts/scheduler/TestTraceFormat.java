package io.edarts.scheduler;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.edarts.cam.Machine;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The scheduler tests' trace encoder (the real ones live in the {@code report} module, which the
 * scheduler cannot see): a JSON array with one object per event, enough for the scheduler's own
 * trace tests to compare runs byte for byte.
 */
final class TestTraceFormat implements TraceFormat {
    static final TestTraceFormat INSTANCE = new TestTraceFormat();
    private static final JsonFactory JSON = new JsonFactory();

    private TestTraceFormat() {}

    @Override
    public void write(Machine machine, Events events, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            events.forEach(e -> {
                g.writeStartObject();
                if (e instanceof TraceEvent.Firing f) {
                    span(g, f.codelet(), "codelet", f.core(), f.startCycle(), f.cycles(), machine);
                } else if (e instanceof TraceEvent.Decision d) {
                    span(g, "schedule", "su", d.core(), d.startCycle(), d.cycles(), machine);
                } else if (e instanceof TraceEvent.Instant i) {
                    g.writeStringField("name", i.what());
                    g.writeStringField("cat", "code");
                    g.writeStringField("ph", "i");
                    g.writeNumberField("tid", i.core());
                    g.writeNumberField("ts", i.atCycle() / machine.clockMhz());
                }
                g.writeEndObject();
                g.writeRaw('\n');
            });
            g.writeEndArray();
        }
    }

    private static void span(JsonGenerator g, String name, String cat, int core, long start, long cycles, Machine m)
            throws IOException {
        g.writeStringField("name", name);
        g.writeStringField("cat", cat);
        g.writeStringField("ph", "X");
        g.writeNumberField("tid", core);
        g.writeNumberField("ts", start / m.clockMhz());
        g.writeNumberField("dur", cycles / m.clockMhz());
        g.writeObjectFieldStart("args");
        g.writeNumberField("startCycle", start);
        g.writeNumberField("cycles", cycles);
        g.writeEndObject();
    }
}
