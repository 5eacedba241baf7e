package io.edarts.run;

import io.edarts.api.Program;
import io.edarts.cam.Target;
import io.edarts.epiphany.EpiphanyTarget;
import io.edarts.epiphany.host.HostLink;
import io.edarts.epiphany.host.HostNode;
import io.edarts.epiphany.host.LaunchProcedure;
import io.edarts.epiphany.host.Launcher;
import io.edarts.epiphany.host.ProgramImage;
import io.edarts.scheduler.Prelude;
import io.edarts.scheduler.RunOptions;
import io.edarts.scheduler.Simulator;
import io.edarts.scheduler.StaticPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The wiring of the Epiphany's host node, program image and loaders into a run: before the run the
 * program's image is built from what the run places statically ({@link Simulator#staticPlan}), the
 * launch is simulated ({@link Launcher}) on a fresh host node, and the result is the run's
 * {@link Prelude}: the run starts at its end, and the reports show it. The host node is not kept:
 * the run's host daemon starts polling at the launch's end, and the simulator appends the calls it
 * served to the prelude's host timeline ({@link Prelude#withHostServices}).
 */
public final class Launches {
    private Launches() {}

    /**
     * The prelude of {@code program} on {@code target} with {@code options}, launched by
     * {@code procedure}: on an Epiphany machine always (the image is reported even with {@code none});
     * elsewhere null, and a procedure other than {@code none} is refused.
     *
     * @throws IllegalArgumentException for a launch on a machine without the host model, or an image
     *                                  that does not fit ({@link ProgramImage#of}), naming the sizes
     */
    public static Prelude prelude(Program<?> program, Target target, RunOptions options, LaunchProcedure procedure) {
        if (!(target instanceof EpiphanyTarget t)) {
            if (procedure != LaunchProcedure.NONE) {
                throw new IllegalArgumentException("--launch " + procedure.label() + " needs a machine with the "
                        + "Epiphany host model (parallella16, e64, e1024); " + target.machine().name() + " is charged by "
                        + target.describe());
            }
            return null;
        }
        ProgramImage image = image(program, t, options);
        HostNode host = HostNode.of(t);
        Launcher.Launch l = Launcher.run(procedure, image, t, host);
        return toPrelude(l, host, image);
    }

    /** The image of {@code program} on {@code target} with {@code options}. */
    public static ProgramImage image(Program<?> program, EpiphanyTarget target, RunOptions options) {
        StaticPlan plan = Simulator.staticPlan(program, target, options);
        return ProgramImage.of(target, plan.code(), plan.memory(), plan.externalBytes());
    }

    /** A launch and its host node as the scheduler's neutral run data. */
    public static Prelude toPrelude(Launcher.Launch l, HostNode host, ProgramImage image) {
        List<Prelude.HostSpan> spans = new ArrayList<>();
        for (HostNode.Span s : host.spans()) {
            spans.add(new Prelude.HostSpan(s.kind().name().toLowerCase(Locale.ROOT), s.what(), s.start(), s.end(),
                    s.core(), s.bytes()));
        }
        Prelude.HostNode node = new Prelude.HostNode("ARM host (Zynq, through the FPGA and the east eLink)",
                host.link().params().hostClockMhz(), host.busyCycles(), host.spanCount(),
                host.bytes(HostLink.Direction.HOST_TO_SRAM), host.bytes(HostLink.Direction.SRAM_TO_HOST),
                host.bytes(HostLink.Direction.HOST_TO_DRAM), host.bytes(HostLink.Direction.DRAM_TO_HOST), spans);
        List<Prelude.ImageSection> sections = new ArrayList<>();
        for (ProgramImage.Section s : image.sections()) {
            sections.add(new Prelude.ImageSection(s.name(), s.memory(), s.address(), s.segmentBytes(), s.bytes(), s.cores(),
                    s.loaded(), s.holds()));
        }
        return new Prelude(l.procedure().label(), l.cycles(), new Prelude.OnChip(l.copies(), l.copyBytes(), l.rounds(),
                l.signals()), node, sections);
    }

    /** The image's layout, one line a section, for {@code --verbose}. */
    public static void printImage(Prelude p, PrintWriter out) {
        out.println("  image        (coprthr2-paper.txt Figure 1; loaded = copied by a load)");
        for (Prelude.ImageSection s : p.image()) {
            out.printf(Locale.ROOT, "    %-15s %-8s %-11s %,9d B of %,9d B %s  %s%n", s.name(), s.memory(),
                    s.address() < 0 ? "(plan)" : String.format(Locale.ROOT, "0x%08x", s.address()), s.bytes(),
                    s.segmentBytes(), s.loaded() ? "loaded" : "      ", s.holds());
        }
    }
}
