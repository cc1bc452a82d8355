package org.refvlm.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private final LinearAssignment solver = new LinearAssignment();

    @Test
    void solvesATextbookSquareMatrix() {
        double[] cost = {
            4, 1, 3,
            2, 0, 5,
            3, 2, 2};
        Assignment assignment = solver.solve(cost, 3, 3);
        assertThat(assignment.rowIndices()).containsExactly(0, 1, 2);
        assertThat(assignment.columnIndices()).containsExactly(1, 0, 2);
        assertThat(assignment.totalCost()).isEqualTo(5.0);
    }

    @Test
    void wideMatrixMatchesEveryRowAndLeavesColumnsOver() {
        double[] cost = {
            9, 9, 1, 9,
            1, 9, 9, 9};
        Assignment assignment = solver.solve(cost, 2, 4);
        assertThat(assignment.rowIndices()).containsExactly(0, 1);
        assertThat(assignment.columnIndices()).containsExactly(2, 0);
        assertThat(assignment.totalCost()).isEqualTo(2.0);
    }

    @Test
    void tallMatrixMatchesEveryColumnAndReportsPairsSortedByRow() {
        double[] cost = {
            9, 9,
            9, 1,
            9, 9,
            2, 9};
        Assignment assignment = solver.solve(cost, 4, 2);
        assertThat(assignment.rowIndices()).containsExactly(1, 3);
        assertThat(assignment.columnIndices()).containsExactly(1, 0);
        assertThat(assignment.totalCost()).isEqualTo(3.0);
        assertThat(assignment.columnOfRow(4)).containsExactly(-1, 1, -1, 0);
    }

    @Test
    void emptyMatricesGiveEmptyAssignments() {
        assertThat(solver.solve(new double[0], 0, 0)).isEqualTo(Assignment.empty());
        assertThat(solver.solve(new double[0], 0, 5).size()).isZero();
        assertThat(solver.solve(new double[0], 5, 0).size()).isZero();
        assertThat(solver.solve(new double[0], 3, 0).totalCost()).isZero();
    }

    @Test
    void singleRowAndSingleColumnPickTheMinimum() {
        double[] row = {5, 3, INF, -2, 7};
        Assignment wide = solver.solve(row, 1, 5);
        assertThat(wide.columnIndices()).containsExactly(3);
        assertThat(wide.totalCost()).isEqualTo(-2.0);
        Assignment tall = solver.solve(row, 5, 1);
        assertThat(tall.rowIndices()).containsExactly(3);
        assertThat(tall.columnIndices()).containsExactly(0);
    }

    @Test
    void avoidsForbiddenCellsEvenWhenEverythingElseIsExpensive() {
        double[] cost = {
            INF, 1e30, INF,
            1e30, INF, INF,
            INF, INF, 1e30};
        Assignment assignment = solver.solve(cost, 3, 3);
        assertThat(assignment.columnIndices()).containsExactly(1, 0, 2);
        assertThat(assignment.totalCost()).isEqualTo(1e30 + 1e30 + 1e30);
    }

    /**
     * Regression: with -1e30 next to -1 in a row, the Jonker-Volgenant reductions would move a potential
     * by about 1e30 and round the -1 away; such badly scaled matrices must go through the exact route.
     */
    @Test
    void hugeAndSmallCostsInOneRowStillGiveTheExactOptimum() {
        double[] cost = {
            0, INF, INF,
            -1e30, 0, -1};
        Assignment assignment = solver.solve(cost, 2, 3);
        assertThat(assignment.columnIndices()).containsExactly(0, 2);
        assertThat(assignment.totalCost()).isEqualTo(-1.0);
    }

    @Test
    void infeasibleMatrixIsReportedClearly() {
        double[] cost = {
            1, INF, INF,
            2, INF, INF,
            3, 4, 5};
        assertThatThrownBy(() -> solver.solve(cost, 3, 3))
                .isInstanceOf(InfeasibleAssignmentException.class)
                .hasMessageContaining("3 x 3 is infeasible")
                .hasMessageContaining("+infinity")
                .satisfies(e -> assertThat(((InfeasibleAssignmentException) e).group()).isEqualTo(-1));
    }

    @Test
    void aRowOfForbiddenCellsIsFineInATallMatrixButInfeasibleInAWideOne() {
        double[] tall = {
            INF, INF,
            1, 2,
            2, 1};
        assertThat(solver.solve(tall, 3, 2).totalCost()).isEqualTo(2.0);
        double[] wide = {
            INF, INF, INF,
            1, 2, 1};
        assertThatThrownBy(() -> solver.solve(wide, 2, 3))
                .isInstanceOf(InfeasibleAssignmentException.class)
                .hasMessageContaining("stuck at row 0");
    }

    @Test
    void nanIsRejectedNamingTheCell() {
        double[] cost = {0, 1, 2, 3, Double.NaN, 5};
        assertThatThrownBy(() -> solver.solve(cost, 2, 3))
                .isInstanceOf(InvalidCostException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN at row 1, col 1")
                .satisfies(e -> {
                    InvalidCostException invalid = (InvalidCostException) e;
                    assertThat(invalid.row()).isEqualTo(1);
                    assertThat(invalid.col()).isEqualTo(1);
                });
    }

    @Test
    void minusInfinityIsRejectedNamingTheCellInOriginalOrientation() {
        float[] cost = new float[12];
        cost[3 * 2 + 1] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> solver.solve(cost, 4, 3))
                .isInstanceOf(InvalidCostException.class)
                .hasMessageContaining("-Infinity at row 2, col 1");
    }

    @Test
    void floatAndDoubleInputsGiveTheSameAnswer() {
        Random random = new Random(7);
        float[] floats = new float[12 * 17];
        double[] doubles = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = random.nextFloat();
            doubles[i] = floats[i];
        }
        assertThat(solver.solve(floats, 12, 17)).isEqualTo(solver.solve(doubles, 12, 17));
        assertThat(solver.solve(floats, 17, 12)).isEqualTo(solver.solve(doubles, 17, 12));
    }

    @Test
    void viewsReadOnlyTheirBlockAndIgnorePadding() {
        // A 2 x 3 block at offset 5 in rows of stride 4, surrounded by NaN that must never be read.
        double[] data = new double[16];
        Arrays.fill(data, Double.NaN);
        double[] block = {3, 1, 2, 1, 5, 9};
        for (int r = 0; r < 2; r++) {
            System.arraycopy(block, r * 3, data, 5 + r * 4, 3);
        }
        Assignment fromView = solver.solve(CostMatrix.view(data, 5, 4, 2, 3));
        assertThat(fromView).isEqualTo(solver.solve(block, 2, 3));
        assertThat(fromView.totalCost()).isEqualTo(2.0);
    }

    @Test
    void reusingTheWorkspaceAcrossSizesChangesNothing() {
        Random random = new Random(11);
        int[][] shapes = {{30, 30}, {2, 3}, {40, 7}, {1, 1}, {7, 40}, {30, 30}, {0, 4}, {5, 5}};
        for (int[] shape : shapes) {
            double[] cost = RandomCosts.UNIFORM.matrix(random, shape[0], shape[1]);
            assertThat(solver.solve(cost, shape[0], shape[1]))
                    .isEqualTo(new LinearAssignment().solve(cost, shape[0], shape[1]));
        }
    }

    @Test
    void leavesTheInputUntouched() {
        double[] cost = RandomCosts.NEGATIVE_AND_POSITIVE.matrix(new Random(3), 9, 6);
        double[] copy = cost.clone();
        solver.solve(cost, 9, 6);
        solver.solve(cost, 6, 9);
        assertThat(cost).containsExactly(copy);
    }

    @Test
    void aFailedSolveDoesNotSpoilTheNextOne() {
        double[] infeasible = {INF, INF, 1, 2};
        assertThatThrownBy(() -> solver.solve(infeasible, 2, 2)).isInstanceOf(InfeasibleAssignmentException.class);
        assertThat(solver.solve(new double[] {4, 1, 3, 2, 0, 5, 3, 2, 2}, 3, 3).totalCost()).isEqualTo(5.0);
    }

    @Test
    void allEqualCostsStillGiveAPermutation() {
        double[] cost = new double[100 * 100];
        Arrays.fill(cost, 3.0);
        Assignment assignment = solver.solve(cost, 100, 100);
        AssignmentChecks.assertWellFormed(assignment, CostMatrix.of(cost, 100, 100));
        assertThat(assignment.totalCost()).isEqualTo(300.0);
    }

    @Test
    void wrongArrayLengthIsRejected() {
        assertThatThrownBy(() -> solver.solve(new double[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a 2 x 3 matrix");
        assertThatThrownBy(() -> CostMatrix.view(new double[5], 1, 3, 2, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
