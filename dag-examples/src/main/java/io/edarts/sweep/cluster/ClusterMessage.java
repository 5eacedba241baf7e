package io.edarts.sweep.cluster;

/**
 * Marks the messages that cross between the nodes of a distributed sweep: Akka serializes them
 * with its Jackson CBOR serializer ({@code edarts-cluster.conf}), never with Java serialization.
 * They are records of values (strings, numbers, bytes, {@link io.edarts.sweep.Point}s and actor refs).
 */
interface ClusterMessage {}
