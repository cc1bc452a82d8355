package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Resizing and the sine encoding against values PyTorch and DETR give (worked out by hand here). */
class PytorchSamplingTest {

    @Test
    void bilinearMatrixSamplesLikePytorch() {
        // interpolate([1, 2], size=4, bilinear, align_corners=False) = [1, 1.25, 1.75, 2]
        assertThat(apply(Resize.bilinearMatrix(2, 4, 4), new float[] {1, 2}))
                .containsExactly(new float[] {1f, 1.25f, 1.75f, 2f}, within(1e-6f));
        // shrinking [1, 2, 3, 4] to 2 samples at 0.5 and 2.5: [1.5, 3.5]
        assertThat(apply(Resize.bilinearMatrix(4, 2, 2), new float[] {1, 2, 3, 4}))
                .containsExactly(new float[] {1.5f, 3.5f}, within(1e-6f));
    }

    private static float[] apply(float[] matrix, float[] x) {
        float[] y = new float[matrix.length / x.length];
        for (int d = 0; d < y.length; d++) {
            for (int i = 0; i < x.length; i++) {
                y[d] += matrix[d * x.length + i] * x[i];
            }
        }
        return y;
    }

    @Test
    void resizeOfAMapShrinksWithoutAntialiasing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // interpolate([[1, 2, 3], [4, 5, 6]], size=(3, 2), bilinear, align_corners=False): rows sample
            // 0, 0.5, 1 (clamped) and columns 0.25, 1.75. The engine's own bilinear mode antialiases when
            // shrinking (1.375 in the first cell), which the reference's resize does not.
            NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
            NDArray y = Resize.bilinear(x, 3, 2);
            assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 3, 2));
            assertThat(y.toFloatArray()).containsExactly(new float[] {1.25f, 2.75f, 2.75f, 4.25f, 4.25f, 5.75f},
                    within(1e-6f));
        }
    }

    @Test
    void enlargingAgreesWithTheEnginesBilinearInterpolation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(1);
            float[] v = new float[2 * 3 * 5 * 7];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            NDArray x = manager.create(v, new Shape(2, 3, 5, 7));                        // [B, C, H, W]
            for (int[] size : new int[][] {{9, 8}, {16, 16}, {5, 11}}) {
                NDArray ours = Resize.bilinear(x, size[0], size[1]);
                // Antialiasing only changes shrinking, so when enlarging the engine's bilinear mode is the reference.
                NDArray engine = x.getNDArrayInternal().interpolation(new long[] {size[0], size[1]}, 1, false);
                assertThat(ours.getShape()).isEqualTo(new Shape(2, 3, size[0], size[1]));
                assertThat(ours.sub(engine).abs().max().getFloat()).isLessThan(1e-5f);
            }
        }
    }

    @Test
    void sineEncodingFollowsDetr() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int h = 4, w = 5, d = 16, perAxis = 8;
            float[] pe = SinePositionEncoding.grid(manager, h, w, d).toFloatArray(); // [H*W, d]
            assertThat(pe).hasSize(h * w * d);
            int y = 2, x = 3, base = (y * w + x) * d;
            double ey = (y + 1) / (h + 1e-6) * 2 * Math.PI;
            double ex = (x + 1) / (w + 1e-6) * 2 * Math.PI;
            for (int k = 0; k < perAxis; k++) {
                double frequency = Math.pow(10000, 2.0 * (k / 2) / perAxis);
                double expectY = k % 2 == 0 ? Math.sin(ey / frequency) : Math.cos(ey / frequency);
                double expectX = k % 2 == 0 ? Math.sin(ex / frequency) : Math.cos(ex / frequency);
                assertThat(pe[base + k]).isCloseTo((float) expectY, within(1e-5f));
                assertThat(pe[base + perAxis + k]).isCloseTo((float) expectX, within(1e-5f));
            }
        }
    }
}
