package org.refvlm.core.matching;

import org.refvlm.core.matching.internal.ShortestAugmentingPath;

/**
 * Minimum-cost linear assignment (the "Hungarian matching" step): matches each of the
 * {@code min(rows, cols)} rows or columns of a cost matrix to a distinct partner so that the sum of the
 * matched cells is minimal. Rows are predictions, columns are targets; rectangular matrices are allowed
 * (the longer side keeps some elements unmatched). +infinity marks a forbidden pair.
 *
 * <p>The answer has the same optimal total cost as {@code scipy.optimize.linear_sum_assignment}; among
 * several optimal assignments (ties) the one returned may differ. The method is the same as scipy's,
 * shortest augmenting paths (Jonker-Volgenant / Crouse), O(n^2 m) for n = min and m = max of the sides,
 * preceded on well-scaled matrices by Jonker-Volgenant's cheap reductions.
 *
 * <p>An instance is a reusable workspace, so that solving many small matrices allocates only the result.
 * It is not thread-safe: use one instance per thread (see {@link GroupedAssignment} for batches).
 */
public final class LinearAssignment {

    private final ShortestAugmentingPath core = new ShortestAugmentingPath();

    /** Solves a dense row-major {@code rows x cols} matrix. */
    public Assignment solve(double[] cost, int rows, int cols) {
        return solve(CostMatrix.of(cost, rows, cols));
    }

    /** Solves a dense row-major {@code rows x cols} matrix; cells are widened to double. */
    public Assignment solve(float[] cost, int rows, int cols) {
        return solve(CostMatrix.of(cost, rows, cols));
    }

    /**
     * Solves {@code matrix}.
     *
     * @throws InvalidCostException if a cell is NaN or -infinity (it names the cell)
     * @throws InfeasibleAssignmentException if no complete assignment avoids the +infinity cells
     */
    public Assignment solve(CostMatrix matrix) {
        final int rows = matrix.rows();
        final int cols = matrix.cols();
        if (rows == 0 || cols == 0) {
            return Assignment.empty();
        }
        // The core wants at least as many columns as rows; a tall matrix is solved as its transpose.
        final boolean transposed = rows > cols;
        final double[] work = transposed ? core.prepare(cols, rows) : core.prepare(rows, cols);
        final boolean wellScaled = copyValidated(matrix, work, transposed);

        final int failed = core.solve(wellScaled);
        if (failed >= 0) {
            throw new InfeasibleAssignmentException("cost matrix " + rows + " x " + cols
                    + " is infeasible: no assignment of all " + Math.min(rows, cols) + " "
                    + (transposed ? "columns" : "rows") + " avoids the +infinity cells (stuck at "
                    + (transposed ? "column " : "row ") + failed + ")");
        }

        final int pairs = Math.min(rows, cols);
        final int[] rowIndices = new int[pairs];
        final int[] colIndices = new int[pairs];
        if (transposed) {
            // Scanning the core's columns (= our rows) in order yields pairs already sorted by row.
            int k = 0;
            for (int r = 0; r < rows; r++) {
                final int c = core.rowOf(r);
                if (c >= 0) {
                    rowIndices[k] = r;
                    colIndices[k] = c;
                    k++;
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                rowIndices[r] = r;
                colIndices[r] = core.columnOf(r);
            }
        }
        double total = 0.0;
        for (int k = 0; k < pairs; k++) {
            total += matrix.get(rowIndices[k], colIndices[k]);
        }
        return new Assignment(rowIndices, colIndices, total);
    }

    /**
     * Copies the matrix into the core's buffer (transposed if asked), widening floats, rejecting NaN and
     * -infinity, and measuring the range of finite magnitudes, all in one pass so that validation costs
     * no extra sweep.
     *
     * @return whether the finite non-zero magnitudes are within
     *     {@link ShortestAugmentingPath#WELL_SCALED_RATIO} of each other
     */
    private static boolean copyValidated(CostMatrix matrix, double[] work, boolean transposed) {
        final int rows = matrix.rows();
        final int cols = matrix.cols();
        final int offset = matrix.offset();
        final int stride = matrix.rowStride();
        final double[] doubles = matrix.doubleData();
        final float[] floats = matrix.floatData();
        final int outerCount = transposed ? cols : rows;
        final int innerCount = transposed ? rows : cols;
        final int outerStep = transposed ? 1 : stride;
        final int innerStep = transposed ? stride : 1;
        // Finite non-zero magnitudes seen so far lie in [smallest, largest]. A cell inside that range
        // (nearly every cell) costs one well-predicted branch; zeros, infinities, NaN, -infinity and new
        // extremes take the rare path.
        double largest = 0.0;
        double smallest = Double.POSITIVE_INFINITY;
        int dst = 0;
        for (int outer = 0; outer < outerCount; outer++) {
            int src = offset + outer * outerStep;
            for (int inner = 0; inner < innerCount; inner++, src += innerStep, dst++) {
                final double value = doubles != null ? doubles[src] : floats[src];
                work[dst] = value;
                final double magnitude = Math.abs(value);
                if (!(magnitude <= largest && magnitude >= smallest)) {
                    // One comparison catches both NaN and -infinity.
                    if (!(value > Double.NEGATIVE_INFINITY)) {
                        throw firstInvalidCell(matrix);
                    }
                    if (magnitude < Double.POSITIVE_INFINITY) {
                        largest = Math.max(largest, magnitude);
                        if (magnitude > 0.0) {
                            smallest = Math.min(smallest, magnitude);
                        }
                    }
                }
            }
        }
        return largest <= ShortestAugmentingPath.WELL_SCALED_RATIO * smallest;
    }

    /** Names the first bad cell in row-major order, whichever order the copy met one in. */
    private static InvalidCostException firstInvalidCell(CostMatrix matrix) {
        for (int r = 0; r < matrix.rows(); r++) {
            for (int c = 0; c < matrix.cols(); c++) {
                final double value = matrix.get(r, c);
                if (!(value > Double.NEGATIVE_INFINITY)) {
                    return new InvalidCostException(value, r, c, matrix.rows(), matrix.cols());
                }
            }
        }
        throw new IllegalStateException("no invalid cell in " + matrix);
    }
}
