package io.edarts.epiphany.fabric;

import io.edarts.cam.Interconnect;
import io.edarts.epiphany.mesh.ContendedMesh;

/**
 * An eCore's direct call of a unit in the FPGA fabric through the eLink, as traffic on a
 * {@link ContendedMesh}: the one routine both the cost of a call alone ({@link #alone}) and a run's
 * contended calls ({@link FabricInterconnect}) use, so a call alone on an idle mesh takes exactly
 * its uncontended cost.
 *
 * <h2>Design note</h2>
 * <p><b>The call.</b> The fabric's eLink receiver decodes the mesh-node ID of every write that
 * leaves the chip (aolofsson/oh {@code elink/hdl/elink_regmap.v}: "[31:20] = LINKID"; the same
 * repository's accelerator template, {@code src/accelerator/hdl/accelerator.v}, matches its registers
 * by addr[31:20] = 0x810 on the packet stream); a unit is an address range it answers. From the
 * cycle the core calls:
 * <ol>
 *   <li>{@code write}: the core copies the input into the unit's window, one 8-byte transaction
 *       every {@code store-cycles}, then writes the descriptor, the doorbell; all posted writes to
 *       the far side of the eLink, so they queue for it with every other core's DRAM writes. The
 *       phase ends when the doorbell's last byte is across.</li>
 *   <li>The unit takes calls one at a time, in the order their doorbells arrive (a FIFO in virtual
 *       time: the mesh's completions come in cycle order, ties in its fixed order); a call that finds
 *       it busy waits ({@code queue}, never part of the cost alone).</li>
 *   <li>{@code setup}, {@code stream}, {@code pipeline}: the unit's own model. The input is already
 *       in the unit's buffer, so the stream runs at its datapath's rate.</li>
 *   <li>{@code write-back}: the output leaves the pipeline as it is produced, one 8-byte transaction
 *       each time 8 more bytes are done, the last at the unit's end; the unit then writes the flag.
 *       They come in through the eLink's other direction and cross the mesh to the core (writes from
 *       one source to one destination arrive in order). The phase runs from the unit's end to the
 *       flag's last byte in the core's memory, so it is what the eLink lags behind the unit.</li>
 *   <li>{@code spin}: the core sees the flag at the end of the iteration of its spin loop in its
 *       own memory in which the flag lands: one iteration.</li>
 * </ol>
 * No eLink read anywhere: reads are the slow direction (the round trip through the fabric; the
 * template's test reads its one result word back with {@code e_read}, fine for a word, not for a
 * buffer), so neither a polled status word nor reading the output back would be a sensible design. The
 * unit's output buffer is taken to be deep enough that the eLink's back-pressure never stalls it.
 *
 * <p><b>Order.</b> Every transfer is {@link ContendedMesh#post}ed (never started at once) and the
 * answer is a mesh event ({@link ContendedMesh#at}), so a call keeps the owner's in-order promise
 * whatever cycles its later transfers have.
 */
public final class ElinkCalls {
    private ElinkCalls() { }

    /**
     * One unit on the eLink path, in chip cycles.
     *
     * @param name              the unit's name
     * @param setupCycles       set-up per call
     * @param bytesPerChipCycle the datapath's rate
     * @param pipelineCycles    from the last byte in to the last byte out
     */
    public record Unit(String name, long setupCycles, double bytesPerChipCycle, long pipelineCycles) {
        /** @throws IllegalArgumentException for a blank name, negative cycles or a rate that is not positive */
        public Unit {
            if (name == null || name.isBlank() || setupCycles < 0 || pipelineCycles < 0 || !(bytesPerChipCycle > 0)) {
                throw new IllegalArgumentException("unit '" + name + "': set-up " + setupCycles + ", "
                        + bytesPerChipCycle + " B/cycle, pipeline " + pipelineCycles);
            }
        }

        /** Cycles the datapath takes for {@code inputBytes}, rounded up. */
        public long streamCycles(long inputBytes) {
            return (long) Math.ceil(inputBytes / bytesPerChipCycle - 1e-9);
        }
    }

    /**
     * What the core moves for a call ({@code epiphany.host.elink-calls}).
     *
     * @param descriptorBytes the descriptor written after the input
     * @param flagBytes       the flag the unit writes after the output
     * @param storeCycles     cycles between the core's 8-byte writes
     * @param spinCycles      one iteration of the core's spin on the flag
     */
    public record Params(int descriptorBytes, int flagBytes, int storeCycles, int spinCycles) {
        /** @throws IllegalArgumentException for a size or a cycle count below 1 */
        public Params {
            if (descriptorBytes < 1 || flagBytes < 1 || storeCycles < 1 || spinCycles < 1) {
                throw new IllegalArgumentException("eLink call: descriptor " + descriptorBytes + " B, flag " + flagBytes
                        + " B, " + storeCycles + " cycles a store, " + spinCycles + " a spin");
            }
        }
    }

    /**
     * The cycles of one call: issued by the core, doorbell across the eLink, unit started and done,
     * flag in the core's memory, seen by the core. Phases: write = doorbell - issued, queue = start -
     * doorbell, setup + stream + pipeline = end - start, write-back = flag - end, spin = seen - flag.
     */
    public record Timeline(int core, String unit, long issued, long doorbell, long start, long setup, long stream,
                           long pipeline, long flag, long seen) {
        /** The cycle the unit is done. */
        public long end() {
            return start + setup + stream + pipeline;
        }
    }

    /**
     * The call alone on {@code idle}, a fresh mesh of the machine nobody else uses, from cycle 0.
     *
     * @throws IllegalArgumentException for a bad core or a negative size
     */
    public static Timeline alone(ContendedMesh idle, int dramNode, Params params, Unit unit, int core, long inputBytes,
                                 long outputBytes) {
        Timeline[] out = new Timeline[1];
        start(idle, dramNode, params, unit, new long[1], 0, core, inputBytes, outputBytes, 0, t -> out[0] = t, c -> { });
        while (idle.nextEventCycle() != Long.MAX_VALUE) {
            idle.step();
        }
        if (out[0] == null) {
            throw new IllegalStateException("the eLink call of core " + core + " to '" + unit.name() + "' never ended");
        }
        return out[0];
    }

    /**
     * Starts core {@code core}'s call at {@code cycle} on {@code mesh}; the unit, whose index in
     * {@code free} is {@code index}, falls free at {@code free[index]} and is booked by the call when
     * its doorbell arrives. {@code served} gets the call's timeline and then {@code done} the cycle the
     * core sees the answer, both at that cycle's event.
     *
     * @throws IllegalArgumentException for a bad core or a negative size
     */
    static void start(ContendedMesh mesh, int dramNode, Params params, Unit unit, long[] free, int index, int core,
                      long inputBytes, long outputBytes, long cycle,
                      java.util.function.Consumer<Timeline> served, Interconnect.Done done) {
        if (core < 0 || core >= dramNode || inputBytes < 0 || outputBytes < 0) {
            throw new IllegalArgumentException("eLink call of core " + core + " to '" + unit.name() + "': in "
                    + inputBytes + " B, out " + outputBytes + " B");
        }
        long in = (inputBytes + 7) / 8;
        long desc = (params.descriptorBytes() + 7) / 8;
        long t = cycle;
        for (long i = 0; i < in; i++, t += params.storeCycles()) {
            mesh.post(core, dramNode, (int) Math.min(8, inputBytes - i * 8), t, null);
        }
        for (long i = 0; i < desc; i++, t += params.storeCycles()) {
            int bytes = (int) Math.min(8, params.descriptorBytes() - i * 8);
            Interconnect.Done d = i < desc - 1 ? null
                    : doorbell -> run(mesh, dramNode, params, unit, free, index, core, outputBytes, inputBytes, cycle,
                            doorbell, served, done);
            mesh.post(core, dramNode, bytes, t, d);
        }
    }

    /** The doorbell is across at {@code doorbell}: the unit takes the call when it is free and writes the answer. */
    private static void run(ContendedMesh mesh, int dramNode, Params params, Unit unit, long[] free, int index, int core,
                            long outputBytes, long inputBytes, long issued, long doorbell,
                            java.util.function.Consumer<Timeline> served, Interconnect.Done done) {
        long start = Math.max(doorbell, free[index]);
        long stream = unit.streamCycles(inputBytes);
        long first = start + unit.setupCycles() + unit.pipelineCycles();
        long end = first + stream;
        free[index] = end;
        long m = (outputBytes + 7) / 8;
        for (long i = 0; i < m; i++) {
            // the (i+1)-th 8 bytes leave the pipeline when the stream has made them
            long at = first + (long) Math.ceil((double) (i + 1) * stream / m - 1e-9);
            mesh.post(dramNode, core, (int) Math.min(8, outputBytes - i * 8), Math.min(at, end), null);
        }
        mesh.post(dramNode, core, params.flagBytes(), end, flag -> {
            long seen = flag + params.spinCycles();
            Timeline tl = new Timeline(core, unit.name(), issued, doorbell, start, unit.setupCycles(), stream,
                    unit.pipelineCycles(), flag, seen);
            mesh.at(seen, c -> {
                served.accept(tl);
                done.done(c);
            });
        });
    }
}
