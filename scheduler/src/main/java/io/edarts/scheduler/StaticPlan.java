package io.edarts.scheduler;

import io.edarts.cam.CodeObject;
import io.edarts.cam.CoreMemory;
import java.util.List;

/**
 * What a run places before its first dispatch ({@link Simulator#staticPlan}): what a program image is
 * made of.
 *
 * @param code          the code objects of the root and of the procedures declared with
 *                      {@code Program.withProcedures}, with the placement the run gives them, one per
 *                      name, in the order the codelets name them (procedures invoked but not declared
 *                      place their code when they first run and are not here)
 * @param memory        every core's local memory with that code and the static data placed
 * @param externalBytes bytes of external memory held by the static buffers
 */
public record StaticPlan(List<CodeObject> code, List<CoreMemory> memory, long externalBytes) {
    public StaticPlan {
        code = List.copyOf(code);
        memory = List.copyOf(memory);
    }
}
