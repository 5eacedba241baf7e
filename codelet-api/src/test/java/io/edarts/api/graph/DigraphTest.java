package io.edarts.api.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DigraphTest {
    /** Successor lists to CSR. */
    private static Digraph graph(int[]... succ) {
        int[] off = new int[succ.length + 1];
        List<Integer> t = new ArrayList<>();
        for (int v = 0; v < succ.length; v++) {
            for (int w : succ[v]) {
                t.add(w);
            }
            off[v + 1] = t.size();
        }
        return Digraph.ofSuccessors(off, t.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void ordersADiamondDeterministically() {
        Digraph g = graph(new int[] {1, 2}, new int[] {3}, new int[] {3}, new int[0]);
        assertTrue(g.isAcyclic());
        assertArrayEquals(new int[] {0, 1, 2, 3}, g.topologicalOrder());
        assertEquals(4, g.edgeCount());
        assertArrayEquals(new int[] {1, 2}, g.successors(0));
    }

    @Test
    void emptyGraphHasEmptyOrderAndZeroLongestPath() {
        Digraph g = Digraph.ofSuccessors(new int[] {0}, new int[0]);
        assertEquals(0, g.size());
        assertArrayEquals(new int[0], g.topologicalOrder());
        assertEquals(0, g.longestPath(new long[0]));
    }

    @Test
    void rejectsCycleAndNamesItFromItsLowestVertex() {
        // 0 -> 1 -> 2 -> 3 -> 1: the cycle is 1 -> 2 -> 3.
        Digraph g = graph(new int[] {1}, new int[] {2}, new int[] {3}, new int[] {1});
        assertFalse(g.isAcyclic());
        assertArrayEquals(new int[] {1, 2, 3}, g.cycle().orElseThrow());
        var e = assertThrows(IllegalStateException.class, g::topologicalOrder);
        assertTrue(e.getMessage().contains("[1, 2, 3]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> g.longestPath(new long[4]));
    }

    @Test
    void findsASelfLoop() {
        Digraph g = graph(new int[] {1}, new int[] {1});
        assertArrayEquals(new int[] {1}, g.cycle().orElseThrow());
    }

    @Test
    void predecessorListsGiveSuccessorsInIncreasingId() {
        // 2 waits for 1 and 0; 3 waits for 0.
        Digraph g = Digraph.ofPredecessors(new int[] {0, 0, 0, 2, 3}, new int[] {1, 0, 0});
        assertArrayEquals(new int[] {2, 3}, g.successors(0));
        assertArrayEquals(new int[] {2}, g.successors(1));
        assertArrayEquals(new int[] {0, 1, 3, 2}, g.topologicalOrder());
    }

    @Test
    void longestPathsBothWays() {
        Digraph g = graph(new int[] {1, 2}, new int[] {3}, new int[] {3}, new int[0]);
        long[] w = {10, 5, 7, 1};
        assertArrayEquals(new long[] {10, 15, 17, 18}, g.longestPathsEndingAt(w));
        assertArrayEquals(new long[] {18, 6, 8, 1}, g.longestPathsStartingAt(w));
        assertEquals(18, g.longestPath(w));
    }

    @Test
    void longestPathThatOverflowsThrowsInsteadOfWrapping() {
        Digraph g = graph(new int[] {1}, new int[0]);
        long[] w = {Long.MAX_VALUE, 1};
        assertThrows(ArithmeticException.class, () -> g.longestPath(w));
        assertThrows(ArithmeticException.class, () -> g.longestPathsStartingAt(w));
    }

    @Test
    void rejectsMalformedArrays() {
        assertThrows(IllegalArgumentException.class, () -> Digraph.ofSuccessors(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Digraph.ofSuccessors(new int[] {0, 2, 1}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Digraph.ofSuccessors(new int[] {0, 1}, new int[] {5}));
        assertThrows(IllegalArgumentException.class, () -> Digraph.ofSuccessors(new int[] {0, 3}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Digraph.ofPredecessors(new int[] {0, 1}, new int[] {-1}));
        Digraph g = graph(new int[0]);
        assertThrows(IllegalArgumentException.class, () -> g.longestPath(new long[2]));
    }

    /** Against brute force on seeded random graphs: reachability by Floyd-Warshall, paths by DFS. */
    @Test
    void agreesWithBruteForceOnRandomGraphs() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rnd.nextInt(9);
            boolean dagOnly = rnd.nextBoolean();
            int[][] succ = new int[n][];
            boolean[][] reach = new boolean[n][n];
            for (int v = 0; v < n; v++) {
                List<Integer> s = new ArrayList<>();
                for (int w = 0; w < n; w++) {
                    if ((!dagOnly || w > v) && rnd.nextInt(4) == 0) {
                        s.add(w);
                        reach[v][w] = true;
                    }
                }
                succ[v] = s.stream().mapToInt(Integer::intValue).toArray();
            }
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        reach[i][j] |= reach[i][k] && reach[k][j];
                    }
                }
            }
            boolean cyclic = false;
            for (int v = 0; v < n; v++) {
                cyclic |= reach[v][v];
            }
            Digraph g = graph(succ);
            assertEquals(!cyclic, g.isAcyclic(), "trial " + trial);
            if (cyclic) {
                int[] c = g.cycle().orElseThrow();
                for (int i = 0; i < c.length; i++) {
                    int from = c[i];
                    int to = c[(i + 1) % c.length];
                    assertTrue(contains(succ[from], to), "trial " + trial + ": no edge " + from + " -> " + to);
                    assertTrue(c[0] <= c[i], "cycle starts at its lowest vertex");
                }
                continue;
            }
            int[] order = g.topologicalOrder();
            int[] pos = new int[n];
            for (int i = 0; i < n; i++) {
                pos[order[i]] = i;
            }
            long[] w = new long[n];
            for (int v = 0; v < n; v++) {
                w[v] = rnd.nextInt(100);
                for (int s : succ[v]) {
                    assertTrue(pos[v] < pos[s], "trial " + trial + ": " + v + " before " + s);
                }
            }
            long[] from = g.longestPathsStartingAt(w);
            long best = 0;
            for (int v = 0; v < n; v++) {
                assertEquals(bruteFrom(succ, w, v), from[v], "trial " + trial + " vertex " + v);
                best = Math.max(best, from[v]);
            }
            assertEquals(best, g.longestPath(w));
        }
    }

    private static long bruteFrom(int[][] succ, long[] w, int v) {
        long best = 0;
        for (int s : succ[v]) {
            best = Math.max(best, bruteFrom(succ, w, s));
        }
        return best + w[v];
    }

    private static boolean contains(int[] a, int x) {
        for (int y : a) {
            if (y == x) {
                return true;
            }
        }
        return false;
    }
}
