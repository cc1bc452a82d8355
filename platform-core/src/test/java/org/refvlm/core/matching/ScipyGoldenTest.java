package org.refvlm.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Same optimal total cost as scipy.optimize.linear_sum_assignment on every golden case. */
class ScipyGoldenTest {

    private static final List<ScipyGolden.Case> CASES = ScipyGolden.load();

    private final LinearAssignment solver = new LinearAssignment();

    @TestFactory
    Stream<DynamicTest> sameOptimalTotalAsScipy() {
        return CASES.stream().map(golden -> DynamicTest.dynamicTest(golden.name(), () -> check(golden)));
    }

    private void check(ScipyGolden.Case golden) {
        CostMatrix matrix = golden.matrix();
        switch (golden.status()) {
            case "ok" -> {
                Assignment assignment = solver.solve(matrix);
                AssignmentChecks.assertWellFormed(assignment, matrix);
                AssignmentChecks.assertOptimalTotal(assignment, matrix, golden.totalCost(), golden.magnitude(),
                    golden.name());
            }
            case "infeasible" -> assertThatThrownBy(() -> solver.solve(matrix))
                    .isInstanceOf(InfeasibleAssignmentException.class);
            case "invalid" -> assertThatThrownBy(() -> solver.solve(matrix))
                    .isInstanceOfSatisfying(InvalidCostException.class, e -> {
                        assertThat(e.row()).isEqualTo(golden.expected().get("bad_row").asInt());
                        assertThat(e.col()).isEqualTo(golden.expected().get("bad_col").asInt());
                    });
            default -> throw new AssertionError("unknown status " + golden.status());
        }
    }

    @Test
    void theGoldenSetCoversWhatItClaims() {
        assertThat(CASES).hasSizeGreaterThan(150);
        assertThat(CASES).extracting(ScipyGolden.Case::status).contains("ok", "infeasible", "invalid");
        assertThat(CASES).anySatisfy(c -> assertThat(c.matrix().rows()).isZero());
        assertThat(CASES).anySatisfy(c -> assertThat(c.matrix().rows()).isGreaterThan(c.matrix().cols()));
        assertThat(CASES).anySatisfy(c -> assertThat(c.matrix().rows()).isLessThan(c.matrix().cols()));
    }

    /** Where scipy's optimum is unique (continuous random costs), the assignment itself must agree too. */
    @Test
    void sameAssignmentAsScipyOnRandomContinuousMatrices() {
        int compared = 0;
        for (ScipyGolden.Case golden : CASES) {
            if (!golden.name().contains("random_") || !golden.status().equals("ok")) {
                continue;
            }
            Assignment assignment = solver.solve(golden.matrix());
            assertThat(assignment.rowIndices()).as(golden.name())
                    .containsExactly(toInts(golden.expected().get("row_ind")));
            assertThat(assignment.columnIndices()).as(golden.name())
                    .containsExactly(toInts(golden.expected().get("col_ind")));
            compared++;
        }
        assertThat(compared).isGreaterThan(30);
    }

    private static int[] toInts(com.fasterxml.jackson.databind.JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }
}
