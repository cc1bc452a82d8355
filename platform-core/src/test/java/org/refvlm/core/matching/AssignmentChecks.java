package org.refvlm.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Structural checks every solver answer must pass, whatever the tie-breaking. */
final class AssignmentChecks {

    private AssignmentChecks() {
    }

    /**
     * Asserts {@code min(rows, cols)} pairs, rows strictly increasing, distinct in-range columns, no
     * forbidden cell, and a total equal to the sum of the chosen cells.
     */
    static void assertWellFormed(Assignment assignment, CostMatrix cost) {
        int rows = cost.rows();
        int cols = cost.cols();
        assertThat(assignment.size()).as("pairs").isEqualTo(Math.min(rows, cols));
        boolean[] colUsed = new boolean[cols];
        double total = 0.0;
        for (int k = 0; k < assignment.size(); k++) {
            int r = assignment.rowIndices()[k];
            int c = assignment.columnIndices()[k];
            assertThat(r).as("row index").isBetween(0, rows - 1);
            assertThat(c).as("column index").isBetween(0, cols - 1);
            if (k > 0) {
                assertThat(r).as("rows sorted").isGreaterThan(assignment.rowIndices()[k - 1]);
            }
            assertThat(colUsed[c]).as("column %d used twice", c).isFalse();
            colUsed[c] = true;
            assertThat(cost.get(r, c)).as("cell (%d, %d)", r, c).isNotEqualTo(Double.POSITIVE_INFINITY);
            total += cost.get(r, c);
        }
        assertThat(assignment.totalCost()).as("total cost").isEqualTo(total);
    }

    /**
     * Asserts the assignment's total equals {@code expected} up to rounding: 1e-10 of the sum of the
     * absolute values of the cells of either optimum ({@code expectedMagnitude} for the reference), so
     * that 1e30 + 1 and 1e30 + 2 count as equal (no double-based solver can tell them apart, nor
     * 1e30 - 1e30 + 0 from 1) while 1e30 versus 2 does not; plus the rounding of the dual potentials.
     * Those absorb every cell an augmenting path passes, chosen in the end or not: a -1e30 that a
     * later row displaces leaves potentials near 1e30, where a 1 is below one ulp. So a matrix holding
     * a cell of magnitude M can end up to a few ulp(M) from the exact optimum; scipy's solver, whose
     * algorithm ours ports, does the same (see {@code hugeCellsShiftThePotentialsAsInScipy}).
     */
    static void assertOptimalTotal(Assignment assignment, CostMatrix cost, double expected, double expectedMagnitude,
            String description) {
        double magnitude = 0.0;
        for (int k = 0; k < assignment.size(); k++) {
            magnitude += Math.abs(cost.get(assignment.rowIndices()[k], assignment.columnIndices()[k]));
        }
        double largest = 0.0;
        for (int r = 0; r < cost.rows(); r++) {
            for (int c = 0; c < cost.cols(); c++) {
                if (Double.isFinite(cost.get(r, c))) {
                    largest = Math.max(largest, Math.abs(cost.get(r, c)));
                }
            }
        }
        double potentials = 4.0 * Math.max(cost.rows(), cost.cols()) * Math.ulp(largest);
        double tolerance = 1e-10 * Math.max(magnitude, expectedMagnitude) + potentials;
        assertThat(assignment.totalCost()).as(description).isCloseTo(expected, within(tolerance));
    }
}
