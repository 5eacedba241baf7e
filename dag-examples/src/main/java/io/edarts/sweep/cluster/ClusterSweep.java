package io.edarts.sweep.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.edarts.sweep.Point;
import io.edarts.sweep.PointRow;
import io.edarts.sweep.Sweep;
import io.edarts.sweep.SweepProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The coordinator of {@code edarts sweep SPEC --cluster --bind HOST:PORT}: a {@link Sweep.Executor}
 * that runs the points on the workers that join it ({@code edarts worker --join HOST:PORT}) instead
 * of on local threads. {@link Sweep#run} checks every point, skips those already done and reads the
 * rows as for a local sweep; this executor only hands out the points still to run and waits until
 * each one's folder is in place ({@link Coordinator}).
 *
 * <pre>{@code
 * try (ClusterSweep cluster = ClusterSweep.start(HostPort.parse("--bind", "127.0.0.1:25520", false), 1, true, err)) {
 *     Sweep.Outcome o = Sweep.run(points, catalog, options, cluster);
 * }
 * }</pre>
 *
 * The node listens from {@link #start} on, so workers may join while the points are checked; a
 * sweep with no worker waits for one. {@link #close} leaves the cluster and stops the node.
 */
public final class ClusterSweep implements Sweep.Executor, AutoCloseable {
    private sealed interface Guardian {}

    private record Start(List<Point> todo, Path dir, SweepProgress progress, CompletableFuture<List<PointRow>> result)
            implements Guardian {}

    private record CoordinatorStopped(CompletableFuture<List<PointRow>> result) implements Guardian {}

    private final ActorSystem<Guardian> system;
    private final HostPort bind;

    private ClusterSweep(ActorSystem<Guardian> system, HostPort bind) {
        this.system = system;
        this.bind = bind;
    }

    /**
     * Starts the coordinator's node at {@code bind}, which the workers {@code --join}.
     *
     * @param hostThreads host threads of each point's simulator on the workers
     * @param trace       whether each point writes {@code trace.json}
     * @param log         where joins, losses and re-issued points are told
     * @throws IllegalArgumentException when it cannot listen at {@code bind}
     */
    public static ClusterSweep start(HostPort bind, int hostThreads, boolean trace, PrintWriter log) {
        if (bind.port() == 0) {
            throw new IllegalArgumentException("--bind " + bind + ": the workers need the port to --join; give one");
        }
        ActorSystem<Guardian> system = ClusterNode.start(guardian(hostThreads, trace, log), ClusterNode.COORDINATOR, bind,
                bind, "--bind");
        log.println("sweep: coordinator at " + ClusterNode.address(bind) + "; start workers with: edarts worker --join "
                + bind);
        log.flush();
        return new ClusterSweep(system, bind);
    }

    private static Behavior<Guardian> guardian(int hostThreads, boolean trace, PrintWriter log) {
        return Behaviors.setup(ctx -> Behaviors.receive(Guardian.class)
                .onMessage(Start.class, s -> {
                    var c = ctx.spawn(Coordinator.create(s.todo(), s.dir(), s.progress(), trace, hostThreads, log,
                            s.result()), "coordinator", ClusterNode.DISPATCHER);
                    ctx.watchWith(c, new CoordinatorStopped(s.result()));
                    return Behaviors.same();
                })
                .onMessage(CoordinatorStopped.class, c -> {
                    // a no-op once the sweep is complete; otherwise the coordinator failed
                    c.result().completeExceptionally(new IllegalStateException("the sweep's coordinator stopped before "
                            + "the last point"));
                    return Behaviors.same();
                })
                .build());
    }

    /** Where the workers join. */
    public HostPort address() {
        return bind;
    }

    @Override
    public List<PointRow> runAll(List<Point> todo, Path dir, SweepProgress progress) {
        CompletableFuture<List<PointRow>> result = new CompletableFuture<>();
        system.tell(new Start(todo, dir, progress, result));
        try {
            return result.get(); // this is the command's thread, not a dispatcher's
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** Leaves the cluster (the workers have been told the sweep is over) and stops the node. */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the JVM is about to exit anyway; the node's threads are daemons
        }
    }
}
