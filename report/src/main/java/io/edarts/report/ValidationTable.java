package io.edarts.report;

import java.util.List;
import java.util.Locale;

/**
 * The model set against published hardware measurements, in a neutral shape (the report module knows
 * no target): what {@code edarts validate} measured and {@link ValidationFiles} renders.
 *
 * @param machine       the machine's label ({@code parallella16})
 * @param clockMhz      its clock, which turns cycles into rates
 * @param cases         the comparisons, in the order they are shown
 * @param notReproduced published figures the model has no mechanism for, listed so their absence is
 *                      visible rather than silent
 */
public record ValidationTable(String machine, double clockMhz, List<Case> cases, List<Unreproduced> notReproduced) {
    /** Version of {@code validation.json}'s layout. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * @throws IllegalArgumentException for a null list or two cases with one name
     */
    public ValidationTable {
        if (machine == null || cases == null || notReproduced == null) {
            throw new IllegalArgumentException("machine, cases and notReproduced must not be null");
        }
        cases = List.copyOf(cases);
        notReproduced = List.copyOf(notReproduced);
        if (cases.stream().map(Case::name).distinct().count() != cases.size()) {
            throw new IllegalArgumentException("two validation cases share a name: " + cases.stream().map(Case::name).toList());
        }
    }

    /** Whether every case is within its tolerance. */
    public boolean ok() {
        return cases.stream().allMatch(Case::ok);
    }

    /** The cases outside their tolerance. */
    public List<Case> failing() {
        return cases.stream().filter(c -> !c.ok()).toList();
    }

    /** How a case's ratio (model / published) is judged. */
    public enum Kind {
        /** |ratio - 1| &lt;= relative: the model reproduces the number. */
        WITHIN("within"),
        /** ratio &gt;= 1: the published figure is a lower bound ("4x or more"). */
        AT_LEAST("atLeast"),
        /** ratio &gt; 1: the published figure is a threshold the model must exceed ("int above float"). */
        ABOVE("above");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    /**
     * The acceptance rule of one case, stated on the ratio model / published.
     *
     * @param relative the half-width of the band for {@link Kind#WITHIN} (0.1 = ±10%); 0 otherwise
     */
    public record Tolerance(Kind kind, double relative) {
        /** @throws IllegalArgumentException for a band that is not in (0, 1), or a bound with a width */
        public Tolerance {
            if (kind == null) {
                throw new IllegalArgumentException("tolerance kind must not be null");
            }
            if (kind == Kind.WITHIN ? !(relative > 0 && relative < 1) : relative != 0) {
                throw new IllegalArgumentException("tolerance " + kind.json() + " with relative " + relative
                        + ": a band needs 0 < relative < 1, a bound none");
            }
        }

        public static Tolerance within(double relative) {
            return new Tolerance(Kind.WITHIN, relative);
        }

        public static Tolerance atLeast() {
            return new Tolerance(Kind.AT_LEAST, 0);
        }

        public static Tolerance above() {
            return new Tolerance(Kind.ABOVE, 0);
        }

        /** Smallest ratio admitted (exclusive for {@link Kind#ABOVE}). */
        public double ratioMin() {
            return kind == Kind.WITHIN ? 1 - relative : 1;
        }

        /** Largest ratio admitted, or infinity. */
        public double ratioMax() {
            return kind == Kind.WITHIN ? 1 + relative : Double.POSITIVE_INFINITY;
        }

        public boolean admits(double ratio) {
            return switch (kind) {
                case WITHIN -> Math.abs(ratio - 1) <= relative;
                case AT_LEAST -> ratio >= 1;
                case ABOVE -> ratio > 1;
            };
        }

        /** {@code ±10%}, {@code >= published}, {@code > published}. */
        public String text() {
            return switch (kind) {
                case WITHIN -> "\u00b1" + trim(String.format(Locale.ROOT, "%.1f", relative * 100)) + "%";
                case AT_LEAST -> ">= published";
                case ABOVE -> "> published";
            };
        }

        private static String trim(String s) {
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
    }

    /**
     * One comparison.
     *
     * @param name        unique, stable name ({@code memcpy-to-remote-sram})
     * @param group       the section it belongs to ({@code bandwidth}, {@code latency}, ...)
     * @param source      where the published figure comes from
     * @param method      how the model's figure was obtained (a codelet run, the mesh driven directly, ...)
     * @param unit        unit of {@code published} and {@code model}
     * @param published   the published figure
     * @param model       the model's figure
     * @param tolerance   how the ratio is judged
     * @param calibration the model parameter that was derived from this same published figure, or null
     *                    when the agreement is independent
     * @param note        what the model did, and why it disagrees when it does
     */
    public record Case(String name, String group, String source, String method, String unit, double published,
                       double model,
                       Tolerance tolerance, String calibration, String note) {
        /** @throws IllegalArgumentException for a missing field or a published figure that is not positive */
        public Case {
            if (name == null || name.isBlank() || group == null || source == null || method == null || unit == null
                    || tolerance == null || note == null) {
                throw new IllegalArgumentException("validation case " + name + ": name, group, source, method, unit, "
                        + "tolerance and note are required");
            }
            if (!(published > 0) || Double.isInfinite(published) || Double.isNaN(model) || model < 0) {
                throw new IllegalArgumentException("validation case " + name + ": published " + published
                        + " must be positive and finite, model " + model + " non-negative");
            }
        }

        public double ratio() {
            return model / published;
        }

        public boolean ok() {
            return tolerance.admits(ratio());
        }

        public boolean isCalibration() {
            return calibration != null;
        }
    }

    /**
     * A published figure the model does not reproduce, and why.
     *
     * @param reason what mechanism is missing
     */
    public record Unreproduced(String name, String source, String unit, double published, String reason) {}
}
