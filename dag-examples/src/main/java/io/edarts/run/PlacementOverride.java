package io.edarts.run;

import io.edarts.cam.Placement;
import io.edarts.scheduler.RunOptions;

/**
 * One {@code --placement CODE=WHERE} override as the command line and sweep specs write it: WHERE is
 * a {@link Placement} label ({@code local}, {@code global}, {@code dynamic}, {@code cached}) or
 * {@code core:R,C} (resident in core (R,C)'s memory only); CODE is a code object's name or {@code *}
 * for every one. Whether the code object exists and (R,C) is on the mesh is the run's check.
 *
 * @param code      the code object's name, or {@code *}
 * @param placement the placement, or null when {@code home} is given
 * @param home      the home core of {@code core:R,C}, or null
 */
public record PlacementOverride(String code, Placement placement, RunOptions.HomeCore home) {
    /** What {@code core:R,C} starts with. */
    public static final String CORE_PREFIX = "core:";

    /** @throws IllegalArgumentException unless exactly one of placement and home is given, with a code */
    public PlacementOverride {
        if (code == null || code.isBlank() || (placement == null) == (home == null)) {
            throw new IllegalArgumentException("placement override " + code + ": expected a code name and one of a "
                    + "placement or a home core");
        }
    }

    /**
     * Parses {@code CODE=WHERE}.
     *
     * @param option the text, e.g. {@code msort=local}, {@code *=core:0,1}
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static PlacementOverride parse(String option) {
        int eq = option == null ? -1 : option.indexOf('=');
        String code = eq < 0 ? "" : option.substring(0, eq).trim();
        if (code.isEmpty()) {
            throw new IllegalArgumentException("--placement '" + option + "': expected CODE=WHERE, WHERE one of "
                    + Placement.labels() + " or core:R,C (CODE * for every code object)");
        }
        String where = option.substring(eq + 1).trim();
        if (where.regionMatches(true, 0, CORE_PREFIX, 0, CORE_PREFIX.length())) {
            return new PlacementOverride(code, null, parseCore(option, where.substring(CORE_PREFIX.length())));
        }
        try {
            return new PlacementOverride(code, Placement.parse(where), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--placement '" + option + "': " + e.getMessage() + ", or core:R,C", e);
        }
    }

    private static RunOptions.HomeCore parseCore(String option, String rc) {
        String[] parts = rc.split(",", -1);
        if (parts.length == 2) {
            try {
                return new RunOptions.HomeCore(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("--placement '" + option + "': '" + CORE_PREFIX + rc
                + "' is not core:R,C with R and C the row and column of a core (core:0,0 is the north-west corner)");
    }

    /** {@code spec} with this override ({@link RunSpec#placement} or {@link RunSpec#homedOn}). */
    public RunSpec applyTo(RunSpec spec) {
        return home != null ? spec.homedOn(code, home.row(), home.col()) : spec.placement(code, placement);
    }
}
