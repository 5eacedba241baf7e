package io.edarts.scheduler;

import io.edarts.api.Program;

/**
 * One instance of a stream ({@link InstanceStream}): a program, the fresh frame its root procedure
 * runs on, and the virtual cycle it arrives at the machine. Built on the stream's side (the host),
 * so the frame factory runs there, never on a simulation thread; the simulated machine sees the
 * instance only at its admission cycle.
 */
public final class StreamArrival {
    private final long cycle;
    private final Program<Object> program;
    private final Object frame;

    private StreamArrival(long cycle, Program<Object> program, Object frame) {
        this.cycle = cycle;
        this.program = program;
        this.frame = frame;
    }

    /**
     * An instance of {@code program} arriving at {@code cycle}, with a frame made now by
     * {@link Program#newFrame()}.
     *
     * @throws IllegalArgumentException for a null program or a negative cycle, naming them
     */
    @SuppressWarnings("unchecked")
    public static <F> StreamArrival of(long cycle, Program<F> program) {
        if (program == null) {
            throw new IllegalArgumentException("stream arrival at cycle " + cycle + ": null program");
        }
        if (cycle < 0) {
            throw new IllegalArgumentException("stream arrival of " + program.name() + " at cycle " + cycle
                    + ": expected a cycle of 0 or more");
        }
        return new StreamArrival(cycle, (Program<Object>) program, program.newFrame());
    }

    /** The virtual cycle the instance arrives at (it waits outside the machine until a slot is free). */
    public long cycle() {
        return cycle;
    }

    public Program<?> program() {
        return program;
    }

    Program<Object> typedProgram() {
        return program;
    }

    Object frame() {
        return frame;
    }
}
