package org.refvlm.decoder.depth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.spi.ImageFrame;

class DepthGridTest {

    @Test
    void cellsAreGeometricMeansOfTheirValidPixelsAndPaddingHasNoTarget() {
        // a 4x2 image in its 4x4 square on a 2x2 grid: the bottom row of cells is padding
        DepthMap truth = new DepthMap(4, 2, new float[] {1, 4, 2, 0, 1, 4, 200, 0});
        float[] grid = DepthGrid.logAreaMean(truth, new ImageFrame(4, 2), 2, 2, 0.001, 80);
        assertThat(grid[0]).isCloseTo(2f, within(1e-5f));                  // sqrt(1 * 4), over 4 pixels
        assertThat(grid[1]).isCloseTo(2f, within(1e-5f));                  // only the 2: 0 is unknown, 200 > maxDepth
        assertThat(grid[2]).isZero();
        assertThat(grid[3]).isZero();
        // centred: the image's rows are the square's middle ones, cells 0 and 1 each get one
        float[] centred = DepthGrid.logAreaMean(truth, ImageFrame.centred(4, 2), 2, 2, 0.001, 80);
        assertThat(centred[0]).isCloseTo(2f, within(1e-5f));               // row 0: 1, 4
        assertThat(centred[2]).isCloseTo(2f, within(1e-5f));               // row 1: 1, 4
    }

    @Test
    void aMapOfAnotherSizeIsNamed() {
        assertThatThrownBy(() -> DepthGrid.logAreaMean(new DepthMap(2, 2, new float[4]), new ImageFrame(4, 2), 2, 2,
                0.001, 80)).hasMessageContaining("2x2 but its image is 4x2");
    }

    @Test
    void decodingGivesTheOriginalImageAndNeverReadsPaddingCells() {
        try (NDManager m = NDManager.newBaseManager()) {
            // a 4x4 grid over an 8x4 image's 8x8 square: cells of rows 2 and 3 are padding, given garbage
            float[] log = new float[16];
            for (int i = 0; i < 8; i++) {
                log[i] = (float) Math.log(5);
            }
            for (int i = 8; i < 16; i++) {
                log[i] = 50;
            }
            DepthUnit d = DepthDecoding.toDepthMaps(m.create(log, new Shape(1, 4, 4)), new ImageFrame(8, 4)).get(0);
            assertThat(d.depth().width()).isEqualTo(8);
            assertThat(d.depth().height()).isEqualTo(4);
            for (float v : d.depth().values()) {
                assertThat(v).isCloseTo(5f, within(1e-4f));
            }
        }
    }
}
