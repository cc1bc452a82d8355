package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Resizing, GroupNorm and the sine encoding against values PyTorch gives (worked out by hand here). */
class HandWorkedLayersTest extends KitTest {

    @Test
    void bilinearMatchesInterpolateWithoutAlignedCorners() {
        // F.interpolate([0, 1], size=4, mode='bilinear', align_corners=False) = [0, .25, .75, 1]
        NDArray x = manager.create(new float[] {0, 1}, new Shape(1, 1, 1, 2));
        NDArray y = Resize.bilinearCrop(x, 1, 4, 1, 4);
        assertThat(y.toFloatArray()).containsExactly(new float[] {0f, .25f, .75f, 1f}, within(1e-6f));
        // only the kept corner is computed
        assertThat(Resize.bilinearCrop(x, 1, 4, 1, 3).toFloatArray())
                .containsExactly(new float[] {0f, .25f, .75f}, within(1e-6f));
        // downsampling 4 -> 2 averages pairs
        NDArray z = manager.create(new float[] {0, 1, 2, 3}, new Shape(1, 4));
        assertThat(Resize.bilinearCrop(z, 1, 2, 1, 2).toFloatArray())
                .containsExactly(new float[] {.5f, 2.5f}, within(1e-6f));
    }

    @Test
    void nearestMatchesInterpolate() {
        // F.interpolate(size=5, mode='nearest') of [a, b] reads floor(i * 2/5) = 0, 0, 0, 1, 1
        NDArray x = manager.create(new float[] {3, 7}, new Shape(1, 1, 1, 2));
        assertThat(Resize.nearest(x, 1, 5).toFloatArray()).containsExactly(3f, 3f, 3f, 7f, 7f);
        NDArray grid = manager.arange(4f).reshape(1, 1, 2, 2);
        assertThat(Resize.nearest(grid, 4, 4).toFloatArray())
                .containsExactly(0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3);
    }

    @Test
    void groupNormNormalisesEachGroupOfEachSample() {
        NDArray x = manager.arange(16f).reshape(2, 4, 2, 1).mul(manager.create(new float[] {1, 3}).reshape(2, 1, 1, 1));
        NDArray gamma = manager.create(new float[] {1, 1, 2, 2});
        NDArray beta = manager.create(new float[] {0, 0, 0, 5});
        float[] y = GroupNorm.apply(x, gamma, beta, 2, LayerNorm.DEFAULT_EPS).toFloatArray();
        // sample 0, group 0 = channels 0-1 = [0, 1, 2, 3]: mean 1.5, variance 1.25
        double s = Math.sqrt(1.25 + 1e-5);
        assertThat(y[0]).isCloseTo((float) (-1.5 / s), within(1e-5f));
        assertThat(y[3]).isCloseTo((float) (1.5 / s), within(1e-5f));
        // group 1 = [4, 5, 6, 7] scaled by gamma 2, channel 3 shifted by 5
        assertThat(y[4]).isCloseTo((float) (2 * -1.5 / s), within(1e-5f));
        assertThat(y[7]).isCloseTo((float) (2 * 1.5 / s + 5), within(1e-5f));
        // sample 1 is sample-0-like data times 3 (plus an offset): same normalised values
        assertThat(y[8]).isCloseTo(y[0], within(1e-4f));
    }

    @Test
    void sinePositionEncodingFollowsDetr() {
        // 2x2 grid, d = 4: positions normalised to (y+1)/2 * 2pi, one frequency (10000^0 = 1)
        float[] pe = SinePositionEncoding.grid(2, 2, 4);
        double p1 = 1 / (2 + 1e-6) * 2 * Math.PI, p2 = 2 / (2 + 1e-6) * 2 * Math.PI;
        // token (y=0, x=1): [sin y, cos y, sin x, cos x]
        assertThat(pe[4]).isCloseTo((float) Math.sin(p1), within(1e-6f));
        assertThat(pe[5]).isCloseTo((float) Math.cos(p1), within(1e-6f));
        assertThat(pe[6]).isCloseTo((float) Math.sin(p2), within(1e-6f));
        assertThat(pe[7]).isCloseTo((float) Math.cos(p2), within(1e-6f));
        // with d = 8 the second pair uses 10000^(2/4) = 100
        float[] wide = SinePositionEncoding.grid(1, 1, 8);
        double q = 1 / (1 + 1e-6) * 2 * Math.PI;
        assertThat(wide[2]).isCloseTo((float) Math.sin(q / 100), within(1e-6f));
        assertThat(wide[3]).isCloseTo((float) Math.cos(q / 100), within(1e-6f));
    }
}
