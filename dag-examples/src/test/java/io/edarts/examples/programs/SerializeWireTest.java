package io.edarts.examples.programs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** serialize's encoder against protobuf-java's CodedOutputStream, for any messages, not only the seeded ones. */
class SerializeWireTest {
    private static byte[] encoded(List<SerializeProgram.Event> events) {
        SerializeProgram.Layout l = SerializeProgram.Layout.of(events);
        int[] sizes = SerializeProgram.sizes(l);
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        byte[] out = new byte[total];
        int at = 0;
        SerializeProgram.Meter meter = new SerializeProgram.Meter();
        for (int m = 0; m < events.size(); m++) {
            int end = SerializeProgram.encode(l.words(), l.starts()[m], out, at, meter);
            assertEquals(at + sizes[m], end, "message " + m + " as sized");
            at = end;
        }
        // the two datapaths together wrote every byte, once
        assertEquals(total, meter.varintBytes + meter.rawBytes);
        return out;
    }

    @Property(tries = 300)
    void anyMessagesEncodeToProtobufJavasBytes(@ForAll("events") List<SerializeProgram.Event> events) {
        assertArrayEquals(ProtobufReference.encode(events), encoded(events));
    }

    @Property(tries = 100)
    void theSeededStreamEncodesToProtobufJavasBytes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n,
                                                    @ForAll @IntRange(min = 0, max = 1000) int first) {
        List<SerializeProgram.Event> events = SerializeProgram.messages(seed, first, n);
        assertArrayEquals(ProtobufReference.encode(events), encoded(events));
        assertEquals(events.get(n - 1), SerializeProgram.message(seed, first + n - 1), "message k is the same in any run");
    }

    @Provide
    Arbitrary<List<SerializeProgram.Event>> events() {
        Arbitrary<String> text = Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(30)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<int[]> tags = Arbitraries.integers().array(int[].class).ofMaxSize(12);
        Arbitrary<SerializeProgram.Origin> origin = Combinators.combine(Arbitraries.integers(), text)
                .as(SerializeProgram.Origin::new);
        Arbitrary<SerializeProgram.Event> event = Combinators.combine(Arbitraries.longs(), Arbitraries.integers(), text,
                bytes, tags, origin).as(SerializeProgram.Event::new);
        return event.list().ofMinSize(1).ofMaxSize(8);
    }
}
