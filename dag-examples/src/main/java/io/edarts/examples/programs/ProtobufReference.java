package io.edarts.examples.programs;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The reference {@link SerializeProgram} is checked against: protobuf-java's own
 * {@link CodedOutputStream} writing each {@link SerializeProgram.Event} as generated code writes a
 * message with {@code writeDelimitedTo} (its size as a varint, then its fields in field-number
 * order, an empty packed field left out), sizes from protobuf's own {@code compute*Size}.
 */
final class ProtobufReference {
    private ProtobufReference() {}

    /** The stream of {@code events}, each length-delimited. */
    static byte[] encode(List<SerializeProgram.Event> events) {
        int total = 0;
        for (SerializeProgram.Event e : events) {
            int body = bodySize(e);
            total += CodedOutputStream.computeUInt32SizeNoTag(body) + body;
        }
        byte[] out = new byte[total];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            for (SerializeProgram.Event e : events) {
                o.writeUInt32NoTag(bodySize(e));
                o.writeInt64(1, e.id());
                o.writeSInt32(2, e.delta());
                o.writeString(3, e.name());
                o.writeByteArray(4, e.payload());
                int[] tags = e.tags();
                if (tags.length > 0) {
                    o.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    o.writeUInt32NoTag(packedSize(tags));
                    for (int t : tags) {
                        o.writeUInt32NoTag(t);
                    }
                }
                o.writeTag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                o.writeUInt32NoTag(originSize(e.origin()));
                o.writeUInt32(1, e.origin().host());
                o.writeString(2, e.origin().zone());
            }
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("protobuf reference: " + e.getMessage(), e);
        }
        return out;
    }

    private static int packedSize(int[] tags) {
        int n = 0;
        for (int t : tags) {
            n += CodedOutputStream.computeUInt32SizeNoTag(t);
        }
        return n;
    }

    private static int originSize(SerializeProgram.Origin o) {
        return CodedOutputStream.computeUInt32Size(1, o.host()) + CodedOutputStream.computeStringSize(2, o.zone());
    }

    private static int bodySize(SerializeProgram.Event e) {
        int n = CodedOutputStream.computeInt64Size(1, e.id()) + CodedOutputStream.computeSInt32Size(2, e.delta())
                + CodedOutputStream.computeStringSize(3, e.name()) + CodedOutputStream.computeByteArraySize(4, e.payload());
        int[] tags = e.tags();
        if (tags.length > 0) {
            int p = packedSize(tags);
            n += CodedOutputStream.computeTagSize(5) + CodedOutputStream.computeUInt32SizeNoTag(p) + p;
        }
        int o = originSize(e.origin());
        return n + CodedOutputStream.computeTagSize(6) + CodedOutputStream.computeUInt32SizeNoTag(o) + o;
    }
}
