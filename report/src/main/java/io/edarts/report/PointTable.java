package io.edarts.report;

import java.util.List;

/**
 * A table of runs, one row per point of a matrix, in a neutral shape (the report module knows no
 * command): what {@code edarts sweep} and {@code edarts compare} tabulate and {@link PointTableFiles}
 * writes as CSV and as a self-contained HTML page with grouped bar charts.
 *
 * @param title   the page's heading ({@code compare on parallella16})
 * @param notes   lines under the heading (what was run, what the baseline is)
 * @param columns the column names, which are also the CSV header
 * @param rows    the rows, in the order shown; each as many cells as there are columns
 * @param failed  per row, whether that point failed (drawn red on the page)
 * @param charts  the plots, drawn in the order given
 */
public record PointTable(String title, List<String> notes, List<String> columns, List<List<String>> rows,
                         List<Boolean> failed, List<Bars> charts) {
    /** @throws IllegalArgumentException for a row whose width is not the header's, or a missing field */
    public PointTable {
        if (title == null || notes == null || columns == null || rows == null || failed == null || charts == null) {
            throw new IllegalArgumentException("point table: title, notes, columns, rows, failed and charts are required");
        }
        if (failed.size() != rows.size()) {
            throw new IllegalArgumentException("point table: " + failed.size() + " failed flags for " + rows.size() + " rows");
        }
        for (List<String> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("point table row " + r + ": " + r.size() + " cells, expected "
                        + columns.size() + " (" + columns + ")");
            }
        }
        notes = List.copyOf(notes);
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        failed = List.copyOf(failed);
        charts = List.copyOf(charts);
    }

    /**
     * Grouped bars: for each category (a group on the x axis) one bar per series.
     *
     * @param title      caption of the chart
     * @param valueLabel the y axis
     * @param categories the groups, in order
     * @param series     the bars of a group, in order (the legend)
     * @param values     {@code values[s][c]}: series s in category c, NaN where that point is missing or failed
     * @param reference  a horizontal line to draw (1.0 for a speedup), or NaN for none
     */
    public record Bars(String title, String valueLabel, List<String> categories, List<String> series,
                       double[][] values, double reference) {
        /** @throws IllegalArgumentException when {@code values} is not series x categories */
        public Bars {
            categories = List.copyOf(categories);
            series = List.copyOf(series);
            if (values.length != series.size()) {
                throw new IllegalArgumentException("bars '" + title + "': " + values.length + " rows of values for "
                        + series.size() + " series");
            }
            double[][] copy = new double[values.length][];
            for (int s = 0; s < values.length; s++) {
                if (values[s].length != categories.size()) {
                    throw new IllegalArgumentException("bars '" + title + "': series " + series.get(s) + " has "
                            + values[s].length + " values for " + categories.size() + " categories");
                }
                copy[s] = values[s].clone();
            }
            values = copy;
        }

        /** A copy of the values, {@code [series][category]}. */
        @Override
        public double[][] values() {
            double[][] copy = new double[values.length][];
            for (int s = 0; s < values.length; s++) {
                copy[s] = values[s].clone();
            }
            return copy;
        }

        /** The value of series {@code s} in category {@code c}. */
        public double value(int s, int c) {
            return values[s][c];
        }
    }
}
