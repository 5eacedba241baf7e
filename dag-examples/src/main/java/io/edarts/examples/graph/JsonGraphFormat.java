package io.edarts.examples.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.edarts.cam.CodeObject;
import io.edarts.cam.Placement;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The project's own task-graph format, {@code "format": "edarts-graph"}, version 1, documented in
 * {@code docs/graph-format.md}. Tasks have string ids so that users can name them; a task may name
 * tasks defined after it. Read with Jackson's streaming parser, so a million-task file never becomes
 * a tree: memory goes to the graph and to a packed table of ids.
 */
public final class JsonGraphFormat {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "edarts-graph";
    /** The only version this class reads and the one it writes. */
    public static final int VERSION = 1;

    /** The largest code object, as {@code CodeObject} allows: a core's whole 32 KB local memory. */
    static final int MAX_CODE_BYTES = 32 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private JsonGraphFormat() {
    }

    /**
     * Reads a graph. Task ids become the tasks' names; tasks are numbered in file order.
     *
     * @throws GraphFormatException naming the file, line and task, for malformed JSON, a missing,
     *                              unknown, repeated or mistyped field, a wrong format or version, a
     *                              duplicate or unknown task id, a negative cost or affinity, code
     *                              that disagrees with another use of its name, or a cycle
     * @throws IOException          if the file cannot be read
     */
    public static TaskGraph read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser p = FACTORY.createParser(in)) {
            return new Reader(file.toString(), p).read();
        }
    }

    /**
     * Writes {@code graph}, one task per line, atomically (a temporary file moved into place). An
     * unnamed graph's tasks get their decimal ids as ids.
     *
     * @throws IOException if the file cannot be written; the target is then left untouched
     */
    public static void write(TaskGraph graph, Path file) throws IOException {
        io.edarts.cam.AtomicFiles.writeText(file, out -> writeTo(graph, out));
    }

    private static void writeTo(TaskGraph g, Writer out) throws IOException {
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.setPrettyPrinter(new OneTaskPerLine());
            gen.writeStartObject();
            gen.writeStringField("format", FORMAT);
            gen.writeNumberField("version", VERSION);
            Optional<String> name = g.graphName();
            if (name.isPresent()) {
                gen.writeStringField("name", name.get());
            }
            gen.writeArrayFieldStart("tasks");
            for (int t = 0; t < g.size(); t++) {
                gen.writeStartObject();
                gen.writeStringField("id", g.name(t));
                gen.writeNumberField("cycles", g.cycles(t));
                int[] preds = g.predecessors(t);
                if (preds.length > 0) {
                    gen.writeArrayFieldStart("after");
                    for (int p : preds) {
                        gen.writeString(g.name(p));
                    }
                    gen.writeEndArray();
                }
                Optional<CodeObject> code = g.code(t);
                if (code.isPresent()) {
                    gen.writeObjectFieldStart("code");
                    gen.writeStringField("name", code.get().name());
                    gen.writeNumberField("bytes", code.get().sizeBytes());
                    gen.writeStringField("placement", code.get().placement().label());
                    gen.writeEndObject();
                }
                OptionalInt core = g.affinity(t);
                if (core.isPresent()) {
                    gen.writeNumberField("affinity", core.getAsInt());
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        out.write('\n');
    }

    /** Compact JSON with a line break before each task, so that diffs and line numbers point at tasks. */
    private static final class OneTaskPerLine extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (isTaskArray(g)) {
                g.writeRaw("\n  ");
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(isTaskArray(g) ? ",\n  " : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (nrOfValues > 0 && isTaskArray(g)) {
                g.writeRaw('\n');
            }
            g.writeRaw(']');
        }

        // The only array directly inside the top-level object is "tasks".
        private static boolean isTaskArray(JsonGenerator g) {
            JsonStreamContext c = g.getOutputContext();
            return c.inArray() && c.getParent() != null && c.getParent().getParent() != null
                    && c.getParent().getParent().inRoot();
        }
    }

    private static final class Reader {
        private final String source;
        private final JsonParser p;
        private String graphName;
        private boolean formatSeen;
        private boolean versionSeen;
        private boolean tasksSeen;
        private TaskGraph.Builder builder;
        // Every id, defined or only referenced, gets a symbol in order of first mention.
        private NameTable symbols = new NameTable(1024);
        private int[] symbolTask = new int[1024];     // task defining the symbol, or -1
        private int[] firstRefLine = new int[1024];   // where an undefined symbol was first named
        private int[] firstRefTask = new int[1024];
        private int[] after = new int[16];
        // The task being read, for messages.
        private int taskIndex = -1;
        private String taskId;

        Reader(String source, JsonParser p) {
            this.source = source;
            this.p = p;
        }

        TaskGraph read() throws IOException {
            try {
                return readGraph();
            } catch (StreamReadException e) {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                throw GraphFormatException.at(source, line, who(), "malformed JSON: " + e.getOriginalMessage());
            }
        }

        private TaskGraph readGraph() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw fail("expected a JSON object {\"format\": \"" + FORMAT + "\", ...}, found " + found());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "format" -> {
                        String f = string(field);
                        if (!FORMAT.equals(f)) {
                            throw fail("format '" + f + "' is not '" + FORMAT + "'");
                        }
                        formatSeen = true;
                    }
                    case "version" -> {
                        long v = integer(field);
                        if (v != VERSION) {
                            throw fail("version " + v + " is not supported: this reader knows version " + VERSION);
                        }
                        versionSeen = true;
                    }
                    case "name" -> graphName = string(field);
                    case "tasks" -> {
                        // The version decides what a task looks like, so it must be known first.
                        if (!formatSeen || !versionSeen) {
                            throw fail("\"tasks\" must come after \"format\" and \"version\"");
                        }
                        readTasks();
                        tasksSeen = true;
                    }
                    default -> throw fail("unknown field '" + field + "': expected format, version, name or tasks");
                }
            }
            if (p.nextToken() != null) {
                throw fail("unexpected content after the graph object: " + found());
            }
            if (!formatSeen) {
                throw fail("missing field 'format' (\"" + FORMAT + "\")");
            }
            if (!versionSeen) {
                throw fail("missing field 'version'");
            }
            if (!tasksSeen) {
                throw fail("missing field 'tasks'");
            }
            for (int s = 0; s < symbols.size(); s++) {
                if (symbolTask[s] < 0) {
                    throw GraphFormatException.at(source, firstRefLine[s], builder.describe(firstRefTask[s]),
                            "\"after\" names unknown task '" + symbols.get(s) + "'");
                }
            }
            // The builder holds the ids as names too; drop the reader's copy before the graph is built.
            symbols = null;
            firstRefLine = null;
            firstRefTask = null;
            builder.remapPredecessors(symbolTask);
            symbolTask = null;
            builder.graphName(graphName);
            return builder.build();
        }

        private void readTasks() throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw fail("\"tasks\" must be an array, found " + found());
            }
            int arrayLine = line();
            builder = new TaskGraph.Builder(source, 1024, 4096);
            for (int index = 0; p.nextToken() != JsonToken.END_ARRAY; index++) {
                taskIndex = index;
                taskId = null;
                readTask(index);
            }
            if (builder.size() == 0) {
                throw GraphFormatException.at(source, arrayLine, null, "\"tasks\" is empty: a graph needs at least one task");
            }
            taskIndex = -1;
            taskId = null;
        }

        private void readTask(int index) throws IOException {
            int taskLine = line();
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw fail("a task must be an object, found " + found());
            }
            long cycles = -1;
            boolean cyclesSeen = false;
            int afterCount = 0;
            CodeObject code = null;
            int affinity = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "id" -> {
                        String id = string(field);
                        if (id.isBlank()) {
                            throw fail("\"id\" is blank");
                        }
                        taskId = id;
                    }
                    case "cycles" -> {
                        cycles = integer(field);
                        if (cycles < 0) {
                            throw fail("negative processing time " + cycles + " cycles");
                        }
                        cyclesSeen = true;
                    }
                    case "after" -> afterCount = readAfter(index);
                    case "code" -> code = readCode();
                    case "affinity" -> {
                        long core = integer(field);
                        if (core < 0 || core > Integer.MAX_VALUE) {
                            throw fail("affinity " + core + " out of range: expected a core index >= 0");
                        }
                        affinity = (int) core;
                    }
                    default -> throw fail("unknown field '" + field + "': expected id, cycles, after, code or affinity");
                }
            }
            if (taskId == null) {
                throw GraphFormatException.at(source, taskLine, who(), "missing field 'id'");
            }
            if (!cyclesSeen) {
                throw GraphFormatException.at(source, taskLine, who(), "missing field 'cycles'");
            }
            builder.line(taskLine);
            builder.addTask(taskId, cycles, after, afterCount);   // rejects a duplicate id
            int s = symbol(taskId, taskLine, index);
            symbolTask[s] = index;
            if (code != null) {
                builder.code(index, code);
            }
            if (affinity >= 0) {
                builder.affinity(index, affinity);
            }
        }

        private int readAfter(int index) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw fail("\"after\" must be an array of task ids, found " + found());
            }
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw fail("\"after\" must list task ids as strings, found " + found());
                }
                if (n == after.length) {
                    after = Arrays.copyOf(after, 2 * n);
                }
                after[n++] = symbol(p.getText(), line(), index);
            }
            return n;
        }

        private CodeObject readCode() throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw fail("\"code\" must be an object {\"name\": ..., \"bytes\": ..., \"placement\": ...}, found " + found());
            }
            String name = null;
            int bytes = TaskGraph.DEFAULT_CODE_BYTES;
            Placement placement = Placement.CACHED;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "name" -> {
                        name = string("code.name");
                        if (name.isBlank()) {
                            throw fail("\"code\".\"name\" is blank");
                        }
                    }
                    case "bytes" -> {
                        long b = integer("code.bytes");
                        if (b < 1 || b > MAX_CODE_BYTES) {
                            throw fail("code size " + b + " bytes out of range 1.." + MAX_CODE_BYTES);
                        }
                        bytes = (int) b;
                    }
                    case "placement" -> placement = placement(string("code.placement"));
                    default -> throw fail("unknown field 'code." + field + "': expected name, bytes or placement");
                }
            }
            if (name == null) {
                throw fail("missing field 'code.name'");
            }
            return new CodeObject(name, bytes, placement);
        }

        private Placement placement(String s) {
            for (Placement pl : Placement.values()) {
                if (pl.label().equals(s)) {
                    return pl;
                }
            }
            throw fail("placement '" + s + "' is not one of " + Placement.labels());
        }

        /** The symbol for {@code id}, created on first mention (remembering where, for messages). */
        private int symbol(String id, int line, int task) {
            int s = symbols.addIfAbsent(id);
            if (s < 0) {
                return -1 - s;
            }
            if (s == symbolTask.length) {
                symbolTask = Arrays.copyOf(symbolTask, 2 * s);
                firstRefLine = Arrays.copyOf(firstRefLine, 2 * s);
                firstRefTask = Arrays.copyOf(firstRefTask, 2 * s);
            }
            symbolTask[s] = -1;
            firstRefLine[s] = line;
            firstRefTask[s] = task;
            return s;
        }

        private String string(String field) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw fail("\"" + field + "\" must be a string, found " + found());
            }
            return p.getText();
        }

        private long integer(String field) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw fail("\"" + field + "\" must be an integer, found " + found());
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw fail("\"" + field + "\" " + p.getText() + " is too large");
            }
            return p.getLongValue();
        }

        private String found() throws IOException {
            JsonToken t = p.currentToken();
            if (t == null) {
                return "the end of the file";
            }
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "\"" + p.getText() + "\"";
                default -> p.getText();
            };
        }

        private int line() {
            return p.currentTokenLocation().getLineNr();
        }

        private String who() {
            if (taskIndex < 0) {
                return null;
            }
            return taskId != null ? "task '" + taskId + "'" : "task #" + taskIndex + " (no id yet)";
        }

        private GraphFormatException fail(String problem) {
            return GraphFormatException.at(source, line(), who(), problem);
        }
    }
}
