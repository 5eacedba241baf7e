package io.edarts.cam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The one list of built-in machines, of cost models ({@code target} names) and of target-specific
 * blocks: cam-model's own ({@code ideal}, {@code simple-mesh}) followed by those of every
 * {@link MachineExtension} on the class path, in the order of their class names. Help texts,
 * {@code edarts list} and {@link MachineLoader} all read it from here.
 */
public final class MachineRegistry {
    private MachineRegistry() { }

    private static final class Holder {
        static final List<BuiltInMachine> MACHINES;
        static final Map<String, TargetKind> TARGETS;
        static final Map<String, MachineBlock<?>> BLOCKS;

        static {
            List<MachineExtension> exts = new ArrayList<>();
            ServiceLoader.load(MachineExtension.class, MachineExtension.class.getClassLoader()).forEach(exts::add);
            exts.sort(Comparator.comparing(e -> e.getClass().getName()));
            // the neutral machines come last: the first built-in is the default, a real chip if there is one
            exts.add(new NeutralMachines());
            List<BuiltInMachine> machines = new ArrayList<>();
            Map<String, TargetKind> targets = new LinkedHashMap<>();
            Map<String, MachineBlock<?>> blocks = new LinkedHashMap<>();
            for (MachineExtension e : exts) {
                for (BuiltInMachine m : e.machines()) {
                    if (machines.stream().anyMatch(x -> x.name().equals(m.name()))) {
                        throw new IllegalStateException("built-in machine '" + m.name() + "' is registered twice");
                    }
                    machines.add(m);
                }
                for (TargetKind t : e.targets()) {
                    if (targets.putIfAbsent(t.name(), t) != null) {
                        throw new IllegalStateException("target '" + t.name() + "' is registered twice");
                    }
                }
                for (MachineBlock<?> b : e.blocks()) {
                    if (blocks.putIfAbsent(b.key(), b) != null) {
                        throw new IllegalStateException("machine block '" + b.key() + "' is registered twice");
                    }
                }
            }
            MACHINES = List.copyOf(machines);
            TARGETS = java.util.Collections.unmodifiableMap(targets);
            BLOCKS = java.util.Collections.unmodifiableMap(blocks);
        }
    }

    /** Built-in machines; the first is the default. */
    public static List<BuiltInMachine> builtIns() {
        return Holder.MACHINES;
    }

    /** Names of {@link #builtIns()}, in order. */
    public static List<String> builtInNames() {
        return Holder.MACHINES.stream().map(BuiltInMachine::name).toList();
    }

    /** The first built-in machine's name. */
    public static String defaultMachine() {
        return Holder.MACHINES.get(0).name();
    }

    /** Cost models by name, in registration order. */
    public static List<TargetKind> targets() {
        return List.copyOf(Holder.TARGETS.values());
    }

    /** Names of {@link #targets()}, in order. */
    public static List<String> targetNames() {
        return List.copyOf(Holder.TARGETS.keySet());
    }

    /**
     * The cost model {@code machine} names.
     *
     * @throws IllegalArgumentException on a null machine or a target no module provides
     */
    public static Target newTarget(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        TargetKind k = Holder.TARGETS.get(machine.target());
        if (k == null) {
            throw new IllegalArgumentException("machine '" + machine.name() + "' has unknown target '"
                    + machine.target() + "'; known: " + String.join(", ", Holder.TARGETS.keySet()));
        }
        return k.factory().apply(machine);
    }

    static BuiltInMachine builtIn(String name) {
        for (BuiltInMachine m : Holder.MACHINES) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    static Map<String, MachineBlock<?>> blocks() {
        return Holder.BLOCKS;
    }

    static boolean isTarget(String name) {
        return Holder.TARGETS.containsKey(name);
    }

    /** cam-model's own: the two targets that need no hardware model and their machines. */
    private static final class NeutralMachines implements MachineExtension {
        @Override
        public List<BuiltInMachine> machines() {
            return List.of(
                    new BuiltInMachine("ideal", "4x4, every communication and scheduling cost zero",
                            MachineRegistry.class, "edarts/machines/ideal.conf"),
                    new BuiltInMachine("mesh16", "4x4 simple-mesh: hop latency, no contention",
                            MachineRegistry.class, "edarts/machines/mesh16.conf"));
        }

        @Override
        public List<TargetKind> targets() {
            return List.of(
                    new TargetKind(SimpleTarget.IDEAL, "all communication and scheduling free", SimpleTarget::ideal),
                    new TargetKind(SimpleTarget.SIMPLE_MESH, "hop latency only, no contention", SimpleTarget::simpleMesh));
        }
    }
}
