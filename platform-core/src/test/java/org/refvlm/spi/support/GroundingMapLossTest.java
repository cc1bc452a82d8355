package org.refvlm.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundingMapLossTest {

    @Test
    void aBoxOnCellBordersTargetsItsCellsEvenly() {
        // 4x4 grid, cell centres at 0.125, 0.375, 0.625, 0.875; box x in [0.25, 0.75], y in [0, 0.5]
        float[] map = GroundingMapLoss.targetMaps(new float[] {0.5f, 0.25f, 0.5f, 0.5f}, 1, 4, 4);
        float q = 1 / 4f;
        assertThat(map).containsExactly(new float[] {
                0, q, q, 0,
                0, q, q, 0,
                0, 0, 0, 0,
                0, 0, 0, 0}, within(1e-7f));
    }

    @Test
    void cellsAPartOfTheBoxCoversCountByTheirShareOfItsArea() {
        // 4x4 grid; box x in [0.125, 0.5] (half of column 0, all of column 1), y in [0.5, 0.75] (row 2)
        float[] map = GroundingMapLoss.targetMaps(new float[] {0.3125f, 0.625f, 0.375f, 0.25f}, 1, 4, 4);
        float third = 1 / 3f;
        assertThat(map).containsExactly(new float[] {
                0, 0, 0, 0,
                0, 0, 0, 0,
                third, 2 * third, 0, 0,
                0, 0, 0, 0}, within(1e-6f));
    }

    @Test
    void aBoxSmallerThanACellTargetsTheCellItIsIn() {
        float[] map = GroundingMapLoss.targetMaps(new float[] {0.8f, 0.1f, 0.01f, 0.01f}, 1, 4, 4);
        assertThat(map[3]).isEqualTo(1f);
        float sum = 0;
        for (float v : map) {
            sum += v;
        }
        assertThat(sum).isEqualTo(1f);
    }

    @Test
    void lossIsTheCrossEntropyOfEachMatchedRowAgainstItsBoxPerTargetBox() {
        try (NDManager m = NDManager.newBaseManager()) {
            // B = 1, L = 2 queries, N = 4 cells (2x2). Query 1 is matched to the top-left cell's box.
            float[] scores = {0, 0, 0, 0, 2, 0, 0, 0};
            NDArray s = m.create(scores, new Shape(1, 2, 4));
            Matching matched = new Matching(new long[] {1}, new int[] {0}, new int[] {0},
                    new float[] {0.25f, 0.25f, 0.3f, 0.3f}, 4, 2);
            double logZ = Math.log(Math.exp(2) + 3);
            float expected = (float) ((logZ - 2) / 2);   // -log softmax of the target cell, over 2 target boxes
            assertThat(GroundingMapLoss.loss(List.of(s), 2, 2, matched).getFloat()).isCloseTo(expected, within(1e-6f));
            // A refined decoder's maps (here a second, flat one) are each held to the same target; the mean is taken.
            NDArray flat = m.zeros(new Shape(1, 2, 4));
            float flatLoss = (float) (Math.log(4) / 2);
            assertThat(GroundingMapLoss.loss(List.of(s, flat), 2, 2, matched).getFloat())
                    .isCloseTo((expected + flatLoss) / 2, within(1e-6f));
        }
    }
}
