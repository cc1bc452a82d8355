package org.refvlm.decoder.keypoint.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** OKS as COCO's {@code computeOks}, against numbers worked out by hand. */
class OksTest {

    @Test
    void cocosFormulaOverLabelledKeypointsOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Three keypoints: off by (3, 4) = 5, exact, and an unlabelled one far away.
            float[] predicted = {13, 24, 50, 60, 900, 900};
            float[] truth = {10, 20, 50, 60, 0, 0};
            float[] labelled = {1, 1, 0};
            float[] sigmas = {0.1f, 0.05f, 0.1f};
            float area = 100;
            // e = d^2 / (2 * area * (2 sigma)^2) = 25 / (2 * 100 * 0.04) = 3.125; the exact point gives exp(0) = 1
            double expected = (Math.exp(-3.125) + 1) / 2;
            float oks = Oks.of(m.create(predicted, new Shape(3, 2)), m.create(truth, new Shape(3, 2)),
                    m.create(labelled, new Shape(3)), m.create(sigmas, new Shape(3)), m.create(area)).getFloat();
            assertThat((double) oks).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void broadcastsPredictionsAgainstTargetsAndGivesZeroWithoutLabelledKeypoints() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Two predictions [2, 1, K=1, 2] against two targets [1, 2, 1, 2]; the second target has nothing labelled.
            float[] predicted = {0, 0, 1, 0};
            float[] truth = {0, 0, 0, 0};
            float[] labelled = {1, 0};
            float[] sigmas = {0.25f, 0.25f};
            float[] area = {1, 1};
            float[] oks = Oks.of(m.create(predicted, new Shape(2, 1, 1, 2)), m.create(truth, new Shape(1, 2, 1, 2)),
                    m.create(labelled, new Shape(1, 2, 1)), m.create(sigmas, new Shape(1, 2, 1)),
                    m.create(area, new Shape(1, 2))).toFloatArray();                    // [2, 2]
            // d^2 = 1, (2 sigma)^2 = 0.25: e = 1 / (2 * 0.25) = 2
            assertThat(oks[0]).isCloseTo(1f, within(1e-6f));
            assertThat(oks[1]).isEqualTo(0f);
            assertThat((double) oks[2]).isCloseTo(Math.exp(-2), within(1e-6));
            assertThat(oks[3]).isEqualTo(0f);
        }
    }
}
