package org.refvlm.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupedAssignmentTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /** A padded [groups, maxRows, maxCols] float batch with random valid sizes and NaN in every padded cell. */
    private static PaddedCostBatch randomBatch(Random random, int groups, int maxRows, int maxCols) {
        float[] cost = new float[groups * maxRows * maxCols];
        Arrays.fill(cost, Float.NaN);
        int[] rows = new int[groups];
        int[] cols = new int[groups];
        for (int g = 0; g < groups; g++) {
            rows[g] = random.nextInt(maxRows + 1);
            cols[g] = random.nextInt(maxCols + 1);
            for (int r = 0; r < rows[g]; r++) {
                for (int c = 0; c < cols[g]; c++) {
                    // A quarter small integers, so that groups have ties too.
                    float value = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextFloat();
                    cost[(g * maxRows + r) * maxCols + c] = value;
                }
            }
        }
        return PaddedCostBatch.of(cost, groups, maxRows, maxCols, rows, cols);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void everyGroupGetsWhatASingleSolveGives(int parallelism) {
        PaddedCostBatch batch = randomBatch(new Random(parallelism), 300, 12, 9);
        List<Assignment> results;
        try (GroupedAssignment grouped = GroupedAssignment.withParallelism(parallelism, 1)) {
            results = grouped.solve(batch);
        }
        assertThat(results).hasSize(300);
        LinearAssignment single = new LinearAssignment();
        for (int g = 0; g < batch.groups(); g++) {
            CostMatrix group = batch.group(g);
            assertThat(results.get(g)).as("group %d", g).isEqualTo(single.solve(group));
            AssignmentChecks.assertWellFormed(results.get(g), group);
        }
    }

    @Test
    void paddedCellsAreNeverRead() {
        // Group 0 is 2 x 2 in a 3 x 3 slab whose padding holds -infinity, which a solver would otherwise reject.
        double[] cost = {
            1, 2, Double.NEGATIVE_INFINITY,
            2, 1, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
            // group 1: 1 x 3
            5, 4, 6,
            Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN};
        try (GroupedAssignment grouped = GroupedAssignment.withParallelism(2, 1)) {
            PaddedCostBatch batch = PaddedCostBatch.of(cost, 2, 3, 3, new int[] {2, 1}, new int[] {2, 3});
            List<Assignment> results = grouped.solve(batch);
            assertThat(results.get(0).totalCost()).isEqualTo(2.0);
            assertThat(results.get(1).columnIndices()).containsExactly(1);
        }
    }

    @Test
    void theLowestInfeasibleGroupIsReported() {
        double[] cost = new double[5 * 2 * 2];
        int[] sizes = {2, 2, 2, 2, 2};
        Arrays.fill(cost, 4 * 4, 5 * 4, INF);       // group 4 all forbidden
        Arrays.fill(cost, 1 * 4, 1 * 4 + 2, INF);   // group 1 row 0 forbidden
        try (GroupedAssignment grouped = GroupedAssignment.withParallelism(3, 1)) {
            assertThatThrownBy(() -> grouped.solve(PaddedCostBatch.of(cost, 5, 2, 2, sizes, sizes)))
                    .isInstanceOfSatisfying(InfeasibleAssignmentException.class,
                            e -> assertThat(e.group()).isEqualTo(1))
                    .hasMessageStartingWith("group 1: cost matrix 2 x 2 is infeasible");
        }
    }

    @Test
    void anInvalidCellNamesGroupRowAndColumn() {
        float[] cost = new float[3 * 2 * 3];
        cost[2 * 6 + 1 * 3 + 2] = Float.NaN;
        int[] rows = {2, 2, 2};
        int[] cols = {3, 3, 3};
        try (GroupedAssignment grouped = GroupedAssignment.sequential()) {
            assertThatThrownBy(() -> grouped.solve(PaddedCostBatch.of(cost, 3, 2, 3, rows, cols)))
                    .isInstanceOfSatisfying(InvalidCostException.class, e -> {
                        assertThat(e.group()).isEqualTo(2);
                        assertThat(e.row()).isEqualTo(1);
                        assertThat(e.col()).isEqualTo(2);
                    })
                    .hasMessageContaining("group 2:")
                    .hasMessageContaining("at row 1, col 2");
        }
    }

    @Test
    void solveEachHandlesMatricesOfAnyShapeAndType() {
        Random random = new Random(5);
        List<CostMatrix> matrices = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            int rows = random.nextInt(40);
            int cols = random.nextInt(40);
            double[] cost = RandomCosts.NEGATIVE_AND_POSITIVE.matrix(random, rows, cols);
            if (k % 2 == 0) {
                matrices.add(CostMatrix.of(cost, rows, cols));
            } else {
                float[] floats = new float[cost.length];
                for (int i = 0; i < cost.length; i++) {
                    floats[i] = (float) cost[i];
                }
                matrices.add(CostMatrix.of(floats, rows, cols));
            }
        }
        try (GroupedAssignment grouped = GroupedAssignment.withParallelism(2, 1)) {
            List<Assignment> results = grouped.solveEach(matrices);
            for (int k = 0; k < matrices.size(); k++) {
                assertThat(results.get(k)).isEqualTo(new LinearAssignment().solve(matrices.get(k)));
            }
        }
    }

    @Test
    void emptyBatchesAndEmptyGroupsAreFine() {
        try (GroupedAssignment grouped = GroupedAssignment.withParallelism(2, 1)) {
            assertThat(grouped.solve(PaddedCostBatch.of(new float[0], 0, 5, 5, new int[0], new int[0]))).isEmpty();
            List<Assignment> results = grouped.solve(
                    PaddedCostBatch.of(new float[2 * 3 * 4], 2, 3, 4, new int[] {0, 3}, new int[] {4, 0}));
            assertThat(results).containsExactly(Assignment.empty(), Assignment.empty());
        }
    }

    @Test
    void concurrentCallersOnOneInstanceGetTheSequentialAnswers() throws Exception {
        PaddedCostBatch batch = randomBatch(new Random(99), 200, 20, 20);
        List<Assignment> expected;
        try (GroupedAssignment sequential = GroupedAssignment.sequential()) {
            expected = sequential.solve(batch);
        }
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (GroupedAssignment shared = GroupedAssignment.withParallelism(3, 1)) {
            List<Callable<List<Assignment>>> calls = new ArrayList<>();
            for (int k = 0; k < 12; k++) {
                calls.add(() -> shared.solve(batch));
            }
            for (Future<List<Assignment>> result : callers.invokeAll(calls)) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** The groups of {@code batch} as a list that records which threads fetch them. */
    private static List<CostMatrix> recordingThreads(PaddedCostBatch batch, Set<String> threads) {
        return new AbstractList<>() {
            @Override
            public CostMatrix get(int index) {
                threads.add(Thread.currentThread().getName());
                return batch.group(index);
            }

            @Override
            public int size() {
                return batch.groups();
            }
        };
    }

    @Test
    void helpersReallyShareTheWork() {
        PaddedCostBatch batch = randomBatch(new Random(4), 400, 30, 30);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (GroupedAssignment grouped = GroupedAssignment.withParallelism(2, 1)) {
            // A busy machine may leave the helper asleep for a whole call now and then: retry a few times.
            for (int attempt = 0; attempt < 50 && threads.size() < 2; attempt++) {
                grouped.solveEach(recordingThreads(batch, threads));
            }
        }
        assertThat(threads).hasSize(2);
    }

    @Test
    void smallBatchesStayOnTheCallingThread() {
        PaddedCostBatch batch = randomBatch(new Random(4), 8, 4, 4);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (GroupedAssignment grouped = GroupedAssignment.withParallelism(4)) {
            grouped.solveEach(recordingThreads(batch, threads));
        }
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void batchShapeIsValidated() {
        assertThatThrownBy(() -> PaddedCostBatch.of(new float[10], 2, 2, 2, new int[] {2, 2}, new int[] {2, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a [2, 2, 2] tensor");
        assertThatThrownBy(() -> PaddedCostBatch.of(new float[8], 2, 2, 2, new int[] {2, 3}, new int[] {2, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group 1 is 3 x 2");
        assertThatThrownBy(() -> PaddedCostBatch.of(new float[8], 2, 2, 2, new int[] {2}, new int[] {2, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupedAssignment.withParallelism(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
