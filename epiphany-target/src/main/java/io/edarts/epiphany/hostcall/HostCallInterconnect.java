package io.edarts.epiphany.hostcall;

import io.edarts.cam.ForwardingInterconnect;
import io.edarts.cam.HostCall;
import io.edarts.cam.Interconnect;
import java.util.List;

/**
 * A run's interconnect with the host daemon beside it: everything but host calls goes to the
 * interconnect it wraps; host calls queue at one {@link HostCallDaemon}. Both are stepped as one
 * event loop in cycle order, the daemon after the interconnect at equal cycles (a flag set at a
 * poll's cycle is seen by it, as the daemon's contract asks). The host's transfers for a call
 * (polls over the eLink, the record read, the answer) are the daemon's closed forms and do not
 * load the wrapped mesh.
 */
public final class HostCallInterconnect extends ForwardingInterconnect {
    private final HostCallDaemon daemon;

    /** @throws IllegalArgumentException for a null part */
    public HostCallInterconnect(Interconnect inner, HostCallDaemon daemon) {
        super(inner);
        if (daemon == null) {
            throw new IllegalArgumentException("a host-call interconnect needs a daemon");
        }
        this.daemon = daemon;
    }

    /** The daemon, for the host's timeline ({@link HostCallDaemon#served}). */
    public HostCallDaemon daemon() {
        return daemon;
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
        if (delegate() instanceof io.edarts.epiphany.mesh.ContendedMesh mesh) {
            mesh.submitsInOrder(daemon::nextEventCycle);
        }
    }

    @Override
    public long nextEventCycle() {
        return Math.min(delegate().nextEventCycle(), daemon.nextEventCycle());
    }

    /** As {@link #step}, the daemon's next event found once; without calls in flight, the mesh's own. */
    @Override
    public boolean stepBefore(long cycle) {
        long host = daemon.nextEventCycle();
        if (host == Long.MAX_VALUE) {
            return delegate().stepBefore(cycle);
        }
        long mesh = delegate().nextEventCycle();
        if (Math.min(host, mesh) >= cycle) {
            return false;
        }
        if (host < mesh) {
            daemon.step();
        } else {
            delegate().step();
        }
        return true;
    }

    @Override
    public void step() {
        long host = daemon.nextEventCycle(); // first: without calls in flight the mesh's time is not needed
        if (host != Long.MAX_VALUE && host < delegate().nextEventCycle()) {
            daemon.step();
        } else {
            delegate().step();
        }
    }

    /** The daemon's calls, in the order it served them ({@link HostCallDaemon#served}). */
    @Override
    public List<HostService> hostServices() {
        return daemon.served();
    }
}
