package org.refvlm.core.matching;

/**
 * The reference answer for small matrices: tries every complete assignment (every injective map from
 * the shorter side into the longer one) that avoids +infinity cells.
 */
final class BruteForceAssignment {

    /**
     * @param totalCost the minimum total cost, NaN when no complete assignment exists
     * @param magnitude the sum of absolute values of the cells of that optimum (its rounding scale)
     */
    record Optimum(double totalCost, double magnitude) {
        boolean feasible() {
            return !Double.isNaN(totalCost);
        }
    }

    private final double[] cost;
    private final int cols;
    private final boolean wide;
    private final int shorter;
    private final boolean[] used;
    private double bestTotal = Double.POSITIVE_INFINITY;
    private double bestMagnitude = Double.NaN;

    private BruteForceAssignment(double[] cost, int rows, int cols) {
        this.cost = cost;
        this.cols = cols;
        this.wide = rows <= cols;
        this.shorter = Math.min(rows, cols);
        this.used = new boolean[Math.max(rows, cols)];
    }

    static Optimum solve(double[] cost, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return new Optimum(0.0, 0.0);
        }
        BruteForceAssignment search = new BruteForceAssignment(cost, rows, cols);
        search.extend(0, 0.0, 0.0);
        return search.bestTotal == Double.POSITIVE_INFINITY
                ? new Optimum(Double.NaN, Double.NaN)
                : new Optimum(search.bestTotal, search.bestMagnitude);
    }

    private void extend(int depth, double partial, double magnitude) {
        if (depth == shorter) {
            if (partial < bestTotal) {
                bestTotal = partial;
                bestMagnitude = magnitude;
            }
            return;
        }
        for (int k = 0; k < used.length; k++) {
            if (used[k]) {
                continue;
            }
            double cell = wide ? cost[depth * cols + k] : cost[k * cols + depth];
            if (cell == Double.POSITIVE_INFINITY) {
                continue;
            }
            used[k] = true;
            extend(depth + 1, partial + cell, magnitude + Math.abs(cell));
            used[k] = false;
        }
    }
}
