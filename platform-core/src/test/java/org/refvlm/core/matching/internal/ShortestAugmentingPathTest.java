package org.refvlm.core.matching.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Both routes through the core, with and without the Jonker-Volgenant reductions, must reach the same
 * optimal total; the public API picks the route from the matrix's scaling, so this checks each route on
 * the data the other one would get.
 */
class ShortestAugmentingPathTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void reductionsDoNotChangeTheOptimum() {
        Random random = new Random(31);
        ShortestAugmentingPath withReductions = new ShortestAugmentingPath();
        ShortestAugmentingPath searchesOnly = new ShortestAugmentingPath();
        for (int trial = 0; trial < 3000; trial++) {
            int rows = random.nextInt(25);
            int cols = rows + (trial % 3 == 0 ? 0 : random.nextInt(25));
            double[] cost = new double[rows * cols];
            int kind = trial % 4;
            for (int k = 0; k < cost.length; k++) {
                cost[k] = switch (kind) {
                    case 0 -> random.nextDouble();
                    case 1 -> random.nextInt(3);
                    case 2 -> random.nextInt(4) == 0 ? INF : random.nextInt(7) - 3;
                    default -> random.nextGaussian() * 1e3;
                };
            }
            int failedWith = run(withReductions, cost, rows, cols, true);
            int failedWithout = run(searchesOnly, cost, rows, cols, false);
            assertThat(failedWith >= 0).as("trial %d feasibility", trial).isEqualTo(failedWithout >= 0);
            if (failedWith < 0) {
                double with = total(withReductions, cost, rows, cols);
                double without = total(searchesOnly, cost, rows, cols);
                assertThat(with).as("trial %d", trial).isCloseTo(without, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @Test
    void squareRandomMatrixGetsAPermutation() {
        Random random = new Random(2);
        ShortestAugmentingPath core = new ShortestAugmentingPath();
        int n = 120;
        double[] buffer = core.prepare(n, n);
        for (int k = 0; k < n * n; k++) {
            buffer[k] = random.nextDouble();
        }
        assertThat(core.solve(true)).isEqualTo(-1);
        boolean[] used = new boolean[n];
        for (int i = 0; i < n; i++) {
            int j = core.columnOf(i);
            assertThat(used[j]).isFalse();
            used[j] = true;
            assertThat(core.rowOf(j)).isEqualTo(i);
        }
    }

    private static int run(ShortestAugmentingPath core, double[] cost, int rows, int cols, boolean reductions) {
        System.arraycopy(cost, 0, core.prepare(rows, cols), 0, cost.length);
        return core.solve(reductions);
    }

    private static double total(ShortestAugmentingPath core, double[] cost, int rows, int cols) {
        double total = 0;
        for (int i = 0; i < rows; i++) {
            total += cost[i * cols + core.columnOf(i)];
        }
        return total;
    }
}
