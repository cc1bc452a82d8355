package org.refvlm.core.matching;

import java.util.Objects;

/**
 * A batch of cost matrices laid out as one padded row-major tensor {@code [groups, maxRows, maxCols]},
 * the shape produced by a single batched cost computation for grouped Hungarian matching.
 *
 * <p>Group {@code g} is the top-left {@code rows[g] x cols[g]} block of its {@code maxRows x maxCols}
 * slab. Padded cells are never read, so whatever they hold (+infinity, zero, NaN) is ignored; this is
 * the "fill padding with +infinity" of the paper without relying on the fill value.
 */
public final class PaddedCostBatch {

    private final double[] doubles;
    private final float[] floats;
    private final int groups;
    private final int maxRows;
    private final int maxCols;
    private final int[] rows;
    private final int[] cols;

    private PaddedCostBatch(double[] doubles, float[] floats, int length, int groups, int maxRows, int maxCols,
            int[] rows, int[] cols) {
        if (groups < 0 || maxRows < 0 || maxCols < 0) {
            throw new IllegalArgumentException("negative batch shape [" + groups + ", " + maxRows + ", "
                    + maxCols + "]");
        }
        if ((long) groups * maxRows * maxCols != length) {
            throw new IllegalArgumentException("array of length " + length + " is not a [" + groups + ", "
                    + maxRows + ", " + maxCols + "] tensor");
        }
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(cols, "cols");
        if (rows.length != groups || cols.length != groups) {
            throw new IllegalArgumentException("need one row count and one column count per group: " + groups
                    + " groups, " + rows.length + " row counts, " + cols.length + " column counts");
        }
        for (int g = 0; g < groups; g++) {
            if (rows[g] < 0 || rows[g] > maxRows || cols[g] < 0 || cols[g] > maxCols) {
                throw new IllegalArgumentException("group " + g + " is " + rows[g] + " x " + cols[g]
                        + ", outside the padded " + maxRows + " x " + maxCols);
            }
        }
        this.doubles = doubles;
        this.floats = floats;
        this.groups = groups;
        this.maxRows = maxRows;
        this.maxCols = maxCols;
        this.rows = rows.clone();
        this.cols = cols.clone();
    }

    /**
     * @param cost row-major {@code [groups, maxRows, maxCols]} tensor (not copied)
     * @param rows valid rows (predictions) of each group
     * @param cols valid columns (targets) of each group
     */
    public static PaddedCostBatch of(double[] cost, int groups, int maxRows, int maxCols, int[] rows, int[] cols) {
        return new PaddedCostBatch(cost, null, cost.length, groups, maxRows, maxCols, rows, cols);
    }

    /**
     * @param cost row-major {@code [groups, maxRows, maxCols]} tensor (not copied)
     * @param rows valid rows (predictions) of each group
     * @param cols valid columns (targets) of each group
     */
    public static PaddedCostBatch of(float[] cost, int groups, int maxRows, int maxCols, int[] rows, int[] cols) {
        return new PaddedCostBatch(null, cost, cost.length, groups, maxRows, maxCols, rows, cols);
    }

    public int groups() {
        return groups;
    }

    public int maxRows() {
        return maxRows;
    }

    public int maxCols() {
        return maxCols;
    }

    public int rows(int group) {
        return rows[Objects.checkIndex(group, groups)];
    }

    public int cols(int group) {
        return cols[Objects.checkIndex(group, groups)];
    }

    /** The valid block of group {@code group} as a view (no copy). */
    public CostMatrix group(int group) {
        Objects.checkIndex(group, groups);
        int offset = group * maxRows * maxCols;
        return doubles != null
                ? CostMatrix.view(doubles, offset, maxCols, rows[group], cols[group])
                : CostMatrix.view(floats, offset, maxCols, rows[group], cols[group]);
    }
}
