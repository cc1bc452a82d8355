package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.refvlm.nn.ArrayAssert.assertMatches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Resize} of a [1, 2, 3, 4] map against {@code kit/resize.json}, tolerance 1e-5: bilinear
 * ({@code align_corners=False}) and nearest from their coordinate rules, up, down, mixed and to 1x1.
 */
class ResizeTest {

    private static final KitReference REFERENCE = KitReference.load("resize");

    private NDManager manager;
    private NDArray x;  // [1, 2, 3, 4]

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        x = REFERENCE.input(manager, "x");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest(name = "to {0}x{1}")
    @CsvSource({"5, 7", "2, 3", "6, 2", "1, 1"})
    void bilinearMatchesTheReference(int outH, int outW) {
        assertMatches(Resize.bilinear(x, outH, outW), REFERENCE.expected("bilinear_" + outH + "x" + outW));
    }

    @ParameterizedTest(name = "to {0}x{1}")
    @CsvSource({"5, 7", "2, 3", "6, 8", "7, 3"})
    void nearestMatchesTheReference(int outH, int outW) {
        assertMatches(Resize.nearest(x, outH, outW), REFERENCE.expected("nearest_" + outH + "x" + outW));
    }

    @Test
    void cropKeepsTheTopLeftOfTheFullResize() {
        NDArray kept = Resize.bilinearCrop(x, 5, 7, 3, 4);                               // [1, 2, 3, 4]
        KitReference.Expected full = REFERENCE.expected("bilinear_5x7");                 // [1, 2, 5, 7]
        float[] corner = new float[2 * 3 * 4];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                System.arraycopy(full.values(), (c * 5 + i) * 7, corner, (c * 3 + i) * 4, 4);
            }
        }
        ArrayAssert.assertClose(kept, new Shape(1, 2, 3, 4), corner, ArrayAssert.FLOAT32_TOLERANCE,
                "top-left 3x4 of bilinear 5x7");
    }

    @Test
    void sameSizeIsTheInputItself() {
        assertThat(Resize.bilinear(x, 3, 4)).isSameAs(x);
        assertThat(Resize.nearest(x, 3, 4)).isSameAs(x);
    }

    @Test
    void interpolationRowsSumToOne() {
        for (int[] sizes : new int[][] {{3, 7}, {7, 3}, {5, 5}, {1, 4}, {4, 1}}) {
            int in = sizes[0], out = sizes[1];
            float[] m = Resize.bilinearMatrix(in, out, out);
            for (int i = 0; i < out; i++) {
                double sum = 0;
                for (int j = 0; j < in; j++) {
                    assertThat(m[i * in + j]).as("weight %d,%d of %d -> %d", i, j, in, out).isBetween(0f, 1f);
                    sum += m[i * in + j];
                }
                assertThat(sum).as("row %d of %d -> %d", i, in, out).isCloseTo(1.0, within(1e-6));
            }
        }
    }
}
