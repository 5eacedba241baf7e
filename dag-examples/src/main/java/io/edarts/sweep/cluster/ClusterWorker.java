package io.edarts.sweep.cluster;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.edarts.cam.AtomicFiles;
import io.edarts.sweep.ProgramCatalog;
import io.edarts.sweep.Sweep;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code edarts worker --join HOST:PORT}: a node that joins a sweep's coordinator, runs the points it
 * is handed ({@link Worker}) and returns when the sweep is over.
 */
public final class ClusterWorker {
    /** Most points a worker may hold at once. */
    public static final int MAX_JOBS = 1024;

    private ClusterWorker() {}

    /**
     * Joins the coordinator at {@code join} and works until the sweep is over.
     *
     * @param bind    this worker's own address (port 0: any free one), or null for the address this
     *                host reaches {@code join} from, on any free port
     * @param jobs    points run at once
     * @param catalog the programs (the coordinator's must be the same, or reports differ)
     * @param log     where the worker says what it does
     * @return 0 when the sweep is over, 1 when the coordinator could not be joined or was lost
     * @throws IllegalArgumentException for jobs out of range, an unknown host, or an address it cannot listen at
     */
    public static int run(HostPort join, HostPort bind, int jobs, ProgramCatalog catalog, PrintWriter log) {
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new IllegalArgumentException("--jobs " + jobs + ": expected 1.." + MAX_JOBS);
        }
        HostPort self = bind != null ? bind : new HostPort(localAddressTowards(join), 0);
        Path tmp;
        try {
            tmp = Files.createTempDirectory("edarts-worker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder: " + AtomicFiles.reason(e), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService runs = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "edarts-worker-run-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ActorSystem<Void> system;
        try {
            system = ClusterNode.start(Behaviors.<Void>setup(ctx -> {
                ctx.spawn(Worker.create(jobs, catalog, runs, tmp, log, exit), "worker", ClusterNode.DISPATCHER);
                return Behaviors.empty();
            }), ClusterNode.WORKER, self, join, "--bind");
        } catch (IllegalArgumentException e) {
            runs.shutdownNow();
            throw e;
        }
        akka.cluster.Cluster.get(akka.actor.typed.javadsl.Adapter.toClassic(system)).registerOnMemberUp(() -> {
            log.println("worker: " + system.address().hostPort() + " joined " + ClusterNode.address(join) + " with "
                    + jobs + " slot(s)");
            log.flush();
        });
        system.getWhenTerminated().thenRun(() -> {
            if (!exit.isDone()) {
                log.println("worker: " + whyStopped(CoordinatedShutdown.get(system).getShutdownReason(), join));
                log.flush();
            }
            exit.complete(1);
        });
        int code;
        try {
            code = exit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 1;
        } catch (ExecutionException e) {
            code = 1;
        }
        system.terminate(); // leaves the cluster
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the JVM exits anyway
        }
        runs.shutdownNow();
        try {
            Sweep.deleteTree(tmp);
        } catch (IOException ignored) {
            // a temporary folder: the system's to clear
        }
        return code;
    }

    private static String whyStopped(Optional<CoordinatedShutdown.Reason> reason, HostPort join) {
        if (reason.isPresent() && reason.get().equals(CoordinatedShutdown.clusterJoinUnsuccessfulReason())) {
            return "could not join " + ClusterNode.address(join) + " (is `edarts sweep ... --cluster --bind " + join
                    + "` running, with that very host name or address?)";
        }
        if (reason.isPresent() && reason.get().equals(CoordinatedShutdown.clusterDowningReason())) {
            return "removed from the cluster: the coordinator lost sight of this worker";
        }
        return "stopped before the sweep was over" + reason.map(r -> " (" + r + ")").orElse("");
    }

    /** The local address the OS would use to reach {@code join} (no packet is sent). */
    static String localAddressTowards(HostPort join) {
        InetAddress to;
        try {
            to = InetAddress.getByName(join.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--join " + join + ": unknown host " + join.host(), e);
        }
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(to, join.port());
            InetAddress local = s.getLocalAddress();
            return local.isAnyLocalAddress() ? to.getHostAddress() : local.getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("--join " + join + ": no route to " + to.getHostAddress()
                    + "; give --bind HOST:0 with this host's address", e);
        }
    }
}
