package io.edarts.examples.graph;

/**
 * A task graph that is malformed: bad syntax in a file, an unknown or duplicate task, a negative
 * cost, or a cycle. The message reads like a compiler's, {@code file:line: task id: problem}, with
 * the parts that are known.
 */
public final class GraphFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public GraphFormatException(String message) {
        super(message);
    }

    /**
     * @param file    the file, or null for a graph built in memory
     * @param line    1-based line, or 0 when unknown
     * @param task    how to name the task ("task 7", "task 'fft'"), or null when no task is involved
     */
    static GraphFormatException at(String file, int line, String task, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (task != null) {
            sb.append(task).append(": ");
        }
        return new GraphFormatException(sb.append(problem).toString());
    }
}
