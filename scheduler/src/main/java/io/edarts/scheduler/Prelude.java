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

    /**
     * The on-chip part of a launch: {@code copies} core-to-core copies of {@code bytes} in all, the
     * longest chain of them {@code rounds} deep, and {@code signals} core-to-core start signals.
     */
    public record OnChip(long copies, long bytes, int rounds, long signals) {
        public static final OnChip NONE = new OnChip(0, 0, 0, 0);
    }

    /**
     * A host node's activity: its name and clock, the cycles it was busy, how many spans it ran and
     * the bytes it moved each way, and its spans (at most a few thousand kept; {@code spanCount}
     * counts all).
     */
    public record HostNode(String name, double clockMhz, long busyCycles, long spanCount, long bytesToLocal,
                           long bytesFromLocal, long bytesToExternal, long bytesFromExternal, List<HostSpan> spans) {
        public HostNode {
            spans = List.copyOf(spans);
        }
    }

    /**
     * One stretch of host time, in the machine's cycles: {@code kind} ({@code work}, {@code transfer}
     * or {@code signal}), what it did, and the core and bytes it moved to or from (-1 and 0 for none).
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
