package org.refvlm.core.matching;

import java.util.Objects;

/**
 * A read-only, row-major view of a cost matrix (rows = predictions, columns = targets) inside a
 * {@code double[]} or {@code float[]}, possibly a block of a larger padded array.
 *
 * <p>It copies nothing: the solver reads the cells it needs straight from the backing array. Cell
 * {@code (r, c)} is {@code data[offset + r * rowStride + c]}. +infinity marks a forbidden cell; NaN and
 * -infinity are rejected by the solver, not here, so that building a view stays O(1).
 */
public final class CostMatrix {

    private final double[] doubles;
    private final float[] floats;
    private final int offset;
    private final int rowStride;
    private final int rows;
    private final int cols;

    private CostMatrix(double[] doubles, float[] floats, int length, int offset, int rowStride, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix size " + rows + " x " + cols);
        }
        if (offset < 0 || rowStride < cols) {
            throw new IllegalArgumentException("bad view: offset " + offset + ", row stride " + rowStride
                    + " for " + cols + " columns");
        }
        if (rows > 0 && cols > 0) {
            long end = offset + (long) (rows - 1) * rowStride + cols;
            if (end > length) {
                throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix at offset " + offset
                        + " with row stride " + rowStride + " needs " + end + " elements, array has " + length);
            }
        }
        this.doubles = doubles;
        this.floats = floats;
        this.offset = offset;
        this.rowStride = rowStride;
        this.rows = rows;
        this.cols = cols;
    }

    /** A dense {@code rows x cols} matrix occupying the whole array. */
    public static CostMatrix of(double[] data, int rows, int cols) {
        requireDenseLength(data.length, rows, cols);
        return new CostMatrix(data, null, data.length, 0, cols, rows, cols);
    }

    /** A dense {@code rows x cols} matrix occupying the whole array. */
    public static CostMatrix of(float[] data, int rows, int cols) {
        requireDenseLength(data.length, rows, cols);
        return new CostMatrix(null, data, data.length, 0, cols, rows, cols);
    }

    /** A {@code rows x cols} block starting at {@code offset}, consecutive rows {@code rowStride} apart. */
    public static CostMatrix view(double[] data, int offset, int rowStride, int rows, int cols) {
        Objects.requireNonNull(data, "data");
        return new CostMatrix(data, null, data.length, offset, rowStride, rows, cols);
    }

    /** A {@code rows x cols} block starting at {@code offset}, consecutive rows {@code rowStride} apart. */
    public static CostMatrix view(float[] data, int offset, int rowStride, int rows, int cols) {
        Objects.requireNonNull(data, "data");
        return new CostMatrix(null, data, data.length, offset, rowStride, rows, cols);
    }

    private static void requireDenseLength(int length, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != length) {
            throw new IllegalArgumentException("array of length " + length + " is not a " + rows + " x " + cols
                    + " matrix");
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The cost of matching prediction {@code row} to target {@code col}, widened to double. */
    public double get(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        int index = offset + row * rowStride + col;
        return doubles != null ? doubles[index] : floats[index];
    }

    /** The backing array when it is a {@code double[]}, else null (for the solver's copy loop). */
    double[] doubleData() {
        return doubles;
    }

    /** The backing array when it is a {@code float[]}, else null (for the solver's copy loop). */
    float[] floatData() {
        return floats;
    }

    int offset() {
        return offset;
    }

    int rowStride() {
        return rowStride;
    }

    @Override
    public String toString() {
        return "CostMatrix[" + rows + " x " + cols + (doubles != null ? ", double" : ", float") + "]";
    }
}
