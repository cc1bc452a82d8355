package org.refvlm.trainer.eval.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.refvlm.api.DepthMap;

/** The nine depth metrics of one image against values worked out by hand (numbers in the comments). */
class DepthScorerTest {

    @Test
    void oneImagesMetricsAreTheTextbookOnesOverValidPixelsOnly() {
        // 16 pixels, truth 2 m; the last 4 unknown (0), so only 12 count. Predictions: six exact,
        // three 2.4 (ratio 1.2), two 3.0 (1.5, inside 1.25^2 = 1.5625), one 4.0 (2.0, outside 1.25^3)
        double[][] truth = new double[4][4];
        float[] predicted = new float[16];
        float[] values = {2, 2, 2, 2, 2, 2, 2.4f, 2.4f, 2.4f, 3, 3, 4, 1, 1, 1, 1};
        for (int i = 0; i < 16; i++) {
            truth[i / 4][i % 4] = i < 12 ? 2.0 : 0.0;
            predicted[i] = values[i];
        }
        double[] m = DepthScorer.compare(truth, new DepthMap(4, 4, predicted));
        assertThat(m[0]).as("delta1 = 9/12").isCloseTo(0.75, within(1e-9));
        assertThat(m[1]).as("delta2 = 11/12").isCloseTo(11.0 / 12, within(1e-9));
        assertThat(m[2]).as("delta3 = 11/12").isCloseTo(11.0 / 12, within(1e-9));
        assertThat(m[3]).as("AbsRel = (3 x 0.2 + 2 x 0.5 + 1) / 12").isCloseTo(2.6 / 12, within(1e-6));
        assertThat(m[4]).as("SqRel").isCloseTo(0.27, within(1e-6));
        assertThat(m[5]).as("RMSE").isCloseTo(0.7348469, within(1e-6));
        assertThat(m[6]).as("RMSE log").isCloseTo(0.2752242, within(1e-6));
        assertThat(m[7]).as("log10").isCloseTo(0.0742297, within(1e-6));
        assertThat(m[8]).as("SILog x 100").isCloseTo(21.571894, within(1e-4));
    }

    @Test
    void anImageWithFewerThanTenValidPixelsIsSkipped() {
        double[][] truth = new double[3][3];
        truth[0][0] = 1;
        assertThat(DepthScorer.compare(truth, new DepthMap(3, 3, new float[9]))).isNull();
    }
}
