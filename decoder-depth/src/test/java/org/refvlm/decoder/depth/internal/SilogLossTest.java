package org.refvlm.decoder.depth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SILog against values worked out by hand. */
class SilogLossTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDArray logs(float... depths) {
        float[] l = new float[depths.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) Math.log(depths[i]);
        }
        return manager.create(l, new Shape(1, l.length));
    }

    private static double expected(double meanSquare, double mean, double lambda, double scale) {
        return scale * Math.sqrt(meanSquare - lambda * mean * mean + SilogLoss.EPS);
    }

    @Test
    void matchesTheFormulaOnValidCellsOnly() {
        // prediction 2, 2, 8, 99; truth 1, 2, 2, 0 (unknown): g = ln 2, 0, ln 4 on the 3 valid cells
        NDArray predicted = logs(2, 2, 8, 99);
        float[] truth = {1, 2, 2, 0};
        double l2 = Math.log(2);
        double mean = (l2 + 0 + 2 * l2) / 3;                        // ln 2
        double meanSquare = (l2 * l2 + 0 + 4 * l2 * l2) / 3;       // 5/3 ln^2 2
        assertThat(SilogLoss.loss(predicted, truth, 0.85, 10).getFloat())
                .isCloseTo((float) expected(meanSquare, mean, 0.85, 10), within(1e-4f));
        // lambda 0: the root mean square of g; lambda 1: its standard deviation
        assertThat(SilogLoss.loss(predicted, truth, 0, 1).getFloat())
                .isCloseTo((float) Math.sqrt(5.0 / 3 * l2 * l2 + SilogLoss.EPS), within(1e-5f));
        assertThat(SilogLoss.loss(predicted, truth, 1, 1).getFloat())
                .isCloseTo((float) Math.sqrt(2.0 / 3 * l2 * l2 + SilogLoss.EPS), within(1e-5f));
        // the unknown cell's prediction does not matter at all
        assertThat(SilogLoss.loss(logs(2, 2, 8, 0.001f), truth, 0.85, 10).getFloat())
                .isEqualTo(SilogLoss.loss(predicted, truth, 0.85, 10).getFloat());
    }

    @Test
    void fullyScaleInvariantAtLambdaOneAndPerMapThenAveraged() {
        // every prediction 3 times its truth: g = ln 3 everywhere, variance 0
        NDArray scaled = logs(3, 6, 30);
        float[] truth = {1, 2, 10};
        assertThat(SilogLoss.loss(scaled, truth, 1, 10).getFloat()).isCloseTo((float) (10 * Math.sqrt(SilogLoss.EPS)),
                within(1e-5f));
        assertThat(SilogLoss.loss(scaled, truth, 0.85, 1).getFloat())
                .isCloseTo((float) Math.sqrt(0.15 * Math.log(3) * Math.log(3) + SilogLoss.EPS), within(1e-5f));
        // two maps: the mean of their losses, each over its own valid cells
        NDArray two = manager.create(new float[] {0, 0, (float) Math.log(2), 0}, new Shape(2, 2));
        float[] truths = {1, 0, 1, 1};                              // map 0: g = 0 (one cell); map 1: g = ln 2, 0
        double map1 = Math.sqrt(Math.log(2) * Math.log(2) / 2 - 0.5 * Math.pow(Math.log(2) / 2, 2) + SilogLoss.EPS);
        assertThat(SilogLoss.loss(two, truths, 0.5, 1).getFloat())
                .isCloseTo((float) ((Math.sqrt(SilogLoss.EPS) + map1) / 2), within(1e-5f));
    }

    @Test
    void aMapWithoutTruthIsRefusedAndTheGradientIsFinite() {
        assertThatThrownBy(() -> SilogLoss.loss(logs(1, 2), new float[] {0, 0}, 0.85, 10))
                .hasMessageContaining("no valid cell");
        NDArray predicted = logs(1, 2, 3);
        predicted.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(SilogLoss.loss(predicted, new float[] {1, 2, 3}, 0.85, 10));  // a perfect prediction
        }
        assertThat(predicted.getGradient().isNaN().any().getBoolean()).isFalse();
    }

    @Test
    void pairwiseCostIsTheLossOfEveryPair() {
        NDArray predicted = manager.create(new float[] {0, 0, (float) Math.log(2), 0}, new Shape(1, 2, 2)); // [G, N, P]
        NDArray truth = manager.create(new float[] {1, 1, 2, 0}, new Shape(1, 2, 2));                         // [G, M, P]
        float[] cost = SilogLoss.pairwise(predicted, truth, 0.85).toFloatArray();                           // [1, 2, 2]
        assertThat(cost[0]).isCloseTo(0f, within(1e-6f));
        assertThat(cost[1]).isCloseTo((float) Math.sqrt(0.15) * (float) Math.log(2), within(1e-5f));
        assertThat(cost[3]).isCloseTo(0f, within(1e-6f));
    }
}
