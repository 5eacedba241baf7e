package io.edarts.examples.programs;

import io.edarts.api.BufferHandle;
import io.edarts.api.CheckResult;
import io.edarts.api.CodeletContext;
import io.edarts.api.CodeletHandle;
import io.edarts.api.InstrKind;
import io.edarts.api.OffloadMode;
import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.BufferPlace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream of {@code --messages N} random (seeded) structured messages encoded to the protocol-buffer
 * wire format, {@code --batch B} messages per codelet, in software on the CUs ({@code --offload off})
 * or on the machine's serializer unit beside the host ({@code --offload on}), or either as the runtime
 * chooses batch by batch ({@code --offload auto}):
 *
 * <pre>
 *   DRAM fields ──► encode(0)  encode(1)  ...  encode(K-1)    K = ceil(N / B); each encodes its batch,
 *                      │          │               │           every message length-delimited (its size
 *                      ▼          ▼               ▼           as a varint, then its fields), into its
 *                                 done                        slot of the DRAM wire buffer
 *                                                             checked against protobuf-java
 * </pre>
 *
 * <p>The message, as a {@code .proto}:
 * <pre>
 *   message Event  { int64 id = 1; sint32 delta = 2; string name = 3; bytes payload = 4;
 *                    repeated uint32 tags = 5 [packed = true]; Origin origin = 6; }
 *   message Origin { uint32 host = 1; string zone = 2; }
 * </pre>
 * The host holds each message in DRAM as 64-bit words ({@link Layout}): the scalars one word each,
 * strings and bytes as a length word and their bytes packed eight to a word, the tags a count and a
 * word each. Encoding splits the output as Firework's two datapaths split it: <b>varints</b> (every
 * key, every integer, every length) and <b>raw bytes</b> (the contents of strings and bytes,
 * copied). A packed repeated field with no elements is not written, as protobuf's generated code
 * does not write it.
 *
 * <p><b>Software</b> ({@link #encodeInSoftware}): the body reads each message's words from DRAM
 * ({@code ctx.read}: one 8-byte load each), stores every output byte to DRAM ({@code ctx.write}: one
 * byte store each) and charges the instructions a C encoder executes ({@link #VARINT_BYTE_IALU} and
 * the other constants: per varint byte, per copied byte, per field, for the size pass), so what it
 * costs is the core model's answer to those operations. <b>Offload</b> ({@link #encodeOnUnit}): the
 * body computes the same bytes in Java and calls the unit {@link #UNIT} with the batch's input and
 * output sizes ({@code ctx.offload}); the host's driver and the unit cost what the target says.
 *
 * <p>Each batch writes into its own slot of the wire buffer, which the host sized when it queued the
 * batch (as a protobuf caller computes the serialized size first): so batches are independent.
 * Message {@code k} of a seed is the same whatever N and B are ({@link #message}), so any run's
 * stream is a prefix of a longer one and an instance can be built per batch ({@link #of(int, int,
 * long, boolean, int)}).
 */
public final class SerializeProgram {
    /** The unit the accelerator bodies call (parallella16's {@code epiphany.host.accelerators.protobuf}). */
    public static final String UNIT = "protobuf";
    public static final int DEFAULT_MESSAGES = 256;
    public static final int DEFAULT_BATCH = 16;
    /**
     * The most messages accepted: a message takes about 140 bytes of fields and 100 of wire in DRAM
     * (at most 480), so 100,000 fit the Parallella's 32 MB DRAM window with room to spare.
     */
    public static final int MAX_MESSAGES = 100_000;

    /*
     * Instructions of a C encoder on the eCore, per operation (stated, from the loop a compiler makes of
     * protobuf-c's or nanopb's varint writer; not measured): one varint byte is and 0x7f, orr 0x80,
     * lsr 7 and the loop's test (IALU), and its branch; the byte's store is ctx.write's. One copied
     * byte out of a loaded word is a shift and a mask (IALU); the loop branches once per word. Each
     * field costs its dispatch branch. The size pass computes each varint's length (a compare per
     * byte, IALU, and a branch) and adds it up (IALU).
     */
    /** IALU instructions per varint byte written. */
    public static final int VARINT_BYTE_IALU = 4;
    /** Branches per varint byte written. */
    public static final int VARINT_BYTE_BRANCH = 1;
    /** IALU instructions per raw byte copied out of a loaded word. */
    public static final int COPY_BYTE_IALU = 2;
    /** Branches per word of raw bytes copied. */
    public static final int COPY_WORD_BRANCH = 1;
    /** Branches per field written (the dispatch on its kind). */
    public static final int FIELD_BRANCH = 1;
    /** IALU instructions and branches per byte of a varint whose length the size pass computes. */
    public static final int SIZE_BYTE_IALU = 1;
    public static final int SIZE_BYTE_BRANCH = 1;
    /** IALU instructions per length the size pass adds up. */
    public static final int SIZE_ADD_IALU = 1;

    /**
     * The encoder's code, local in every CU: 1,536 bytes, the size of a varint and length-delimited
     * writer like nanopb's pb_encode.c core loop compiled for a 32-bit RISC (stated, not measured).
     * An offloading codelet runs the same code object: its stub, the host call, is part of it.
     */
    public static final io.edarts.cam.CodeObject CODE = io.edarts.cam.CodeObject.of("pb_encode", 1536,
            io.edarts.cam.Placement.LOCAL);

    private SerializeProgram() {}

    /** Origin of an event. */
    public record Origin(int host, String zone) {}

    /** One message; {@code tags} are uint32 (any int, read as unsigned). */
    public record Event(long id, int delta, String name, byte[] payload, int[] tags, Origin origin) {
        public Event {
            payload = payload.clone();
            tags = tags.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public int[] tags() {
            return tags.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Event e && id == e.id && delta == e.delta && name.equals(e.name)
                    && Arrays.equals(payload, e.payload) && Arrays.equals(tags, e.tags) && origin.equals(e.origin);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(id, delta, name, Arrays.hashCode(payload), Arrays.hashCode(tags), origin);
        }

        @Override
        public String toString() {
            return "Event[id=" + id + ", delta=" + delta + ", name=" + name + ", payload=" + payload.length
                    + " B, tags=" + Arrays.toString(tags) + ", origin=" + origin + "]";
        }
    }

    /** Characters names and zones are drawn from: ASCII and a few code points of 2, 3 and 4 UTF-8 bytes. */
    private static final int[] CODE_POINTS;

    static {
        List<Integer> cps = new ArrayList<>();
        for (int c = 'a'; c <= 'z'; c++) {
            cps.add(c);
        }
        for (int c = '0'; c <= '9'; c++) {
            cps.add(c);
        }
        cps.addAll(List.of((int) '-', (int) '_', 0xe9, 0x3bb, 0x4e2d, 0x20ac, 0x1f600));
        CODE_POINTS = cps.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Message {@code k} of the stream of {@code seed}: the same whatever else is drawn. */
    public static Event message(long seed, int k) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
        long id = switch (r.nextInt(4)) {
            case 0 -> r.nextLong(0, 128);                 // one varint byte
            case 1 -> r.nextLong(0, 1L << 35);
            case 2 -> -r.nextLong(1, 1L << 40);           // negative int64: ten bytes
            default -> r.nextLong();
        };
        int delta = r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(-300, 300);
        byte[] payload = new byte[r.nextInt(0, 49)];
        r.nextBytes(payload);
        int[] tags = new int[r.nextInt(0, 7)];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(0, 20_000);
        }
        return new Event(id, delta, text(r, 24), payload, tags, new Origin(r.nextInt(0, 1 << 16), text(r, 12)));
    }

    private static String text(java.util.SplittableRandom r, int most) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(0, most + 1);
        for (int i = 0; i < n; i++) {
            b.appendCodePoint(CODE_POINTS[r.nextInt(CODE_POINTS.length)]);
        }
        return b.toString();
    }

    /** Messages {@code first} .. {@code first + n - 1} of the stream of {@code seed}. */
    public static List<Event> messages(long seed, int first, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(message(seed, first + k));
        }
        return out;
    }

    /**
     * Messages as the host holds them in DRAM: 64-bit words, message after message. Per message:
     * id, delta, name's length and bytes, payload's length and bytes, the tag count and tags, the
     * origin's host, zone's length and bytes; bytes are packed eight to a word, little-endian.
     *
     * @param words  the words
     * @param starts word offset of each message, and the end after the last
     */
    public record Layout(long[] words, int[] starts) {
        /** The layout of {@code events}. */
        public static Layout of(List<Event> events) {
            List<Long> w = new ArrayList<>();
            int[] starts = new int[events.size() + 1];
            for (int m = 0; m < events.size(); m++) {
                starts[m] = w.size();
                Event e = events.get(m);
                w.add(e.id());
                w.add((long) e.delta());
                bytes(w, e.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                bytes(w, e.payload);
                w.add((long) e.tags.length);
                for (int t : e.tags) {
                    w.add((long) t);
                }
                w.add((long) e.origin().host());
                bytes(w, e.origin().zone().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            starts[events.size()] = w.size();
            return new Layout(w.stream().mapToLong(Long::longValue).toArray(), starts);
        }

        private static void bytes(List<Long> w, byte[] b) {
            w.add((long) b.length);
            for (int i = 0; i < b.length; i += 8) {
                long v = 0;
                for (int j = 0; j < 8 && i + j < b.length; j++) {
                    v |= (b[i + j] & 0xffL) << (8 * j);
                }
                w.add(v);
            }
        }
    }

    /**
     * What a software encoder executes, counted as it goes; the body charges the counts. Not
     * thread-safe: one per firing.
     */
    static final class Meter {
        long ialu;
        long branches;
        long varintBytes;
        long rawBytes;

        void varintByte() {
            varintBytes++;
            ialu += VARINT_BYTE_IALU;
            branches += VARINT_BYTE_BRANCH;
        }

        void raw(int bytes) {
            rawBytes += bytes;
            ialu += (long) COPY_BYTE_IALU * bytes;
            branches += (long) COPY_WORD_BRANCH * ((bytes + 7) / 8);
        }

        void field() {
            branches += FIELD_BRANCH;
        }

        void size(long value) {
            int n = varintSize(value);
            ialu += (long) SIZE_BYTE_IALU * n + SIZE_ADD_IALU;
            branches += (long) SIZE_BYTE_BRANCH * n;
        }
    }

    /** Bytes of {@code v} as an unsigned varint. */
    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /**
     * The wire encoder over a {@link Layout}'s words: one message from word {@code p}, written from
     * byte {@code at} of {@code out}, counting its operations in {@code meter} (or none). Returns the
     * end of the message in {@code out}.
     */
    static int encode(long[] w, int p, byte[] out, int at, Meter meter) {
        Writer o = new Writer(out, at, meter);
        long id = w[p++];
        int delta = (int) w[p++];
        int nameAt = p;
        int nameLen = (int) w[p];
        p += 1 + words(nameLen);
        int payAt = p;
        int payLen = (int) w[p];
        p += 1 + words(payLen);
        int tagCount = (int) w[p++];
        int tagsAt = p;
        p += tagCount;
        long host = w[p++] & 0xFFFFFFFFL;
        int zoneAt = p;
        int zoneLen = (int) w[p];
        // the size pass: every length-delimited field's length, then the message's
        long zigzag = ((delta << 1) ^ (delta >> 31)) & 0xFFFFFFFFL;
        long packed = 0;
        for (int i = 0; i < tagCount; i++) {
            long t = w[tagsAt + i] & 0xFFFFFFFFL;
            packed += varintSize(t);
            o.size(t);
        }
        long origin = 1 + varintSize(host) + 1 + varintSize(zoneLen) + zoneLen;
        o.size(host);
        o.size(zoneLen);
        long body = 1 + varintSize(id) + 1 + varintSize(zigzag) + 1 + varintSize(nameLen) + nameLen + 1
                + varintSize(payLen) + payLen + (tagCount == 0 ? 0 : 1 + varintSize(packed) + packed) + 1
                + varintSize(origin) + origin;
        o.size(id);
        o.size(zigzag);
        o.size(nameLen);
        o.size(payLen);
        o.size(packed);
        o.size(origin);
        o.size(body);
        // the record: its size, then the fields in field-number order
        o.varint(body);
        o.key(1, 0);
        o.varint(id);
        o.key(2, 0);
        o.varint(zigzag);
        o.key(3, 2);
        o.varint(nameLen);
        o.raw(w, nameAt + 1, nameLen);
        o.key(4, 2);
        o.varint(payLen);
        o.raw(w, payAt + 1, payLen);
        if (tagCount > 0) {
            o.key(5, 2);
            o.varint(packed);
            for (int i = 0; i < tagCount; i++) {
                o.varint(w[tagsAt + i] & 0xFFFFFFFFL);
            }
        }
        o.key(6, 2);
        o.varint(origin);
        o.key(1, 0);
        o.varint(host);
        o.key(2, 2);
        o.varint(zoneLen);
        o.raw(w, zoneAt + 1, zoneLen);
        return o.at;
    }

    private static int words(int bytes) {
        return (bytes + 7) / 8;
    }

    /** Bytes into {@code out}, the two datapaths counted apart. */
    private static final class Writer {
        final byte[] out;
        int at;
        final Meter meter;

        Writer(byte[] out, int at, Meter meter) {
            this.out = out;
            this.at = at;
            this.meter = meter;
        }

        void size(long v) {
            if (meter != null) {
                meter.size(v);
            }
        }

        void key(int field, int wireType) {
            if (meter != null) {
                meter.field();
            }
            varint(((long) field << 3) | wireType);
        }

        void varint(long v) {
            while (true) {
                if (meter != null) {
                    meter.varintByte();
                }
                if ((v & ~0x7FL) == 0) {
                    out[at++] = (byte) v;
                    return;
                }
                out[at++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
        }

        void raw(long[] w, int from, int n) {
            if (meter != null) {
                meter.raw(n);
            }
            for (int i = 0; i < n; i++) {
                out[at++] = (byte) (w[from + i / 8] >>> (8 * (i % 8)));
            }
        }
    }

    /** Wire bytes of {@code events}, each length-delimited: what an offload of them writes back. */
    public static long wireBytes(List<Event> events) {
        long n = 0;
        for (int s : sizes(Layout.of(events))) {
            n += s;
        }
        return n;
    }

    /** The encoded size of every message of {@code layout}, from the host's side (not charged). */
    static int[] sizes(Layout layout) {
        int n = layout.starts().length - 1;
        int[] sizes = new int[n];
        byte[] scratch = new byte[8 + 480 * 2];
        for (int m = 0; m < n; m++) {
            sizes[m] = encode(layout.words(), layout.starts()[m], scratch, 0, null);
        }
        return sizes;
    }

    /** A run's data: the messages' words, the wire buffer, where each message goes in it, the batches. */
    public static final class Frame {
        final long[] fields;
        final int[] starts;
        final byte[] wire;
        final int[] wireStarts;
        final int batch;

        Frame(Layout layout, int[] sizes, int batch) {
            this.fields = layout.words().clone();
            this.starts = layout.starts();
            this.wireStarts = new int[sizes.length + 1];
            for (int m = 0; m < sizes.length; m++) {
                wireStarts[m + 1] = wireStarts[m] + sizes[m];
            }
            this.wire = new byte[wireStarts[sizes.length]];
            this.batch = batch;
        }

        /** The wire bytes of the whole stream, as the run left them. */
        public byte[] wire() {
            return wire.clone();
        }
    }

    /** The stream's first {@code messages} messages of {@code seed}, {@code batch} to a codelet, in software. */
    public static Program<Frame> of(int messages, int batch, long seed) {
        return of(messages, batch, seed, false, 0);
    }

    /** As {@link #of(int, int, long, boolean, int)} from message 0. */
    public static Program<Frame> of(int messages, int batch, long seed, boolean offload) {
        return of(messages, batch, seed, offload, 0);
    }

    /**
     * Messages {@code first} .. {@code first + messages - 1} of the stream of {@code seed}, {@code batch}
     * to a codelet, offloaded to {@link #UNIT} or not: one instance of a stream of batches.
     *
     * @throws IllegalArgumentException for messages outside 1..{@value #MAX_MESSAGES}, a batch below 1,
     *                                  or a negative first message
     */
    public static Program<Frame> of(int messages, int batch, long seed, boolean offload, int first) {
        return of(messages, batch, seed, offload ? OffloadMode.ON : OffloadMode.OFF, first);
    }

    /** As {@link #of(int, int, long, OffloadMode, int)} from message 0. */
    public static Program<Frame> of(int messages, int batch, long seed, OffloadMode offload) {
        return of(messages, batch, seed, offload, 0);
    }

    /**
     * Messages {@code first} .. {@code first + messages - 1} of the stream of {@code seed}, {@code batch}
     * to a codelet, in software, offloaded to {@link #UNIT}, or as the runtime chooses per batch
     * ({@link OffloadMode#AUTO}): each batch declares the bytes its call hands the unit and gets back,
     * which the host knows when it queues the batch.
     *
     * @throws IllegalArgumentException for messages outside 1..{@value #MAX_MESSAGES}, a batch below 1,
     *                                  a negative first message, or a null mode
     */
    public static Program<Frame> of(int messages, int batch, long seed, OffloadMode offload, int first) {
        if (messages < 1 || messages > MAX_MESSAGES) {
            throw new IllegalArgumentException("serialize --messages " + messages + ": expected 1.." + MAX_MESSAGES);
        }
        if (batch < 1 || batch > MAX_MESSAGES) {
            throw new IllegalArgumentException("serialize --batch " + batch + ": expected 1.." + MAX_MESSAGES
                    + " messages per offload call (a batch above --messages holds them all)");
        }
        if (first < 0 || (long) first + messages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("serialize: first message " + first + " out of range");
        }
        List<Event> events = messages(seed, first, messages);
        Layout layout = Layout.of(events);
        int[] sizes = sizes(layout);
        TpDefinition.Builder<Frame> tp = TpDefinition.builder("serialize");
        BufferHandle<long[]> fields = tp.buffer("fields", BufferPlace.external(), f -> f.fields);
        BufferHandle<byte[]> wire = tp.buffer("wire", BufferPlace.external(), f -> f.wire);
        CodeletHandle done = tp.codelet("done", ctx -> { }).cycles(1);
        int batches = (messages + batch - 1) / batch;
        for (int b = 0; b < batches; b++) {
            final int lo = b * batch;
            final int hi = Math.min(messages, lo + batch);
            CodeletHandle encode = tp.codelet("encode(" + b + ")", ctx -> encodeInSoftware(ctx, fields, wire, lo, hi))
                    .code(CODE).reads(fields).writes(wire).precede(done);
            long in = 8L * (layout.starts()[hi] - layout.starts()[lo]);
            long out = 0;
            for (int m = lo; m < hi; m++) {
                out += sizes[m];
            }
            tp.requires(encode, UNIT, ctx -> encodeOnUnit(ctx, lo, hi), in, out);
        }
        TpDefinition<Frame> root = tp.build();
        Map<String, String> params = new TreeMap<>(Map.of("messages", Integer.toString(messages),
                "batch", Integer.toString(batch), "seed", Long.toString(seed)));
        if (first != 0) {
            params.put("first", Integer.toString(first));
        }
        return Program.of("serialize", root, () -> new Frame(layout, sizes, batch), f -> check(f, events), params)
                .withOffload(offload);
    }

    /** The software body: reads the batch's words, writes its bytes, charges what a C encoder executes. */
    static void encodeInSoftware(CodeletContext<Frame> ctx, BufferHandle<long[]> fields, BufferHandle<byte[]> wire,
                                 int lo, int hi) {
        Frame f = ctx.frame();
        Meter meter = new Meter();
        for (int m = lo; m < hi; m++) {
            long[] w = ctx.read(fields, f.starts[m], f.starts[m + 1] - f.starts[m]);
            int at = f.wireStarts[m];
            int size = f.wireStarts[m + 1] - at;
            byte[] out = ctx.write(wire, at, size);
            int end = encode(w, f.starts[m], out, at, meter);
            if (end != at + size) {
                throw new IllegalStateException("message " + m + " encoded to " + (end - at) + " bytes, sized " + size);
            }
        }
        ctx.compute(InstrKind.IALU, meter.ialu);
        ctx.compute(InstrKind.BRANCH, meter.branches);
    }

    /** The accelerator body: the unit's bytes, computed here, and the call that hands it the batch. */
    static void encodeOnUnit(CodeletContext<Frame> ctx, int lo, int hi) {
        Frame f = ctx.frame();
        for (int m = lo; m < hi; m++) {
            encode(f.fields, f.starts[m], f.wire, f.wireStarts[m], null);
        }
        ctx.offload(UNIT, 8L * (f.starts[hi] - f.starts[lo]), f.wireStarts[hi] - f.wireStarts[lo]);
    }

    /** The run's bytes against protobuf-java's CodedOutputStream writing the same messages. */
    static CheckResult check(Frame f, List<Event> events) {
        byte[] expect = ProtobufReference.encode(events);
        if (!Arrays.equals(expect, f.wire)) {
            int i = Arrays.mismatch(expect, f.wire);
            int m = 0;
            while (m + 1 < f.wireStarts.length && f.wireStarts[m + 1] <= i) {
                m++;
            }
            return CheckResult.failed("wire byte " + i + " (message " + m + ") differs from protobuf-java's: "
                    + (i < expect.length ? expect[i] : "end") + " expected, " + (i < f.wire.length ? f.wire[i] : "end")
                    + " written");
        }
        return CheckResult.passed(events.size() + " messages, " + f.wire.length + " wire bytes, as protobuf-java's "
                + "CodedOutputStream writes them");
    }
}
