package io.edarts.epiphany.fabric;

import io.edarts.cam.ForwardingInterconnect;
import io.edarts.cam.Interconnect;
import io.edarts.cam.Offload;
import io.edarts.cam.OffloadCost;
import io.edarts.epiphany.mesh.ContendedMesh;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's interconnect with the fabric's units beside it: everything but a direct offload goes to
 * the interconnect it wraps (the mesh and the host daemon); a direct offload is an
 * {@link ElinkCalls} call on the same {@link ContendedMesh}, so its eLink traffic competes with the
 * DRAM traffic of every other core, and it queues at its unit behind the calls whose doorbells came
 * first. All of it is events of the one mesh: stepping is the wrapped interconnect's.
 */
public final class FabricInterconnect extends ForwardingInterconnect {
    private final ContendedMesh mesh;
    private final int dramNode;
    private final ElinkCalls.Params params;
    private final Map<String, ElinkCalls.Unit> units;
    private final Map<String, Integer> index = new java.util.HashMap<>();
    /** Per unit (by index): the cycle it falls free. */
    private final long[] free;
    private final List<ElinkCalls.Timeline> served = new ArrayList<>();

    /**
     * @param inner    the run's interconnect, which steps {@code mesh}
     * @param mesh     the mesh inside it
     * @param dramNode the node on the far side of the eLink
     * @param params   what a call moves ({@code epiphany.host.elink-calls})
     * @param units    the units the eCores call through the eLink, by name
     * @throws IllegalArgumentException for a null part
     */
    public FabricInterconnect(Interconnect inner, ContendedMesh mesh, int dramNode, ElinkCalls.Params params,
                              Map<String, ElinkCalls.Unit> units) {
        super(inner);
        if (mesh == null || params == null || units == null) {
            throw new IllegalArgumentException("a fabric interconnect needs its mesh, parameters and units");
        }
        this.mesh = mesh;
        this.dramNode = dramNode;
        this.params = params;
        this.units = Map.copyOf(units);
        int i = 0;
        for (String n : new java.util.TreeSet<>(units.keySet())) {
            index.put(n, i++);
        }
        this.free = new long[i];
    }

    /**
     * Core {@code core} calls {@code call.unit()} through the eLink at {@code cycle} ({@link ElinkCalls});
     * {@code cost} is the call's cost alone, which this interconnect recomputes on the shared mesh.
     *
     * @throws IllegalArgumentException for a unit not attached to the eLink
     */
    @Override
    public void offload(int core, Offload call, OffloadCost cost, long cycle, Done done) {
        ElinkCalls.Unit u = units.get(call.unit());
        if (u == null) {
            throw new IllegalArgumentException("unit '" + call.unit() + "' is not called through the eLink in this run; those"
                    + " that are: " + new java.util.TreeSet<>(units.keySet()));
        }
        ElinkCalls.start(mesh, dramNode, params, u, free, index.get(call.unit()), core, call.inputBytes(),
                call.outputBytes(), cycle, served::add, done);
    }

    /** The direct calls the units served so far, in the order the cores saw their answers. */
    public List<ElinkCalls.Timeline> served() {
        return List.copyOf(served);
    }
}
