package io.edarts.epiphany.host;

import io.edarts.epiphany.EpiphanyTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ARM host as a simulated node: one timeline of its own (its clock, in the chip's cycles) on which
 * everything the host does is a span, one after the other.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>One server.</b> The host side of COPRTHR-2 is one daemon thread that loads programs,
 *       signals cores and serves their host calls (coprthr2-paper.txt 3.3, 3.5), so the host is a
 *       single server: a request that finds it busy waits. {@link #occupy} is the whole contract: "the
 *       host does X for N cycles, starting no earlier than T; it returns the span it took", the span
 *       starting at {@code max(T, the end of the host's last span)}.</li>
 *   <li><b>Deterministic.</b> The host serves requests in the order they are made, so its owner makes
 *       them in a deterministic order: the launch makes them from one thread before the run; a host
 *       daemon driven by the SUs' event loop makes them in virtual-time order (time, core, sequence),
 *       as every other shared resource of a run is driven. The node never reads the host's clock.</li>
 *   <li><b>Costs.</b> {@link #transfer} prices a copy with {@link HostLink} (the facts' host rows) and
 *       occupies the host for it; {@link #hostCycles} turns work counted in ARM cycles into chip cycles.
 *       Host activity is kept as spans (for the trace's host track and the report's {@code host-node}
 *       block); at most {@link #MAX_SPANS} are kept, the totals always.</li>
 * </ul>
 * Not thread-safe: one owner at a time.
 */
public final class HostNode {
    /** Spans kept for the trace and the report; later ones are counted but not kept. */
    public static final int MAX_SPANS = 5_000;

    /** What a span of host time did. */
    public enum Kind {
        /** host work that moves no data (a daemon's bookkeeping, a call carried out) */
        WORK,
        /** a copy between the host and a core's SRAM or the DRAM window */
        TRANSFER,
        /** a start or re-execute signal written into a core */
        SIGNAL
    }

    /**
     * One stretch of host time: {@code what} from {@code start} to {@code end} (chip cycles), moving
     * {@code bytes} in {@code direction} to or from {@code core} (-1 and null for none).
     */
    public record Span(Kind kind, String what, long start, long end, int core, long bytes, HostLink.Direction direction) {
        public long cycles() {
            return end - start;
        }
    }

    private final HostLink link;
    private final List<Span> spans = new ArrayList<>();
    private long free;
    private long busy;
    private long count;
    private final long[] bytes = new long[HostLink.Direction.values().length];

    /** A host attached to {@code link}, idle from cycle 0. */
    public HostNode(HostLink link) {
        if (link == null) {
            throw new IllegalArgumentException("a host node needs its link");
        }
        this.link = link;
    }

    /** The host of {@code target}'s machine, with its {@code epiphany.host} parameters. */
    public static HostNode of(EpiphanyTarget target) {
        return new HostNode(new HostLink(HostParams.of(target.machine()), target.geometry(), target.params()));
    }

    public HostLink link() {
        return link;
    }

    /** The cycle from which the host is free: the end of its last span (0 before any). */
    public long freeAt() {
        return free;
    }

    /**
     * The host does {@code what} for {@code cycles} chip cycles, starting no earlier than
     * {@code notBefore} and not before its previous span ended; returns the span (its {@code end} is
     * when the work is done).
     *
     * @throws IllegalArgumentException for negative cycles or a negative start
     */
    public Span occupy(String what, long notBefore, long cycles) {
        return add(Kind.WORK, what, notBefore, cycles, -1, 0, null);
    }

    /**
     * The host copies {@code bytes} in direction {@code d}, to or from core {@code core} for the SRAM
     * directions (ignored for DRAM: pass -1), starting no earlier than {@code notBefore}.
     *
     * @throws IllegalArgumentException for negative bytes or start, or a core off the mesh
     */
    public Span transfer(String what, HostLink.Direction d, int core, long bytes, long notBefore) {
        long c = link.cycles(d, core, bytes);
        return add(Kind.TRANSFER, what, notBefore, c, d.touchesChip() ? core : -1, bytes, d);
    }

    /** The host writes one signal ({@code epiphany.host.signal-bytes}) into core {@code core}. */
    public Span signal(String what, int core, long notBefore) {
        int b = link.params().signalBytes();
        return add(Kind.SIGNAL, what, notBefore, link.cycles(HostLink.Direction.HOST_TO_SRAM, core, b), core, b,
                HostLink.Direction.HOST_TO_SRAM);
    }

    /** What a transfer would take, without occupying the host ({@link HostLink#cycles}). */
    public long transferCycles(HostLink.Direction d, int core, long bytes) {
        return link.cycles(d, core, bytes);
    }

    /** Chip cycles for work counted in the ARM's cycles ({@link HostLink#chipCycles}). */
    public long hostCycles(long armCycles) {
        return link.chipCycles(armCycles);
    }

    private Span add(Kind kind, String what, long notBefore, long cycles, int core, long n, HostLink.Direction d) {
        if (cycles < 0 || notBefore < 0) {
            throw new IllegalArgumentException("host span '" + what + "': cycles " + cycles + " and start " + notBefore
                    + " must be >= 0");
        }
        long start = Math.max(notBefore, free);
        Span s = new Span(kind, what, start, Math.addExact(start, cycles), core, n, d);
        free = s.end();
        busy += cycles;
        count++;
        if (d != null) {
            bytes[d.ordinal()] += n;
        }
        if (spans.size() < MAX_SPANS) {
            spans.add(s);
        }
        return s;
    }

    /** The spans kept, in the order the host ran them (at most {@link #MAX_SPANS}). */
    public List<Span> spans() {
        return Collections.unmodifiableList(spans);
    }

    /** Every span the host ran, kept or not. */
    public long spanCount() {
        return count;
    }

    /** Cycles the host was busy. */
    public long busyCycles() {
        return busy;
    }

    /** Bytes the host moved in direction {@code d}. */
    public long bytes(HostLink.Direction d) {
        return bytes[d.ordinal()];
    }
}
