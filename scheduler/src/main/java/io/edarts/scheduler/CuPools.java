package io.edarts.scheduler;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The CUs' own ready pools as the CUs see them, when codelets may move between pools after the SU
 * placed them: work stealing ({@link PlacementPolicy#stealsBetweenCus}) and CU-side scheduling
 * (machine key {@code scheduler.cu-side}). One per SU, driven by its event loop.
 *
 * <h2>Design note</h2>
 * <b>Hand-off at start.</b> Without this class the SU sends each codelet to its CU's actor when it
 * places it, and the actor fires it at once (the body runs on the host, the CU's clock decides the
 * start). A codelet that may still be stolen cannot be fired yet, so here a placement only puts an
 * {@link Entry} in the pool of the CU (when its descriptor arrives: a mesh message, as today); the
 * CU's actor gets it when the CU starts it: when the CU is idle as the descriptor lands, or when the
 * CU finishes its firing and pops its pool (oldest first, the order the SU dealt). Every step is an
 * event in the SU's virtual-time order (with an interconnect, a mesh callback), so the outcome never
 * depends on the host.
 *
 * <p><b>Stealing</b> (after DARTS' {@code MicroSteal}, {@code include/scheduler/MSchedPolicy.h} in
 * szuckerm/DARTS: an idle codelet scheduler pops its own pool and, when that is empty, pops a
 * victim's). A CU that finishes a firing with an empty pool starts a round: it asks the other CUs of
 * its cluster in turn, each request a message to the victim ({@code signal-bytes}: the test-and-set
 * on the victim's pool lock, as e-lib's remote {@code TESTSET} does on the Epiphany), answered by
 * the victim's pool without its core (the pool is memory): the stolen descriptor
 * ({@code dispatch-bytes}) or a refusal ({@code signal-bytes}). Every message goes through the SU's
 * {@link Host#send}: the run's {@link io.edarts.cam.Interconnect} when one is in force, else the
 * target's uncontended {@code messageCycles}. A round ends at the first success or after every
 * victim refused; then the CU is parked.
 *
 * <p><b>Victim order.</b> DARTS draws the victim at random ({@code rand() % peers}); we need a
 * deterministic order, and on a mesh the cost of a probe grows with the hops (1.5 cycles each on the
 * Epiphany's cMesh), so each CU asks the CUs of its cluster nearest first (fewest hops, then lowest
 * core number): its mesh neighbours, then farther ones. A steal from a neighbour is the cheapest, and
 * keeps the stolen work near the data of the victim's codelets, which the stencil-like programs keep
 * in neighbouring cores.
 *
 * <p><b>Which end.</b> The owner pops the oldest entry (the SU's order, so a run without steals fires
 * what round-robin fires, in its order); a thief takes the newest, the one that would wait longest
 * behind the victim's busy core, as in Cilk-style deques (the owner and the thief work at opposite
 * ends). DARTS' deque pops the same end for both; we keep the owner's order as the SU dealt it.
 *
 * <p><b>Parking and back-off.</b> DARTS' {@code MicroSteal} idle loop sleeps after each failed
 * attempt, 1 us the first time and 1 us longer each time after ({@code usleep(usecs); usecs +=
 * range}, {@code range = 1}), until it finds work. Here a CU whose whole round failed parks; the
 * next round starts when a codelet is left waiting in some pool of the cluster (delivered to a busy
 * CU), but no earlier than its sleep allows: {@code n} us (at the machine's clock) after its
 * {@code n}-th failed round in a row; running a codelet resets {@code n}. The rounds a polling CU
 * would make while no pool holds anything, which must all fail, are not simulated (they would only
 * add mesh traffic): a CU whose round would find no pool holding anything parks at once, or stops
 * its round when nothing is left to find; a CU starts the run parked.
 *
 * <p><b>CU-side scheduling</b> (the Codelet Abstract Machine lets a CU schedule the codelets it
 * enables; DARTS' {@code Codelet::decDep} pushes a codelet its scheduler enabled into that
 * scheduler's own pool with {@code pushLocal}). With {@code scheduler.cu-side = on} the CU applies
 * its firing's signals itself when the firing ends; a codelet they enable goes into its own pool when
 * that has room (counting the codelet it runs: {@code pool-capacity}), or, when it prefers another
 * CU (affinity), into that CU's pool: the CU reads the pool's count (a request and its reply,
 * {@code signal-bytes} each; the place is reserved when the request finds one) and writes the
 * descriptor ({@code dispatch-bytes}). Each such placement sends one notification to the SU
 * ({@code signal-bytes}, counted on arrival as a CU-side placement); otherwise, and for the
 * codelets of procedures the firing invoked (threaded procedures are the SU's to schedule), the
 * descriptor goes to the SU's ready queue ({@code dispatch-bytes}) and the SU places it as usual.
 * A codelet placed by a CU takes no SU credit, so a pool can hold more than {@code pool-capacity}
 * while SU placements it did not know of are on their way. With stealing on, the neighbours take
 * from a CU's pool what it enabled and cannot run soon.
 *
 * <p><b>By declared data.</b> For a policy that {@link PlacementPolicy#placesByDataOnCus}
 * ({@code data-locality}), a codelet without affinity that declares data goes where its data costs
 * least, as the policy would place it: the CU asks each CU from whose core that data costs least
 * ({@link RunContext#dataCycles}) for a place (a test-and-set request and its reply, {@code
 * signal-bytes} each, reserving a place when there is one), gives it to the least occupied, ties to
 * itself, then the nearest, then the lowest core, and releases the other places. Keeping it in its
 * own pool would pile a chain of such codelets (a rank whose data sits on the SU core) onto one CU.
 *
 * <p><b>Credits.</b> A stolen codelet keeps the credit of the pool the SU placed it in until the SU
 * consumes its completion (which names that pool): the SU learns of steals only from completions.
 * Not thread-safe: owned by the SU actor.
 */
final class CuPools {

    /**
     * A codelet in a pool: enabled at {@code enabledAt}, placed in the pool of CU {@code creditOf}
     * by the SU, or by a CU itself ({@code creditOf} -1).
     */
    record Entry(InstanceRef inst, int codelet, long firing, long enabledAt, int creditOf) {}

    /** What the pools ask of their SU. */
    interface Host {
        /** CU {@code k} starts {@code e} at {@code t}: hand it to the CU's actor; returns the dispatch number. */
        long handOff(int k, Entry e, long t);

        /** A message of {@code bytes} from core {@code from} to core {@code to} sent at {@code t}; {@code then} on arrival. */
        void send(int from, int to, int bytes, long t, LongConsumer then);

        /** A codelet a CU enabled reached the SU's ready queue at {@code t}. */
        void toSu(Entry e, long t);

        /** {@code then} at cycle {@code t} (not a message: a core's own timer), in the SU's event order. */
        void later(long t, int core, LongConsumer then);
    }

    /** What the pools counted. */
    record Counts(long stealsAttempted, long stealsSucceeded, long cuSidePlacements, long cuSideToSu) {
        static final Counts NONE = new Counts(0, 0, 0, 0);

        Counts plus(Counts o) {
            return new Counts(stealsAttempted + o.stealsAttempted, stealsSucceeded + o.stealsSucceeded,
                    cuSidePlacements + o.cuSidePlacements, cuSideToSu + o.cuSideToSu);
        }
    }

    private final Host host;
    private final int[] cores;
    private final int suCore;
    private final int capacity;
    private final boolean steal;
    /** Whether a codelet a CU enabled with declared data and no affinity goes where its data costs least. */
    private final boolean byData;
    private final RunContext run;
    private final int requestBytes;
    private final int descriptorBytes;
    private final java.util.List<ArrayDeque<Entry>> pool;
    private final boolean[] running;
    private final boolean[] stealing;
    private final boolean[] parked;
    private final int[] nextVictim;
    /** Per CU: descriptors other CUs are pushing to it (CU-side), place taken. */
    private final int[] incoming;
    /** CU index of each core of the machine, -1 for cores that are not this cluster's CUs. */
    private final int[] indexOfCore;
    /** Per CU: failed rounds in a row, and the cycle its sleep after the last one ends. */
    private final int[] failedRounds;
    private final long[] sleepsUntil;
    /** Per CU: whether a round is already due at the end of its sleep. */
    private final boolean[] woken;
    /** Cycles of one microsecond: the sleep's unit. */
    private final long micro;
    /** Per CU: the other CUs of the cluster, nearest first. */
    private final int[][] victims;
    /** Started entries by dispatch number, until the SU consumes their completion. */
    private final Map<Long, Entry> started = new HashMap<>();
    /** Codelets in all pools, not started. */
    private int waiting;
    private long attempted;
    private long succeeded;
    private long cuSide;
    private long cuSideToSu;

    CuPools(Host host, RunContext run, int suCore, int[] cores, boolean steal) {
        this(host, run, suCore, cores, steal, false);
    }

    CuPools(Host host, RunContext run, int suCore, int[] cores, boolean steal, boolean byData) {
        this.host = host;
        this.run = run;
        this.byData = byData;
        this.cores = cores.clone();
        this.suCore = suCore;
        this.capacity = run.machine.poolCapacity();
        this.steal = steal;
        this.requestBytes = run.signalBytes;
        this.descriptorBytes = run.dispatchBytes;
        int n = cores.length;
        this.pool = new java.util.ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            pool.add(new ArrayDeque<>());
        }
        this.running = new boolean[n];
        this.stealing = new boolean[n];
        this.parked = new boolean[n];
        Arrays.fill(parked, steal);
        this.nextVictim = new int[n];
        this.incoming = new int[n];
        this.indexOfCore = new int[run.machine.coreCount()];
        Arrays.fill(indexOfCore, -1);
        for (int k = 0; k < n; k++) {
            indexOfCore[cores[k]] = k;
        }
        this.failedRounds = new int[n];
        this.sleepsUntil = new long[n];
        this.woken = new boolean[n];
        this.micro = Math.max(1, Math.round(run.machine.clockMhz()));
        this.victims = new int[n][];
        for (int k = 0; k < n; k++) {
            int me = k;
            victims[k] = java.util.stream.IntStream.range(0, n).filter(v -> v != me).boxed()
                    .sorted(java.util.Comparator.<Integer>comparingInt(v -> run.machine.hops(cores[me], cores[v]))
                            .thenComparingInt(v -> cores[v]))
                    .mapToInt(Integer::intValue).toArray();
        }
    }

    /** {@code e}'s descriptor reached the pool of CU {@code k} at {@code t}. */
    void deliver(int k, Entry e, long t) {
        pool.get(k).addLast(e);
        waiting++;
        if (!running[k]) {
            runNext(k, t);
        }
        if (!pool.get(k).isEmpty()) {
            wakeParked(t); // a codelet waits behind a busy core: there is something to steal
        }
    }

    /** CU {@code k}'s firing ended: it runs nothing now (its firing's consequences come next). */
    void ended(int k) {
        running[k] = false;
    }

    /** CU {@code k} looks for its next codelet at {@code t}: its own pool, else (stealing) another's. */
    void idle(int k, long t) {
        if (!running[k] && !runNext(k, t) && steal && !stealing[k]) {
            startRound(k, t);
        }
    }

    /**
     * A codelet the firing that just ended on CU {@code k} enabled at {@code t} by its signals: into
     * the pool of the CU it prefers (its affinity) or else its own, if that has room; else to the SU.
     */
    void enabledByCu(int k, Entry e, long t) {
        int aff = e.inst().def().affinity(e.codelet());
        int x = aff >= 0 && aff < indexOfCore.length ? indexOfCore[aff] : -1;
        if (x < 0 && byData && e.inst().def().declaresData(e.codelet())) {
            int[] near = nearestToData(e);
            if (near.length > 1 || near[0] != k) {
                byCounts(k, e, near, t);
                return;
            }
        }
        if (x < 0 || x == k) {
            if (occupancy(k) < capacity) {
                notifySu(k, t);
                deliver(k, e, t);
            } else {
                toSu(k, e, t);
            }
            return;
        }
        push(k, x, e, t);
    }

    /** CU {@code k} pushes {@code e} to CU {@code x}'s pool: reads its count (a request and its reply), then writes the descriptor. */
    private void push(int k, int x, Entry e, long t) {
        host.send(cores[k], cores[x], requestBytes, t, at -> {
            boolean room = occupancy(x) < capacity;
            if (room) {
                incoming[x]++; // the place is taken now, so two pushes cannot both see it free
            }
            host.send(cores[x], cores[k], requestBytes, at, back -> {
                if (!room) {
                    toSu(k, e, back);
                    return;
                }
                notifySu(k, back);
                host.send(cores[k], cores[x], descriptorBytes, back, landed -> {
                    incoming[x]--;
                    deliver(x, e, landed);
                });
            });
        });
    }

    /** The CUs of this cluster from whose cores {@code e}'s declared data costs least ({@link RunContext#dataCycles}), in index order. */
    private int[] nearestToData(Entry e) {
        long best = Long.MAX_VALUE;
        int[] at = new int[cores.length];
        int m = 0;
        for (int j = 0; j < cores.length; j++) {
            long d = run.dataCycles(e.inst(), e.codelet(), cores[j]);
            if (d < best) {
                best = d;
                m = 0;
            }
            if (d == best) {
                at[m++] = j;
            }
        }
        return Arrays.copyOf(at, m);
    }

    /**
     * CU {@code k} asks each CU in {@code near} other than itself for a place in its pool (a
     * request and its reply each, sent together: the test-and-set that reserves a place when it
     * finds one, as {@link #push} does, answered with the pool's count) and, when the last reply is
     * back, gives {@code e} to the least occupied CU with room, ties to itself, then the fewest hops
     * from it, then the lowest core: the descriptor goes to the one chosen, a release to the others
     * that reserved. With no room anywhere it goes to the SU.
     */
    private void byCounts(int k, Entry e, int[] near, long t) {
        int others = (int) Arrays.stream(near).filter(j -> j != k).count();
        int[] count = new int[near.length];
        boolean[] reserved = new boolean[near.length];
        int[] replies = {0};
        for (int i = 0; i < near.length; i++) {
            int j = near[i];
            int slot = i;
            if (j == k) {
                continue;
            }
            host.send(cores[k], cores[j], requestBytes, t, at -> {
                count[slot] = occupancy(j);
                if (count[slot] < capacity) {
                    reserved[slot] = true;
                    incoming[j]++;
                }
                host.send(cores[j], cores[k], requestBytes, at, back -> {
                    if (++replies[0] == others) {
                        placeNear(k, e, near, count, reserved, back);
                    }
                });
            });
        }
    }

    /** The last reply CU {@code k} waited for is back at {@code t}: {@code e} goes to the least occupied of {@code near} with room. */
    private void placeNear(int k, Entry e, int[] near, int[] count, boolean[] reserved, long t) {
        int best = -1;
        int bestCount = Integer.MAX_VALUE;
        for (int q = 0; q < near.length; q++) {
            boolean own = near[q] == k;
            int c = own ? occupancy(k) : count[q];
            if (own ? c >= capacity : !reserved[q]) {
                continue;
            }
            if (best < 0 || c < bestCount || (c == bestCount && better(k, near[q], near[best]))) {
                best = q;
                bestCount = c;
            }
        }
        for (int q = 0; q < near.length; q++) {
            int j = near[q];
            if (reserved[q] && q != best) {
                host.send(cores[k], cores[j], requestBytes, t, at -> incoming[j]--);
            }
        }
        if (best < 0) {
            toSu(k, e, t);
            return;
        }
        int to = near[best];
        notifySu(k, t);
        if (to == k) {
            deliver(k, e, t);
        } else {
            host.send(cores[k], cores[to], descriptorBytes, t, landed -> {
                incoming[to]--;
                deliver(to, e, landed);
            });
        }
    }

    /** Whether CU {@code a} is a better home than CU {@code b} for a codelet CU {@code k} enabled, at equal counts. */
    private boolean better(int k, int a, int b) {
        if ((a == k) != (b == k)) {
            return a == k;
        }
        int ha = run.machine.hops(cores[k], cores[a]);
        int hb = run.machine.hops(cores[k], cores[b]);
        return ha != hb ? ha < hb : cores[a] < cores[b];
    }

    /** Codelets CU {@code k} holds or will: its pool, the one it runs, and pushes on their way to it. */
    private int occupancy(int k) {
        return pool.get(k).size() + (running[k] ? 1 : 0) + incoming[k];
    }

    private void notifySu(int k, long t) {
        host.send(cores[k], suCore, requestBytes, t, at -> cuSide++);
    }

    /** A codelet CU {@code k} enabled at {@code t} that the SU places: its descriptor goes to the SU. */
    void toSu(int k, Entry e, long t) {
        cuSideToSu++;
        host.send(cores[k], suCore, descriptorBytes, t, at -> host.toSu(e, at));
    }

    /** The SU consumed the completion of dispatch {@code seq}: the CU whose credit comes back, or -1. */
    int completed(long seq) {
        Entry e = started.remove(seq);
        if (e == null) {
            throw new IllegalStateException("completion of dispatch " + seq + " that no pool started");
        }
        return e.creditOf();
    }

    Counts counts() {
        return new Counts(attempted, succeeded, cuSide, cuSideToSu);
    }

    private boolean runNext(int k, long t) {
        Entry e = pool.get(k).pollFirst();
        if (e == null) {
            return false;
        }
        waiting--;
        running[k] = true;
        parked[k] = false;
        failedRounds[k] = 0;
        started.put(host.handOff(k, e, t), e);
        return true;
    }

    private void wakeParked(long t) {
        for (int u = 0; u < parked.length; u++) {
            if (parked[u] && !woken[u] && !running[u] && !stealing[u] && pool.get(u).isEmpty()) {
                if (sleepsUntil[u] <= t) {
                    startRound(u, t);
                } else {
                    woken[u] = true; // the round starts when the sleep ends
                    wakeAt(u, sleepsUntil[u]);
                }
            }
        }
    }

    private void wakeAt(int u, long t) {
        host.later(t, cores[u], at -> {
            if (sleepsUntil[u] > at) {
                wakeAt(u, sleepsUntil[u]); // it failed another round meanwhile: a longer sleep
                return;
            }
            woken[u] = false;
            if (parked[u] && !running[u] && !stealing[u] && pool.get(u).isEmpty()) {
                startRound(u, at);
            }
        });
    }

    private void startRound(int k, long t) {
        parked[k] = false;
        nextVictim[k] = 0;
        probe(k, t);
    }

    /** Whether some pool of the cluster holds a codelet its CU has not started. */
    private boolean somethingWaits() {
        return waiting > 0;
    }

    /** CU {@code k} asks its next victim, or parks when every one refused this round. */
    private void probe(int k, long t) {
        if (!somethingWaits()) {
            parked[k] = true; // every probe left must fail: the next deposit left waiting wakes it
            return;
        }
        if (nextVictim[k] >= victims[k].length) {
            parked[k] = true;
            failedRounds[k]++;
            sleepsUntil[k] = RunContext.saturatedAdd(t, failedRounds[k] * micro);
            return;
        }
        int v = victims[k][nextVictim[k]++];
        stealing[k] = true;
        attempted++;
        host.send(cores[k], cores[v], requestBytes, t, at -> request(k, v, at));
    }

    /** Thief {@code k}'s request reached victim {@code v}'s pool at {@code t}. */
    private void request(int k, int v, long t) {
        Entry e = pool.get(v).pollLast();
        if (e != null) {
            waiting--;
            host.send(cores[v], cores[k], descriptorBytes, t, at -> stolen(k, e, at));
        } else {
            host.send(cores[v], cores[k], requestBytes, t, at -> refused(k, at));
        }
    }

    private void stolen(int k, Entry e, long t) {
        stealing[k] = false;
        succeeded++;
        deliver(k, e, t);
    }

    private void refused(int k, long t) {
        stealing[k] = false;
        if (!running[k] && pool.get(k).isEmpty()) {
            probe(k, t);
        }
    }
}
