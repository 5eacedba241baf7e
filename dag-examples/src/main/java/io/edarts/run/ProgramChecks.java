package io.edarts.run;

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


    private static String abbreviate(List<String> items) {
        if (items.size() <= LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LISTED)) + " ... (" + items.size() + " in all)";
    }
}
