package io.edarts.scheduler;

import java.util.List;

/**
 * What happened on the machine before the program's first dispatch, as a target's loader reports it:
 * how the program got onto the cores (a launch procedure and its cycles), what the machine's host
 * node did meanwhile, and the program image that was loaded. The run starts at {@link #cycles}: the
 * launch is part of the makespan, and the cores are idle until it ends. The scheduler only shifts
 * the run's start and hands this on to the reports; everything in it is the target's.
 *
 * @param procedure what loaded the program ({@code "none"} for a run that starts at cycle 0)
 * @param cycles    the launch's length, the cycle the program starts at
 * @param onChip    copies the cores made of the image among themselves during the launch
 * @param host      the host node's activity over the launch
 * @param image     the program image's sections
 */
public record Prelude(String procedure, long cycles, OnChip onChip, HostNode host, List<ImageSection> image) {

    /** @throws IllegalArgumentException for a blank procedure, negative cycles or a missing part */
    public Prelude {
        if (procedure == null || procedure.isBlank() || cycles < 0 || onChip == null || host == null || image == null) {
            throw new IllegalArgumentException("prelude '" + procedure + "' of " + cycles
                    + " cycles: expected a procedure, cycles >= 0, on-chip copies, a host node and an image");
        }
        image = List.copyOf(image);
    }

    /** Host spans a prelude keeps for the trace and the report; later ones are counted, not kept. */
    public static final int MAX_SPANS = 5_000;

    /**
     * This prelude with the host's work for the run's host calls on the host node's timeline after
     * the launch: one span of kind {@code call} per call served, from when the host took it up to
     * its answer, with the calling core and the call's payload; the host's busy cycles and span
     * count grow by theirs. The host serves calls one at a time, from the launch's end on, so the
     * spans follow the launch's in order, never overlapping.
     */
    public Prelude withHostServices(List<io.edarts.cam.Interconnect.HostService> served) {
        if (served.isEmpty()) {
            return this;
        }
        List<HostSpan> spans = new java.util.ArrayList<>(host.spans());
        long busy = 0;
        for (io.edarts.cam.Interconnect.HostService s : served) {
            busy += s.answered() - s.seen();
            if (spans.size() < MAX_SPANS) {
                spans.add(new HostSpan("call", io.edarts.api.HostCalls.name(s.number()) + " for core " + s.core(), s.seen(),
                        s.answered(), s.core(), s.call().payloadBytes()));
            }
        }
        HostNode h = new HostNode(host.name(), host.clockMhz(), host.busyCycles() + busy, host.spanCount() + served.size(),
                host.bytesToLocal(), host.bytesFromLocal(), host.bytesToExternal(), host.bytesFromExternal(), spans,
                host.calls() + served.size(), host.callBusyCycles() + busy);
        return new Prelude(procedure, cycles, onChip, h, image);
    }

    /**
     * The on-chip part of a launch: {@code copies} core-to-core copies of {@code bytes} in all, the
     * longest chain of them {@code rounds} deep, and {@code signals} core-to-core start signals.
     */
    public record OnChip(long copies, long bytes, int rounds, long signals) {
        public static final OnChip NONE = new OnChip(0, 0, 0, 0);
    }

    /**
     * A host node's activity: its name and clock, the cycles it was busy, how many spans it ran and
     * the bytes it moved each way, and its spans (at most {@link #MAX_SPANS} kept; {@code spanCount}
     * counts all); of these, the {@code calls} host calls it served during the run, busy with them
     * {@code callBusyCycles} ({@link #withHostServices}).
     */
    public record HostNode(String name, double clockMhz, long busyCycles, long spanCount, long bytesToLocal,
                           long bytesFromLocal, long bytesToExternal, long bytesFromExternal, List<HostSpan> spans,
                           long calls, long callBusyCycles) {
        public HostNode {
            spans = List.copyOf(spans);
        }

        /** A host node that served no host calls (its activity over the launch alone). */
        public HostNode(String name, double clockMhz, long busyCycles, long spanCount, long bytesToLocal,
                        long bytesFromLocal, long bytesToExternal, long bytesFromExternal, List<HostSpan> spans) {
            this(name, clockMhz, busyCycles, spanCount, bytesToLocal, bytesFromLocal, bytesToExternal, bytesFromExternal,
                    spans, 0, 0);
        }

        /** The cycles the host was busy launching the program: all but its calls'. */
        public long launchBusyCycles() {
            return busyCycles - callBusyCycles;
        }
    }

    /**
     * One stretch of host time, in the machine's cycles: {@code kind} ({@code work}, {@code transfer},
     * {@code signal}, or {@code call}: a host call served), what it did, and the core and bytes it moved to or from (-1 and 0 for none).
     */
    public record HostSpan(String kind, String what, long start, long end, int core, long bytes) {}

    /**
     * One section of the program image: its name, the memory it is in ({@code local} in each core, or
     * {@code external}), its base address there (-1 where the memory plan places it), the bytes its
     * segment spans, the bytes it holds (the most any core holds, for local sections), the cores that
     * hold it, whether a load copies it, and what it holds.
     */
    public record ImageSection(String name, String memory, long address, long segmentBytes, long bytes, int cores,
                               boolean loaded, String holds) {}
}
