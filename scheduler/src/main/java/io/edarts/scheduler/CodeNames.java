package io.edarts.scheduler;

import io.edarts.api.TpDefinition;
import io.edarts.cam.CodeObject;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The code objects a run has in force, by name: one name is one function (one cache entry, one
 * directory key), so it must have one size and one placement wherever it is used. Filled per
 * procedure, the first time it is seen; single-threaded (the run's check before it starts, or one
 * SU, whose order of invocations is its simulated-time order, so what it finds is deterministic).
 * Every SU starts from the root procedure's names: the run's set-up finds them once
 * ({@link RunContext#rootCodeNames}) and each SU takes a {@link #copy}, the state its own
 * {@code add(root)} would have left, instead of each of a machine's SUs scanning the root's codelets again.
 */
final class CodeNames {
    private final Map<String, CodeObject> byName = new HashMap<>();
    private final Map<String, String> firstUse = new HashMap<>();
    private final Set<TpDefinition<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    CodeNames() {}

    /** A copy with its own tables: adding to it leaves this one as it was. */
    CodeNames copy() {
        CodeNames c = new CodeNames();
        c.byName.putAll(byName);
        c.firstUse.putAll(firstUse);
        c.seen.addAll(seen);
        return c;
    }

    /**
     * @throws IllegalArgumentException naming the code object and both codelets that use it with
     *                                  different sizes or placements
     */
    void add(TpDefinition<?> def, RunContext run) {
        if (!seen.add(def)) {
            return;
        }
        // a program's codelets share a handful of code objects: each one is checked once
        Set<CodeObject> checked = Collections.newSetFromMap(new IdentityHashMap<>());
        CodeObject last = null;
        for (int c = 0; c < def.codeletCount(); c++) {
            CodeObject code = run.codeOf(def, c);
            if (code == last) { // runs of codelets share one code object: no hashing for the same one again
                continue;
            }
            last = code;
            if (!checked.add(code)) {
                continue;
            }
            CodeObject prev = byName.putIfAbsent(code.name(), code);
            if (prev == null) {
                firstUse.put(code.name(), use(def, c));
            } else if (!prev.equals(code)) {
                String use = use(def, c);
                throw new IllegalArgumentException("code object '" + code.name() + "' is " + describe(prev) + " in "
                        + firstUse.get(code.name()) + " but " + describe(code) + " in " + use
                        + ": one name is one function, so give them one size and placement or different names");
            }
        }
    }

    private static String use(TpDefinition<?> def, int c) {
        return "codelet '" + def.codeletName(c) + "' of " + def.name();
    }

    private static String describe(CodeObject c) {
        return c.sizeBytes() + " bytes " + c.placement().label() + (c.hasHomeCore() ? " in core " + c.homeCore() : "");
    }
}
