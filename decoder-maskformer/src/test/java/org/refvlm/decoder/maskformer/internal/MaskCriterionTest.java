package org.refvlm.decoder.maskformer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.refvlm.api.CocoRle;
import org.refvlm.api.MaskUnit;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;

class MaskCriterionTest {

    private NDManager manager;
    private MaskCriterion criterion;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        criterion = new MaskCriterion(20, 1, false);
    }

    @AfterEach
    void tearDown() {
        criterion.close();
        manager.close();
    }

    private static MaskUnit mask(boolean... rowMajor2x2) {
        return new MaskUnit(CocoRle.encode(rowMajor2x2, 2, 2), 1);
    }

    /** Focal (alpha .25, gamma 2) of one pixel; a soft target y weighs both classes by y and 1 - y. */
    private static double focal(double logit, double y) {
        double p = 1 / (1 + Math.exp(-logit));
        double ce = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
        double pt = y * p + (1 - y) * (1 - p);
        return ce * (1 - pt) * (1 - pt) * (y * .25 + (1 - y) * .75);
    }

    @Test
    void areaTargetsAreEachCellsShareOfTheMask() {
        // image 4 wide, 3 high on a 2x2 grid of 2x2 cells (square 4x4); the mask is columns 0-2 of rows 0-1.
        // Cell (0, 0) is all mask, cell (0, 1) half; the second grid row holds image row 2 (outside the
        // mask) and padding row 3, which does not count.
        ImageFrame frame = new ImageFrame(4, 3);
        boolean[] pixels = new boolean[12];
        for (int x = 0; x < 3; x++) {
            pixels[x] = true;
            pixels[4 + x] = true;
        }
        MaskUnit target = new MaskUnit(CocoRle.encode(pixels, 3, 4), 1);
        float[] l = {3f, 0.5f, 7f, -7f};
        NDArray logits = manager.create(l, new Shape(1, 1, 2, 2));
        double[] p = new double[4];
        for (int i = 0; i < 4; i++) {
            p[i] = 1 / (1 + Math.exp(-l[i]));
        }
        try (MaskCriterion area = new MaskCriterion(20, 1, true)) {
            NDArray loss = area.loss(List.of(logits), List.of(new TargetGroup(0, new int[] {0}, List.of(target))),
                    List.of(frame));
            double f = (focal(3, 1) + focal(0.5, 0.5) + focal(7, 0) + focal(-7, 0)) / 4;
            double dice = 1 - (2 * (p[0] + p[1] * 0.5) + 1) / (p[0] + p[1] + p[2] + p[3] + 1.5 + 1);
            assertThat(loss.getFloat()).isCloseTo((float) (20 * f + dice), within(1e-4f));
        }
        // the reference's nearest targets sample square pixels (0, 0), (0, 2), (2, 0), (2, 2): 1, 1, 0, 0
        NDArray nearest = criterion.loss(List.of(logits), List.of(new TargetGroup(0, new int[] {0}, List.of(target))),
                List.of(frame));
        double f = (focal(3, 1) + focal(0.5, 1) + focal(7, 0) + focal(-7, 0)) / 4;
        double dice = 1 - (2 * (p[0] + p[1]) + 1) / (p[0] + p[1] + p[2] + p[3] + 2 + 1);
        assertThat(nearest.getFloat()).isCloseTo((float) (20 * f + dice), within(1e-4f));
    }

    @Test
    void matchedPairsGiveFocalPlusDiceOverTheRealImage() {
        // image 2 wide, 1 high on a 2x2 grid (square 2x2): grid row 1 is padding
        ImageFrame frame = new ImageFrame(2, 1);
        float[] l = {2f, -1f, 5f, 5f};                                           // padding logits must not count
        NDArray logits = manager.create(l, new Shape(1, 1, 2, 2));
        MaskUnit target = new MaskUnit(CocoRle.encode(new boolean[] {true, false}, 1, 2), 1);
        NDArray loss = criterion.loss(List.of(logits), List.of(new TargetGroup(0, new int[] {0}, List.of(target))),
                List.of(frame));
        double f = (focal(2, 1) + focal(-1, 0)) / 2;
        double p0 = 1 / (1 + Math.exp(-2)), p1 = 1 / (1 + Math.exp(1));
        double dice = 1 - (2 * p0 + 1) / (p0 + p1 + 1 + 1);
        assertThat(loss.getFloat()).isCloseTo((float) (20 * f + dice), within(1e-4f));
    }

    @Test
    void queriesAreMatchedWithinTheirGroupOnly() {
        ImageFrame frame = new ImageFrame(2, 2);
        // sample 0: query 0 looks like B, query 1 like A, query 2 like A
        float[] l = {
            -9, 9, -9, 9,     // query 0: right column
            9, -9, 9, -9,     // query 1: left column
            9, -9, 9, -9,     // query 2: left column
        };
        NDArray logits = manager.create(l, new Shape(1, 3, 2, 2));
        MaskUnit a = mask(true, false, true, false), b = mask(false, true, false, true);
        // group 1 holds queries 0 and 1 with targets A, B: the matcher swaps them, the loss is small
        List<TargetGroup> swapped = List.of(new TargetGroup(0, new int[] {0, 1}, List.of(a, b)));
        float good = criterion.loss(List.of(logits), swapped, List.of(frame)).getFloat();
        assertThat(good).isLessThan(0.01f);
        // query 2 alone in its group must take target B although query 0 would fit it
        List<TargetGroup> grouped = List.of(new TargetGroup(0, new int[] {0, 1}, List.of(a, b)),
                new TargetGroup(0, new int[] {2}, List.of(b)));
        float bad = criterion.loss(List.of(logits), grouped, List.of(frame)).getFloat();
        assertThat(bad).isGreaterThan(1f);
        // more targets than queries: the unmatched one still counts in the normaliser
        List<TargetGroup> extra = List.of(new TargetGroup(0, new int[] {0}, List.of(a, b)));
        float halved = criterion.loss(List.of(logits), extra, List.of(frame)).getFloat();
        assertThat(halved).isLessThan(0.01f);
    }
}
