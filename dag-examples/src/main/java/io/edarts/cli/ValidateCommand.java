package io.edarts.cli;

import io.edarts.cam.Machine;
import io.edarts.cam.MachineLoader;
import io.edarts.report.ValidationFiles;
import io.edarts.report.ValidationTable;
import io.edarts.run.OutputSet;
import io.edarts.validate.Validation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edarts validate}: the model against every published hardware measurement we have
 * ({@link Validation}), printed side by side and written to {@code validation.json} and
 * {@code validation.html}. Exit 0 when every case is within its tolerance, 1 when one is not (the
 * files are written either way), 2 on bad input with nothing written.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Model versus published Parallella measurements: bandwidth, load latency, read/write, eDARTS shape.")
final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--machine", defaultValue = io.edarts.epiphany.Targets.DEFAULT_MACHINE, paramLabel = "NAME|FILE",
            description = "a 4x4 Epiphany machine of one cluster (default: ${DEFAULT-VALUE}); the published figures are a Parallella's")
    String machine;

    @Option(names = "--out", defaultValue = "runs/validate", paramLabel = "DIR",
            description = "folder for validation.json and validation.html (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--quiet", description = "print errors only")
    boolean quiet;

    @Override
    public Integer call() {
        Machine m = MachineLoader.load(machine, java.util.List.of());
        Validation.check(m);
        ValidationTable t;
        try (OutputSet outs = OutputSet.open(out, "--out")) {
            t = Validation.run(m);
            ValidationFiles.writeJson(t, outs.file("validation.json"));
            ValidationFiles.writeHtml(t, outs.file("validation.html"));
            outs.keep();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (!quiet) {
            stdout.print(format(t));
            stdout.println("wrote " + out.resolve("validation.json") + " and validation.html");
            stdout.flush();
        }
        if (!t.ok()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("edarts: validate: " + t.failing().size() + " of " + t.cases().size()
                    + " cases outside tolerance: " + String.join(", ", t.failing().stream().map(ValidationTable.Case::name).toList()));
            err.flush();
            return Edarts.RUN_FAILED;
        }
        return Edarts.OK;
    }

    /** The table for the console: one line per case, then the notes of the failing ones. */
    static String format(ValidationTable t) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "validate on %s (%.0f MHz): %d of %d cases pass%n", t.machine(), t.clockMhz(),
                t.cases().size() - t.failing().size(), t.cases().size()));
        String row = "%-36s %-26s %-22s %12s %12s %7s %-13s %s%n";
        b.append(String.format(Locale.ROOT, row, "case", "source", "unit", "published", "model", "ratio", "tolerance", "pass"));
        for (ValidationTable.Case c : t.cases()) {
            b.append(String.format(Locale.ROOT, row, c.name(), shortSource(c), clip(c.unit(), 22),
                    ValidationFilesFormat.number(c.published()), ValidationFilesFormat.number(c.model()),
                    String.format(Locale.ROOT, "%.3f", c.ratio()), c.tolerance().text(),
                    (c.ok() ? "pass" : "FAIL") + (c.isCalibration() ? "  (calibration: " + c.calibration() + ")" : "")));
        }
        if (!t.failing().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nwhy the failing cases fail:%n"));
            for (ValidationTable.Case c : t.failing()) {
                b.append("  ").append(c.name()).append(": ").append(c.note()).append(System.lineSeparator());
            }
        }
        if (!t.notReproduced().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nnot reproduced: "));
            b.append(String.join(", ", t.notReproduced().stream().map(ValidationTable.Unreproduced::name).toList()));
            b.append(" (").append(t.notReproduced().get(0).reason()).append(')').append(System.lineSeparator());
        }
        return b.toString();
    }

    private static String shortSource(ValidationTable.Case c) {
        String method = c.method().startsWith("EMesh") ? " [EMesh direct]"
                : c.method().startsWith("experiment.RemoteExec") ? " [RemoteExec]" : " [codelets]";
        String s = c.source().startsWith("epiphany-facts.md") ? "Parallella table"
                : c.source().contains("emesh_read_latency") ? "emesh_read_latency"
                : c.source().startsWith("eDARTS") ? "eDARTS study" : clip(c.source(), 16);
        return s + method;
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
    }

    /** Numbers as the page shows them. */
    private static final class ValidationFilesFormat {
        static String number(double v) {
            double a = Math.abs(v);
            if (a >= 1000) {
                return String.format(Locale.ROOT, "%,.0f", v);
            }
            if (a >= 100) {
                return String.format(Locale.ROOT, "%.1f", v);
            }
            return String.format(Locale.ROOT, a >= 10 ? "%.2f" : "%.3f", v);
        }
    }
}
