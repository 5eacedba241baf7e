package io.edarts.scheduler;

import io.edarts.cam.Machine;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How a run's trace is encoded into a file (the Chrome Trace Event Format is one, in the
 * {@code report} module). While a run goes, every SU streams its {@link TraceEvent}s to a part file
 * of its own, with back-pressure, so no trace sits in memory; at the end of the run the simulator
 * calls {@link #write} once, on the thread that called {@link Simulator#run}, with every event.
 *
 * <p>An implementation must write only what the events and the machine determine (no host time, no
 * host thread count), so that the same run gives the same bytes whatever the host threading.
 */
public interface TraceFormat {
    /**
     * Writes the whole trace of a run on {@code machine} to {@code out}.
     *
     * @param events every event of the run, readable once, SU by SU in cluster order and each SU's
     *               events in the order it processed them (a deterministic order)
     */
    void write(Machine machine, Events events, OutputStream out) throws IOException;

    /** A run's trace events, streamed from disk: pass a visitor to see them in order. */
    @FunctionalInterface
    interface Events {
        void forEach(Visitor visitor) throws IOException;
    }

    /** Receives one event; may throw the I/O error of writing it. */
    @FunctionalInterface
    interface Visitor {
        void accept(TraceEvent event) throws IOException;
    }
}
