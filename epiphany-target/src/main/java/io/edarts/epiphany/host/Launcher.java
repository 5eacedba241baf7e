package io.edarts.epiphany.host;

import io.edarts.cam.Dma;
import io.edarts.cam.Interconnect;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.memory.MeshGeometry;
import java.util.PriorityQueue;

/**
 * Simulates a {@link LaunchProcedure}: how long a program image takes to get onto every core of the
 * chip and be started, on the host node's timeline and on the chip.
 *
 * <h2>Design note</h2>
 * Every cost comes from the host link ({@link HostLink}: the facts' host rows) or from the chip's own
 * model; nothing is taken from the paper's measured times (coprthr2-paper.txt Table 1 is withheld).
 * <ul>
 *   <li><b>serial</b> (the eSDK loader, 3.3 and Figure 2): the host copies sysmem and usrmem into
 *       DRAM once, then syscore+usrcore into each core in turn (host to SRAM), then writes each core's
 *       start signal in turn. Everything is on the host, so it grows linearly with the cores.</li>
 *   <li><b>tree</b> (COPRTHR-2's distributed tree loader): the host copies the DRAM segments and one
 *       copy of syscore+usrcore into core 0 and signals it; from then on the cores copy the image
 *       among themselves as a binomial tree over the core indices (row-major): a core that holds it
 *       pushes it, one copy after another, to core {@code i + 2^k} for each {@code 2^k > i} below the
 *       core count, as a DMA from its memory into the other's (its channel 0), followed by an 8-byte
 *       posted start write; the other core pushes on as soon as it has been started. The tree is
 *       {@code ceil(log2 cores)} copies deep, so the load grows logarithmically. A push into a core
 *       that does not yet run syscore is possible because the DMA writes into its memory from the
 *       pushing core's side.</li>
 *   <li><b>hot</b> (hot load): the cores already wait in syscore (loaded earlier, not counted), so
 *       only usrcore moves: the host copies usrmem into DRAM and usrcore into core 0 and signals it,
 *       and syscore's tree spreads usrcore as above. It scales with the program's own code only.</li>
 *   <li><b>reexec</b>: the program is loaded; the host signals core 0 and syscore forwards the
 *       signal down the same tree as 8-byte posted writes.</li>
 * </ul>
 * The on-chip copies and signals go through the chip's cost model: with
 * {@code epiphany.contention = on} through a fresh contended eMesh ({@link EpiphanyTarget#newInterconnect}),
 * so copies that share links slow each other; with it off, each at its uncontended cost
 * ({@link EpiphanyTarget#dmaCycles}, {@link EpiphanyTarget#messageCycles}). The launch is over when
 * the last core has been started. Deterministic: events are taken in (cycle, sequence) order.
 */
public final class Launcher {
    /** What a launch took. */
    public record Launch(LaunchProcedure procedure, long cycles, long copies, long copyBytes, int rounds,
                         long signals) {}

    private final EpiphanyTarget target;
    private final MeshGeometry geometry;
    private final Interconnect ic;
    private final PriorityQueue<long[]> closed = new PriorityQueue<>((a, b) -> a[0] != b[0]
            ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private final java.util.Map<Long, Interconnect.Done> pending = new java.util.HashMap<>();
    private long seq;
    private long copies;
    private long copyBytes;
    private long signals;
    private int rounds;
    private long end;
    private final int[] depth;

    private Launcher(EpiphanyTarget target) {
        this.target = target;
        this.geometry = target.geometry();
        this.ic = target.newInterconnect().orElse(null);
        this.depth = new int[geometry.coreCount()];
    }

    /**
     * Runs {@code procedure} for {@code image} on {@code target}, the host's part on {@code host}'s
     * timeline (from its current time).
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public static Launch run(LaunchProcedure procedure, ProgramImage image, EpiphanyTarget target, HostNode host) {
        if (procedure == null || image == null || target == null || host == null) {
            throw new IllegalArgumentException("a launch needs a procedure, an image, a target and a host node");
        }
        return new Launcher(target).launch(procedure, image, host);
    }

    private Launch launch(LaunchProcedure p, ProgramImage image, HostNode host) {
        int n = geometry.coreCount();
        long t = host.freeAt();
        switch (p) {
            case NONE -> {
                return new Launch(p, 0, 0, 0, 0, 0);
            }
            case SERIAL -> {
                t = toDram(host, "sysmem+usrmem", image.coldExternalBytes(), t);
                for (int c = 0; c < n; c++) {
                    t = host.transfer("image to core " + c, HostLink.Direction.HOST_TO_SRAM, c, image.coldLocalBytes(), t)
                            .end();
                }
                for (int c = 0; c < n; c++) {
                    t = host.signal("start core " + c, c, t).end();
                }
                return new Launch(p, t, 0, 0, 0, 0);
            }
            case TREE, HOT -> {
                boolean cold = p == LaunchProcedure.TREE;
                long local = cold ? image.coldLocalBytes() : image.usrcoreBytes();
                long offset = cold ? 0 : image.syscoreBytes();
                t = toDram(host, cold ? "sysmem+usrmem" : "usrmem", cold ? image.coldExternalBytes() : image.usrmemBytes(), t);
                t = host.transfer((cold ? "image" : "usrcore") + " to core 0", HostLink.Direction.HOST_TO_SRAM, 0, local, t)
                        .end();
                t = host.signal("start core 0", 0, t).end();
                spread(0, t, offset, local);
                return new Launch(p, drain(t), copies, copyBytes, rounds, signals);
            }
            case REEXEC -> {
                t = host.signal("re-execute core 0", 0, t).end();
                spread(0, t, 0, 0);
                return new Launch(p, drain(t), copies, copyBytes, rounds, signals);
            }
            default -> throw new IllegalStateException("launch procedure " + p);
        }
    }

    private static long toDram(HostNode host, String what, long bytes, long t) {
        return bytes == 0 ? t : host.transfer(what + " to DRAM", HostLink.Direction.HOST_TO_DRAM, -1, bytes, t).end();
    }

    /** Core {@code i} holds the image (or the signal) from {@code at}: it pushes on to its children. */
    private void spread(int i, long at, long offset, long bytes) {
        end = Math.max(end, at);
        push(i, firstChildExponent(i), at, offset, bytes);
    }

    private static int firstChildExponent(int i) {
        int k = 0;
        while ((1L << k) <= i) {
            k++;
        }
        return k;
    }

    /** Core {@code i}'s push to {@code i + 2^k} from {@code at}, then its next ones. */
    private void push(int i, int k, long at, long offset, long bytes) {
        long child = i + (1L << k);
        if (k > 30 || child >= geometry.coreCount()) {
            return;
        }
        int j = (int) child;
        depth[j] = depth[i] + 1;
        rounds = Math.max(rounds, depth[j]);
        int sig = 8;
        Interconnect.Done started = s -> {
            spread(j, s, offset, bytes);
        };
        if (bytes == 0) {
            signals++;
            send(i, j, sig, at, s -> {
                started.done(s);
                push(i, k + 1, s, offset, bytes); // the posted write is out: the next signal follows
            });
            return;
        }
        long rounded = (bytes + 7) & -8L;
        Dma copy = Dma.copy(geometry.globalAddress(i, offset), geometry.globalAddress(j, offset), rounded);
        copies++;
        copyBytes += rounded;
        dma(i, copy, at, landed -> {
            signals++;
            send(i, j, sig, landed, started);
            push(i, k + 1, landed, offset, bytes); // the channel is free again
        });
    }

    private void dma(int core, Dma copy, long at, Interconnect.Done done) {
        if (ic != null) {
            ic.dma(core, 0, copy, at, done);
        } else {
            later(at + target.dmaCycles(core, copy), done);
        }
    }

    private void send(int from, int to, int bytes, long at, Interconnect.Done done) {
        if (ic != null) {
            ic.send(from, to, bytes, at, done);
        } else {
            later(at + target.messageCycles(from, to, bytes), done);
        }
    }

    private void later(long at, Interconnect.Done done) {
        long s = seq++;
        pending.put(s, done);
        closed.add(new long[] {at, s});
    }

    /** Runs the chip until nothing is in flight; the cycle the last core was started (at least {@code t}). */
    private long drain(long t) {
        while (true) {
            if (ic != null && ic.nextEventCycle() != Long.MAX_VALUE) {
                ic.step();
            } else if (!closed.isEmpty()) {
                long[] e = closed.poll();
                pending.remove(e[1]).done(e[0]);
            } else {
                return Math.max(t, end);
            }
        }
    }
}
