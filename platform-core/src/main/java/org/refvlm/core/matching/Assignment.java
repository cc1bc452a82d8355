package org.refvlm.core.matching;

import java.util.Arrays;

/**
 * An optimal assignment: predictions {@code rowIndices[k]} are matched to targets {@code columnIndices[k]}.
 *
 * <p>Like {@code scipy.optimize.linear_sum_assignment}, the pairs are sorted by row index and there are
 * {@code min(rows, cols)} of them. The arrays are owned by this record; callers must not modify them.
 *
 * @param rowIndices matched rows, strictly increasing
 * @param columnIndices the column matched to each row in {@code rowIndices}
 * @param totalCost the sum of the matched cells of the original cost matrix, accumulated in double
 */
public record Assignment(int[] rowIndices, int[] columnIndices, double totalCost) {

    private static final Assignment EMPTY = new Assignment(new int[0], new int[0], 0.0);

    public Assignment {
        if (rowIndices.length != columnIndices.length) {
            throw new IllegalArgumentException("row and column index arrays differ in length: "
                    + rowIndices.length + " vs " + columnIndices.length);
        }
    }

    /** The assignment of a matrix with no rows or no columns. */
    public static Assignment empty() {
        return EMPTY;
    }

    /** Number of matched pairs. */
    public int size() {
        return rowIndices.length;
    }

    /**
     * The column assigned to each row, {@code -1} for unmatched rows; handy for permuting targets.
     *
     * @param rows the number of rows of the solved matrix
     */
    public int[] columnOfRow(int rows) {
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        for (int k = 0; k < rowIndices.length; k++) {
            result[rowIndices[k]] = columnIndices[k];
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Assignment that
                && Arrays.equals(rowIndices, that.rowIndices)
                && Arrays.equals(columnIndices, that.columnIndices)
                && Double.compare(totalCost, that.totalCost) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(rowIndices) + Arrays.hashCode(columnIndices)) + Double.hashCode(totalCost);
    }

    @Override
    public String toString() {
        return "Assignment[rows=" + Arrays.toString(rowIndices) + ", cols=" + Arrays.toString(columnIndices)
                + ", totalCost=" + totalCost + "]";
    }
}
