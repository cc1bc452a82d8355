package org.refvlm.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupedHungarianMatcherTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void everyGroupGetsItsOwnOptimum() {
        Random random = new Random(11);
        int g = 12, n = 6, m = 5;
        int[] rows = new int[g], cols = new int[g];
        float[] cost = new float[g * n * m];
        for (int i = 0; i < g; i++) {
            rows[i] = 1 + random.nextInt(n);
            cols[i] = 1 + random.nextInt(m);
        }
        for (int i = 0; i < cost.length; i++) {
            cost[i] = random.nextFloat() * 10 - 3;
        }
        try (GroupedHungarianMatcher matcher = new GroupedHungarianMatcher(GroupedAssignment.withParallelism(2))) {
            List<Assignment> result = matcher.match(manager.create(cost, new Shape(g, n, m)), rows, cols);
            for (int i = 0; i < g; i++) {
                double[] block = new double[rows[i] * cols[i]];
                for (int r = 0; r < rows[i]; r++) {
                    for (int c = 0; c < cols[i]; c++) {
                        block[r * cols[i] + c] = cost[(i * n + r) * m + c];
                    }
                }
                double best = BruteForceAssignment.solve(block, rows[i], cols[i]).totalCost();
                assertThat(result.get(i).totalCost()).as("group %d", i).isCloseTo(best, within(1e-4));
                assertThat(result.get(i).size()).isEqualTo(Math.min(rows[i], cols[i]));
            }
        }
    }

    @Test
    void paddedCellsBecomeInfinity() {
        NDArray cost = manager.zeros(new Shape(2, 3, 2));
        float[] filled = GroupedHungarianMatcher.fillPadding(cost, new int[] {1, 3}, new int[] {2, 1}).toFloatArray();
        assertThat(filled).containsExactly(
                0, 0, inf(), inf(), inf(), inf(),
                0, inf(), 0, inf(), 0, inf());
    }

    private static float inf() {
        return Float.POSITIVE_INFINITY;
    }

    @Test
    void boxCostIsWeightedL1MinusGiou() {
        NDArray p = manager.create(new float[] {0.5f, 0.5f, 0.2f, 0.2f}, new Shape(1, 1, 4));
        NDArray t = manager.create(new float[] {0.55f, 0.5f, 0.2f, 0.4f}, new Shape(1, 1, 4));
        float c = GroupedHungarianMatcher.boxCost(p, t, 5, 2).getFloat(0, 0, 0);
        // L1 = 0.05 + 0.2; boxes [0.4,0.4,0.6,0.6] and [0.45,0.3,0.65,0.7]: inter 0.15*0.2=0.03,
        // union 0.04+0.08-0.03=0.09, enclosing 0.25*0.4=0.1, GIoU = 1/3 - 0.01/0.1
        double giou = 0.03 / 0.09 - (0.1 - 0.09) / 0.1;
        assertThat((double) c).isCloseTo(5 * 0.25 - 2 * giou, within(1e-5));
    }

    @Test
    void pairwiseMaskCostsEqualTheElementwiseLosses() {
        NDArray logits = manager.randomNormal(new Shape(1, 3, 16)).mul(3);
        NDArray targets = manager.randomUniform(0, 1, new Shape(1, 4, 16)).gt(0.5).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray focal = MaskOps.pairwiseFocal(logits, targets, 0.25, 2);
        NDArray dice = MaskOps.pairwiseDice(logits, targets);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                NDArray x = logits.get(new NDIndex("0, {}", i));
                NDArray y = targets.get(new NDIndex("0, {}", j));
                float expectedFocal = MaskOps.sigmoidFocal(x, y, 0.25, 2).mean().getFloat();
                NDArray p = ai.djl.nn.Activation.sigmoid(x);
                float expectedDice = 1 - (2 * p.mul(y).sum().getFloat() + 1) / (p.sum().getFloat() + y.sum().getFloat() + 1);
                assertThat(focal.getFloat(0, i, j)).isCloseTo(expectedFocal, within(1e-6f));
                assertThat(dice.getFloat(0, i, j)).isCloseTo(expectedDice, within(1e-6f));
            }
        }
    }

    @Test
    void badShapesAreNamed() {
        try (GroupedHungarianMatcher matcher = new GroupedHungarianMatcher(GroupedAssignment.sequential())) {
            assertThatThrownBy(() -> matcher.match(manager.zeros(new Shape(2, 3)), new int[] {1}, new int[] {1}))
                    .hasMessageContaining("cost must be [G, N, M]");
        }
    }
}
