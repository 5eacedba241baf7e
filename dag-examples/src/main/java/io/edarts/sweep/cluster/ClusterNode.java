package io.edarts.sweep.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;

/**
 * The actor system of one node of a distributed sweep: {@code edarts-cluster.conf} with the node's
 * address, role and seed laid over it, and {@code -D} system properties over that. The simulator's
 * own actor systems never see this configuration: each run stays a local, deterministic system.
 */
final class ClusterNode {
    /** The actor system's name: every node of a sweep must use it, or they cannot talk. */
    static final String SYSTEM = "edarts-sweep";
    static final String COORDINATOR = "coordinator";
    static final String WORKER = "worker";
    /** Where the actors of both roles run; nothing blocks there. */
    static final DispatcherSelector DISPATCHER = DispatcherSelector.fromConfig("edarts-sweep.dispatcher");
    /** Where file IO runs. */
    static final DispatcherSelector IO = DispatcherSelector.fromConfig("edarts-sweep.io-dispatcher");

    private ClusterNode() {}

    /** The Akka address of the node listening at {@code at}. */
    static String address(HostPort at) {
        return "akka://" + SYSTEM + "@" + at;
    }

    static Config config(String role, HostPort bind, HostPort seed) {
        Config node = ConfigFactory.empty()
                .withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(bind.host()))
                .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(bind.port()))
                .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(List.of(role)))
                .withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(List.of(address(seed))));
        return ConfigFactory.systemProperties()
                .withFallback(node)
                .withFallback(ConfigFactory.parseResources(ClusterNode.class.getClassLoader(), "edarts-cluster.conf"))
                .withFallback(ConfigFactory.defaultReference(ClusterNode.class.getClassLoader()))
                .resolve();
    }

    /**
     * Starts a node listening at {@code bind}.
     *
     * @throws IllegalArgumentException when it cannot listen there (the address is not this host's, or the port is taken)
     */
    static <T> ActorSystem<T> start(Behavior<T> guardian, String role, HostPort bind, HostPort seed, String option) {
        try {
            return ActorSystem.create(guardian, SYSTEM, config(role, bind, seed), DISPATCHER);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalArgumentException(option + " " + bind + ": cannot listen there (" + root.getMessage()
                    + "); give an address of this host and a free port", e);
        }
    }
}
