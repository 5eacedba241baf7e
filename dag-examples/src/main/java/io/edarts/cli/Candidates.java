package io.edarts.cli;

import io.edarts.cam.MachineLoader;
import io.edarts.cam.Placement;
import io.edarts.epiphany.cache.EvictionPolicies;
import io.edarts.examples.programs.CannonProgram;
import io.edarts.scheduler.Policies;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The names each option accepts, read from the registry that owns them, for picocli's
 * {@code ${COMPLETION-CANDIDATES}} in help texts: help never lists names by hand, so it cannot
 * leave one out. Examples are {@link Examples.Names}.
 */
final class Candidates {
    private Candidates() {}

    /** Built-in machines; machine files are the {@code machine} owner's (MachineLoader). */
    static final class Machines implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return io.edarts.cam.MachineRegistry.builtInNames().iterator();
        }
    }

    static final class SchedulingPolicies implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Policies.names().iterator();
        }
    }

    static final class Placements implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> labels = new ArrayList<>();
            for (Placement p : Placement.values()) {
                labels.add(p.label());
            }
            labels.add(RunCommand.CORE_PREFIX + "R,C");
            return labels.iterator();
        }
    }

    static final class Layouts implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> labels = new ArrayList<>();
            for (CannonProgram.Layout l : CannonProgram.Layout.values()) {
                labels.add(l.label);
            }
            labels.add("all");
            return labels.iterator();
        }
    }

    static final class CachePolicies implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return EvictionPolicies.names().iterator();
        }
    }
}
