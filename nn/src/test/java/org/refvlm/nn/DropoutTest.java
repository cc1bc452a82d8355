package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** {@link Dropout}: the identity outside training, inverted dropout in training. */
class DropoutTest extends KitTest {

    private static final int N = 100_000;

    @Test
    void identityWhenNotTraining() {
        NDArray x = manager.randomNormal(new Shape(4, 5));
        assertThat(new Dropout(0.5).forward(x, false)).isSameAs(x);
        assertThat(new Dropout(0).forward(x, true)).as("rate 0 in training").isSameAs(x);
    }

    @Test
    void trainingAtHalfZeroesAboutHalfAndDoublesTheRest() {
        NDArray x = manager.ones(new Shape(N));
        float[] y = new Dropout(0.5).forward(x, true).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0f) {
                zeros++;
            } else {
                assertThat(v).as("a kept element is scaled by 1 / (1 - 0.5)").isEqualTo(2f);
            }
        }
        // binomial(100000, 0.5): standard deviation 158; 0.01 * N is over 6 of them
        assertThat(Math.abs(zeros - N / 2)).as("zeros: %d of %d", zeros, N).isLessThan(N / 100);
        assertThat(x.toFloatArray()[0]).as("the input is not changed in place").isEqualTo(1f);
    }

    @Test
    void rateOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> new Dropout(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1.0");
        assertThatThrownBy(() -> new Dropout(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dropout(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
