package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * The gradient of {@code x * 3 / 2 + x^2} must be {@code 1.5 + 2x} however much memory is churned
 * between the forward and the backward pass: with DJL's own {@code mul(Number)} it is not.
 */
class ScalarsTest {

    @Test
    void gradientsThroughConstantsSurviveMemoryReuse() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int t = 0; t < 50; t++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.create(new float[] {1, 2, 3});
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Scalars.div(Scalars.mul(x, 3), 2).add(Scalars.pow(x, 2)).sum();
                        for (int k = 0; k < 20; k++) {
                            s.create(new float[] {9, 9, 9, 9}).add(5f);
                        }
                        System.gc();
                        gc.backward(y);
                    }
                    float[] g = x.getGradient().toFloatArray();
                    assertThat(g[0]).isCloseTo(3.5f, within(1e-5f));
                    assertThat(g[2]).isCloseTo(7.5f, within(1e-5f));
                }
            }
        }
    }
}
