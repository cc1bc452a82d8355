package org.refvlm.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The solver against exhaustive search on every small shape. */
class LinearAssignmentBruteForceTest {

    private static final int MAX_SIDE = 6;
    private static final int MATRICES_PER_SHAPE_AND_KIND = 60;

    private final LinearAssignment solver = new LinearAssignment();

    @Test
    void matchesBruteForceOnRandomMatricesOfEveryShapeUpTo6x6() {
        Random random = new Random(20240605);
        int compared = 0;
        for (int rows = 0; rows <= MAX_SIDE; rows++) {
            for (int cols = 0; cols <= MAX_SIDE; cols++) {
                for (RandomCosts kind : RandomCosts.values()) {
                    for (int k = 0; k < MATRICES_PER_SHAPE_AND_KIND; k++) {
                        assertMatchesBruteForce(kind.matrix(random, rows, cols), rows, cols);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(49 * RandomCosts.values().length * MATRICES_PER_SHAPE_AND_KIND);
    }

    /** Every matrix with cells in {0, 1} up to 3 x 3, and in {0, 1, +inf} up to 2 x 3 and 3 x 2. */
    @Test
    void matchesBruteForceOnEveryMatrixOverTinyAlphabets() {
        double[] binary = {0, 1};
        double[] ternary = {0, 1, Double.POSITIVE_INFINITY};
        for (int rows = 1; rows <= 3; rows++) {
            for (int cols = 1; cols <= 3; cols++) {
                enumerate(binary, rows, cols);
                if (rows * cols <= 6) {
                    enumerate(ternary, rows, cols);
                }
            }
        }
    }

    private void enumerate(double[] alphabet, int rows, int cols) {
        int cells = rows * cols;
        int count = (int) Math.pow(alphabet.length, cells);
        double[] cost = new double[cells];
        for (int code = 0; code < count; code++) {
            int rest = code;
            for (int i = 0; i < cells; i++) {
                cost[i] = alphabet[rest % alphabet.length];
                rest /= alphabet.length;
            }
            assertMatchesBruteForce(cost, rows, cols);
        }
    }

    private void assertMatchesBruteForce(double[] cost, int rows, int cols) {
        BruteForceAssignment.Optimum expected = BruteForceAssignment.solve(cost, rows, cols);
        CostMatrix matrix = CostMatrix.of(cost, rows, cols);
        if (!expected.feasible()) {
            assertThatThrownBy(() -> solver.solve(matrix))
                    .as("infeasible %d x %d %s", rows, cols, Arrays.toString(cost))
                    .isInstanceOf(InfeasibleAssignmentException.class);
            return;
        }
        Assignment assignment = solver.solve(matrix);
        AssignmentChecks.assertWellFormed(assignment, matrix);
        AssignmentChecks.assertOptimalTotal(assignment, matrix, expected.totalCost(), expected.magnitude(),
                rows + " x " + cols + " " + Arrays.toString(cost));
    }
}
