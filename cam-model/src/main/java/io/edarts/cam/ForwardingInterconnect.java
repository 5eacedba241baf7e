package io.edarts.cam;

import java.util.List;

/**
 * An interconnect that passes every call to the one it wraps ({@link #delegate}), for wrappers that
 * add one service beside a run's interconnect (the host's daemon, units reached over a link) and
 * override only the calls they take over. Thread-safety is the delegate's.
 */
public abstract class ForwardingInterconnect implements Interconnect {
    private final Interconnect delegate;

    /** @throws IllegalArgumentException for a null delegate */
    protected ForwardingInterconnect(Interconnect delegate) {
        if (delegate == null) {
            throw new IllegalArgumentException("a forwarding interconnect needs an interconnect to wrap");
        }
        this.delegate = delegate;
    }

    /** The interconnect this one wraps. */
    protected final Interconnect delegate() {
        return delegate;
    }

    @Override
    public void send(int from, int to, int bytes, long cycle, Done done) {
        delegate.send(from, to, bytes, cycle, done);
    }

    @Override
    public void fire(int core, Charge charge, long cycle, Done done) {
        delegate.fire(core, charge, cycle, done);
    }

    @Override
    public void dma(int core, int channel, Dma transfer, long cycle, Done done) {
        delegate.dma(core, channel, transfer, cycle, done);
    }

    @Override
    public void submitsInOrder() {
        delegate.submitsInOrder();
    }

    @Override
    public void hostCall(int core, HostCall call, long cycle, Done done) {
        delegate.hostCall(core, call, cycle, done);
    }

    @Override
    public void offload(int core, Offload call, OffloadCost cost, long cycle, Done done) {
        delegate.offload(core, call, cost, cycle, done);
    }

    @Override
    public List<HostService> hostServices() {
        return delegate.hostServices();
    }

    @Override
    public long nextEventCycle() {
        return delegate.nextEventCycle();
    }

    @Override
    public void step() {
        delegate.step();
    }

    @Override
    public List<LinkLoad> linkLoads() {
        return delegate.linkLoads();
    }
}
