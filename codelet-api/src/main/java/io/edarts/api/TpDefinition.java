package io.edarts.api;

import io.edarts.cam.BufferPlace;
import io.edarts.cam.CodeObject;
import io.edarts.api.graph.Digraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A threaded procedure: the codelets and sync slots that work on one frame of data. A definition is
 * a template: every {@link CodeletContext#invoke invocation} creates an instance with fresh slot
 * counts around a frame. Build one with {@link #builder}; a static DAG is a definition run once.
 *
 * <p>Loops. A codelet whose slot has a reset value can fire again, so a static edge back into such
 * a slot ({@code body.precede(body)}, or a chain that returns to it) is a loop, not an error: its
 * back edges are not counted in the slot's initial count (the first iteration waits only on the
 * edges from outside the loop), and the reset value says how many signals each later iteration
 * waits for. A cycle that passes through no slot with a reset value can never fire and is refused,
 * naming the cycle. A static signal is sent on every completion, so a loop made of static edges
 * alone runs until its other inputs stop; a loop that decides when to stop signals its back edge
 * dynamically ({@code ctx.signal(ctx.selfSlot())}).
 *
 * <p>Exit. An instance exits when one of its codelets calls {@link CodeletContext#exit}, or, if none
 * of its slots has a reset value (it cannot loop), when each of its codelets has fired once: then
 * nothing of it can fire again, as a DARTS threaded procedure is done when the reference count of
 * its codelets reaches zero. An instance that loops exits only by {@code exit()}, since the runtime
 * cannot know that its last iteration was the last. When an instance started with
 * {@link CodeletContext#invoke(TpDefinition, Object, SlotRef) invoke(def, frame, onDone)} exits,
 * the runtime signals {@code onDone} once.
 *
 * <p>The accessors below are the compiled form the runtime reads: codelets and slots numbered from
 * zero, with each codelet's completion signals and each slot's enabled codelets in flat arrays.
 */
public final class TpDefinition<F> {
    private final String name;
    private final int codelets;
    /** Per codelet, its name, or null for one named by its index; null when every codelet is. */
    private final String[] names;
    private final CodeletBody<?>[] bodies;
    private final Cost[] costs;
    private final CodeObject[] codes;
    private final int[] affinity;
    private final String[][] requires;
    /** Per codelet, the unit its accelerator body hands its work to, or null; and that body. */
    private final String[] units;
    private final CodeletBody<?>[] acceleratorBodies;
    /** Per codelet, the bytes in and out its accelerator body's call declares up front, or null (null when none does). */
    private final long[][] footprints;
    private final boolean[] needsDma;
    private static final int[] NO_BUFFERS = new int[0];
    private final int[][] readBuffers;
    private final int[][] writeBuffers;
    private final int[] enablingSlot;
    private final int[] signalOffsets;
    private final int[] signalSlots;
    /** Per slot, its name; null for the own slot of a codelet named by its index (named as the codelet). */
    private final String[] slotNames;
    private final int sharedSlots;
    private final int[] slotInitial;
    private final int[] slotReset;
    private final int[] slotTargetOffsets;
    private final int[] slotTargets;
    private final Function<? super F, String> labeller;
    /** Per static signal, whether it closes a loop (null when none does). */
    private final boolean[] backSignal;
    private final List<BufferHandle<?>> buffers;

    private TpDefinition(Builder<F> b, int[] enablingSlot, int[] signalOffsets, int[] signalSlots,
                         String[] slotNames, int[] slotInitial, int[] slotReset,
                         int[] slotTargetOffsets, int[] slotTargets, boolean[] backSignal) {
        int n = b.size;
        this.name = b.name;
        // The builder's columns themselves when they are full (a builder sized by expect()), else
        // trimmed copies: a built builder refuses every write, so nothing changes them afterwards.
        this.codelets = n;
        this.names = b.named == 0 ? null : owned(b.names, n);
        this.sharedSlots = b.slots.size();
        this.bodies = owned(b.bodies, n);
        this.costs = owned(b.costs, n);
        this.codes = owned(b.codes, n);
        CodeObject fallback = b.defaultCode();
        for (int i = 0; i < n; i++) {
            if (costs[i] == null) {
                costs[i] = Cost.ZERO;
            }
            if (codes[i] == null) {
                codes[i] = fallback;
            }
        }
        // accelerator bodies are rare: null columns unless some codelet has one
        this.units = b.units.isEmpty() ? null : new String[n];
        this.acceleratorBodies = b.units.isEmpty() ? null : new CodeletBody<?>[n];
        for (java.util.Map.Entry<Integer, String> e : b.units.entrySet()) {
            units[e.getKey()] = e.getValue();
            acceleratorBodies[e.getKey()] = b.acceleratorBodies.get(e.getKey());
        }
        this.footprints = b.footprints.isEmpty() ? null : new long[n][];
        for (java.util.Map.Entry<Integer, long[]> e : b.footprints.entrySet()) {
            footprints[e.getKey()] = e.getValue().clone();
        }
        this.affinity = b.affinity.length == n ? b.affinity : Arrays.copyOf(b.affinity, n);
        // The columns most codelets leave empty stay null (a reference per codelet each is 40 MB at 10M).
        this.requires = b.requires == null ? null : Arrays.copyOf(b.requires, n);
        this.needsDma = b.needsDma == null ? null : Arrays.copyOf(b.needsDma, n);
        this.readBuffers = buffers(b.reads, n);
        this.writeBuffers = buffers(b.writes, n);
        this.enablingSlot = enablingSlot;
        this.signalOffsets = signalOffsets;
        this.signalSlots = signalSlots;
        this.slotNames = slotNames;
        this.slotInitial = slotInitial;
        this.slotReset = slotReset;
        this.slotTargetOffsets = slotTargetOffsets;
        this.slotTargets = slotTargets;
        this.labeller = b.labeller;
        this.backSignal = backSignal;
        this.buffers = List.copyOf(b.buffers);
    }

    private static <T> T[] owned(T[] column, int n) {
        return column.length == n ? column : Arrays.copyOf(column, n);
    }

    private static int[][] buffers(IntList[] declared, int n) {
        if (declared == null) {
            return null;
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = declared[i] == null ? NO_BUFFERS : declared[i].toArray();
        }
        return out;
    }

    /** Starts a definition. */
    public static <F> Builder<F> builder(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("threaded procedure name is blank");
        }
        return new Builder<>(name);
    }

    public String name() { return name; }

    public int codeletCount() { return codelets; }

    /** Codelet {@code i}'s name: as declared, or {@code i} in decimal if it was declared without one. */
    public String codeletName(int i) {
        java.util.Objects.checkIndex(i, codelets);
        String s = names == null ? null : names[i];
        return s != null ? s : Integer.toString(i);
    }

    @SuppressWarnings("unchecked")
    public CodeletBody<F> body(int i) { return (CodeletBody<F>) bodies[i]; }

    public Cost cost(int i) { return costs[i]; }

    public CodeObject code(int i) { return codes[i]; }

    /** Preferred core of codelet {@code i}, or -1. */
    public int affinity(int i) { return affinity[i]; }

    /** Capabilities codelet {@code i} requires, or an empty array. */
    public String[] requires(int i) { return requires == null || requires[i] == null ? new String[0] : requires[i].clone(); }

    /** The unit codelet {@code i}'s accelerator body hands its work to, or null when it has none. */
    public String unit(int i) { return units == null ? null : units[i]; }

    /** Codelet {@code i}'s accelerator body ({@link Builder#requires(CodeletHandle, String, CodeletBody)}), or null. */
    @SuppressWarnings("unchecked")
    public CodeletBody<F> acceleratorBody(int i) {
        return acceleratorBodies == null ? null : (CodeletBody<F>) acceleratorBodies[i];
    }

    /**
     * The bytes codelet {@code i}'s accelerator body hands its unit per call, as declared up front
     * ({@link Builder#requires(CodeletHandle, String, CodeletBody, long, long)}), or -1 when undeclared.
     */
    public long offloadInputBytes(int i) { return footprints == null || footprints[i] == null ? -1 : footprints[i][0]; }

    /** The bytes codelet {@code i}'s accelerator call writes back, as declared up front, or -1 when undeclared. */
    public long offloadOutputBytes(int i) { return footprints == null || footprints[i] == null ? -1 : footprints[i][1]; }

    /** Whether codelet {@code i} fires only with a free DMA channel ({@link CodeletHandle#needsDmaChannel()}). */
    public boolean needsDmaChannel(int i) { return needsDma != null && needsDma[i]; }

    public boolean hasRequirements(int i) { return requires != null && requires[i] != null && requires[i].length > 0; }

    /** The slot whose reaching zero enables codelet {@code i}. */
    public int enablingSlot(int i) { return enablingSlot[i]; }

    /** Number of slots codelet {@code i} signals on completion. */
    public int signalCount(int i) { return signalOffsets[i + 1] - signalOffsets[i]; }

    /** The {@code k}-th slot codelet {@code i} signals on completion. */
    public int signal(int i, int k) { return signalSlots[signalOffsets[i] + k]; }

    public int slotCount() { return slotInitial.length; }

    public String slotName(int s) {
        String x = slotNames[s];
        // an own slot enables exactly its codelet, whose name it bears
        return x != null || s < sharedSlots ? x : codeletName(slotTargets[slotTargetOffsets[s]]);
    }

    public int slotInitial(int s) { return slotInitial[s]; }

    public int slotReset(int s) { return slotReset[s]; }

    /** Number of codelets slot {@code s} enables. */
    public int slotTargetCount(int s) { return slotTargetOffsets[s + 1] - slotTargetOffsets[s]; }

    public int slotTarget(int s, int k) { return slotTargets[slotTargetOffsets[s] + k]; }

    /** Indices of the buffers codelet {@code i} declares it reads ({@link CodeletHandle#reads}); a copy. */
    public int[] readsBuffers(int i) { return readBuffers == null ? NO_BUFFERS.clone() : readBuffers[i].clone(); }

    /** Indices of the buffers codelet {@code i} declares it writes ({@link CodeletHandle#writes}); a copy. */
    public int[] writesBuffers(int i) { return writeBuffers == null ? NO_BUFFERS.clone() : writeBuffers[i].clone(); }

    /** Whether codelet {@code i} declares any buffer it reads or writes. */
    public boolean declaresData(int i) {
        return (readBuffers != null && readBuffers[i].length > 0) || (writeBuffers != null && writeBuffers[i].length > 0);
    }

    /** Buffers this procedure declares ({@link Builder#buffer}, {@link Builder#scratch}). */
    public int bufferCount() { return buffers.size(); }

    /** The buffer declared {@code i}-th. */
    public BufferHandle<?> buffer(int i) { return buffers.get(i); }

    /** Whether {@code h} is one of this procedure's buffers (the very handle its builder gave). */
    public boolean declares(BufferHandle<?> h) {
        return h != null && h.index() < buffers.size() && buffers.get(h.index()) == h;
    }

    /** Whether some slot has a reset value: the procedure can loop, so it exits only by {@code exit()}. */
    public boolean hasResetSlots() {
        for (int r : slotReset) {
            if (r > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the {@code k}-th static signal of codelet {@code i} is a loop's back edge. */
    public boolean isBackEdge(int i, int k) {
        return backSignal != null && backSignal[signalOffsets[i] + k];
    }

    /**
     * The definition as one graph: codelets are vertices {@code 0..codeletCount()-1} and slots are
     * vertices {@code codeletCount() + s}; a codelet has an edge to each slot it signals and a slot
     * to each codelet it enables. Built on each call (it is not kept with the definition).
     */
    public Digraph graph() {
        return graphOf(codelets, signalOffsets, signalSlots, slotTargetOffsets, slotTargets, null);
    }

    /**
     * {@link #graph()} without the back edges of loops ({@link #isBackEdge}): always acyclic, so
     * longest paths (one iteration of each loop) are defined on it.
     */
    public Digraph loopFreeGraph() {
        return graphOf(codelets, signalOffsets, signalSlots, slotTargetOffsets, slotTargets, backSignal);
    }

    /** The graph; signals {@code e} with {@code skip[e]} set are left out ({@code skip} may be null). */
    private static Digraph graphOf(int n, int[] sOff, int[] sig, int[] tOff, int[] targets, boolean[] skip) {
        int slots = tOff.length - 1;
        int[] off = new int[n + slots + 1];
        int[] to = new int[sOff[n] + tOff[slots]];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int e = sOff[i]; e < sOff[i + 1]; e++) {
                if (skip == null || !skip[e]) {
                    to[k++] = n + sig[e];
                }
            }
            off[i + 1] = k;
        }
        for (int s = 0; s < slots; s++) {
            for (int e = tOff[s]; e < tOff[s + 1]; e++) {
                to[k++] = targets[e];
            }
            off[n + s + 1] = k;
        }
        return Digraph.ofSuccessors(off, k == to.length ? to : Arrays.copyOf(to, k));
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
        for (int i = 0; i < codelets; i++) {
            if (codeletName(i).equals(codeletName)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "threaded procedure " + name + " (" + codelets + " codelets, " + slotInitial.length + " slots)";
    }

    /** Declares the codelets and slots of a threaded procedure; {@link #build()} checks the whole. */
    public static final class Builder<F> {
        final String name;
        /*
         * Codelets by column: what handle i declares is element i of each array (grown together),
         * edges and slot signals are appended to flat lists, and build() sorts them into the compiled
         * form by counting, keeping each codelet's order of declaration. No object per codelet: the
         * builder keeps no handle (a handle is this builder and an index), and a codelet declared
         * without a name is named by its index, as generated graphs name theirs, with no string.
         */
        int size;
        /** Null: named by its index in decimal. */
        String[] names = new String[16];
        /** Codelets declared with a name of their own. */
        int named;
        CodeletBody<?>[] bodies = new CodeletBody<?>[16];
        /** Null: {@link Cost#ZERO}. */
        Cost[] costs = new Cost[16];
        /** Null: the default code. */
        CodeObject[] codes = new CodeObject[16];
        int[] affinity = filled(16, -1);
        /** -1: as many as precede it. */
        int[] deps = filled(16, -1);
        int[] reset = new int[16];
        /** The shared slot codelet i waits on, or -1 for a slot of its own. */
        int[] waitsOn = filled(16, -1);
        private int[] staticPredecessors = new int[16];
        /** Columns few codelets use, made on first use. */
        String[][] requires;
        boolean[] needsDma;
        IntList[] reads;
        IntList[] writes;
        /** Static edges in declaration order: {@code edgeFrom[e]} precedes {@code edgeTo[e]}. */
        private int[] edgeFrom = new int[16];
        private int[] edgeTo = new int[16];
        private int edges;
        /** Shared slots signalled, in declaration order: {@code signalFrom[e]} signals {@code signalSlot[e]}. */
        private int[] signalFrom = new int[0];
        private int[] signalSlot = new int[0];
        private int signals;
        final List<SlotHandle> slots = new ArrayList<>();
        private final List<String> unknownEdges = new ArrayList<>();
        final List<BufferHandle<?>> buffers = new ArrayList<>();
        final java.util.Map<Integer, String> units = new java.util.HashMap<>();
        final java.util.Map<Integer, CodeletBody<F>> acceleratorBodies = new java.util.HashMap<>();
        final java.util.Map<Integer, long[]> footprints = new java.util.HashMap<>();
        private CodeObject sharedDefault;
        private Function<? super F, String> labeller;
        private boolean built;
        private TpDefinition<F> result;
        private final Ref<F> self = new Ref<>(this);

        private Builder(String name) {
            this.name = name;
        }

        /** Declares a codelet running {@code body}. */
        public CodeletHandle codelet(String codeletName, CodeletBody<F> body) {
            checkOpen();
            if (codeletName == null || codeletName.isBlank()) {
                throw new IllegalArgumentException(name + ": codelet #" + size + " has a blank name");
            }
            if (body == null) {
                throw new IllegalArgumentException(name + ": codelet '" + codeletName + "' has no body");
            }
            named++;
            return add(codeletName, body);
        }

        /**
         * Declares a codelet running {@code body}, named by its index in decimal ({@code "0"},
         * {@code "1"}, ...; the index is {@link #size()} before the call): how a generated graph
         * names its codelets, without a string per codelet.
         */
        public CodeletHandle codelet(CodeletBody<F> body) {
            checkOpen();
            if (body == null) {
                throw new IllegalArgumentException(name + ": codelet #" + size + " has no body");
            }
            return add(null, body);
        }

        private CodeletHandle add(String codeletName, CodeletBody<F> body) {
            if (size == names.length) {
                grow();
            }
            names[size] = codeletName;
            bodies[size] = body;
            return new CodeletHandle(this, size++);
        }

        /** Codelet {@code i}'s name: as declared, or its index in decimal. */
        String nameOf(int i) {
            String s = names[i];
            return s != null ? s : Integer.toString(i);
        }

        private static int[] filled(int length, int value) {
            int[] a = new int[length];
            Arrays.fill(a, value);
            return a;
        }

        private static int[] grown(int[] a, int length, int value) {
            int old = a.length;
            int[] b = Arrays.copyOf(a, length);
            Arrays.fill(b, old, length, value);
            return b;
        }

        /**
         * Sizes the builder for {@code codelets} codelets and {@code edges} static edges in all, so
         * that a large generated graph fills its columns without regrowing them: a hint, never a limit.
         *
         * @throws IllegalArgumentException for a negative count
         */
        public Builder<F> expect(int codelets, int edges) {
            checkOpen();
            if (codelets < 0 || edges < 0) {
                throw new IllegalArgumentException(name + ": expect(" + codelets + ", " + edges + "): negative count");
            }
            if (codelets > names.length) {
                growTo(codelets);
            }
            if (edges > edgeFrom.length) {
                edgeFrom = Arrays.copyOf(edgeFrom, edges);
                edgeTo = Arrays.copyOf(edgeTo, edges);
            }
            return this;
        }

        private void grow() {
            growTo(names.length * 2);
        }

        private void growTo(int c) {
            names = Arrays.copyOf(names, c);
            bodies = Arrays.copyOf(bodies, c);
            costs = Arrays.copyOf(costs, c);
            codes = Arrays.copyOf(codes, c);
            affinity = grown(affinity, c, -1);
            deps = grown(deps, c, -1);
            reset = Arrays.copyOf(reset, c);
            waitsOn = grown(waitsOn, c, -1);
            staticPredecessors = Arrays.copyOf(staticPredecessors, c);
            requires = requires == null ? null : Arrays.copyOf(requires, c);
            needsDma = needsDma == null ? null : Arrays.copyOf(needsDma, c);
            reads = reads == null ? null : Arrays.copyOf(reads, c);
            writes = writes == null ? null : Arrays.copyOf(writes, c);
        }

        String[][] requires() {
            if (requires == null) {
                requires = new String[names.length][];
            }
            return requires;
        }

        boolean[] needsDma() {
            if (needsDma == null) {
                needsDma = new boolean[names.length];
            }
            return needsDma;
        }

        IntList[] reads() {
            if (reads == null) {
                reads = new IntList[names.length];
            }
            return reads;
        }

        IntList[] writes() {
            if (writes == null) {
                writes = new IntList[names.length];
            }
            return writes;
        }

        /** The shared slot codelet {@code i} waits on, or null. */
        SlotHandle waitsOnSlot(int i) {
            return waitsOn[i] < 0 ? null : slots.get(waitsOn[i]);
        }

        /**
         * Gives {@code codelet} a second body that hands its work to the machine's unit {@code unit}
         * (an accelerator): the codelet requires that unit when the run offloads
         * ({@link Program#withOffload}), and then fires {@code acceleratorBody} instead of its
         * software body. The accelerator body computes the same answer in Java (what the unit
         * would produce) and charges the call with {@link CodeletContext#offload}; the software body
         * charges the instructions it executes. A run that offloads is refused before it starts if
         * the machine has no such unit.
         *
         * <pre>{@code tp.requires(encode, "protobuf", Serializer::encodeOnUnit);}</pre>
         *
         * @throws IllegalArgumentException for a codelet of another builder, a blank unit, a null
         *                                  body, or a codelet that already has one
         */
        public CodeletHandle requires(CodeletHandle codelet, String unit, CodeletBody<F> acceleratorBody) {
            checkOpen();
            if (codelet == null || codelet.owner != this) {
                throw new IllegalArgumentException(name + ": requires(" + unit + ") of " + codelet
                        + ", which this procedure does not declare");
            }
            if (unit == null || unit.isBlank() || acceleratorBody == null) {
                throw new IllegalArgumentException(name + ": codelet '" + codelet.name()
                        + "' needs a unit name and an accelerator body; got '" + unit + "' and " + acceleratorBody);
            }
            if (units.containsKey(codelet.index)) {
                throw new IllegalArgumentException(name + ": codelet '" + codelet.name() + "' already requires unit '"
                        + units.get(codelet.index) + "'");
            }
            units.put(codelet.index, unit);
            acceleratorBodies.put(codelet.index, acceleratorBody);
            return codelet;
        }

        /**
         * As {@link #requires(CodeletHandle, String, CodeletBody)}, declaring up front the bytes the
         * accelerator body's call hands the unit and gets back (its data footprint, as StarPU's
         * performance models key on): with {@link OffloadMode#AUTO} the runtime then knows what the
         * call costs (the target's closed form) before the codelet first fires, and groups the
         * codelet's firings by size with others of the same code and unit. The body's own
         * {@link CodeletContext#offload} still says what the call actually moves.
         *
         * <pre>{@code tp.requires(encode, "protobuf", Serializer::encodeOnUnit, inBytes, outBytes);}</pre>
         *
         * @throws IllegalArgumentException as the three-argument form, or for a negative size
         */
        public CodeletHandle requires(CodeletHandle codelet, String unit, CodeletBody<F> acceleratorBody,
                                      long inputBytes, long outputBytes) {
            if (inputBytes < 0 || outputBytes < 0) {
                throw new IllegalArgumentException(name + ": codelet '" + (codelet == null ? null : codelet.name())
                        + "' declares a negative offload size: in " + inputBytes + " B, out " + outputBytes + " B");
            }
            requires(codelet, unit, acceleratorBody);
            footprints.put(codelet.index, new long[] {inputBytes, outputBytes});
            return codelet;
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
         * Declares a buffer whose array the frame owns: the program fills it, bodies reach it
         * through {@link CodeletContext#read} and {@link CodeletContext#write}, and the program's
         * check reads it. Its size is the array's length times the element size, allocated at
         * {@code place} when the instance starts (before the run for the root procedure) and freed
         * when it ends; if the machine cannot hold it the run is refused (root) or fails.
         *
         * <pre>{@code BufferHandle<float[]> x = tp.buffer("x", BufferPlace.external(), F::x);}</pre>
         *
         * @param array gives the frame's array, e.g. {@code F::x}; called when the instance starts
         * @throws IllegalArgumentException for a blank or duplicate name, a null place or accessor,
         *                                  or {@link BufferPlace#firingCore()} (a frame's array has one
         *                                  copy: per-core data is {@link #scratch})
         */
        public <A> BufferHandle<A> buffer(String bufferName, BufferPlace place, Function<? super F, A> array) {
            checkBuffer(bufferName, place);
            if (array == null) {
                throw new IllegalArgumentException(name + ": buffer '" + bufferName + "' has no array accessor");
            }
            if (place.kind() == io.edarts.cam.BufferPlace.Kind.FIRING_CORE) {
                throw new IllegalArgumentException(name + ": buffer '" + bufferName + "' is placed on the firing core,"
                        + " but a frame's array has one copy; declare per-core data with scratch(name, place, type,"
                        + " length)");
            }
            @SuppressWarnings("unchecked")
            Function<Object, A> a = (Function<Object, A>) array;
            BufferHandle<A> h = new BufferHandle<>(this, name, buffers.size(), bufferName, place, a, null, -1);
            buffers.add(h);
            return h;
        }

        /**
         * Declares a scratch buffer: a zero-filled array of {@code length} elements that the run
         * owns, allocated before the run starts. At {@link BufferPlace#firingCore()} every CU has
         * its own copy at the same local offset (a C global in each core's image), so bodies on
         * different cores never share it; elsewhere there is one copy for the run.
         *
         * <pre>{@code BufferHandle<float[]> blk = tp.scratch("blk", BufferPlace.firingCore(), float[].class, 256);}</pre>
         *
         * @param type the array type, e.g. {@code float[].class}
         * @throws IllegalArgumentException for a blank or duplicate name, a null place, a type that
         *                                  is not an array of a primitive type, or a length below 1
         */
        public <A> BufferHandle<A> scratch(String bufferName, BufferPlace place, Class<A> type, int length) {
            checkBuffer(bufferName, place);
            if (type == null || BufferHandle.elementBytes(type) == 0) {
                throw new IllegalArgumentException(name + ": scratch buffer '" + bufferName + "' has type "
                        + (type == null ? "null" : type.getSimpleName())
                        + "; expected byte[], short[], char[], int[], float[], long[] or double[]");
            }
            if (length < 1) {
                throw new IllegalArgumentException(name + ": scratch buffer '" + bufferName + "' has length " + length
                        + "; expected >= 1");
            }
            BufferHandle<A> h = new BufferHandle<>(this, name, buffers.size(), bufferName, place, null, type, length);
            buffers.add(h);
            return h;
        }

        private void checkBuffer(String bufferName, io.edarts.cam.BufferPlace place) {
            checkOpen();
            if (bufferName == null || bufferName.isBlank()) {
                throw new IllegalArgumentException(name + ": buffer #" + buffers.size() + " has a blank name");
            }
            if (place == null) {
                throw new IllegalArgumentException(name + ": buffer '" + bufferName + "' has no place");
            }
            for (BufferHandle<?> b : buffers) {
                if (b.name().equals(bufferName)) {
                    throw new IllegalArgumentException(name + ": duplicate buffer name '" + bufferName + "'");
                }
            }
        }

        /**
         * Code object used by codelets of this definition that state none. Without it they run
         * {@link CodeObject#DEFAULT}, the one small local function every such codelet of the
         * program shares.
         *
         * @throws IllegalArgumentException for a null code object
         */
        public Builder<F> defaultCode(CodeObject code) {
            checkOpen();
            if (code == null) {
                throw new IllegalArgumentException(name + ": default code object is null");
            }
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

        /**
         * A handle on the definition being built, for bodies that invoke it recursively
         * ({@code ctx.invoke(b.self(), frame, onDone)}): it resolves once {@link #build()} has run.
         */
        public Ref<F> self() {
            return self;
        }

        /** Number of codelets declared so far. */
        public int size() {
            return size;
        }

        /** The codelet declared {@code i}-th. */
        public CodeletHandle get(int i) {
            return new CodeletHandle(this, java.util.Objects.checkIndex(i, size));
        }

        CodeObject defaultCode() {
            return sharedDefault != null ? sharedDefault : CodeObject.DEFAULT;
        }

        void edge(CodeletHandle from, CodeletHandle to) {
            checkOpen();
            if (from == null || to == null) {
                throw new IllegalArgumentException(name + ": edge with a null codelet");
            }
            if (from.owner != this || to.owner != this) {
                unknownEdges.add(from.name() + " -> " + to.name());
                return;
            }
            addEdge(from.index, to.index);
        }

        /**
         * Codelet {@code from} precedes codelet {@code to}, both given by index (the order declared).
         *
         * @throws IllegalArgumentException for an index that no codelet declared so far has
         */
        void edge(int from, int to) {
            checkOpen();
            if (from < 0 || from >= size || to < 0 || to >= size) {
                throw new IllegalArgumentException(name + ": edge " + from + " -> " + to + ": expected codelet indices 0.."
                        + (size - 1));
            }
            addEdge(from, to);
        }

        /**
         * Every edge of {@code graph}, whose vertex {@code v} is codelet {@code v}: as {@link #edge(int, int)}
         * for each vertex in turn and each of its successors in order, in one loop.
         *
         * @throws IllegalArgumentException for a null graph or one with more vertices than codelets declared
         */
        void edges(Digraph graph) {
            checkOpen();
            if (graph == null || graph.size() > size) {
                throw new IllegalArgumentException(name + ": edges of " + graph + ": expected a graph of at most "
                        + size + " vertices, one per codelet declared");
            }
            int m = graph.edgeCount();
            if (edges + m > edgeFrom.length) {
                edgeFrom = Arrays.copyOf(edgeFrom, Math.max(edges + m, edges * 2));
                edgeTo = Arrays.copyOf(edgeTo, Math.max(edges + m, edges * 2));
            }
            int e = edges;
            for (int v = 0, vs = graph.size(); v < vs; v++) {
                for (int k = 0, count = graph.successorCount(v); k < count; k++) {
                    int w = graph.successor(v, k);
                    edgeFrom[e] = v;
                    edgeTo[e] = w;
                    e++;
                    staticPredecessors[w]++;
                }
            }
            edges = e;
        }

        private void addEdge(int from, int to) {
            if (edges == edgeFrom.length) {
                edgeFrom = Arrays.copyOf(edgeFrom, Math.max(16, edges * 2));
                edgeTo = Arrays.copyOf(edgeTo, Math.max(16, edges * 2));
            }
            edgeFrom[edges] = from;
            edgeTo[edges] = to;
            edges++;
            staticPredecessors[to]++;
        }

        void signal(CodeletHandle from, int slot) {
            if (signals == signalFrom.length) {
                signalFrom = Arrays.copyOf(signalFrom, Math.max(16, signals * 2));
                signalSlot = Arrays.copyOf(signalSlot, Math.max(16, signals * 2));
            }
            signalFrom[signals] = from.index;
            signalSlot[signals] = slot;
            signals++;
        }

        /** @throws IllegalStateException once built: the definition owns the columns then */
        void checkOpen() {
            if (built) {
                throw new IllegalStateException(name + ": already built");
            }
        }

        /**
         * Compiles the definition.
         *
         * @throws IllegalArgumentException naming the offenders: an edge to a codelet of another
         *                                  definition, duplicate codelet names, a dependency count
         *                                  below the static predecessors from outside its loops, a
         *                                  cycle through no slot with a reset value (printed, with
         *                                  how to loop), or declared costs whose sum exceeds
         *                                  {@link Cost#MAX_TOTAL}
         */
        public TpDefinition<F> build() {
            checkOpen();
            if (!unknownEdges.isEmpty()) {
                throw new IllegalArgumentException(name + ": edge to a codelet unknown to this graph: "
                        + abbreviate(unknownEdges));
            }
            if (size == 0) {
                throw new IllegalArgumentException(name + ": has no codelets");
            }
            int n = size;
            List<String> dups = duplicateNames(n);
            if (!dups.isEmpty()) {
                throw new IllegalArgumentException(name + ": duplicate codelet name(s): " + abbreviate(dups));
            }
            // Slots: shared slots first, then one per codelet that has its own.
            int shared = slots.size();
            int own = 0;
            for (int i = 0; i < n; i++) {
                if (waitsOn[i] < 0) {
                    own++;
                }
            }
            int slotN = shared + own;
            int[] enabling = new int[n];
            String[] slotNames = new String[slotN];
            int[] initial = new int[slotN];
            int[] resetOf = new int[slotN];
            for (SlotHandle s : slots) {
                slotNames[s.index] = s.name;
                initial[s.index] = s.count;
                resetOf[s.index] = s.reset;
            }
            // Both flat lists below are stable counting sorts that fill each group from its end:
            // off[g] first counts group g, then (summed) is its end, and after the fill its start.
            int[] tOff = new int[slotN + 1];
            int next = shared;
            for (int i = 0; i < n; i++) {
                int s = waitsOn[i];
                if (s < 0) {
                    s = next++;
                    slotNames[s] = names[i]; // null for a codelet named by its index: the definition names it
                    resetOf[s] = reset[i];
                }
                enabling[i] = s;
                tOff[s]++;
            }
            for (int s = 1; s <= slotN; s++) {
                tOff[s] += tOff[s - 1];
            }
            int[] targets = new int[n];
            for (int i = n - 1; i >= 0; i--) {
                targets[--tOff[enabling[i]]] = i;
            }
            // Each codelet signals the slots of its successors, then its shared slots, each in the
            // order declared: the edges sorted by source, signals after edges.
            int[] sOff = new int[n + 1];
            for (int e = 0; e < edges; e++) {
                sOff[edgeFrom[e]]++;
            }
            for (int e = 0; e < signals; e++) {
                sOff[signalFrom[e]]++;
            }
            for (int i = 1; i <= n; i++) {
                sOff[i] += sOff[i - 1];
            }
            int[] sig = new int[edges + signals];
            for (int e = signals - 1; e >= 0; e--) {
                sig[--sOff[signalFrom[e]]] = signalSlot[e];
            }
            boolean forwardOnly = shared == 0 && signals == 0;
            for (int e = edges - 1; e >= 0; e--) {
                int from = edgeFrom[e];
                int to = edgeTo[e];
                forwardOnly &= from < to;
                sig[--sOff[from]] = enabling[to];
            }
            // Only own slots and edges to higher indices: acyclic without a search (a static DAG's case).
            boolean[] back = forwardOnly ? null : backEdges(n, sOff, sig, tOff, targets, resetOf);
            int[] backInto = null;
            if (back != null) {
                backInto = new int[slotN];
                for (int e = 0; e < back.length; e++) {
                    if (back[e]) {
                        backInto[sig[e]]++;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (waitsOn[i] < 0) {
                    int s = enabling[i];
                    int into = backInto == null ? 0 : backInto[s];
                    int forward = staticPredecessors[i] - into;
                    if (deps[i] >= 0 && deps[i] < forward) {
                        throw new IllegalArgumentException(name + ": codelet '" + nameOf(i) + "' has deps(" + deps[i]
                                + ") but " + forward + " codelets precede it"
                                + (into > 0 ? " from outside its loop" : ""));
                    }
                    initial[s] = deps[i] >= 0 ? deps[i] : forward;
                }
            }
            checkTotalCost();
            built = true;
            result = new TpDefinition<>(this, enabling, sOff, sig, slotNames, initial, resetOf, tOff, targets, back);
            return result;
        }

        /**
         * The names declared again after their first use, in declaration order. An open-addressing
         * table of codelet indices keyed by the names' hashes: no boxed index and no entry per codelet.
         */
        private List<String> duplicateNames(int n) {
            if (namedByIndex(n)) {
                return List.of();
            }
            int cap = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
            int mask = cap - 1;
            int[] table = new int[cap]; // codelet index + 1; 0: empty
            List<String> dups = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String s = nameOf(i);
                int h = s.hashCode();
                int k = (h ^ (h >>> 16)) & mask;
                while (true) {
                    int j = table[k] - 1;
                    if (j < 0) {
                        table[k] = i + 1;
                        break;
                    }
                    if (nameOf(j).equals(s)) {
                        dups.add(s);
                        break;
                    }
                    k = (k + 1) & mask;
                }
            }
            return dups;
        }

        /**
         * Whether every codelet is named by its index in decimal ("0", "1", ...), as generated graphs
         * name them: then no two names are equal, and reading the names once spares hashing them.
         */
        private boolean namedByIndex(int n) {
            if (named == 0) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                String s = names[i];
                if (s == null) {
                    continue;
                }
                int len = s.length();
                if (len == 0 || len > 10 || (len > 1 && s.charAt(0) == '0')) {
                    return false;
                }
                long v = 0;
                for (int k = 0; k < len; k++) {
                    char ch = s.charAt(k);
                    if (ch < '0' || ch > '9') {
                        return false;
                    }
                    v = v * 10 + (ch - '0');
                }
                if (v != i) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Finds the back edges of loops: static signals into a slot with a reset value that the slot
         * reaches again. Refuses a cycle that no such slot breaks, printed from its first codelet.
         * Returns null when the graph has no cycle (the common case costs one topological pass).
         */
        private boolean[] backEdges(int n, int[] sOff, int[] sig, int[] tOff, int[] targets, int[] reset) {
            Digraph all = graphOf(n, sOff, sig, tOff, targets, null);
            if (all.isAcyclic()) {
                return null;
            }
            boolean[] intoReset = new boolean[sig.length];
            for (int e = 0; e < sig.length; e++) {
                intoReset[e] = reset[sig[e]] > 0;
            }
            Digraph cut = graphOf(n, sOff, sig, tOff, targets, intoReset);
            int[] cycle = cut.cycle().orElse(null);
            if (cycle != null) {
                StringBuilder sb = new StringBuilder();
                for (int v : cycle) {
                    if (v < n) {
                        sb.append(nameOf(v)).append(" -> ");
                    }
                }
                sb.append(nameOf(cycle[0]));
                throw new IllegalArgumentException(name + ": cycle: " + sb + ". No slot on it has a reset value, so it"
                        + " can never fire; to loop, give the codelet where each iteration starts .reset(n) (n: the"
                        + " signals one iteration waits for), or make it wait on slot(name, count, reset)");
            }
            // Back edges by depth-first search from the procedure's entries (nodes nothing points at,
            // in index order): a signal whose slot is still on the search path closes a loop. So in
            // init -> head -> tail -> head only tail -> head is a back edge, and tail waits for head.
            boolean[] back = new boolean[sig.length];
            int size = all.size();
            int[] indegree = new int[size];
            for (int v = 0; v < size; v++) {
                for (int k = 0; k < all.successorCount(v); k++) {
                    indegree[all.successor(v, k)]++;
                }
            }
            byte[] state = new byte[size]; // 0 unseen, 1 on the path, 2 done
            int[] stack = new int[size];
            int[] next = new int[size];
            for (int pass = 0; pass < 2; pass++) {
                for (int root = 0; root < size; root++) {
                    if (state[root] != 0 || (pass == 0 && indegree[root] != 0)) {
                        continue;
                    }
                    int top = 0;
                    stack[top++] = root;
                    state[root] = 1;
                    while (top > 0) {
                        int v = stack[top - 1];
                        if (next[v] == all.successorCount(v)) {
                            state[v] = 2;
                            top--;
                            continue;
                        }
                        int k = next[v]++;
                        int w = all.successor(v, k);
                        if (state[w] == 1) {
                            if (v >= n || !intoReset[sOff[v] + k]) {
                                throw new IllegalArgumentException(name + ": a loop enters at '"
                                        + loopEntryName(w, n, tOff, targets) + "', whose slot has no reset value: give the codelet"
                                        + " where each iteration starts .reset(n) (n: the signals one iteration waits"
                                        + " for), or make it wait on slot(name, count, reset)");
                            }
                            back[sOff[v] + k] = true;
                        } else if (state[w] == 0) {
                            state[w] = 1;
                            stack[top++] = w;
                        }
                    }
                }
            }
            return back;
        }

        /** The codelet a loop's back edge enters through node {@code w} (a slot, or a codelet). */
        private String loopEntryName(int w, int n, int[] tOff, int[] targets) {
            if (w < n) {
                return nameOf(w);
            }
            int s = w - n;
            return tOff[s] < tOff[s + 1] ? nameOf(targets[tOff[s]]) : "slot " + s;
        }

        /**
         * Rejects declared costs whose sum over the definition exceeds {@link Cost#MAX_TOTAL}, so
         * that the run's cycle arithmetic (a clock that adds every firing) cannot overflow.
         */
        private void checkTotalCost() {
            long total = 0;
            for (int i = 0; i < size; i++) {
                Cost c = costs[i] == null ? Cost.ZERO : costs[i];
                total += c.total();   // each at most MAX_TOTAL (checked by Cost), so no overflow
                if (total > Cost.MAX_TOTAL) {
                    throw new IllegalArgumentException(name + ": codelet '" + nameOf(i) + "' declares " + c.total()
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

    /**
     * A handle on a definition that may not be built yet: what {@link Builder#self()} gives a body
     * that invokes its own procedure. Bodies run after {@code build()}, so they always find it.
     */
    public static final class Ref<F> {
        private final Builder<F> builder;

        private Ref(Builder<F> builder) {
            this.builder = builder;
        }

        /**
         * @throws IllegalStateException if the definition is not built yet
         */
        public TpDefinition<F> get() {
            if (builder.result == null) {
                throw new IllegalStateException(builder.name + ": self() used before build()");
            }
            return builder.result;
        }

        @Override
        public String toString() {
            return "self reference of " + builder.name;
        }
    }
}
