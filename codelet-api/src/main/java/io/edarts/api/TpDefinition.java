package io.edarts.api;

import io.edarts.cam.CodeObject;
import io.edarts.api.graph.Digraph;
import io.edarts.cam.Placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A threaded procedure: the codelets and sync slots that work on one frame of data. A definition is
 * a template: every {@link CodeletContext#invoke invocation} creates an instance with fresh slot
 * counts around a frame. Build one with {@link #builder}; a static DAG is a definition run once.
 *
 * <p>The accessors below are the compiled form the runtime reads: codelets and slots numbered from
 * zero, with each codelet's completion signals and each slot's enabled codelets in flat arrays.
 */
public final class TpDefinition<F> {
    private final String name;
    private final String[] names;
    private final CodeletBody<?>[] bodies;
    private final Cost[] costs;
    private final CodeObject[] codes;
    private final int[] affinity;
    private final String[][] requires;
    private final int[] enablingSlot;
    private final int[] signalOffsets;
    private final int[] signalSlots;
    private final String[] slotNames;
    private final int[] slotInitial;
    private final int[] slotReset;
    private final int[] slotTargetOffsets;
    private final int[] slotTargets;
    private final Function<? super F, String> labeller;

    private TpDefinition(Builder<F> b, int[] enablingSlot, int[] signalOffsets, int[] signalSlots,
                         String[] slotNames, int[] slotInitial, int[] slotReset,
                         int[] slotTargetOffsets, int[] slotTargets) {
        int n = b.codelets.size();
        this.name = b.name;
        this.names = new String[n];
        this.bodies = new CodeletBody<?>[n];
        this.costs = new Cost[n];
        this.codes = new CodeObject[n];
        this.affinity = new int[n];
        this.requires = new String[n][];
        for (int i = 0; i < n; i++) {
            CodeletHandle h = b.codelets.get(i);
            names[i] = h.name;
            bodies[i] = h.body;
            costs[i] = h.cost;
            codes[i] = h.code != null ? h.code : b.defaultCode(h.name);
            affinity[i] = h.affinity;
            requires[i] = h.requires;
        }
        this.enablingSlot = enablingSlot;
        this.signalOffsets = signalOffsets;
        this.signalSlots = signalSlots;
        this.slotNames = slotNames;
        this.slotInitial = slotInitial;
        this.slotReset = slotReset;
        this.slotTargetOffsets = slotTargetOffsets;
        this.slotTargets = slotTargets;
        this.labeller = b.labeller;
    }

    /** Starts a definition. */
    public static <F> Builder<F> builder(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("threaded procedure name is blank");
        }
        return new Builder<>(name);
    }

    public String name() { return name; }

    public int codeletCount() { return names.length; }

    public String codeletName(int i) { return names[i]; }

    @SuppressWarnings("unchecked")
    public CodeletBody<F> body(int i) { return (CodeletBody<F>) bodies[i]; }

    public Cost cost(int i) { return costs[i]; }

    public CodeObject code(int i) { return codes[i]; }

    /** Preferred core of codelet {@code i}, or -1. */
    public int affinity(int i) { return affinity[i]; }

    /** Capabilities codelet {@code i} requires, or an empty array. */
    public String[] requires(int i) { return requires[i] == null ? new String[0] : requires[i].clone(); }

    public boolean hasRequirements(int i) { return requires[i] != null && requires[i].length > 0; }

    /** The slot whose reaching zero enables codelet {@code i}. */
    public int enablingSlot(int i) { return enablingSlot[i]; }

    /** Number of slots codelet {@code i} signals on completion. */
    public int signalCount(int i) { return signalOffsets[i + 1] - signalOffsets[i]; }

    /** The {@code k}-th slot codelet {@code i} signals on completion. */
    public int signal(int i, int k) { return signalSlots[signalOffsets[i] + k]; }

    public int slotCount() { return slotInitial.length; }

    public String slotName(int s) { return slotNames[s]; }

    public int slotInitial(int s) { return slotInitial[s]; }

    public int slotReset(int s) { return slotReset[s]; }

    /** Number of codelets slot {@code s} enables. */
    public int slotTargetCount(int s) { return slotTargetOffsets[s + 1] - slotTargetOffsets[s]; }

    public int slotTarget(int s, int k) { return slotTargets[slotTargetOffsets[s] + k]; }

    /**
     * The definition as one graph: codelets are vertices {@code 0..codeletCount()-1} and slots are
     * vertices {@code codeletCount() + s}; a codelet has an edge to each slot it signals and a slot
     * to each codelet it enables. Built on each call (it is not kept with the definition).
     */
    public Digraph graph() {
        return graphOf(names.length, signalOffsets, signalSlots, slotTargetOffsets, slotTargets);
    }

    private static Digraph graphOf(int n, int[] sOff, int[] sig, int[] tOff, int[] targets) {
        int slots = tOff.length - 1;
        int[] off = new int[n + slots + 1];
        int[] to = new int[sOff[n] + tOff[slots]];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int e = sOff[i]; e < sOff[i + 1]; e++) {
                to[k++] = n + sig[e];
            }
            off[i + 1] = k;
        }
        for (int s = 0; s < slots; s++) {
            for (int e = tOff[s]; e < tOff[s + 1]; e++) {
                to[k++] = targets[e];
            }
            off[n + s + 1] = k;
        }
        return Digraph.ofSuccessors(off, to);
    }

    /**
     * What distinguishes the instance around {@code frame} from its siblings, as the
     * {@link Builder#label label function} says (e.g. {@code "lo=0,hi=8"}), or {@code null} without one.
     *
     * @throws IllegalArgumentException if the label function throws, naming this procedure
     */
    public String label(F frame) {
        if (labeller == null) {
            return null;
        }
        try {
            return String.valueOf(labeller.apply(frame));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": the label function threw " + e, e);
        }
    }

    /** Index of the codelet with this name, or -1. */
    public int indexOf(String codeletName) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(codeletName)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "threaded procedure " + name + " (" + names.length + " codelets, " + slotInitial.length + " slots)";
    }

    /** Declares the codelets and slots of a threaded procedure; {@link #build()} checks the whole. */
    public static final class Builder<F> {
        final String name;
        final List<CodeletHandle> codelets = new ArrayList<>();
        final List<SlotHandle> slots = new ArrayList<>();
        private final List<String> unknownEdges = new ArrayList<>();
        private CodeObject sharedDefault;
        private Function<? super F, String> labeller;
        private boolean built;

        private Builder(String name) {
            this.name = name;
        }

        /** Declares a codelet running {@code body}. */
        public CodeletHandle codelet(String codeletName, CodeletBody<F> body) {
            checkOpen();
            if (codeletName == null || codeletName.isBlank()) {
                throw new IllegalArgumentException(name + ": codelet #" + codelets.size() + " has a blank name");
            }
            if (body == null) {
                throw new IllegalArgumentException(name + ": codelet '" + codeletName + "' has no body");
            }
            CodeletHandle h = new CodeletHandle(this, codelets.size(), codeletName, body);
            codelets.add(h);
            return h;
        }

        /**
         * Declares a shared sync slot that enables every codelet that {@link CodeletHandle#waitsOn} it.
         *
         * @throws IllegalArgumentException for a negative count or reset value
         */
        public SlotHandle slot(String slotName, int count, int reset) {
            checkOpen();
            if (count < 0) {
                throw new IllegalArgumentException(name + ": slot '" + slotName + "' has negative count " + count);
            }
            if (reset < 0) {
                throw new IllegalArgumentException(name + ": slot '" + slotName + "' has negative reset " + reset);
            }
            SlotHandle s = new SlotHandle(this, slots.size(), slotName, count, reset);
            slots.add(s);
            return s;
        }

        /**
         * Code object used by codelets that state none. Without it each such codelet gets a cached
         * function of {@link CodeObject#DEFAULT_SIZE} bytes named after the codelet.
         */
        public Builder<F> defaultCode(CodeObject code) {
            this.sharedDefault = code;
            return this;
        }

        /**
         * Labels each instance from its frame, computed once when the instance is created: messages,
         * traces and reports then name it {@code name[label]#id} instead of {@code name#id}, e.g.
         * {@code msort[lo=0,hi=8]#19}. Keep it short; it must not depend on what the codelets write.
         *
         * @throws IllegalArgumentException for a null function
         */
        public Builder<F> label(Function<? super F, String> label) {
            checkOpen();
            if (label == null) {
                throw new IllegalArgumentException(name + ": null label function");
            }
            this.labeller = label;
            return this;
        }

        /** Number of codelets declared so far. */
        public int size() {
            return codelets.size();
        }

        /** The codelet declared {@code i}-th. */
        public CodeletHandle get(int i) {
            return codelets.get(i);
        }

        CodeObject defaultCode(String codeletName) {
            return sharedDefault != null ? sharedDefault
                    : new CodeObject(codeletName, CodeObject.DEFAULT_SIZE, Placement.CACHED);
        }

        void edge(CodeletHandle from, CodeletHandle to) {
            checkOpen();
            if (from == null || to == null) {
                throw new IllegalArgumentException(name + ": edge with a null codelet");
            }
            if (from.owner != this || to.owner != this) {
                unknownEdges.add(from.name + " -> " + to.name);
                return;
            }
            from.successors.add(to.index);
            to.staticPredecessors++;
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException(name + ": already built");
            }
        }

        /**
         * Compiles the definition.
         *
         * @throws IllegalArgumentException naming the offenders: an edge to a codelet of another
         *                                  definition, duplicate codelet names, a dependency count
         *                                  below the static predecessors, a cycle (printed), or
         *                                  declared costs whose sum exceeds {@link Cost#MAX_TOTAL}
         */
        public TpDefinition<F> build() {
            checkOpen();
            if (!unknownEdges.isEmpty()) {
                throw new IllegalArgumentException(name + ": edge to a codelet unknown to this graph: "
                        + abbreviate(unknownEdges));
            }
            if (codelets.isEmpty()) {
                throw new IllegalArgumentException(name + ": has no codelets");
            }
            int n = codelets.size();
            Map<String, Integer> seen = new HashMap<>(n * 2);
            List<String> dups = new ArrayList<>();
            for (CodeletHandle h : codelets) {
                if (seen.putIfAbsent(h.name, h.index) != null) {
                    dups.add(h.name);
                }
            }
            if (!dups.isEmpty()) {
                throw new IllegalArgumentException(name + ": duplicate codelet name(s): " + abbreviate(dups));
            }
            // Slots: shared slots first, then one per codelet that has its own.
            int shared = slots.size();
            int own = 0;
            for (CodeletHandle h : codelets) {
                if (h.waitsOn == null) {
                    own++;
                }
            }
            int slotN = shared + own;
            int[] enabling = new int[n];
            String[] slotNames = new String[slotN];
            int[] initial = new int[slotN];
            int[] reset = new int[slotN];
            int[] targetCount = new int[slotN];
            for (SlotHandle s : slots) {
                slotNames[s.index] = s.name;
                initial[s.index] = s.count;
                reset[s.index] = s.reset;
            }
            int next = shared;
            for (CodeletHandle h : codelets) {
                if (h.waitsOn != null) {
                    enabling[h.index] = h.waitsOn.index;
                } else {
                    int s = next++;
                    enabling[h.index] = s;
                    slotNames[s] = h.name;
                    if (h.deps >= 0 && h.deps < h.staticPredecessors) {
                        throw new IllegalArgumentException(name + ": codelet '" + h.name + "' has deps(" + h.deps
                                + ") but " + h.staticPredecessors + " codelets precede it");
                    }
                    initial[s] = h.deps >= 0 ? h.deps : h.staticPredecessors;
                    reset[s] = h.reset;
                }
                targetCount[enabling[h.index]]++;
            }
            int[] tOff = new int[slotN + 1];
            for (int s = 0; s < slotN; s++) {
                tOff[s + 1] = tOff[s] + targetCount[s];
            }
            int[] targets = new int[tOff[slotN]];
            int[] fill = Arrays.copyOf(tOff, slotN);
            for (int i = 0; i < n; i++) {
                targets[fill[enabling[i]]++] = i;
            }
            int[] sOff = new int[n + 1];
            for (int i = 0; i < n; i++) {
                CodeletHandle h = codelets.get(i);
                sOff[i + 1] = sOff[i] + h.successors.size() + h.signalSlots.size();
            }
            int[] sig = new int[sOff[n]];
            for (int i = 0; i < n; i++) {
                CodeletHandle h = codelets.get(i);
                int k = sOff[i];
                for (int j = 0; j < h.successors.size(); j++) {
                    sig[k++] = enabling[h.successors.get(j)];
                }
                for (int j = 0; j < h.signalSlots.size(); j++) {
                    sig[k++] = h.signalSlots.get(j);
                }
            }
            checkAcyclic(n, sOff, sig, tOff, targets);
            checkTotalCost();
            built = true;
            return new TpDefinition<>(this, enabling, sOff, sig, slotNames, initial, reset, tOff, targets);
        }

        /** Rejects a cycle of codelets through their slots, printed from the codelet declared first. */
        private void checkAcyclic(int n, int[] sOff, int[] sig, int[] tOff, int[] targets) {
            Digraph g = graphOf(n, sOff, sig, tOff, targets);
            int[] cycle = g.cycle().orElse(null);
            if (cycle == null) {
                return;
            }
            StringBuilder sb = new StringBuilder();
            for (int v : cycle) {
                if (v < n) {
                    sb.append(codelets.get(v).name).append(" -> ");
                }
            }
            sb.append(codelets.get(cycle[0]).name);
            throw new IllegalArgumentException(name + ": cycle: " + sb);
        }

        /**
         * Rejects declared costs whose sum over the definition exceeds {@link Cost#MAX_TOTAL}, so
         * that the run's cycle arithmetic (a clock that adds every firing) cannot overflow.
         */
        private void checkTotalCost() {
            long total = 0;
            for (CodeletHandle h : codelets) {
                total += h.cost.total();   // each at most MAX_TOTAL (checked by Cost), so no overflow
                if (total > Cost.MAX_TOTAL) {
                    throw new IllegalArgumentException(name + ": codelet '" + h.name + "' declares " + h.cost.total()
                            + " cycles and instructions, which brings the definition's total to " + total
                            + ", beyond the limit of " + Cost.MAX_TOTAL + " (2^62)");
                }
            }
        }

        private static String abbreviate(List<String> items) {
            if (items.size() <= 10) {
                return String.join(", ", items);
            }
            return String.join(", ", items.subList(0, 10)) + " ... (" + items.size() + " in all)";
        }
    }
}
