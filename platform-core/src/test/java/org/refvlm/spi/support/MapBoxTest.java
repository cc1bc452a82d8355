package org.refvlm.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MapBoxTest {

    private static final int H = 8;
    private static final int W = 16;

    @Test
    void anEvenMapOverABlockOfCellsOutlinesExactlyThatBlock() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Cells x 3..6 (4 wide), y 1..3 (3 high): the block [3/16, 7/16] x [1/8, 4/8].
            float[] scores = new float[H * W];
            java.util.Arrays.fill(scores, -1e4f);
            for (int y = 1; y <= 3; y++) {
                for (int x = 3; x <= 6; x++) {
                    scores[y * W + x] = 2f;
                }
            }
            float[] box = MapBox.reference(m.create(scores, new Shape(1, 1, H * W)), H, W).toFloatArray();
            assertThat(box[0]).isCloseTo(5f / 16, within(1e-5f));
            assertThat(box[1]).isCloseTo(2.5f / 8, within(1e-5f));
            assertThat(box[2]).isCloseTo(4f / 16, within(1e-5f));
            assertThat(box[3]).isCloseTo(3f / 8, within(1e-5f));
        }
    }

    @Test
    void aSingleCellIsOneCellWideAndAFlatMapCoversTheImageWithinTheEdge() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] one = new float[H * W];
            java.util.Arrays.fill(one, -1e4f);
            one[2 * W + 9] = 0f;
            float[] box = MapBox.reference(m.create(one, new Shape(1, 1, H * W)), H, W).toFloatArray();
            assertThat(box).containsExactly(new float[] {9.5f / 16, 2.5f / 8, 1f / 16, 1f / 8}, within(1e-5f));
            float[] flat = MapBox.reference(m.zeros(new Shape(1, 1, H * W)), H, W).toFloatArray();
            assertThat(flat).containsExactly(new float[] {0.5f, 0.5f, 1 - 1e-4f, 1 - 1e-4f}, within(1e-5f));
        }
    }

    @Test
    void theBoxLossReachesTheScores() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray scores = m.randomNormal(new Shape(2, 3, H * W));
            scores.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray box = MapBox.reference(scores, H, W);                          // [2, 3, 4]
                c.backward(box.sum());
            }
            NDArray grad = scores.getGradient();
            assertThat(grad.abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(grad.isNaN().any().getBoolean()).isFalse();
        }
    }
}
