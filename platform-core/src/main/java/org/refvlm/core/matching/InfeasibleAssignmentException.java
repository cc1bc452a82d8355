package org.refvlm.core.matching;

/**
 * Thrown when a cost matrix has no complete assignment: no way to match all {@code min(rows, cols)}
 * rows or columns without using a +infinity (forbidden) cell.
 *
 * <p>It is a property of the input, not a solver failure, hence an {@link IllegalArgumentException}.
 * NaN and -infinity cells are reported with a plain {@link IllegalArgumentException} instead.
 */
public final class InfeasibleAssignmentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Group index within a batch, or -1 when the matrix was solved on its own. */
    private final int group;

    public InfeasibleAssignmentException(String message) {
        this(message, -1, null);
    }

    private InfeasibleAssignmentException(String message, int group, Throwable cause) {
        super(message, cause);
        this.group = group;
    }

    /** The same failure, attributed to group {@code group} of a batch. */
    public InfeasibleAssignmentException inGroup(int group) {
        return new InfeasibleAssignmentException("group " + group + ": " + getMessage(), group, this);
    }

    /** The batch group whose matrix is infeasible, or -1 when the matrix was solved on its own. */
    public int group() {
        return group;
    }
}
