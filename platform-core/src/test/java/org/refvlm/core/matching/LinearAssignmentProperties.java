package org.refvlm.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;

/** Property tests: brute-force optimality and the invariances an optimal assignment must have. */
class LinearAssignmentProperties {

    /** A small cost matrix; {@code toString} shows it when jqwik reports a counterexample. */
    record Small(int rows, int cols, double[] cost) {
        @Override
        public String toString() {
            return rows + " x " + cols + " " + java.util.Arrays.toString(cost);
        }
    }

    @Provide
    Arbitrary<Small> smallMatrices() {
        Arbitrary<Double> cell = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(-3, 3).map(Integer::doubleValue)),
                Tuple.of(4, Arbitraries.doubles().between(-1e3, 1e3)),
                Tuple.of(2, Arbitraries.just(Double.POSITIVE_INFINITY)),
                Tuple.of(1, Arbitraries.of(1e30, -1e30, 1e-30, 0.0)));
        return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 6))
                .flatAs((rows, cols) -> cell.array(double[].class).ofSize(rows * cols)
                        .map(cost -> new Small(rows, cols, cost)));
    }

    /**
     * Found by the property below: row 2 can only take column 1, which displaces row 1's -1e30, and
     * the potentials left near 1e30 can no longer see row 1's -1. scipy answers this matrix with
     * columns [0, 2, 1], total 0 where the exact optimum is -1; ours also totals 0 (it breaks the
     * tie between row 0's zero-cost columns differently).
     */
    @Example
    void hugeCellsShiftThePotentialsAsInScipy() {
        double inf = Double.POSITIVE_INFINITY;
        Assignment a = new LinearAssignment().solve(CostMatrix.of(new double[] {
            0, 0, 0, 0,
            0, -1e30, 0, -1,
            inf, 0, inf, inf}, 3, 4));
        assertThat(a.rowIndices()).containsExactly(0, 1, 2);
        assertThat(a.columnIndices()[1]).as("row 1 misses its -1").isNotEqualTo(3);
        assertThat(a.columnIndices()[2]).isEqualTo(1);
        assertThat(a.totalCost()).isEqualTo(0.0);
    }

    @Property(tries = 2000)
    void totalCostEqualsBruteForce(@ForAll("smallMatrices") Small m) {
        BruteForceAssignment.Optimum expected = BruteForceAssignment.solve(m.cost(), m.rows(), m.cols());
        CostMatrix matrix = CostMatrix.of(m.cost(), m.rows(), m.cols());
        if (!expected.feasible()) {
            assertThatThrownBy(() -> new LinearAssignment().solve(matrix))
                    .isInstanceOf(InfeasibleAssignmentException.class);
            return;
        }
        Assignment assignment = new LinearAssignment().solve(matrix);
        AssignmentChecks.assertWellFormed(assignment, matrix);
        AssignmentChecks.assertOptimalTotal(assignment, matrix, expected.totalCost(), expected.magnitude(),
                m.toString());
    }

    @Property(tries = 500)
    void transposingKeepsTheTotal(@ForAll @IntRange(min = 0, max = 30) int rows,
            @ForAll @IntRange(min = 0, max = 30) int cols, @ForAll long seed) {
        double[] cost = RandomCosts.NEGATIVE_AND_POSITIVE.matrix(new Random(seed), rows, cols);
        double[] transposed = new double[cost.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                transposed[c * rows + r] = cost[r * cols + c];
            }
        }
        LinearAssignment solver = new LinearAssignment();
        double total = solver.solve(cost, rows, cols).totalCost();
        assertThat(solver.solve(transposed, cols, rows).totalCost()).isCloseTo(total, Offset.offset(1e-9));
    }

    @Property(tries = 500)
    void permutingRowsKeepsTheTotal(@ForAll @IntRange(min = 1, max = 30) int rows,
            @ForAll @IntRange(min = 1, max = 30) int cols, @ForAll long seed) {
        Random random = new Random(seed);
        double[] cost = RandomCosts.SMALL_INTEGERS.matrix(random, rows, cols);
        List<Integer> order = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            order.add(r);
        }
        Collections.shuffle(order, random);
        double[] permuted = new double[cost.length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(cost, order.get(r) * cols, permuted, r * cols, cols);
        }
        LinearAssignment solver = new LinearAssignment();
        // Small integers: totals are exact, so ties cannot blur the comparison.
        double original = solver.solve(cost, rows, cols).totalCost();
        assertThat(solver.solve(permuted, rows, cols).totalCost()).isEqualTo(original);
    }

    @Property(tries = 500)
    void addingAConstantToARowOfAWideMatrixShiftsTheTotalByIt(@ForAll @IntRange(min = 1, max = 25) int rows,
            @ForAll @IntRange(min = 0, max = 10) int extraCols, @ForAll @IntRange(min = 0, max = 24) int row,
            @ForAll @IntRange(min = -50, max = 50) int shift, @ForAll long seed) {
        int cols = rows + extraCols;
        int shifted = row % rows;
        double[] cost = RandomCosts.SMALL_INTEGERS.matrix(new Random(seed), rows, cols);
        LinearAssignment solver = new LinearAssignment();
        double before = solver.solve(cost, rows, cols).totalCost();
        for (int c = 0; c < cols; c++) {
            cost[shifted * cols + c] += shift;
        }
        // Every row of a wide matrix is matched exactly once, so the optimum moves by exactly the shift.
        assertThat(solver.solve(cost, rows, cols).totalCost()).isEqualTo(before + shift);
    }

    @Property(tries = 300)
    void floatInputAgreesWithItsDoubleWidening(@ForAll @IntRange(min = 0, max = 20) int rows,
            @ForAll @IntRange(min = 0, max = 20) int cols, @ForAll long seed) {
        Random random = new Random(seed);
        float[] floats = new float[rows * cols];
        double[] doubles = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = random.nextInt(5) == 0 ? Float.POSITIVE_INFINITY : random.nextFloat() * 10 - 5;
            doubles[i] = floats[i];
        }
        LinearAssignment solver = new LinearAssignment();
        Object fromFloats;
        Object fromDoubles;
        try {
            fromFloats = solver.solve(floats, rows, cols);
        } catch (InfeasibleAssignmentException e) {
            fromFloats = "infeasible";
        }
        try {
            fromDoubles = solver.solve(doubles, rows, cols);
        } catch (InfeasibleAssignmentException e) {
            fromDoubles = "infeasible";
        }
        assertThat(fromFloats).isEqualTo(fromDoubles);
    }
}
