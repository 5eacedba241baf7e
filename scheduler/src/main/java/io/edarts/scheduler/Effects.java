package io.edarts.scheduler;

import io.edarts.api.SlotRef;
import io.edarts.api.TpDefinition;
import java.util.List;

/**
 * What a body asked the runtime to do when its firing completes: slots to signal, procedures to
 * start, whether its instance exits, and the host calls its core makes before it completes.
 * Immutable.
 */
record Effects(List<SlotRef> signals, List<Invocation> invokes, boolean exit, List<DmaRequest> dma,
               List<HostRequest> hostCalls) {
    static final Effects NONE = new Effects(List.of(), List.of(), false, List.of(), List.of());

    /** A DMA transfer the body started, in issue order, and the slot its completion signals. */
    record DmaRequest(io.edarts.cam.Dma transfer, SlotRef done) {}

    /** A threaded procedure a body asked to start, with its frame and its continuation (or null). */
    record Invocation(TpDefinition<?> definition, Object frame, SlotRef onDone) {
        Invocation(TpDefinition<?> definition, Object frame) {
            this(definition, frame, null);
        }
    }

    Effects {
        signals = List.copyOf(signals);
        invokes = List.copyOf(invokes);
        dma = List.copyOf(dma);
        hostCalls = List.copyOf(hostCalls);
    }
}
