package io.edarts.cli;

import io.edarts.api.Program;
import io.edarts.cam.Machine;
import io.edarts.epiphany.experiment.LoopKind;
import io.edarts.epiphany.experiment.RemoteExec;
import io.edarts.epiphany.experiment.RemoteExecCase;
import io.edarts.examples.graph.JsonGraphFormat;
import io.edarts.examples.graph.RandomDag;
import io.edarts.examples.graph.StgFormat;
import io.edarts.examples.graph.TaskGraph;
import io.edarts.examples.programs.AxpyProgram;
import io.edarts.examples.programs.CannonProgram;
import io.edarts.examples.programs.CholeskyProgram;
import io.edarts.examples.programs.DmaStreamProgram;
import io.edarts.examples.programs.Fft2dProgram;
import io.edarts.examples.programs.FibProgram;
import io.edarts.examples.programs.GraphProgram;
import io.edarts.examples.programs.HelloProgram;
import io.edarts.examples.programs.HostCallsProgram;
import io.edarts.examples.programs.MatmulProgram;
import io.edarts.examples.programs.MergesortProgram;
import io.edarts.examples.programs.NbodyProgram;
import io.edarts.examples.programs.PipelineProgram;
import io.edarts.examples.programs.ReduceProgram;
import io.edarts.examples.programs.RemoteExecProgram;
import io.edarts.examples.programs.ScatterSumProgram;
import io.edarts.examples.programs.SerializeProgram;
import io.edarts.examples.programs.StencilProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example programs the command line knows by name: the one list that {@code edarts run}'s
 * help, {@code edarts list} and the error for an unknown name are derived from. Each example states
 * the options it reads, so that an option given to an example that ignores it is refused instead of
 * silently dropped.
 */
final class Examples {
    /** {@code --size} and {@code --block} of the examples that state no default of their own. */
    static final int DEFAULT_SIZE = 128;
    static final int DEFAULT_BLOCK = 16;

    /**
     * The knobs examples read; each example uses its own. {@code size}, {@code block} and
     * {@code iterations} are null when not given, and each example supplies its own default (a
     * stencil's grid and an n-body's particle count are not a matrix's size).
     */
    record Params(int n, int codelets, Integer size, Integer block, long seed, String layout, String remoteCase,
                  String loop, Long iterations, int buffers, int cores, int degree, String shift, int calls,
                  boolean writeResult, int messages, int batch, String offload) {
        /** serialize's knobs at their defaults. */
        static final int MESSAGES = SerializeProgram.DEFAULT_MESSAGES;
        static final int BATCH = SerializeProgram.DEFAULT_BATCH;
        static final String OFFLOAD = "off";

        /** Without serialize's knobs (their defaults). */
        Params(int n, int codelets, Integer size, Integer block, long seed, String layout, String remoteCase, String loop,
               Long iterations, int buffers, int cores, int degree, String shift, int calls, boolean writeResult) {
            this(n, codelets, size, block, seed, layout, remoteCase, loop, iterations, buffers, cores, degree, shift, calls,
                    writeResult, MESSAGES, BATCH, OFFLOAD);
        }

        /** dma-stream's knobs at their defaults. */
        static final int BUFFERS = 2;
        static final int CORES = 1;
        static final int DEGREE = 8;
        /** host-calls' calls per core at its default. */
        static final int CALLS = HostCallsProgram.DEFAULT_CALLS;

        /** Without cannon's --write-result (off). */
        Params(int n, int codelets, Integer size, Integer block, long seed, String layout, String remoteCase, String loop,
               Long iterations, int buffers, int cores, int degree, String shift, int calls) {
            this(n, codelets, size, block, seed, layout, remoteCase, loop, iterations, buffers, cores, degree, shift, calls,
                    false);
        }

        /** Without the host-calls knob (its default). */
        Params(int n, int codelets, Integer size, Integer block, long seed, String layout, String remoteCase, String loop,
               Long iterations, int buffers, int cores, int degree, String shift) {
            this(n, codelets, size, block, seed, layout, remoteCase, loop, iterations, buffers, cores, degree, shift, CALLS);
        }

        /** Without the remote-exec, dma-stream and cannon-shift knobs (their defaults). */
        Params(int n, int codelets, Integer size, Integer block, long seed, String layout) {
            this(n, codelets, size, block, seed, layout, RemoteExecCase.ONE_AT_A_TIME.label(), LoopKind.INT.label(),
                    null);
        }

        /** Without the dma-stream and cannon-shift knobs (their defaults). */
        Params(int n, int codelets, Integer size, Integer block, long seed, String layout, String remoteCase, String loop,
               Long iterations) {
            this(n, codelets, size, block, seed, layout, remoteCase, loop, iterations, BUFFERS, CORES, DEGREE,
                    CannonProgram.Shift.WRITE.label);
        }

        int size(int dflt) {
            return size != null ? size : dflt;
        }

        int block(int dflt) {
            return block != null ? block : dflt;
        }

        /** @throws IllegalArgumentException for more iterations than an int holds, naming the example */
        int iterations(String example, int dflt) {
            if (iterations == null) {
                return dflt;
            }
            if (iterations < Integer.MIN_VALUE || iterations > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(example + " --iterations " + iterations + ": out of range");
            }
            return (int) (long) iterations;
        }
    }

    @FunctionalInterface
    interface Factory {
        Program<?> build(Params p, Machine m);
    }

    /**
     * @param name    what the user types after {@code run}
     * @param summary one line for {@code edarts list}
     * @param options the example-specific options it reads (beyond those every run reads)
     */
    record Example(String name, String summary, List<String> options, Factory factory) {}

    /** Options only some examples read; every other option applies to every run. */
    static final List<String> EXAMPLE_OPTIONS = List.of("--n", "--codelets", "--size", "--block", "--layout", "--case",
            "--loop", "--iterations", "--buffers", "--cores", "--degree", "--shift", "--calls", "--write-result",
            "--messages", "--batch", "--offload");

    static final List<Example> ALL = List.of(
            new Example("matmul", "blocked float matrix multiply spread over the CUs, checked against a triple loop",
                    List.of("--size", "--block"), (p, m) -> MatmulProgram.of(p.size(DEFAULT_SIZE), p.block(DEFAULT_BLOCK), p.seed(), m)),
            new Example("fib", "recursive Fibonacci, one threaded procedure per call (dynamic dataflow)",
                    List.of("--n"), (p, m) -> FibProgram.of(p.n())),
            new Example("cannon", "Cannon's 4x4 matrix multiply with COPRTHR-2's code layouts ("
                    + CannonProgram.Layout.labels() + ", or all to compare them), the shifts as remote writes or DMA (--shift write|dma)",
                    List.of("--size", "--layout", "--shift", "--write-result"),
                    (p, m) -> CannonProgram.of(p.size(CannonProgram.DEFAULT_SIZE), p.seed(), CannonProgram.Layout.parse(p.layout()),
                            CannonProgram.Shift.parse(p.shift()), m, p.writeResult())),
            new Example("random-dag", "seeded layered random DAG, values checked against a sequential pass",
                    List.of("--codelets"), Examples::randomDag),
            new Example("axpy", "y = a*x + y over --size floats in DRAM buffers, blocks of --block copied into a"
                    + " firing-core scratch buffer, checked against a sequential loop",
                    List.of("--size", "--block"), (p, m) -> AxpyProgram.of(p.size(DEFAULT_SIZE), p.block(DEFAULT_BLOCK), p.seed())),
            new Example("dma-stream", "y = p(x) (Horner, --degree D) over --size floats in DRAM, block by block "
                    + "(--block) into local memory and back by DMA, --buffers 1|2 (single or double buffering), "
                    + "--cores K independent streams; checked against a sequential pass",
                    List.of("--size", "--block", "--buffers", "--cores", "--degree"),
                    (p, m) -> DmaStreamProgram.of(p.size(DEFAULT_SIZE), p.block(DEFAULT_BLOCK), p.buffers(), p.cores(), p.degree(), p.seed(), m)),
            new Example("scatter-sum", "--size floats in blocks of --block held in the CUs' local memories (shuffled "
                    + "by --seed), one sum per block declaring what it reads, no affinity: compare --policy "
                    + "data-locality with round-robin", List.of("--size", "--block"),
                    (p, m) -> ScatterSumProgram.of(p.size(DEFAULT_SIZE), p.block(DEFAULT_BLOCK), p.seed(), m)),
            new Example("reduce", "tree reduction: --size seeded integers summed in blocks of --block, then pairwise",
                    List.of("--size", "--block"), (p, m) -> ReduceProgram.of(p.size(DEFAULT_SIZE), p.block(DEFAULT_BLOCK), p.seed())),
            new Example("pipeline", "three-stage pipeline (serial read, parallel mix, serial fold) of --n tokens, "
                    + PipelineProgram.LINES + " in flight", List.of("--n"), (p, m) -> PipelineProgram.of(p.n(), p.seed())),
            new Example("mergesort", "recursive mergesort of --size integers, one threaded procedure per call, "
                    + "halves of at most --block sorted directly (invoke with a continuation)",
                    List.of("--size", "--block"), (p, m) -> MergesortProgram.of(p.size(DEFAULT_SIZE), p.block(DEFAULT_BLOCK), p.seed())),
            new Example("remote-exec", "the eDARTS remote-execution experiment: each core runs a loop of int or float "
                    + "adds from core (0,0)'s memory or DRAM (--case " + caseLabels() + ", --loop int|float)",
                    List.of("--case", "--loop", "--iterations"), (p, m) -> RemoteExecProgram.of(
                            parseCase(p.remoteCase()), parseLoop(p.loop()),
                            p.iterations() != null ? p.iterations() : RemoteExec.DEFAULT_ITERATIONS, m)),
            new Example("stencil", "5-point Jacobi on a --size grid in 4x4 tiles in the cores' memories, halos written"
                    + " into the neighbours each of --iterations sweeps (mpi-epiphany stencil)",
                    List.of("--size", "--iterations"), (p, m) -> StencilProgram.of(p.size(StencilProgram.DEFAULT_SIZE),
                            p.iterations("stencil", StencilProgram.DEFAULT_ITERATIONS), m)),
            new Example("fft2d", "2D FFT of --size x --size complex floats over 16 ranks: row FFTs, corner turn by remote"
                    + " writes, column FFTs, turn back (mpi-epiphany fft2d)",
                    List.of("--size"), (p, m) -> Fft2dProgram.of(p.size(Fft2dProgram.DEFAULT_SIZE), p.seed(), m)),
            new Example("nbody", "all-pairs gravity of --size particles over 16 ranks, blocks passed round the ring "
                    + "each of --iterations time steps (mpi-epiphany nbody)",
                    List.of("--size", "--iterations"), (p, m) -> NbodyProgram.of(p.size(NbodyProgram.DEFAULT_PARTICLES),
                            p.iterations("nbody", NbodyProgram.DEFAULT_STEPS), p.seed(), m)),
            new Example("cholesky", "tiled Cholesky of a --size SPD matrix in --block tiles in the cores' memories: the"
                    + " POTRF/TRSM/SYRK/GEMM task DAG StarPU infers from PLASMA's order, checked by L L^T = A",
                    List.of("--size", "--block"), (p, m) -> CholeskyProgram.of(p.size(CholeskyProgram.DEFAULT_SIZE),
                            p.block(CholeskyProgram.DEFAULT_TILE), p.seed(), m)),
            new Example("hello", "every CU prints a line through the host (printf as a COPRTHR-2 host call), to the console"
                    + " and stdout.txt", List.of(), (p, m) -> HelloProgram.of(m)),
            new Example("host-calls", "each of --cores N CUs makes --calls K empty user-defined host calls, one after the"
                    + " other: the cost of one call, and of calls queueing at the host daemon",
                    List.of("--cores", "--calls"), (p, m) -> HostCallsProgram.of(p.cores(), p.calls(), m)),
            new Example("serialize", "--messages N seeded messages encoded to the protocol-buffer wire format, --batch B"
                    + " to a codelet, in software on the CUs or on the host's FPGA serializer (--offload on|off), or as the runtime"
                    + " chooses per batch (--offload auto);"
                    + " checked against protobuf-java", List.of("--messages", "--batch", "--offload"),
                    (p, m) -> SerializeProgram.of(p.messages(), p.batch(), p.seed(), parseOffload(p.offload()))));


    private Examples() {}

    /** {@code --offload on|off|auto}. @throws IllegalArgumentException for another value, naming the three */
    static io.edarts.api.OffloadMode parseOffload(String s) {
        try {
            return io.edarts.api.OffloadMode.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--offload '" + s + "': expected on, off or auto", e);
        }
    }

    static String caseLabels() {
        StringBuilder b = new StringBuilder();
        for (RemoteExecCase c : RemoteExecCase.values()) {
            b.append(b.length() == 0 ? "" : "|").append(c.label());
        }
        return b.toString();
    }

    /** @throws IllegalArgumentException for an unknown case, listing the cases */
    static RemoteExecCase parseCase(String s) {
        for (RemoteExecCase c : RemoteExecCase.values()) {
            if (c.label().equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("remote-exec --case '" + s + "': expected one of "
                + caseLabels().replace("|", ", "));
    }

    /** @throws IllegalArgumentException for an unknown loop, listing the loops */
    static LoopKind parseLoop(String s) {
        for (LoopKind l : LoopKind.values()) {
            if (l.label().equals(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("remote-exec --loop '" + s + "': expected int or float");
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Example e : ALL) {
            names.add(e.name());
        }
        return names;
    }

    static Optional<Example> find(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** @throws IllegalArgumentException for an unknown example, listing the known ones */
    static Example byName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown example '" + name
                + "': expected one of " + String.join(", ", names())));
    }

    /** @throws IllegalArgumentException for an unknown example or bad parameters */
    static Program<?> build(String name, Params p, Machine m) {
        return byName(name).factory().build(p, m);
    }

    private static Program<?> randomDag(Params p, Machine m) {
        if (p.codelets() < 1 || p.codelets() > RandomDag.MAX_CODELETS) {
            throw new IllegalArgumentException("random-dag --codelets " + p.codelets() + ": expected 1.."
                    + RandomDag.MAX_CODELETS);
        }
        TaskGraph g = RandomDag.generate(p.codelets(), p.seed());
        return GraphProgram.of("random-dag", g, Map.of("codelets", Integer.toString(p.codelets()),
                "graphSeed", Long.toString(p.seed())));
    }

    /** A program from a task-graph file: JSON if it ends in .json, else the Standard Task Graph format. */
    static Program<?> fromFile(Path file) {
        return fromFile(file, null, null);
    }

    /**
     * A program from a task-graph file, {@code scale} cycles per unit of processing time and tasks
     * without code running {@code code} (each null for the default: 1, {@link GraphProgram.Code#DEFAULT});
     * the ones given are among the program's parameters.
     *
     * @throws IllegalArgumentException for a bad file, or a scale that makes a task too long, naming it
     */
    static Program<?> fromFile(Path file, Long scale, GraphProgram.Code code) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--graph " + file + " is a directory, not a graph file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--graph " + file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--graph " + file + ": not readable");
        }
        try {
            TaskGraph g = file.getFileName().toString().endsWith(".json") ? JsonGraphFormat.read(file) : StgFormat.read(file);
            String name = g.graphName().orElse(file.getFileName().toString());
            Map<String, String> params = new java.util.LinkedHashMap<>();
            params.put("graph", file.toString());
            if (scale != null) {
                params.put("graphScale", Long.toString(scale));
            }
            if (code != null) {
                params.put("graphCode", code.toString());
            }
            try {
                return GraphProgram.of(name, g, params, scale != null ? scale : 1,
                        code != null ? code : GraphProgram.Code.DEFAULT);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--graph " + file + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read graph file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The example names, for picocli's {@code ${COMPLETION-CANDIDATES}} in help texts. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
