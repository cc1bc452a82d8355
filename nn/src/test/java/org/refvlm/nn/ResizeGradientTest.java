package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Gradients that flow back into the feature maps (into a trainable encoder) must be right too. */
class ResizeGradientTest {

    @Test
    void resizeGradientIsTheTransposedInterpolation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(1, 2, 3, 3));
            x.setRequiresGradient(true);
            NDArray w = m.randomNormal(new Shape(1, 2, 5, 5));
            float[] expected;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = Resize.bilinear(x, 5, 5);
                // Allocation churn between forward and backward, as a real step has.
                for (int i = 0; i < 200; i++) {
                    m.create(new float[4096]).close();
                }
                System.gc();
                c.backward(y.mul(w).sum());
            }
            float[] rh = Resize.bilinearMatrix(3, 5, 5);  // [5, 3]
            float[] wv = w.toFloatArray();
            expected = new float[2 * 9];
            for (int ch = 0; ch < 2; ch++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double s = 0;
                        for (int a = 0; a < 5; a++) {
                            for (int b = 0; b < 5; b++) {
                                s += rh[a * 3 + i] * wv[ch * 25 + a * 5 + b] * rh[b * 3 + j];
                            }
                        }
                        expected[ch * 9 + i * 3 + j] = (float) s;
                    }
                }
            }
            float[] got = x.getGradient().toFloatArray();
            for (int k = 0; k < got.length; k++) {
                assertThat(got[k]).as("gradient %d", k).isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }
}
