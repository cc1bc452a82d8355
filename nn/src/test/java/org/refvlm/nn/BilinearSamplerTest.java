package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * {@link BilinearSampler} against values worked out by hand with PyTorch's {@code grid_sample}
 * rules (bilinear, zero padding, {@code align_corners=False}): pixel centres at {@code (i + 0.5) / w}.
 */
class BilinearSamplerTest {

    /** One map, 2 rows by 3 columns, one channel: value 10 r + c + 1. */
    private static NDArray map(NDManager m) {
        return m.create(new float[] {1, 2, 3, 11, 12, 13}, new Shape(1, 6, 1));         // [N, h * w, c]
    }

    @Test
    void samplesPixelCentresCornersAndThePaddingLikeGridSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.5f, 1f / 3, 0f, 1.75f / 3}, new Shape(1, 4));
            NDArray y = m.create(new float[] {0.25f, 0.5f, 0.25f, 0.75f}, new Shape(1, 4));
            float[] got = BilinearSampler.sample(map(m), 2, 3, x, y).toFloatArray();
            // (0.5, 0.25) is the centre of row 0, column 1; (1/3, 0.5) the meeting point of the four
            // top-left pixels; (0, 0.25) half a pixel left of the first centre, so half of it is the
            // zero padding; (1.75/3, 0.75) a quarter of the way from column 1 to 2 on row 1.
            assertThat(got).containsExactly(new float[] {2f, (1 + 2 + 11 + 12) / 4f, 0.5f, 12.25f}, within(1e-5f));
        }
    }

    @Test
    void rowsCanShareAMapAndAWrongMapIndexIsNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two maps: the one above and the same plus 100
            NDArray maps = m.create(new float[] {1, 2, 3, 11, 12, 13, 101, 102, 103, 111, 112, 113}, new Shape(2, 6, 1));
            NDArray x = m.create(new float[] {0.5f, 0.5f, 0.5f}, new Shape(3, 1));
            NDArray y = m.create(new float[] {0.25f, 0.75f, 0.25f}, new Shape(3, 1));
            assertThat(BilinearSampler.sample(maps, 2, 3, x, y, new long[] {1, 0, 1}).toFloatArray())
                    .containsExactly(new float[] {102f, 12f, 102f}, within(1e-5f));
            assertThatThrownBy(() -> BilinearSampler.sample(maps, 2, 3, x, y, new long[] {0, 2, 1}))
                    .hasMessageContaining("row 1 reads map 2 of 2");
            assertThatThrownBy(() -> BilinearSampler.sample(maps, 2, 3, x, y, new long[] {0, 1}))
                    .hasMessageContaining("3 rows of locations but 2 map indices");
        }
    }

    @Test
    void gradientsReachTheMapAndTheLocations() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray value = map(m);
            value.setRequiresGradient(true);
            NDArray x = m.create(new float[] {1.75f / 3}, new Shape(1, 1));
            NDArray y = m.create(new float[] {0.25f}, new Shape(1, 1));
            x.setRequiresGradient(true);
            y.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(BilinearSampler.sample(value, 2, 3, x, y).sum());
            }
            // On row 0 between columns 1 and 2 (weights 0.75 and 0.25), values 2 and 3: the value
            // rises by 1 per pixel, 3 per unit of x; along y the sample sits on the row's centre line,
            // where the lower corners (row 1, ten more) have weight 0 but slope 10 per pixel, 20 per unit.
            assertThat(value.getGradient().toFloatArray())
                    .containsExactly(new float[] {0, 0.75f, 0.25f, 0, 0, 0}, within(1e-6f));
            assertThat(x.getGradient().getFloat(0, 0)).isCloseTo(3f, within(1e-4f));
            assertThat(y.getGradient().getFloat(0, 0)).isCloseTo(20f, within(1e-4f));
        }
    }
}
