package io.edarts.epiphany.hostcall;

import io.edarts.cam.Charge;
import io.edarts.cam.HostCall;
import io.edarts.cam.Interconnect;
import io.edarts.cam.LinkLoad;
import java.util.List;

/**
 * A run's interconnect with the host daemon beside it: everything but host calls goes to the
 * interconnect it wraps; host calls queue at one {@link HostCallDaemon}. Both are stepped as one
 * event loop in cycle order, the daemon after the interconnect at equal cycles (a flag set at a
 * poll's cycle is seen by it, as the daemon's contract asks). The host's transfers for a call
 * (polls over the eLink, the record read, the answer) are the daemon's closed forms and do not
 * load the wrapped mesh.
 */
public final class HostCallInterconnect implements Interconnect {
    private final Interconnect inner;
    private final HostCallDaemon daemon;

    /** @throws IllegalArgumentException for a null part */
    public HostCallInterconnect(Interconnect inner, HostCallDaemon daemon) {
        if (inner == null || daemon == null) {
            throw new IllegalArgumentException("a host-call interconnect needs an interconnect and a daemon");
        }
        this.inner = inner;
        this.daemon = daemon;
    }

    /** The daemon, for the host's timeline ({@link HostCallDaemon#served}). */
    public HostCallDaemon daemon() {
        return daemon;
    }

    @Override
    public void send(int from, int to, int bytes, long cycle, Done done) {
        inner.send(from, to, bytes, cycle, done);
    }

    @Override
    public void fire(int core, Charge charge, long cycle, Done done) {
        inner.fire(core, charge, cycle, done);
    }

    @Override
    public void dma(int core, int channel, io.edarts.cam.Dma transfer, long cycle, Done done) {
        inner.dma(core, channel, transfer, cycle, done);
    }

    @Override
    public void hostCall(int core, HostCall call, long cycle, Done done) {
        daemon.submit(core, call, cycle, done);
    }

    /**
     * Passes the owner's promise on to the mesh, which must then also wait for the daemon's events
     * (an answer may end a firing, whose end is submitted at the answer's cycle).
     */
    @Override
    public void submitsInOrder() {
        if (inner instanceof io.edarts.epiphany.mesh.ContendedMesh mesh) {
            mesh.submitsInOrder(daemon::nextEventCycle);
        }
    }

    @Override
    public long nextEventCycle() {
        return Math.min(inner.nextEventCycle(), daemon.nextEventCycle());
    }

    @Override
    public void step() {
        long host = daemon.nextEventCycle(); // first: without calls in flight the mesh's time is not needed
        if (host != Long.MAX_VALUE && host < inner.nextEventCycle()) {
            daemon.step();
        } else {
            inner.step();
        }
    }

    /** The daemon's calls, in the order it served them ({@link HostCallDaemon#served}). */
    @Override
    public List<HostService> hostServices() {
        return daemon.served();
    }

    @Override
    public List<LinkLoad> linkLoads() {
        return inner.linkLoads();
    }
}
