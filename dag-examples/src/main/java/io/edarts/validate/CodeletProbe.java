package io.edarts.validate;

import io.edarts.api.CheckResult;
import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.epiphany.Targets;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.RunResult;
import io.edarts.scheduler.Simulator;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs one-codelet programs on a machine and measures what their body cost: the makespan of the run
 * minus the makespan of the empty run of the same codelet on the same core. The difference is the
 * firing's body alone (dispatch, signalling and the SU's decision are the same in both runs), which
 * is what a core timer around the measured code reads on the hardware; it stays honest when
 * contention lands in {@code run}, because any traffic the body adds to the mesh shows in it too.
 */
final class CodeletProbe implements AutoCloseable {
    private final Machine machine;
    private final Simulator sim = Simulator.create(1);
    private final Map<Integer, Long> baseline = new HashMap<>();

    CodeletProbe(Machine machine) {
        this.machine = machine;
    }

    /** Cycles of {@code program}'s one firing beyond the empty firing on {@code core}. */
    long bodyCycles(Program<?> program, int core) {
        long base = baseline.computeIfAbsent(core, c -> makespan(
                CopyProgram.of("baseline", c, 0, 0, 0, io.edarts.api.Cost.ZERO), c));
        return makespan(program, core) - base;
    }

    /**
     * Cycles {@code core}'s DMA engine was busy in a run of {@code program}: the transfers' own time as
     * the run measured it on the shared mesh.
     */
    long dmaCycles(Program<?> program, int core) {
        return run(program, core).cores().get(core).counters().dmaBusy;
    }

    /** @throws IllegalStateException if the run failed, its copy is wrong, or it fired elsewhere */
    private long makespan(Program<?> program, int core) {
        return run(program, core).makespanCycles();
    }

    private RunResult run(Program<?> program, int core) {
        RunResult r = sim.run(program, Targets.forMachine(machine), RunOptions.defaults());
        if (!r.succeeded() || r.check().status() == CheckResult.Status.FAILED) {
            throw new IllegalStateException(program.name() + " on " + machine.label() + ": " + r.status().json()
                    + ", " + r.message());
        }
        long codelets = program.root().codeletCount();
        if (r.cores().get(core).fired() != codelets) {
            throw new IllegalStateException(program.name() + ": expected its " + codelets + " firings on core " + core
                    + " (their affinity), but that core fired " + r.cores().get(core).fired());
        }
        return r;
    }

    @Override
    public void close() {
        sim.close();
    }
}
