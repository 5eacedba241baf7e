package io.edarts.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import io.edarts.sweep.Point;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every message that crosses between nodes goes through Akka's Jackson CBOR serializer (the one
 * {@code edarts-cluster.conf} binds) and comes back equal: records of values and actor refs, no Java
 * serialization.
 */
class ClusterMessagesTest {
    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        // the cluster node's configuration, on a local provider: serialization is the same, no port is opened
        kit = ActorTestKit.create("edarts-sweep", ClusterNode.config(ClusterNode.WORKER, new HostPort("127.0.0.1", 0),
                new HostPort("127.0.0.1", 1)).withValue("akka.actor.provider",
                com.typesafe.config.ConfigValueFactory.fromAnyRef("local")));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    /** Through the serializer bound to it, back, and (when {@code equal}) checked equal. */
    private static <T> T roundTrip(T m, boolean equal) {
        Serialization s = SerializationExtension.get(kit.system());
        assertEquals("akka.serialization.jackson.JacksonCborSerializer", s.findSerializerFor(m).getClass().getName(),
                m.getClass().getName());
        return new SerializationTestKit(kit.system()).verifySerialization(m, equal);
    }

    @Test
    void everyMessageRoundTripsThroughJacksonCbor() {
        TestProbe<Worker.Command> worker = kit.createTestProbe();
        TestProbe<PointWriter.Command> writer = kit.createTestProbe();
        Point p = new Point("matmul", Map.of("size", "64", "block", "16"), "parallella16", List.of("pool-capacity=2"),
                "critical-path", 7, List.of("*=local"));
        List<PointFile> files = List.of(new PointFile("report.json", 10, "0".repeat(64)),
                new PointFile("sub/trace.json", 0, "f".repeat(64)));
        List<Object> messages = List.of(
                new Coordinator.Hello(worker.ref(), 2),
                new Coordinator.Pull(worker.ref()),
                new Coordinator.Ran(worker.ref(), p.id(), files, null),
                new Coordinator.Ran(worker.ref(), p.id(), List.of(), "no such program"),
                new Worker.Assign(p, true, 2),
                new Worker.Upload(p.id(), writer.ref()),
                new Worker.Release(p.id()),
                new Worker.ChunkAck(p.id(), 1, 131072),
                new Worker.SweepOver(12));
        for (Object m : messages) {
            roundTrip(m, true);
        }
        assertEquals(p.id(), roundTrip(new Worker.Assign(p, false, 1), true).point().id());

        byte[] bytes = new byte[Worker.CHUNK];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        PointWriter.Chunk sent = new PointWriter.Chunk(p.id(), 2, 262144, bytes, worker.ref());
        PointWriter.Chunk c = roundTrip(sent, false); // an array component: records compare it by identity
        assertTrue(SerializationExtension.get(kit.system()).serialize(sent).get().length < 256 * 1024,
                "a chunk fits Artery's default frame");
        assertEquals(p.id(), c.pointId());
        assertEquals(2, c.file());
        assertEquals(262144, c.offset());
        assertEquals(worker.ref(), c.from());
        assertArrayEquals(bytes, c.bytes());
    }
}
