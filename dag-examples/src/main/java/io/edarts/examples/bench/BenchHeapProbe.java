package io.edarts.examples.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures how much heap a stretch of code needs, from the collector's own notifications.
 *
 * <h2>Method</h2>
 * Heap occupancy only ever falls at a collection, so its peak over a stretch is either the
 * occupancy just before one of the collections in the stretch or the occupancy at its end. Each
 * {@link GarbageCollectionNotificationInfo} carries the usage of every pool before and after the
 * collection; summing the heap pools gives the whole heap at that instant (the pools are read
 * together, unlike {@link MemoryPoolMXBean#getPeakUsage}, whose per-pool peaks fall at different
 * times and overstate the sum). The probe reports:
 * <ul>
 *   <li>{@code peak}: the largest heap occupancy, the maximum of the above. It includes garbage not
 *       yet collected, so it grows with the room the collector is given ({@code -Xmx}).</li>
 *   <li>{@code live}: the largest occupancy right after a collection in the stretch: what the run
 *       kept reachable (an upper bound: a young collection leaves old garbage in place). Zero if
 *       nothing was collected.</li>
 * </ul>
 * Notifications arrive on a JMX thread after the collection, so {@link #stop} waits (at most a
 * second) until it has seen as many as the collectors have counted.
 *
 * <p>Not thread safe: one stretch at a time.
 */
final class BenchHeapProbe implements AutoCloseable {
    /**
     * What one stretch needed.
     *
     * @param baseBytes occupancy at the start, after the full collection: what earlier work left
     */
    record Sample(long baseBytes, long peakBytes, long liveBytes, int collections, long gcMillis) {}

    private static final int MAX_WAITS = 100;
    private static final long WAIT_MILLIS = 10;

    private final List<MemoryPoolMXBean> heapPools;
    private final Set<String> heapPoolNames;
    private final List<GarbageCollectorMXBean> collectors;
    private final NotificationListener listener = this::onNotification;
    private final Object lock = new Object();
    private long seen;              // notifications received since creation
    private long maxBefore;
    private long maxAfter;
    private int collections;
    private long gcMillis;
    private long base;

    BenchHeapProbe() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
        heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        collectors = ManagementFactory.getGarbageCollectorMXBeans();
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
            }
        }
        synchronized (lock) {
            seen = collectionCount();
        }
    }

    /** Collects the garbage left by earlier work, then starts a stretch. */
    void start() {
        System.gc();
        awaitNotifications();
        long used = heapUsed();
        synchronized (lock) {
            base = used;
            maxBefore = 0;
            maxAfter = 0;
            collections = 0;
            gcMillis = 0;
        }
    }

    /** Ends the stretch begun by {@link #start}. */
    Sample stop() {
        long now = heapUsed();
        awaitNotifications();
        synchronized (lock) {
            return new Sample(base, Math.max(maxBefore, now), maxAfter, collections, gcMillis);
        }
    }

    /** The heap occupancy now, summed over the heap pools. */
    long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean p : heapPools) {
            used += p.getUsage().getUsed();
        }
        return used;
    }

    /** Names of the collectors in use, for the report. */
    String collectorNames() {
        return collectors.stream().map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter e) {
                try {
                    e.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // never added
                }
            }
        }
    }

    private long collectionCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private void awaitNotifications() {
        long target = collectionCount();
        synchronized (lock) {
            // At most MAX_WAITS waits of WAIT_MILLIS: a collector that counts without notifying
            // would cost a second per stretch, not a hang.
            for (int i = 0; seen < target && i < MAX_WAITS; i++) {
                try {
                    lock.wait(WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        long before = sum(info.getMemoryUsageBeforeGc());
        long after = sum(info.getMemoryUsageAfterGc());
        synchronized (lock) {
            seen++;
            maxBefore = Math.max(maxBefore, before);
            maxAfter = Math.max(maxAfter, after);
            collections++;
            gcMillis += info.getDuration();
            lock.notifyAll();
        }
    }

    private long sum(Map<String, MemoryUsage> usage) {
        long total = 0;
        for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
            if (heapPoolNames.contains(e.getKey())) {
                total += e.getValue().getUsed();
            }
        }
        return total;
    }
}
