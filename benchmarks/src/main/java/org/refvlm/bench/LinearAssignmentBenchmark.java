package org.refvlm.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.refvlm.core.matching.Assignment;
import org.refvlm.core.matching.CostMatrix;
import org.refvlm.core.matching.GroupedAssignment;
import org.refvlm.core.matching.LinearAssignment;
import org.refvlm.core.matching.PaddedCostBatch;

/**
 * JMH view of the same two workloads as {@code bench/lsap_vs_scipy.sh} (random uniform costs):
 * one {@code side x side} matrix, and 256 groups of 100 x k (k uniform in 1..20) in a padded batch.
 *
 * <p>Run: {@code java -cp <test classpath> org.openjdk.jmh.Main LinearAssignmentBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LinearAssignmentBenchmark {

    @Param({"100"})
    int side;

    @Param({"1", "2"})
    int parallelism;

    private final LinearAssignment solver = new LinearAssignment();
    private CostMatrix single;
    private PaddedCostBatch batch;
    private GroupedAssignment grouped;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(12345);
        double[] square = new double[side * side];
        for (int i = 0; i < square.length; i++) {
            square[i] = random.nextDouble();
        }
        single = CostMatrix.of(square, side, side);

        int groups = 256;
        int rows = 100;
        int maxCols = 20;
        double[] padded = new double[groups * rows * maxCols];
        int[] rowCounts = new int[groups];
        int[] colCounts = new int[groups];
        for (int g = 0; g < groups; g++) {
            rowCounts[g] = rows;
            colCounts[g] = 1 + random.nextInt(maxCols);
            for (int i = 0; i < rows * maxCols; i++) {
                boolean valid = i % maxCols < colCounts[g];
                padded[g * rows * maxCols + i] = valid ? random.nextDouble() : Double.POSITIVE_INFINITY;
            }
        }
        batch = PaddedCostBatch.of(padded, groups, rows, maxCols, rowCounts, colCounts);
        grouped = GroupedAssignment.withParallelism(parallelism);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        grouped.close();
    }

    @Benchmark
    public Assignment singleMatrix() {
        return solver.solve(single);
    }

    @Benchmark
    public List<Assignment> paddedBatch() {
        return grouped.solve(batch);
    }
}
