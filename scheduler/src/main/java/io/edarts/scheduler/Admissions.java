package io.edarts.scheduler;

import akka.stream.javadsl.SinkQueueWithCancel;
import io.edarts.api.CheckResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The admission control of a streamed run ({@link InstanceStream}): at most K instances in the
 * machine, the rest waiting outside it in arrival order. Owned by the SU of cluster 0, the only one
 * that touches it during the run; the simulator reads its records after the run ended.
 *
 * <h2>Design note</h2>
 * An instance is admitted as the SU creates a new threaded-procedure instance (as an invocation is,
 * but by no codelet: by the stream), at the SU's cycle when it handles an {@code ADMIT} event; the
 * instance's root is homed at cluster 0 and its end (exit, or every codelet fired once, the point at
 * which a caller's continuation would be signalled) is its completion, which frees its slot. K slots
 * are free at the start cycle.
 *
 * <p>Host and virtual time. The stream is an akka-stream source on the host, pulled through a
 * {@link SinkQueueWithCancel} (one pull at a time, one element of buffer). When a slot frees at
 * cycle t, the SU pulls the next instance and queues an {@code ADMIT} event at t whose instance is
 * not known yet: like a firing whose CU has not answered, it blocks the SU's event loop at t until
 * the host's answer comes (a message to the SU), and the SU does not report its window meanwhile.
 * With the answer, the event admits the instance at t if it arrived by then, else it moves to the
 * arrival cycle a; so an instance is admitted at max(a, t) (or later, if the SU is still deciding a
 * placement at that cycle: the SU admits it when it is free), in arrival order. Nothing the host does
 * changes what is simulated, only how soon the SU may go on.
 *
 * <p>One cycle, half-open. An instance holds its slot over [admitted, completed): an instance that
 * completes at t and the one admitted into its slot at t are never both in flight.
 */
final class Admissions {
    /** The continuation token of a streamed instance's root: its end is the stream's, not a slot's. */
    static final Object DONE = new Object() {
        @Override
        public String toString() {
            return "the instance stream";
        }
    };

    /** The payload of an {@code ADMIT} event: a freed slot and, once the host answered, its instance. */
    static final class Slot {
        final long freedAt;
        final int index;
        boolean awaiting = true;
        /** The stream had no more instances (or failed): the event does nothing. */
        boolean none;
        StreamArrival item;

        Slot(long freedAt, int index) {
            this.freedAt = freedAt;
            this.index = index;
        }
    }

    /** One admitted instance, as the SU saw it. */
    static final class Admitted {
        final int index;
        final StreamArrival item;
        final long admitted;
        long completed = -1;

        Admitted(int index, StreamArrival item, long admitted) {
            this.index = index;
            this.item = item;
            this.admitted = admitted;
        }
    }

    private final InstanceStream stream;
    private SinkQueueWithCancel<StreamArrival> queue;
    private final ArrayDeque<Long> freed = new ArrayDeque<>();
    private final List<Admitted> admitted = new ArrayList<>();
    private final Map<Long, Admitted> live = new HashMap<>();
    private Slot pending;
    private boolean ended;
    private int pulled;
    private long lastArrival;

    Admissions(InstanceStream stream) {
        this.stream = stream;
    }

    /** The host's side, materialized by the simulator before the run starts. */
    void queue(SinkQueueWithCancel<StreamArrival> q) {
        this.queue = q;
    }

    SinkQueueWithCancel<StreamArrival> queue() {
        return queue;
    }

    /** The run starts at {@code start}: K slots are free. */
    void start(long start) {
        for (int k = 0; k < stream.inFlight(); k++) {
            freed.addLast(start);
        }
    }

    /** The next slot to pull an instance for, or null (none free, a pull outstanding, or the stream ended). */
    Slot next() {
        if (pending != null || ended || freed.isEmpty()) {
            return null;
        }
        pending = new Slot(freed.pollFirst(), pulled++);
        return pending;
    }

    /** The slot whose pull is outstanding, or null. */
    Slot pendingSlot() {
        return pending;
    }

    /** Whether the SU waits for the host's answer to a pull. */
    boolean awaiting() {
        return pending != null;
    }

    /**
     * The host answered the outstanding pull: an instance, or {@code null} when the stream has ended.
     *
     * @return why the instance is refused (its arrival goes back in time), or null
     */
    String answered(StreamArrival item) {
        Slot s = pending;
        pending = null;
        s.awaiting = false;
        if (item == null) {
            s.none = true;
            ended = true;
            return null;
        }
        if (item.cycle() < lastArrival) {
            s.none = true;
            ended = true;
            return "instance " + s.index + " of the stream arrives at cycle " + item.cycle() + ", before instance "
                    + (s.index - 1) + " (cycle " + lastArrival + "): a stream's arrivals must not go back in time";
        }
        lastArrival = item.cycle();
        s.item = item;
        return null;
    }

    /** The stream failed: nothing more is admitted; the slot it was pulled for does nothing. */
    Slot failed() {
        Slot s = pending;
        pending = null;
        ended = true;
        s.awaiting = false;
        s.none = true;
        return s;
    }

    /** Instance {@code s} entered the machine at {@code at} as {@code inst}. */
    void admitted(Slot s, InstanceRef inst, long at) {
        Admitted a = new Admitted(s.index, s.item, at);
        admitted.add(a);
        live.put(inst.id(), a);
    }

    /** The root of {@code inst}, a streamed instance, ended at {@code at}: its slot frees. */
    void completed(InstanceRef inst, long at) {
        Admitted a = live.remove(inst.id());
        if (a == null) {
            throw new IllegalStateException("instance " + inst.instanceLabel() + " ended as a stream instance, but was"
                    + " not admitted by the stream");
        }
        a.completed = at;
        freed.addLast(at);
    }

    /** Cancels the host's stream (a run that ended early leaves nothing running). */
    void cancel() {
        if (queue != null) {
            queue.cancel();
        }
    }

    /** Instances admitted that never completed. */
    List<Admitted> incomplete() {
        return admitted.stream().filter(a -> a.completed < 0).toList();
    }

    /**
     * The report: each instance with its own check (run now, on the finished frames, each seeing its
     * time in the machine as its makespan), the span, the distributions.
     */
    StreamReport report(boolean checkInstances) {
        List<StreamReport.Instance> out = new ArrayList<>();
        Histogram lat = new Histogram(3);
        Histogram queueing = new Histogram(3);
        Histogram service = new Histogram(3);
        long[] max = new long[3];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<long[]> edges = new ArrayList<>();
        for (Admitted a : admitted) {
            first = Math.min(first, a.item.cycle());
            CheckResult c = CheckResult.none();
            if (a.completed >= 0) {
                last = Math.max(last, a.completed);
                long l = a.completed - a.item.cycle();
                long q = a.admitted - a.item.cycle();
                long s = a.completed - a.admitted;
                lat.recordValue(l);
                queueing.recordValue(q);
                service.recordValue(s);
                max[0] = Math.max(max[0], l);
                max[1] = Math.max(max[1], q);
                max[2] = Math.max(max[2], s);
                if (checkInstances) {
                    c = check(a, s);
                }
                edges.add(new long[] {a.completed, -1});
            }
            edges.add(new long[] {a.admitted, 1});
            out.add(new StreamReport.Instance(a.index, a.item.cycle(), a.admitted, a.completed,
                    c.status().name().toLowerCase(java.util.Locale.ROOT), c.message()));
        }
        // completions before admissions at one cycle: the slots are half-open
        edges.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        int now = 0;
        int most = 0;
        for (long[] e : edges) {
            now += (int) e[1];
            most = Math.max(most, now);
        }
        long span = last == Long.MIN_VALUE ? 0 : last - first;
        return new StreamReport(stream.inFlight(), stream.label(), out, span, dist(lat, max[0]),
                dist(queueing, max[1]), dist(service, max[2]), most);
    }

    private static StreamReport.Distribution dist(Histogram h, long max) {
        if (h.getTotalCount() == 0) {
            return StreamReport.Distribution.NONE;
        }
        // a percentile is its bucket's highest equivalent value: never above the exact max
        return new StreamReport.Distribution(Math.round(h.getMean()), Math.min(max, h.getValueAtPercentile(50)),
                Math.min(max, h.getValueAtPercentile(90)), Math.min(max, h.getValueAtPercentile(99)), max);
    }

    /** An instance's own check; one that throws is a failed check with its message. */
    private static CheckResult check(Admitted a, long span) {
        try {
            CheckResult c = a.item.typedProgram().check(a.item.frame(), span);
            return c != null ? c : CheckResult.failed("the check of " + a.item.program().name() + " returned null");
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return CheckResult.failed("the check of " + a.item.program().name() + " threw " + t);
        }
    }
}
