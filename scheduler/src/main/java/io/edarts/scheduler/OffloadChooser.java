package io.edarts.scheduler;

import io.edarts.api.TpDefinition;
import io.edarts.cam.HostCall;
import io.edarts.cam.Offload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --offload auto}: the body a codelet with an accelerator body fires, chosen by its SU when it
 * dispatches the firing, from a performance model the run calibrates as it goes.
 *
 * <h2>Design note</h2>
 * <p><b>Where.</b> The choice is made in {@link SchedulingUnit}'s dispatch, in the SU's virtual-time
 * order, from what the SU has consumed so far (completions it has counted); the CU fires the body
 * the dispatch names. Nothing here depends on when a CU's answer reached the host, so the choices,
 * and the run, are the same with 1, 2 or 8 host threads. One chooser per SU: a cluster learns from
 * its own firings, and with several clusters each sees only its own calls in the accelerator's queue.
 *
 * <p><b>The model</b> is StarPU's history-based one (StarPU handbook, "Performance Model
 * Calibration": {@code STARPU_HISTORY_BASED} models keep, per codelet and per data footprint, the
 * mean of the measured execution times, calibrated by running tasks; the {@code dmda} scheduler puts a
 * task where its expected finish, the worker's queue plus the model's length, is earliest). Its key
 * here is (code object, unit, input-size bucket): the code object is what a StarPU codelet's
 * {@code symbol} names (every batch codelet of {@code serialize} runs {@code pb_encode}); the bucket
 * is {@code floor(log2 bytes)} of the input the codelet declares up front
 * ({@link TpDefinition.Builder#requires(io.edarts.api.CodeletHandle, String, io.edarts.api.CodeletBody, long, long)}),
 * one bucket when it declares none. A bucket keeps:
 * <ul>
 * <li>software: the cycles of each software firing, from its start to its end on the core (dispatch,
 * code, body, signal, contention); its estimate for a firing of {@code b} declared bytes is the
 * bucket's cycles per byte times {@code b} (sizes in a bucket differ up to twice), or the mean without
 * sizes. A bucket without a software sample borrows the per-byte rate of the nearest calibrated
 * bucket of the same code and unit (StarPU's regression-based models extrapolate the same way);
 * <li>accelerator: the call's cost is the target's closed form ({@link io.edarts.cam.Target#offloadCost},
 * which a second path to the unit plugs into) for the declared bytes, or for the mean bytes of the
 * calls measured; the core's own part (dispatch, code, the stub, signal) is the measured mean, or
 * the codelet's lower bound before any; the wait for the host alone is
 * {@link io.edarts.cam.Target#hostCallCycles} of that call.
 * </ul>
 *
 * <p><b>Calibration</b> (StarPU forces tasks onto a worker whose model is not calibrated yet): the
 * first firing of a bucket whose software has no measurement runs the software body; one whose
 * accelerator is unknown (no declared size, no measured call) runs the accelerator body. While a
 * body's first measurement is still running, the other firings of the bucket run the body that is
 * known (the accelerator, when its size is declared), so a slow first measurement is paid once, not
 * once per core.
 *
 * <p><b>Decision</b> once both are known: the body with the earliest expected finish on the chosen
 * core, from {@code s}, the later of the dispatch's arrival and the end this chooser expects of the
 * firings it placed on that core before (a CU fires its pool in order; the estimate is replaced by
 * the measured end when the core's last outstanding one completes): software {@code s + S}; accelerator
 * {@code max(s + A, Q) + W}, {@code A} the core's part, {@code W} the wait alone. With a contended
 * target the calls of all cores queue at the host's one daemon (and so at the unit), so {@code Q} is
 * when this SU's earlier calls are expected done: the latest measured end of an accelerator firing
 * (or {@code s}) plus the closed-form cycles of every call dispatched and not yet completed. Without
 * contention each call waits as if alone, {@code Q = 0}. Ties go to software. Only simulated cycles
 * enter; the host's clock never does.
 */
final class OffloadChooser {
    /** Why a firing ran the body it ran (the report's {@code reason}). */
    enum Reason {
        CALIBRATE("calibrate"), WHILE_CALIBRATING("while-calibrating"), EARLIEST_FINISH("earliest-finish");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    /** One bucket's history. */
    private static final class Bucket {
        final String code;
        final String unit;
        final int bucket;
        long swSamples;
        long swCycles;
        long swBytes;
        boolean swRunning;
        long accSamples;
        long accCore;
        long accWait;
        long accIn;
        long accOut;
        boolean accRunning;
        /** Declared bytes summed over the firings dispatched, for the report's call size. */
        long declaredIn;
        long declaredOut;
        long declaredFirings;
        /** Choices: [reason][0 software, 1 accelerator]. */
        final long[][] decisions = new long[Reason.values().length][2];

        Bucket(String code, String unit, int bucket) {
            this.code = code;
            this.unit = unit;
            this.bucket = bucket;
        }

        boolean swKnown() {
            return swSamples > 0;
        }
    }

    /** A dispatched firing the SU has not consumed the completion of. */
    private record Pending(Bucket bucket, boolean accelerated, long bytes, long callCycles, int core) {}

    private final RunContext run;
    private final Map<String, Bucket> buckets = new TreeMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    /** Closed-form cycles of this SU's accelerator calls dispatched and not completed. */
    private long queued;
    /** The latest end of an accelerator firing this SU consumed. */
    private long lastCallEnd;
    /** Per core: when its firings chosen here are expected done, and how many are outstanding. */
    private final Map<Integer, long[]> cores = new HashMap<>();

    OffloadChooser(RunContext run) {
        this.run = run;
    }

    /**
     * Whether dispatch {@code seq} of codelet {@code c} of {@code def}, arriving at {@code s} on core
     * {@code core}, runs its accelerator body. Codelets without one always run software.
     */
    boolean choose(TpDefinition<?> def, int c, int core, long s, long seq) {
        String unit = def.unit(c);
        if (unit == null) {
            return false;
        }
        long in = def.offloadInputBytes(c);
        long out = def.offloadOutputBytes(c);
        int bucketNo = in <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(in);
        String code = run.codeOf(def, c).name();
        Bucket b = buckets.computeIfAbsent(code + '\u0000' + unit + '\u0000' + (char) bucketNo,
                k -> new Bucket(code, unit, bucketNo));
        long bytes = Math.max(0, in);
        long call = callCycles(b, core, in, out);
        boolean accKnown = call >= 0;
        boolean swKnown = b.swKnown() || borrowedRate(b) >= 0;
        long[] cu = cores.computeIfAbsent(core, k -> new long[2]);
        long arrival = s;
        s = Math.max(s, cu[0]); // the core fires its pool in order: this one starts after what it holds
        boolean acc;
        Reason why;
        if (!swKnown && !softwareRunning(b)) {
            acc = false;
            why = Reason.CALIBRATE;
            b.swRunning = true;
        } else if (!accKnown && !b.accRunning) {
            acc = true;
            why = Reason.CALIBRATE;
            b.accRunning = true;
        } else if (swKnown && accKnown) {
            long fa = acceleratorFinish(b, def, c, core, arrival, s, call);
            long fs = RunContext.saturatedAdd(s, softwareCycles(b, bytes));
            acc = fa < fs;
            why = Reason.EARLIEST_FINISH;
            cu[0] = acc ? fa : fs;
        } else {
            acc = accKnown; // the known body while the other's first measurement runs; software if neither
            why = Reason.WHILE_CALIBRATING;
        }
        b.decisions[why.ordinal()][acc ? 1 : 0]++;
        if (in >= 0) {
            b.declaredIn += in;
            b.declaredOut += Math.max(0, out);
            b.declaredFirings++;
        }
        cu[1]++;
        if (why != Reason.EARLIEST_FINISH) {
            // the accelerator's end is known in closed form; software's not yet (its completion tells)
            cu[0] = acc && accKnown ? acceleratorFinish(b, def, c, core, arrival, s, call) : s;
        }
        if (acc && accKnown && run.contended) {
            queued += call;
        }
        pending.put(seq, new Pending(b, acc, bytes, acc && accKnown && run.contended ? call : 0, core));
        return acc;
    }

    /** The SU consumed the completion of {@code f}: its measurement enters its bucket. */
    void completed(ComputationUnit.Fired f) {
        Pending p = pending.remove(f.seq());
        if (p == null) {
            return;
        }
        Bucket b = p.bucket();
        long cycles = f.finish() - f.start();
        long[] cu = cores.get(p.core());
        if (--cu[1] == 0) {
            cu[0] = f.finish(); // nothing outstanding there: the measured end replaces the estimates
        }
        if (p.accelerated()) {
            queued -= p.callCycles();
            lastCallEnd = Math.max(lastCallEnd, f.finish());
            b.accRunning = false;
            b.accSamples++;
            b.accCore += cycles - f.hostWaited();
            b.accWait += f.hostWaited();
            for (HostRequest q : f.effects().hostCalls()) {
                if (q.offload() != null) {
                    b.accIn += q.offload().call().inputBytes();
                    b.accOut += q.offload().call().outputBytes();
                }
            }
        } else {
            b.swRunning = false;
            b.swSamples++;
            b.swCycles += cycles;
            b.swBytes += p.bytes();
        }
    }

    /** Whether a software measurement of {@code b}'s code and unit, in any bucket, is running: one at a time. */
    private boolean softwareRunning(Bucket b) {
        for (Bucket o : buckets.values()) {
            if (o.swRunning && o.code.equals(b.code) && o.unit.equals(b.unit)) {
                return true;
            }
        }
        return false;
    }

    /** The closed-form cycles of one call of the bucket's size: declared, else measured; -1 if unknown. */
    private long callCycles(Bucket b, int core, long in, long out) {
        long i;
        long o;
        if (in >= 0) {
            i = in;
            o = Math.max(0, out);
        } else if (b.accSamples > 0) {
            i = b.accIn / b.accSamples;
            o = b.accOut / b.accSamples;
        } else {
            return -1;
        }
        return run.target.offloadCost(core, new Offload(b.unit, i, o)).total();
    }

    /** Software cycles per byte of the calibrated bucket of the same code and unit nearest {@code b}, or -1. */
    private double borrowedRate(Bucket b) {
        Bucket best = null;
        for (Bucket o : buckets.values()) {
            if (o != b && o.swKnown() && o.swBytes > 0 && o.code.equals(b.code) && o.unit.equals(b.unit)
                    && (best == null || Math.abs(o.bucket - b.bucket) < Math.abs(best.bucket - b.bucket))) {
                best = o;
            }
        }
        return best == null || b.bucket == 0 ? -1 : (double) best.swCycles / best.swBytes;
    }

    /** The software estimate of a firing of {@code bytes} declared bytes. */
    private long softwareCycles(Bucket b, long bytes) {
        if (b.swKnown()) {
            return b.swBytes > 0 && bytes > 0 ? Math.round((double) b.swCycles / b.swBytes * bytes)
                    : b.swCycles / b.swSamples;
        }
        return Math.round(borrowedRate(b) * bytes);
    }

    /**
     * When an accelerator firing dispatched at {@code arrival}, starting at {@code s}, is expected to
     * end: {@code max(s + A, Q) + W}, the queue {@code Q} as of the dispatch.
     */
    private long acceleratorFinish(Bucket b, TpDefinition<?> def, int c, int core, long arrival, long s, long call) {
        long own = b.accSamples > 0 ? b.accCore / b.accSamples : run.lowerBound(def, c);
        long flag = RunContext.saturatedAdd(s, own);
        long wait = run.target.hostCallCycles(core, new HostCall(io.edarts.api.HostCalls.OFFLOAD, 4, 0, call), flag);
        long q = run.contended ? RunContext.saturatedAdd(Math.max(arrival, lastCallEnd), queued) : 0;
        return RunContext.saturatedAdd(Math.max(flag, q), wait);
    }

    /** What the choosers of a run's SUs chose, merged by bucket; null if none chose anything. */
    static io.edarts.scheduler.RunResult.OffloadReport report(List<OffloadChooser> choosers) {
        Map<String, Bucket> all = new TreeMap<>();
        boolean any = false;
        for (OffloadChooser ch : choosers) {
            if (ch == null) {
                continue;
            }
            any = true;
            for (Map.Entry<String, Bucket> e : ch.buckets.entrySet()) {
                Bucket s = e.getValue();
                Bucket t = all.computeIfAbsent(e.getKey(), k -> new Bucket(s.code, s.unit, s.bucket));
                t.swSamples += s.swSamples;
                t.swCycles += s.swCycles;
                t.swBytes += s.swBytes;
                t.accSamples += s.accSamples;
                t.accCore += s.accCore;
                t.accWait += s.accWait;
                t.accIn += s.accIn;
                t.accOut += s.accOut;
                t.declaredIn += s.declaredIn;
                t.declaredOut += s.declaredOut;
                t.declaredFirings += s.declaredFirings;
                for (int r = 0; r < t.decisions.length; r++) {
                    t.decisions[r][0] += s.decisions[r][0];
                    t.decisions[r][1] += s.decisions[r][1];
                }
            }
        }
        if (!any) {
            return null;
        }
        long sw = 0;
        long acc = 0;
        List<RunResult.OffloadBucket> out = new ArrayList<>();
        for (Bucket b : all.values()) {
            List<RunResult.OffloadDecision> ds = new ArrayList<>();
            for (Reason r : Reason.values()) {
                for (int body = 0; body < 2; body++) {
                    long n = b.decisions[r.ordinal()][body];
                    if (n > 0) {
                        ds.add(new RunResult.OffloadDecision(r.label, body == 0 ? "software" : "accelerator", n));
                    }
                    if (body == 0) {
                        sw += n;
                    } else {
                        acc += n;
                    }
                }
            }
            long call = 0;
            if (b.declaredFirings > 0) {
                call = run(choosers).target.offloadCost(0, new Offload(b.unit, b.declaredIn / b.declaredFirings,
                        b.declaredOut / b.declaredFirings)).total();
            } else if (b.accSamples > 0) {
                call = run(choosers).target.offloadCost(0, new Offload(b.unit, b.accIn / b.accSamples,
                        b.accOut / b.accSamples)).total();
            }
            out.add(new RunResult.OffloadBucket(b.code, b.unit, b.bucket == 0 ? 0 : 1L << (b.bucket - 1),
                    b.bucket == 0 ? 0 : b.bucket >= 63 ? Long.MAX_VALUE : (1L << b.bucket) - 1, b.swSamples,
                    b.swSamples == 0 ? 0 : b.swCycles / b.swSamples, b.accSamples,
                    b.accSamples == 0 ? 0 : b.accCore / b.accSamples, b.accSamples == 0 ? 0 : b.accWait / b.accSamples,
                    call, ds));
        }
        return new RunResult.OffloadReport("auto", sw, acc, out);
    }

    private static RunContext run(List<OffloadChooser> choosers) {
        for (OffloadChooser ch : choosers) {
            if (ch != null) {
                return ch.run;
            }
        }
        throw new IllegalStateException("no chooser");
    }
}
