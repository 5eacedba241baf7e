package io.edarts.cli;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.examples.programs.CannonProgram;
import io.edarts.examples.graph.JsonGraphFormat;
import io.edarts.examples.graph.RandomDag;
import io.edarts.examples.graph.StgFormat;
import io.edarts.examples.graph.TaskGraph;
import io.edarts.examples.programs.FibProgram;
import io.edarts.examples.programs.GraphProgram;
import io.edarts.examples.programs.MatmulProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The example programs the command line knows by name. */
final class Examples {
    /** The knobs examples read; each example uses its own. */
    record Params(int n, int codelets, int size, int block, long seed, String layout) {}

    static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("matmul", "blocked float matrix multiply spread over the CUs, checked against a triple loop (--size, --block)");
        DESCRIPTIONS.put("fib", "recursive Fibonacci, one threaded procedure per call (dynamic dataflow) (--n)");
        DESCRIPTIONS.put("cannon", "Cannon's 4x4 matrix multiply with COPRTHR-2's code layouts (--size, --layout local|global-util|global-inner|dynamic-inner|all)");
        DESCRIPTIONS.put("random-dag", "seeded layered random DAG, values checked against a sequential pass (--codelets, --seed)");
    }

    private Examples() {}

    /** @throws IllegalArgumentException for an unknown example or bad parameters */
    static Program<?> build(String name, Params p, Machine m) {
        return switch (name) {
            case "cannon" -> CannonProgram.of(p.size(), p.seed(), CannonProgram.Layout.parse(p.layout()), m);
            case "matmul" -> MatmulProgram.of(p.size(), p.block(), p.seed());
            case "fib" -> FibProgram.of(p.n());
            case "random-dag" -> {
                if (p.codelets() < 1 || p.codelets() > RandomDag.MAX_CODELETS) {
                    throw new IllegalArgumentException("random-dag --codelets " + p.codelets() + ": expected 1.."
                            + RandomDag.MAX_CODELETS);
                }
                TaskGraph g = RandomDag.generate(p.codelets(), p.seed());
                yield GraphProgram.of("random-dag", g, Map.of("codelets", Integer.toString(p.codelets()),
                        "graphSeed", Long.toString(p.seed())));
            }
            default -> throw new IllegalArgumentException("unknown example '" + name + "': expected one of "
                    + String.join(", ", DESCRIPTIONS.keySet()));
        };
    }

    /** A program from a task-graph file: JSON if it ends in .json, else the Standard Task Graph format. */
    static Program<?> fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("graph file " + file + " does not exist");
        }
        try {
            TaskGraph g = file.getFileName().toString().endsWith(".json") ? JsonGraphFormat.read(file) : StgFormat.read(file);
            String name = g.graphName().orElse(file.getFileName().toString());
            return GraphProgram.of(name, g, Map.of("graph", file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read graph file " + file + ": " + e.getMessage(), e);
        }
    }
}
