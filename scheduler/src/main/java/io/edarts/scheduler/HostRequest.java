package io.edarts.scheduler;

import io.edarts.cam.HostCall;
import java.util.function.LongConsumer;

/**
 * One host call a body made, as the runtime carries it out: its cost description for the target,
 * what the host is to do, and where the result goes. Immutable but for the arrays, which the body's
 * context copied and nobody writes after.
 *
 * @param cost     the call as the target charges it
 * @param op       what the host does
 * @param issued   the cycle-independent order of the call within its firing (0, 1, ...)
 * @param text     printf's text or open's path, else null
 * @param data     write's bytes, else null
 * @param args     the register arguments (user calls, dmalloc's size, dfree's address, a descriptor)
 * @param onResult receives the result, or null
 * @param offload  for an offload, the call and what its driver and unit cost by phase; else null
 */
record HostRequest(HostCall cost, Op op, int issued, String text, byte[] data, long[] args, LongConsumer onResult,
                   Offloaded offload) {
    /** What the host does for a call. */
    enum Op { PRINTF, OPEN, WRITE, CLOSE, DMALLOC, DFREE, USER, OFFLOAD }

    /**
     * An offload's call and cost; {@code direct} when the core calls the unit itself, not through the
     * host ({@link io.edarts.cam.Target#offloadsDirectly}, {@link io.edarts.cam.Interconnect#offload}).
     */
    record Offloaded(io.edarts.cam.Offload call, io.edarts.cam.OffloadCost cost, boolean direct) {
        Offloaded(io.edarts.cam.Offload call, io.edarts.cam.OffloadCost cost) {
            this(call, cost, false);
        }
    }

    /** Whether this is an offload the core makes directly, with no host in between. */
    boolean direct() {
        return offload != null && offload.direct();
    }

    HostRequest(HostCall cost, Op op, int issued, String text, byte[] data, long[] args, LongConsumer onResult) {
        this(cost, op, issued, text, data, args, onResult, null);
    }
}
