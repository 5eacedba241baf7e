package io.edarts.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.examples.graph.RandomDag;
import io.edarts.examples.graph.TaskGraph;
import io.edarts.examples.programs.GraphProgram;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativeBaselineTest {

    @ParameterizedTest(name = "{0} codelets, seed {1}, {2} threads")
    @CsvSource({
            "1, 1, 1", "1, 1, 4",
            "200, 1, 1", "200, 1, 2", "200, 1, 4",
            "5000, 7, 1", "5000, 7, 2", "5000, 7, 4",
            "20000, 42, 1", "20000, 42, 2", "20000, 42, 4"})
    void computesTheSequentialReference(int codelets, long seed, int threads) {
        TaskGraph g = RandomDag.generate(codelets, seed);
        assertArrayEquals(GraphProgram.reference(g), NativeBaseline.prepare(g).execute(threads));
    }

    @Test
    void computesTheReferenceOnEveryRunOfOneSharedPool() {
        TaskGraph g = RandomDag.generate(3000, 3);
        long[] reference = GraphProgram.reference(g);
        NativeBaseline baseline = NativeBaseline.prepare(g);
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            for (int run = 0; run < 20; run++) {
                assertArrayEquals(reference, baseline.execute(pool), "run " + run);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void computesTheReferenceOfAGraphWithManySourcesAndAWideJoin() {
        // Ten sources, all joined by one task, then a chain: forks, a join and inline continuations.
        TaskGraph.Builder b = TaskGraph.builder();
        int[] sources = new int[10];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = b.addTask(100);
        }
        int join = b.addTask(100, sources);
        int last = join;
        for (int i = 0; i < 50; i++) {
            last = b.addTask(100, last);
        }
        TaskGraph g = b.build();
        for (int threads : new int[] {1, 2, 4}) {
            assertArrayEquals(GraphProgram.reference(g), NativeBaseline.prepare(g).execute(threads), threads + " threads");
        }
    }

    @Test
    void rejectsANonPositiveParallelism() {
        NativeBaseline baseline = NativeBaseline.prepare(RandomDag.generate(10, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> baseline.execute(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
