package io.edarts.cli;

import io.edarts.api.Program;
import io.edarts.api.TpDefinition;
import io.edarts.cam.CoreRole;
import io.edarts.cam.Machine;
import io.edarts.cam.Placement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of a program against the command line and the machine that can be made before anything
 * runs or is written (habit 15: the first firing is too late). They read the program's root
 * threaded procedure; procedures a body invokes at run time are checked by the scheduler.
 */
final class ProgramChecks {
    private static final int LISTED = 20;

    private ProgramChecks() {}

    /** The names of the code objects of the program's root procedure, in first-use order. */
    static Set<String> codeObjects(Program<?> program) {
        TpDefinition<?> root = program.root();
        Set<String> names = new LinkedHashSet<>();
        for (int c = 0; c < root.codeletCount(); c++) {
            names.add(root.code(c).name());
        }
        return names;
    }

    /**
     * @throws IllegalArgumentException for a {@code --placement CODE=...} whose CODE the program does
     *                                  not have, listing the ones it has
     */
    static void checkPlacements(Map<String, Placement> placements, Program<?> program) {
        Set<String> known = null;
        for (String code : placements.keySet()) {
            if (code.equals("*")) {
                continue;
            }
            if (known == null) {
                known = codeObjects(program);
            }
            if (!known.contains(code)) {
                throw new IllegalArgumentException("--placement " + code + "=" + placements.get(code).label()
                        + ": " + program.name() + " has no code object '" + code + "'; its code objects are "
                        + abbreviate(new ArrayList<>(known)) + " (or * for all)");
            }
        }
    }

    /**
     * Affinity is a preference for a CU (the policies weigh it; see {@code CodeletHandle.affinity}).
     * A codelet that prefers a core the machine lacks or one of its SUs can never be placed there,
     * which is a mistake in the program or the choice of machine.
     *
     * @throws IllegalArgumentException naming the codelet and the core
     */
    static void checkAffinities(Program<?> program, Machine m) {
        TpDefinition<?> root = program.root();
        for (int c = 0; c < root.codeletCount(); c++) {
            int a = root.affinity(c);
            if (a < 0) {
                continue;
            }
            if (a >= m.coreCount()) {
                throw new IllegalArgumentException("codelet '" + root.codeletName(c) + "' of " + program.name()
                        + " has affinity to core " + a + ", but " + m.name() + " has cores 0.." + (m.coreCount() - 1));
            }
            if (m.role(a) == CoreRole.SU) {
                throw new IllegalArgumentException("codelet '" + root.codeletName(c) + "' of " + program.name()
                        + " has affinity to core " + a + " (" + a / m.cols() + "," + a % m.cols() + "), an SU of "
                        + m.name() + ": affinity must name a CU, and SUs never fire codelets");
            }
        }
    }

    private static String abbreviate(List<String> items) {
        if (items.size() <= LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LISTED)) + " ... (" + items.size() + " in all)";
    }
}
