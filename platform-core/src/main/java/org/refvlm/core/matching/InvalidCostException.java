package org.refvlm.core.matching;

/**
 * Thrown when a cost matrix holds NaN or -infinity. Both would make "minimum cost" meaningless (the
 * paper's -infinity padding would even be picked first by a minimiser); forbidden pairs are +infinity.
 */
public final class InvalidCostException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int row;
    private final int col;
    /** Group index within a batch, or -1 when the matrix was solved on its own. */
    private final int group;

    public InvalidCostException(double value, int row, int col, int rows, int cols) {
        this("cost matrix " + rows + " x " + cols + " has the invalid entry " + value + " at row " + row
                + ", col " + col + " (NaN and -infinity are not allowed; use +infinity for a forbidden pair)",
                row, col, -1, null);
    }

    private InvalidCostException(String message, int row, int col, int group, Throwable cause) {
        super(message, cause);
        this.row = row;
        this.col = col;
        this.group = group;
    }

    /** The same failure, attributed to group {@code group} of a batch. */
    public InvalidCostException inGroup(int group) {
        return new InvalidCostException("group " + group + ": " + getMessage(), row, col, group, this);
    }

    /** Row of the offending cell. */
    public int row() {
        return row;
    }

    /** Column of the offending cell. */
    public int col() {
        return col;
    }

    /** The batch group holding the offending cell, or -1 when the matrix was solved on its own. */
    public int group() {
        return group;
    }
}
