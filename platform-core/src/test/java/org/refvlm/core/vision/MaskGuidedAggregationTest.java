package org.refvlm.core.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MaskGuidedAggregationTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** Equations 1-3 written out with loops, on masks already at the feature resolution. */
    private static float[] reference(float[] x, boolean[] masks, int c, int h, int w, int q, AggregationConfig cfg) {
        int g = cfg.gridSide(), ph = h / g, pw = w / g, n = g * g;
        float[] out = new float[q * n * c];
        for (int k = 0; k < q; k++) {
            int area = 0;
            for (int p = 0; p < h * w; p++) {
                area += masks[k * h * w + p] ? 1 : 0;
            }
            for (int gy = 0; gy < g; gy++) {
                for (int gx = 0; gx < g; gx++) {
                    int patch = gy * g + gx;
                    for (int ch = 0; ch < c; ch++) {
                        double sum = 0;
                        for (int yy = 0; yy < ph; yy++) {
                            for (int xx = 0; xx < pw; xx++) {
                                int y = gy * ph + yy, xpos = gx * pw + xx;
                                double m = masks[k * h * w + y * w + xpos] ? 1.0 / (area + 1e-8) : 0;
                                sum += x[ch * h * w + y * w + xpos] * m;
                            }
                        }
                        double pe = Math.cos(patch / Math.pow(cfg.temperature(), 2.0 * ch / c));
                        out[(k * n + patch) * c + ch] = (float) (sum + cfg.alpha() * pe);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void matchesEquationsOneToThree() {
        int c = 6, h = 6, w = 6, q = 3;
        AggregationConfig cfg = new AggregationConfig(3, 100, 1.0);
        Random random = new Random(3);
        float[] x = new float[c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        boolean[] masks = new boolean[q * h * w];
        for (int i = 0; i < masks.length; i++) {
            masks[i] = random.nextDouble() < 0.4;
        }
        NDArray v = new MaskGuidedAggregation(cfg).aggregate(
                manager.create(x, new Shape(c, h, w)), manager.create(masks, new Shape(q, h, w)));
        assertThat(v.getShape()).isEqualTo(new Shape(q, 9, c));
        float[] expected = reference(x, masks, c, h, w, q, cfg);
        float[] actual = v.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void patchesOfAFullMaskSumToTheMeanFeature() {
        int c = 4, h = 8, w = 8;
        AggregationConfig noPe = new AggregationConfig(2, 10_000, 0.0);
        NDArray x = manager.randomNormal(new Shape(c, h, w));
        NDArray full = manager.ones(new Shape(1, 32, 32)); // larger than the grid: resized to 8x8
        NDArray v = new MaskGuidedAggregation(noPe).aggregate(x, full);
        float[] summed = v.sum(new int[] {1}).toFloatArray();
        float[] mean = x.reshape(c, h * w).mean(new int[] {1}).toFloatArray();
        for (int i = 0; i < c; i++) {
            assertThat(summed[i]).isCloseTo(mean[i], within(1e-5f));
        }
    }

    @Test
    void aSmallPromptThatMissesEveryCellCentreStillPoolsItsCell() {
        // 2x2 features from a 16x16 square: cell centres at pixels 3.5 and 11.5
        int c = 3;
        AggregationConfig noPe = new AggregationConfig(1, 10_000, 0.0);
        NDArray x = manager.randomNormal(new Shape(c, 2, 2));
        boolean[] disc = new boolean[16 * 16];
        disc[9 * 16 + 13] = true;      // one pixel in cell (row 1, column 1), away from its centre
        disc[9 * 16 + 14] = true;
        NDArray v = new MaskGuidedAggregation(noPe).aggregate(x, manager.create(disc, new Shape(1, 16, 16)));
        assertThat(v.reshape(c).toFloatArray()).containsExactly(x.get(":, 1, 1").toFloatArray());
        // weights follow each cell's covered share: 3 pixels in cell (0, 0), 1 in cell (1, 1)
        boolean[] two = new boolean[16 * 16];
        two[0] = two[1] = two[16] = true;
        two[15 * 16 + 15] = true;
        NDArray mixed = new MaskGuidedAggregation(noPe).aggregate(x, manager.create(two, new Shape(1, 16, 16)));
        float[] expected = x.get(":, 0, 0").mul(0.75f).add(x.get(":, 1, 1").mul(0.25f)).toFloatArray();
        float[] actual = mixed.reshape(c).toFloatArray();
        for (int i = 0; i < c; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void emptyMaskGivesOnlyThePositionEncoding() {
        AggregationConfig cfg = AggregationConfig.paper();
        MaskGuidedAggregation agg = new MaskGuidedAggregation(cfg);
        NDArray v = agg.aggregate(manager.randomNormal(new Shape(5, 6, 6)), manager.zeros(new Shape(1, 6, 6)));
        assertThat(v.squeeze(0).toFloatArray()).containsExactly(agg.positionEncoding(manager, 9, 5).toFloatArray());
    }

    @Test
    void gridThatDoesNotDivideTheFeaturesIsRefused() {
        MaskGuidedAggregation agg = new MaskGuidedAggregation(new AggregationConfig(4, 100, 1));
        assertThatThrownBy(() -> agg.aggregate(manager.zeros(new Shape(2, 6, 6)), manager.zeros(new Shape(1, 6, 6))))
                .hasMessageContaining("a 6x6 feature grid cannot be cut into 4x4 equal patches");
    }
}
